"""Abstract building blocks shared by the content apps.

Nothing here has a table of its own. ``actions`` and ``roundtables`` build on it;
it imports neither.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def public(self):
        """What the public may see: the published (a model may ask more, e.g. its parent's)."""
        return self.published()

    def drafts(self):
        return self.filter(is_published=False)


class PublishableModel(TimeStampedModel):
    """Content the public sees only once staff have published it."""

    is_published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Only published content appears on the public site."),
    )

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True


class ChoicesConstraint(models.CheckConstraint):
    """CHECK (field IN (...)) in the database; ``full_clean`` checks it in Python, without the
    query a CheckConstraint costs."""

    def __init__(self, *, field, values, name, violation_error_message=None):
        self.field = field
        self.values = list(values)
        super().__init__(
            condition=Q(**{f"{field}__in": self.values}),
            name=name,
            violation_error_message=violation_error_message,
        )

    def deconstruct(self):
        _path, args, kwargs = super().deconstruct()
        del kwargs["condition"]
        kwargs.update(field=self.field, values=self.values)
        return "core.models.ChoicesConstraint", args, kwargs

    def validate(self, model, instance, exclude=None, using=None):
        if exclude and self.field in exclude:
            return
        if getattr(instance, self.field) not in self.values:
            raise ValidationError(
                self.get_violation_error_message(), code=self.violation_error_code
            )


class DateOrderConstraint(models.CheckConstraint):
    """CHECK (end IS NULL OR end >= start) in the database; checked in Python by full_clean."""

    def __init__(self, *, start, end, name, violation_error_message=None):
        self.start = start
        self.end = end
        super().__init__(
            condition=Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": models.F(start)}),
            name=name,
            violation_error_message=violation_error_message,
        )

    def deconstruct(self):
        _path, args, kwargs = super().deconstruct()
        del kwargs["condition"]
        kwargs.update(start=self.start, end=self.end)
        return "core.models.DateOrderConstraint", args, kwargs

    def validate(self, model, instance, exclude=None, using=None):
        if exclude and (self.start in exclude or self.end in exclude):
            return
        start, end = getattr(instance, self.start), getattr(instance, self.end)
        if start and end and end < start:
            raise ValidationError(
                self.get_violation_error_message(), code=self.violation_error_code
            )


def one_of(field: str, choices: type[models.Choices], name: str) -> ChoicesConstraint:
    """A constraint that refuses any value of ``field`` outside ``choices``."""
    return ChoicesConstraint(
        field=field,
        values=choices.values,
        name=name,
        violation_error_message=_("The value is not one of the allowed choices."),
    )


def ends_after_start(start: str, end: str, name: str) -> DateOrderConstraint:
    """A constraint that refuses an end before its start (an open end is fine)."""
    return DateOrderConstraint(
        start=start,
        end=end,
        name=name,
        violation_error_message=_("The end date cannot be before the start date."),
    )


def date_range_errors(
    start: datetime.date | None,
    end: datetime.date | None,
    *,
    start_field: str = "start_date",
    end_field: str = "end_date",
    format: str = "DATE_FORMAT",
) -> dict:
    """Errors for both fields when ``end`` comes before ``start``, naming both dates."""
    if not (start and end and end < start):
        return {}
    message = _("The end (%(end)s) cannot be before the start (%(start)s).") % {
        "end": date_format(end, format),
        "start": date_format(start, format),
    }
    return {start_field: message, end_field: message}


def country_codes(value) -> list[str]:
    """The ISO codes held by a multiple CountryField, whether read raw ("KH,LA") or as objects."""
    if isinstance(value, str):
        return [code for code in value.split(",") if code]
    return [str(country) for country in value or []]
