"""Spreadsheet import and export (django-import-export) that refuses what it cannot read.

``StrictResource`` writes related objects as their slugs and countries as their ISO codes.
django-import-export's own many-to-many widget drops unknown keys silently; these widgets
say which value is wrong, so that the dry run can show it before anything is written.
Each resource also describes its columns (``column_guide``): the allowed values and an
example, for the blank template and the import page.
"""

import datetime
import re
from dataclasses import dataclass

import tablib
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django_countries import countries
from django_countries.fields import CountryField
from import_export import resources
from import_export.widgets import CharWidget, ForeignKeyWidget, ManyToManyWidget, Widget

from .batch import BatchedImportMixin, PrefetchingInstanceLoader
from .exports import SafeCSV


def decode_text(data: bytes) -> str:
    """A text file as spreadsheets save it: UTF-8, with or without its byte-order mark, or
    else Windows-1252 (Excel's usual "CSV"), of which Latin-1 is all but a part."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


class SpreadsheetCSV(SafeCSV):
    """CSV read as bytes and decoded by ``decode_text``, whatever encoding it was saved in;
    the quotes that the export puts before formulae are taken away (see ``core.exports``)."""

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes):
            in_stream = decode_text(in_stream)
        return super().create_dataset(in_stream, **kwargs)


class NaturalKeyWidget(ForeignKeyWidget):
    """A foreign key written as the related object's slug (or another unique field). Each
    slug is looked up once per import, however many rows name it."""

    def clean(self, value, row=None, **kwargs):
        key = str(value).strip() if value is not None else ""
        if not key:
            return None
        found = self.__dict__.setdefault("found", {})
        if key not in found:
            try:
                found[key] = super().clean(key, row, **kwargs)
            except self.model.DoesNotExist:
                found[key] = None
        if found[key] is None:
            raise ValueError(
                _("No %(model)s has the %(field)s “%(value)s”.")
                % {"model": self.model._meta.verbose_name, "field": self.field, "value": value}
            )
        return found[key]


class NaturalKeysWidget(ManyToManyWidget):
    """Many related objects, written as their slugs separated by commas. Each slug is looked
    up once per import, however many rows name it."""

    def clean(self, value, row=None, **kwargs):
        keys = [key.strip() for key in str(value or "").split(self.separator) if key.strip()]
        found = self.__dict__.setdefault("found", {})
        unknown = {key for key in keys if key not in found}
        if unknown:
            for obj in self.model.objects.filter(**{f"{self.field}__in": unknown}):
                found[str(getattr(obj, self.field))] = obj
            found.update(dict.fromkeys(unknown - found.keys()))
        missing = sorted({key for key in keys if found[key] is None})
        if missing:
            raise ValueError(
                _("Unknown %(model)s: %(keys)s.")
                % {"model": self.model._meta.verbose_name_plural, "keys": ", ".join(missing)}
            )
        return list({found[key].pk: found[key] for key in keys}.values())


def _country_codes(value) -> list[str]:
    codes = [code.upper() for code in re.split(r"[,;\s]+", str(value or "")) if code]
    unknown = [code for code in codes if not countries.alpha2(code)]
    if unknown:
        raise ValueError(_("Unknown country code: %(codes)s.") % {"codes": ", ".join(unknown)})
    return codes


class CountryWidget(Widget):
    """One country, as its ISO 3166 code (e.g. LA)."""

    def clean(self, value, row=None, **kwargs):
        codes = _country_codes(value)
        if len(codes) > 1:
            raise ValueError(_("Give one country code, not several."))
        return codes[0] if codes else ""

    def render(self, value, obj=None, **kwargs):
        return value.code if value else ""


class CountriesWidget(Widget):
    """Several countries, as ISO codes separated by commas (e.g. ID,PH,VN)."""

    def clean(self, value, row=None, **kwargs):
        return _country_codes(value)

    def render(self, value, obj=None, **kwargs):
        return ",".join(country.code for country in value or [])


class EmailWidget(CharWidget):
    """An e-mail address used as a key: required, and compared in lower case."""

    def clean(self, value, row=None, **kwargs):
        email = str(value or "").strip().lower()
        if not email:
            raise ValueError(_("An e-mail address is required: it identifies the row."))
        return email


def in_each_language(*names: str) -> list[str]:
    """The columns of translated fields: ``title_en``, ``title_fr``, ``title_es``..."""
    return [f"{name}_{code}" for name in names for code, _label in settings.LANGUAGES]


def _natural_widget(django_field):
    """The widget of a column that names related objects by slug and countries by code."""
    if isinstance(django_field, CountryField):
        return CountriesWidget() if django_field.multiple else CountryWidget()
    if django_field.many_to_many:
        return NaturalKeysWidget(django_field.related_model, field="slug")
    if django_field.many_to_one:
        return NaturalKeyWidget(django_field.related_model, "slug")
    return None


@dataclass
class Column:
    """A column of a spreadsheet: whether it must be filled, what it accepts, an example."""

    name: str
    required: bool
    allowed: str
    example: str


LISTED_KEYS = 40  # the most slugs an allowed-values note names before "and N more"


class StrictResource(BatchedImportMixin, resources.ModelResource):
    """Validates every row as a form would, reports unchanged rows as skipped, and refuses a
    row whose key an earlier row of the same file already has. What it can, it reads and
    writes once per file rather than once per row, history included (``core.batch``)."""

    # Example values for the blank template, by column, where the guessed ones would not do.
    examples: dict[str, str] = {}

    class Meta:
        abstract = True
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True
        store_row_values = True  # the dry run shows each row as it was read
        instance_loader_class = PrefetchingInstanceLoader  # a few queries for the whole file

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self._rows_by_key = {}
        self._example = self.example_row()

    @classmethod
    def field_from_django_field(cls, field_name, django_field, readonly):
        widget = _natural_widget(django_field)
        if widget is None:
            return super().field_from_django_field(field_name, django_field, readonly)
        return cls.DEFAULT_RESOURCE_FIELD(
            attribute=field_name, column_name=field_name, widget=widget, readonly=readonly
        )

    def before_import_row(self, row, **kwargs):
        for name, value in row.items():
            if value is None:
                # A spreadsheet's empty cell: for a text column, an empty text.
                row[name] = ""
            elif isinstance(value, datetime.datetime) and value.time() == datetime.time():
                # A spreadsheet's date is a datetime at midnight; our columns are dates.
                row[name] = value.date()
        if all(_cell(row.get(name)) == value for name, value in self._example.items()):
            raise ValidationError(
                _(
                    "This is the template's example row: replace it with your own data, or "
                    "delete it."
                )
            )
        key = self._key_of(row)
        if key is None:
            return
        number = kwargs.get("row_number")
        first = self._rows_by_key.setdefault(key, number)
        if first != number:
            columns = ", ".join(
                self.fields[name].column_name for name in self._meta.import_id_fields
            )
            raise ValidationError(
                _(
                    "Lines %(first)s and %(this)s have the same %(columns)s (%(key)s): each "
                    "item can appear once in a file. Keep one of the two rows."
                )
                # Numbered as the spreadsheet numbers its lines: the header is line 1.
                % {
                    "first": first + 1,
                    "this": number + 1,
                    "columns": columns,
                    "key": ", ".join(key),
                }
            )

    def _key_of(self, row) -> tuple[str, ...] | None:
        """The row's key columns as the database compares them (codes in capitals, e-mail
        addresses in lower case), read without a query; None if they are all empty."""
        values = []
        for name in self._meta.import_id_fields:
            field = self.fields[name]
            value = _cell(row.get(field.column_name))
            if isinstance(field.widget, CountryWidget):
                value = value.upper()
            elif isinstance(field.widget, EmailWidget):
                value = value.lower()
            values.append(value)
        return tuple(values) if any(values) else None

    # The columns, described for staff.

    def column_guide(self) -> list[Column]:
        return [self._describe(field) for field in self.get_import_fields()]

    def example_row(self) -> dict[str, str]:
        return {column.name: column.example for column in self.column_guide()}

    def blank_template(self) -> tablib.Databook:
        """The columns with an example row, and a second sheet listing what each accepts."""
        guide = self.column_guide()
        data = tablib.Dataset(
            [column.example for column in guide],
            headers=[column.name for column in guide],
            title=str(self._meta.model._meta.verbose_name_plural)[:31],
        )
        allowed = tablib.Dataset(
            *[
                (column.name, _("yes") if column.required else _("no"), column.allowed)
                for column in guide
            ],
            headers=[_("Column"), _("Required"), _("Allowed values")],
            title=_("Allowed values")[:31],
        )
        return tablib.Databook([data, allowed])

    def _describe(self, field) -> Column:
        name = field.column_name
        widget = field.widget
        try:
            model_field = self._meta.model._meta.get_field(field.attribute)
        except FieldDoesNotExist:
            model_field = None
        required = name in self._meta.import_id_fields or _is_required(model_field)
        allowed, example = _allowed_and_example(widget, model_field, name)
        example = self.examples.get(name, example if required or not _is_translation(name) else "")
        return Column(name, required, allowed, example)


def _cell(value) -> str:
    """A spreadsheet cell as text: a whole number without ".0", a date as YYYY-MM-DD."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.date):
        value = value.isoformat()
    return str(value if value is not None else "").strip()


