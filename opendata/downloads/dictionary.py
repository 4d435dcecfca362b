"""The data dictionary: each dataset's columns, written once.

A ``Column`` says what a field holds (its name, type, meaning, allowed values and an example)
and how to read it from a row. The CSV and JSON files, the dictionary shown on the downloads
page and the Table Schema in ``datapackage.json`` are all made from these columns, so they
cannot disagree. A text that exists in each language is one column here and one field per
language in the files (``title_en``, ``title_fr``, ``title_es``).

Types are those of Table Schema (Frictionless Data Package v2): ``string``, ``integer``,
``number``, ``date`` (2018-03-05), ``yearmonth`` (2018-03) and ``list`` (codes separated by
commas, or names by semicolons).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Max
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)
LANGUAGE_NAMES = dict(settings.LANGUAGES)

TYPE_LABELS = {
    "string": pgettext_lazy("data type", "text"),
    "integer": pgettext_lazy("data type", "whole number"),
    "number": pgettext_lazy("data type", "number"),
    "date": pgettext_lazy("data type", "date (YYYY-MM-DD)"),
    "yearmonth": pgettext_lazy("data type", "month (YYYY-MM)"),
}


@dataclass(frozen=True)
class Field:
    """One field of the files: a column, or one language of a translated column."""

    name: str
    column: "Column"
    language: str = ""

    @property
    def meaning(self):
        if not self.language:
            return self.column.meaning
        # Translators: a field of the data dictionary in one language, e.g. "Its title.
        # Language: French."
        return format_lazy(
            pgettext_lazy("data dictionary", "{meaning} Language: {language}."),
            meaning=self.column.meaning,
            language=LANGUAGE_NAMES[self.language],
        )

    @property
    def example(self):
        example = self.column.example
        if isinstance(example, dict):
            return example.get(self.language, "")
        return example


@dataclass(frozen=True)
class Column:
    """A field of a dataset, as the dictionary describes it and the files hold it.

    ``get`` reads the value from a row; a translated column (``translated()``) reads the
    model field ``source`` in each language instead. ``choices``: the allowed values, with
    their labels. ``references``: the dataset whose identifier this column holds.
    """

    name: str
    type: str
    meaning: Promise
    example: Any = ""
    get: Callable | None = None
    source: str = ""
    languages: tuple[str, ...] = ()
    choices: type[models.Choices] | None = None
    references: str = ""
    delimiter: str = ","
    format: str = ""
    required: bool = False
    unique: bool = False

    @property
    def fields(self) -> list[Field]:
        if self.languages:
            return [Field(f"{self.name}_{code}", self, code) for code in self.languages]
        return [Field(self.name, self)]

    def values(self, row) -> list:
        """The value of each of its fields in ``row``: dates as dates, lists as lists, a
        missing value (or a text not translated) as None."""
        if self.languages:
            read = self.get or (lambda row, code: getattr(row, f"{self.source}_{code}"))
            return [read(row, code) or None for code in self.languages]
        value = self.get(row)
        return [None if value == "" else value]

    @property
    def type_label(self) -> str:
        """Its type, as the dictionary on the page names it."""
        if self.format == "uri":
            return _("web address")
        if self.type == "list":
            return _("list, separated by “%(delimiter)s”") % {"delimiter": self.delimiter}
        return TYPE_LABELS[self.type]

    @property
    def example_text(self) -> str:
        """The example as the CSV file writes it (in English, for a translated text)."""
        example = self.fields[0].example
        return "" if example is None else str(example)

    def schema(self, field: Field) -> dict:
        """``field`` as a Table Schema field descriptor."""
        description = str(field.meaning)
        if self.references:
            description += " " + _("Values: the slugs of the dataset “%(dataset)s”.") % {
                "dataset": self.references
            }
        descriptor = {"name": field.name, "type": self.type, "description": description}
        if self.format:
            descriptor["format"] = self.format
        if self.type == "list":
            descriptor["delimiter"] = self.delimiter
        if field.example not in ("", None):
            descriptor["example"] = field.example
        if self.choices:
            descriptor["categories"] = [
                {"value": value, "label": str(label)} for value, label in self.choices.choices
            ]
        constraints = {"required": True} if self.required else {}
        if self.unique:
            constraints["unique"] = True
        if self.choices:
            constraints["enum"] = list(self.choices.values)
        if constraints:
            descriptor["constraints"] = constraints
        return descriptor


def column(name, type, meaning, example="", get=None, **options) -> Column:
    """A column read with ``get(row)``, or, by default, from the row's attribute ``name``."""
    if get is None:

        def get(row):
            return getattr(row, name)

    return Column(name, type, meaning, example, get=get, **options)


