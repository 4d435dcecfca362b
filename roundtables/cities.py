"""Where a city is, to place a round-table on the maps without typing coordinates.

``data/cities.csv`` lists the capitals and the cities of 300,000 people or more, with their
other names (GeoNames, CC BY 4.0; ``data/make_cities.py`` writes it).
"""

import csv
import unicodedata
from functools import cache
from pathlib import Path

CITIES = Path(__file__).with_name("data") / "cities.csv"


def _folded(name: str) -> str:
    """A name compared without accents, case or punctuation: "Ciudad de México" and
    "ciudad de mexico" are one."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return " ".join("".join(c if c.isalnum() else " " for c in plain.lower()).split())


@cache
def _positions() -> dict[tuple[str, str], tuple[float, float]]:
    positions = {}
    with CITIES.open(encoding="utf-8", newline="") as file:
        # Within a country the largest city comes first, and keeps a name it shares.
        for row in csv.DictReader(file):
            position = (float(row["latitude"]), float(row["longitude"]))
            for name in [row["name"], *filter(None, row["other_names"].split("|"))]:
                positions.setdefault((row["country"], _folded(name)), position)
    return positions


def city_position(city: str, country: str) -> tuple[float, float] | None:
    """(latitude, longitude) of ``city`` in ``country`` (an ISO code), if the list has it."""
    if not city or not country:
        return None
    return _positions().get((str(country).upper(), _folded(city)))
