"""The demo tour of 2018, read from its data files (``demo/data/``) as plain Python values.

Each file holds one part of the tour: the taxonomy, the institutions, one region with its
Actions and results, one round-table with its participants and findings, or the
publications the round-tables fed. Each text the
public reads is keyed by its language (``title: {en: ...}``), so that translations sit
beside the English.
"""

from functools import cache
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent / "data"


class Loader(yaml.SafeLoader):
    """YAML with only true and false as booleans, so that Norway stays "NO" (as in YAML 1.2)."""


Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", yaml.resolver.re.compile(r"^(?:true|false)$"), list("tf")
)


def read(path: Path) -> dict:
    with path.open(encoding="utf-8") as file:
        return yaml.load(file, Loader=Loader) or {}


@cache
def tour() -> dict:
    """Every record of the demo tour, by kind, in the order the files give them."""
    taxonomy = read(DATA / "taxonomy.yaml")
    regions = [read(path) for path in sorted((DATA / "regions").glob("*.yaml"))]
    roundtables = sorted(
        (read(path) for path in (DATA / "roundtables").glob("*.yaml")),
        key=lambda part: part["roundtable"]["position"],
    )
    return {
        "thematic_areas": taxonomy["thematic_areas"],
        "specific_areas": taxonomy["specific_areas"],
        "institutions": read(DATA / "institutions.yaml")["institutions"],
        "regions": sorted((part["region"] for part in regions), key=lambda r: r["position"]),
        "actions": [
            {**action, "region": part["region"]["slug"]}
            for part in regions
            for action in part.get("actions", [])
        ],
        "outcomes": [outcome for part in regions for outcome in part.get("outcomes", [])],
        "roundtables": [part["roundtable"] for part in roundtables],
        "participants": [
            {**participant, "roundtable": part["roundtable"]["slug"]}
            for part in roundtables
            for participant in part.get("participants", [])
        ],
        "findings": [
            {**finding, "roundtable": part["roundtable"]["slug"]}
            for part in roundtables
            for finding in part.get("findings", [])
        ],
        "publications": read(DATA / "publications.yaml")["publications"],
    }


def text(value) -> dict[str, str]:
    """A text of the data files by language, whether keyed by language or written plainly."""
    if isinstance(value, dict):
        return value
    return {"en": value or ""}


def codes(spaced: str | None) -> list[str]:
    """Country codes written "KH LA MM"."""
    return (spaced or "").split()