def translated(name, meaning, example=None, *, get=None) -> Column:
    """A text in each language: one field per language, ``name_en``, ``name_fr``..., read
    from the model's field of that name in each language, or with ``get(row, language)``.
    ``example``: {language: text}."""
    return Column(name, "string", meaning, example or {}, get=get, source=name, languages=LANGUAGES)


def slug(meaning, example) -> Column:
    """The row's identifier: its slug, as in its address on the site."""
    return column("slug", "string", meaning, example, required=True, unique=True)


def country(name, meaning, example="TH", get=None, **options) -> Column:
    return column(name, "string", meaning, example, get=get, **options)


def countries(name, meaning, example="KH,LA,TH", get=None) -> Column:
    """Countries as ISO 3166-1 alpha-2 codes, in the order of their codes."""

    def codes(row):
        value = get(row) if get else getattr(row, name)
        return sorted(item.code for item in value)

    return column(name, "list", meaning, example, get=codes)


def page(example: str, get=lambda row: row.get_absolute_url()) -> Column:
    """The row's page on the site, in the language of the address the file came from.
    ``example``: a path on the site."""
    return column(
        "url",
        "string",
        _("Its page on this site (the address in the language of this file's address)."),
        f"https://…{example}",
        get=get,
        format="uri",
    )


def yearmonth(value):
    return value.strftime("%Y-%m") if value else None


@dataclass(frozen=True)
class Dataset:
    """One table of the open data: its rows, the columns they are read through, and when the
    published content it is made of last changed.

    ``rows()`` gives what the public pages show, and nothing else, in a fixed number of
    queries whatever its length; ``count()`` how many rows that is, in one (by default, the
    count of ``rows()``, a queryset). ``changes()`` names the rows whose ``updated_at`` dates
    the dataset, as (queryset, [fields]): those published now or before, so that unpublishing
    a row moves the date too; None where the rows carry no timestamps.
    """

    name: str
    title: Promise
    description: Promise
    columns: tuple[Column, ...]
    rows: Callable[[], Iterable]
    count: Callable[[], int] | None = None
    primary_key: tuple[str, ...] = ("slug",)
    changes: Callable[[], tuple] | None = None

    @property
    def fields(self) -> list[Field]:
        return [field for column in self.columns for field in column.fields]

    def row_count(self) -> int:
        return self.count() if self.count else self.rows().count()

    def records(self) -> Iterable[list]:
        """The values of each row, one per field."""
        for row in self.rows():
            yield [value for column in self.columns for value in column.values(row)]

    def last_modified(self):
        """When its published content last changed, or None if that is not recorded."""
        if self.changes is None:
            return None
        queryset, names = self.changes()
        found = queryset.aggregate(*(Max(name) for name in names))
        return max((date for date in found.values() if date is not None), default=None)

    def table_schema(self) -> dict:
        """Its columns as a Table Schema, with its primary key and its references to other
        datasets (those of a single value: a list cannot be a foreign key)."""
        schema = {
            "fields": [column.schema(field) for column in self.columns for field in column.fields],
            "primaryKey": list(self.primary_key),
        }
        references = [
            {
                "fields": [column.name],
                "reference": {"resource": column.references, "fields": ["slug"]},
            }
            for column in self.columns
            if column.references and column.type != "list"
        ]
        if references:
            schema["foreignKeys"] = references
        return schema


def ever_published(queryset):
    """Rows that are or were published (``published_at`` is set on first publication)."""
    return queryset.filter(published_at__isnull=False)