def _is_required(model_field) -> bool:
    if model_field is None or not getattr(model_field, "concrete", False):
        return False
    if model_field.many_to_many or isinstance(model_field, models.BooleanField):
        return False
    return not model_field.blank and not model_field.has_default()


def _is_translation(name: str) -> bool:
    return any(name.endswith(f"_{code}") for code, _label in settings.LANGUAGES[1:])


def _keys(model, field) -> tuple[str, str]:
    """The slugs that a column naming ``model`` objects accepts, as a note and an example."""
    keys = list(model.objects.order_by(field).values_list(field, flat=True)[: LISTED_KEYS + 1])
    shown = ", ".join(str(key) for key in keys[:LISTED_KEYS])
    if len(keys) > LISTED_KEYS:
        more = model.objects.count() - LISTED_KEYS
        shown += " " + _("and %(count)d more") % {"count": more}
    return shown or _("none yet"), str(keys[0]) if keys else ""


def _allowed_and_example(widget, model_field, name) -> tuple[str, str]:
    if isinstance(widget, CountryWidget):
        return _("A country's ISO 3166 code, e.g. LA for Lao PDR."), "LA"
    if isinstance(widget, CountriesWidget):
        return _("Countries' ISO 3166 codes, separated by commas, e.g. ID,PH,VN."), "LA,TH"
    if isinstance(widget, EmailWidget):
        return _("An e-mail address; it identifies the row."), "name@example.org"
    if isinstance(widget, NaturalKeysWidget):
        keys, example = _keys(widget.model, widget.field)
        label = widget.model._meta.verbose_name_plural
        return _("Slugs of %(model)s, separated by commas: %(keys)s.") % {
            "model": label,
            "keys": keys,
        }, example
    if isinstance(widget, NaturalKeyWidget):
        keys, example = _keys(widget.model, widget.field)
        label = widget.model._meta.verbose_name
        return _("The slug of a %(model)s: %(keys)s.") % {"model": label, "keys": keys}, example
    if model_field is None:
        return _("Text."), ""
    if model_field.choices:
        choices = "; ".join(f"{value} ({label})" for value, label in model_field.flatchoices)
        default = model_field.default if model_field.has_default() else None
        example = default if default in dict(model_field.flatchoices) else model_field.choices[0][0]
        return _("One of: %(choices)s.") % {"choices": choices}, str(example)
    if isinstance(model_field, models.BooleanField):
        return _("1 for yes, 0 for no."), "0"
    if isinstance(model_field, models.DateField):
        return _("A date, as YYYY-MM-DD."), "2018-03-05"
    if isinstance(model_field, models.SlugField):
        example = f"example-{model_field.model._meta.model_name}"
        return _("Lower-case letters, digits and hyphens."), example
    if isinstance(model_field, models.IntegerField | models.FloatField | models.DecimalField):
        return _("A number."), "1"
    if isinstance(model_field, models.URLField):
        return _("A web address, starting with https://."), "https://example.org/"
    if _is_translation(name):
        return _("Text, translated (optional: the English text stands in)."), ""
    return _("Text."), _("Example")
