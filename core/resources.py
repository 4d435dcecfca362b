"""Spreadsheet import and export (django-import-export) that refuses what it cannot read.

``StrictResource`` writes related objects as their slugs and countries as their ISO codes.
django-import-export's own many-to-many widget drops unknown keys silently; these widgets
say which value is wrong, so that the dry run can show it before anything is written.
"""

import datetime
import re

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django_countries import countries
from django_countries.fields import CountryField
from import_export import resources
from import_export.widgets import CharWidget, ForeignKeyWidget, ManyToManyWidget, Widget


class NaturalKeyWidget(ForeignKeyWidget):
    """A foreign key written as the related object's slug (or another unique field)."""

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(str(value).strip() if value is not None else value, row, **kwargs)
        except self.model.DoesNotExist:
            raise ValueError(
                _("No %(model)s has the %(field)s “%(value)s”.")
                % {"model": self.model._meta.verbose_name, "field": self.field, "value": value}
            ) from None


class NaturalKeysWidget(ManyToManyWidget):
    """Many related objects, written as their slugs separated by commas."""

    def clean(self, value, row=None, **kwargs):
        keys = [key.strip() for key in str(value or "").split(self.separator) if key.strip()]
        found = self.model.objects.filter(**{f"{self.field}__in": keys})
        missing = sorted(set(keys) - {str(getattr(obj, self.field)) for obj in found})
        if missing:
            raise ValueError(
                _("Unknown %(model)s: %(keys)s.")
                % {"model": self.model._meta.verbose_name_plural, "keys": ", ".join(missing)}
            )
        return found


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


class StrictResource(resources.ModelResource):
    """Validates every row as a form would, and reports unchanged rows as skipped."""

    class Meta:
        abstract = True
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    @classmethod
    def field_from_django_field(cls, field_name, django_field, readonly):
        widget = _natural_widget(django_field)
        if widget is None:
            return super().field_from_django_field(field_name, django_field, readonly)
        return cls.DEFAULT_RESOURCE_FIELD(
            attribute=field_name, column_name=field_name, widget=widget, readonly=readonly
        )

    def before_save_instance(self, instance, row, **kwargs):
        # The history says where the change came from, as it does for publishing and reverts.
        instance._change_reason = pgettext("history", "Imported from a spreadsheet")

    def before_import_row(self, row, **kwargs):
        for name, value in row.items():
            if value is None:
                # A spreadsheet's empty cell: for a text column, an empty text.
                row[name] = ""
            elif isinstance(value, datetime.datetime) and value.time() == datetime.time():
                # A spreadsheet's date is a datetime at midnight; our columns are dates.
                row[name] = value.date()
