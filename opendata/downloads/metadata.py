"""What describes the open data as a whole: its licence and how to cite it, the machine-readable
data dictionary (a Frictionless Data Package, v2, with a Table Schema per dataset) and the
schema.org DataCatalog that search engines read on the downloads page.

The licence is ``opendata.licence``'s. The cities' coordinates come from GeoNames, under
CC BY 4.0 as well.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.addresses import address
from pages.structured_data import SCHEMA, european_union, icmpd, mieux

from ..licence import CREDIT, LICENCE_ID, LICENCE_TITLE, LICENCE_URL
from .datasets import DATASETS
from .dictionary import Dataset

GEONAMES_URL = "https://www.geonames.org/"
DATA_PACKAGE_PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
LANGUAGES = [code for code, _name in settings.LANGUAGES]


@dataclass(frozen=True)
class Summary:
    """A dataset as the downloads page lists it."""

    dataset: Dataset
    rows: int
    last_modified: datetime | None


def summaries() -> list[Summary]:
    """Every dataset with its number of rows and its last change (two queries each)."""
    return [
        Summary(dataset, dataset.row_count(), dataset.last_modified())
        for dataset in DATASETS.values()
    ]


def citation(request) -> str:
    """How to credit the data, in the page's language, with the address of the downloads."""
    return f"{CREDIT} {request.build_absolute_uri(reverse('data:index'))}, CC BY 4.0."


def _file_url(request, dataset, format):
    return request.build_absolute_uri(address(f"data:{format}", name=dataset.name))


def datapackage(request) -> dict:
    """The data dictionary of every dataset, as a Data Package descriptor: each CSV file with
    its Table Schema, and its JSON twin."""
    resources = []
    for dataset in DATASETS.values():
        resources.append(
            {
                "name": dataset.name,
                "type": "table",
                "path": _file_url(request, dataset, "csv"),
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "title": str(dataset.title),
                "description": str(dataset.description),
                "schema": dataset.table_schema(),
            }
        )
        resources.append(
            {
                "name": f"{dataset.name}-json",
                "path": _file_url(request, dataset, "json"),
                "format": "json",
                "mediatype": "application/json",
                "title": str(dataset.title),
                "description": _("The rows of %(csv)s as JSON: an array of objects.")
                % {"csv": f"{dataset.name}.csv"},
            }
        )
    return {
        "$schema": DATA_PACKAGE_PROFILE,
        "name": "mieux-regional-roundtables",
        "title": _("MIEUX Regional Round-tables: open data"),
        "description": _(
            "The tour of MIEUX Regional Round-tables (2018) and the programme it looked back "
            "on: round-tables, countries, Actions, activities, outcomes, good practices and "
            "participants' reflections, in English, French and Spanish."
        ),
        "homepage": request.build_absolute_uri(reverse("data:index")),
        "licenses": [{"name": LICENCE_ID, "path": LICENCE_URL, "title": LICENCE_TITLE}],
        "contributors": [
            {"title": icmpd()["name"], "path": icmpd()["url"], "roles": ["creator", "publisher"]},
            {"title": european_union()["name"], "roles": ["funder"]},
        ],
        "sources": [{"title": "GeoNames", "path": GEONAMES_URL}],
        "keywords": ["migration", "MIEUX", "ICMPD", "European Union", "capacity building"],
        "resources": resources,
    }


def catalogue(request, listed: list[Summary]) -> dict:
    """The datasets as a schema.org DataCatalog, for the downloads page."""
    page = request.build_absolute_uri(reverse("data:index"))
    common = {
        "license": LICENCE_URL,
        "isAccessibleForFree": True,
        "creator": icmpd(),
        "publisher": icmpd(),
        "funder": european_union(),
        "inLanguage": LANGUAGES,
    }
    datasets = []
    for summary in listed:
        dataset = summary.dataset
        entry = {
            "@type": "Dataset",
            "name": str(dataset.title),
            "description": str(dataset.description),
            "url": f"{page}#dataset-{dataset.name}",
            "identifier": dataset.name,
            **common,
            "variableMeasured": [field.name for field in dataset.fields],
            "distribution": [
                {
                    "@type": "DataDownload",
                    "encodingFormat": media_type,
                    "contentUrl": _file_url(request, dataset, format),
                }
                for format, media_type in (("csv", "text/csv"), ("json", "application/json"))
            ],
        }
        if summary.last_modified:
            entry["dateModified"] = summary.last_modified.isoformat()
        datasets.append(entry)
    return {
        "@context": SCHEMA,
        "@type": "DataCatalog",
        "name": _("MIEUX Regional Round-tables: open data"),
        "url": page,
        "about": mieux(),
        **common,
        "inLanguage": get_language(),
        "dataset": datasets,
    }
