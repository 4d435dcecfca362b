"""Abstract building blocks shared by the content apps.

Nothing here has a table of its own but ``ImportUpload``, the files that the admin's imports
keep between their dry run and their confirmation. The content apps build on it; it imports
none of them.
A rule the database can hold is written once, as a constraint: the database enforces it, and
``full_clean`` checks it in Python (without a query) and puts the message on the field to
correct. A rule the database does not hold stays in the model's ``clean()``.
"""

import operator

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
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

    def as_links(self):
        """Only what a link to each needs, its address and title (of models with a slug)."""
        return self.only("slug", "title")

    def visible_to(self, user, *, preview=False):
        """What ``user`` sees: what the public sees, or everything, drafts included, when
        ``preview`` is asked by staff who may change these objects."""
        opts = self.model._meta
        if (
            preview
            and user.is_staff
            and user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
        ):
            return self
        return self.public()


class PublishableModel(TimeStampedModel):
    """Content the public sees only once staff have published it."""

    is_published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Only published content appears on the public site."),
    )
    published_at = models.DateTimeField(
        _("first published"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When it first appeared on the public site."),
    )

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.is_published and self.published_at is None:
            self.published_at = timezone.now()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "published_at"}
        super().save(*args, **kwargs)


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
    """CHECK (end IS NULL OR end >= start) in the database. ``full_clean`` checks it in Python
    and marks both fields with a message that names both dates (in ``format``)."""

    def __init__(self, *, start, end, name, format="DATE_FORMAT", violation_error_message=None):
        self.start = start
        self.end = end
        self.format = format
        super().__init__(
            condition=Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": models.F(start)}),
            name=name,
            violation_error_message=violation_error_message,
        )

    def deconstruct(self):
        _path, args, kwargs = super().deconstruct()
        del kwargs["condition"]
        kwargs.update(start=self.start, end=self.end)
        if self.format != "DATE_FORMAT":
            kwargs["format"] = self.format
        return "core.models.DateOrderConstraint", args, kwargs

    def __eq__(self, other):
        return super().__eq__(other) and self.format == getattr(other, "format", None)

    def validate(self, model, instance, exclude=None, using=None):
        if exclude and (self.start in exclude or self.end in exclude):
            return
        start, end = getattr(instance, self.start), getattr(instance, self.end)
        if start and end and end < start:
            message = _("The end (%(end)s) cannot be before the start (%(start)s).") % {
                "end": date_format(end, self.format),
                "start": date_format(start, self.format),
            }
            raise ValidationError({self.start: message, self.end: message}, code="date_order")


class RuleConstraint(models.CheckConstraint):
    """A CHECK constraint that ``full_clean`` evaluates in Python, without the query a
    CheckConstraint costs, and reports on ``field``.

    The condition may compare the model's own fields (exact, ``in``, ``isnull``, ``gt``,
    ``gte``, ``lt``, ``lte``) with values or with other fields (``F``). Like SQL, a comparison
    with NULL is unknown, which passes. Anything else is left to the database, as Django does.
    """

    def __init__(self, *, condition, name, field, violation_error_message=None):
        self.field = field
        super().__init__(
            condition=condition, name=name, violation_error_message=violation_error_message
        )

    def deconstruct(self):
        _path, args, kwargs = super().deconstruct()
        kwargs["field"] = self.field
        return "core.models.RuleConstraint", args, kwargs

    def __eq__(self, other):
        return super().__eq__(other) and self.field == getattr(other, "field", None)

    def validate(self, model, instance, exclude=None, using=None):
        if exclude and self.condition.referenced_base_fields & set(exclude):
            return
        try:
            holds = _holds(self.condition, instance)
        except _NotInPython:
            try:
                super().validate(model, instance, exclude=exclude, using=using)
            except ValidationError as error:
                raise ValidationError({self.field: error.messages}) from None
            return
        if holds is False:
            raise ValidationError(
                {self.field: self.get_violation_error_message()}, code=self.violation_error_code
            )


class _NotInPython(Exception):
    """A condition that ``_holds`` does not evaluate."""


_COMPARISONS = {
    "exact": operator.eq,
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
    "in": lambda value, choices: value in choices,
}


def _holds(condition: Q, instance) -> bool | None:
    """Whether ``instance`` meets ``condition``: True, False, or None (unknown), as in SQL."""
    results = [
        _holds(child, instance) if isinstance(child, Q) else _lookup(child, instance)
        for child in condition.children
    ]
    if condition.connector == Q.AND:
        result = False if False in results else None if None in results else True
    else:
        result = True if True in results else None if None in results else False
    if condition.negated and result is not None:
        result = not result
    return result


def _value(instance, name):
    """The value of the model's own, non-relational field ``name``."""
    try:
        field = instance._meta.get_field(name)
    except FieldDoesNotExist:
        raise _NotInPython(name) from None
    if field.is_relation:
        raise _NotInPython(name)
    return getattr(instance, field.attname)


def _lookup(child, instance) -> bool | None:
    path, expected = child
    name, _, lookup = path.partition("__")
    lookup = lookup or "exact"
    if lookup != "isnull" and lookup not in _COMPARISONS:
        raise _NotInPython(path)
    value = _value(instance, name)
    if lookup == "isnull":
        return (value is None) == bool(expected)
    if isinstance(expected, models.F):
        expected = _value(instance, expected.name)
    elif hasattr(expected, "resolve_expression"):
        raise _NotInPython(path)
    elif lookup == "exact" and expected is None:
        return value is None  # Django reads "= None" as IS NULL
    if value is None or expected is None:
        return None
    return _COMPARISONS[lookup](value, expected)


def one_of(field: str, choices: type[models.Choices], name: str) -> ChoicesConstraint:
    """A constraint that refuses any value of ``field`` outside ``choices``."""
    return ChoicesConstraint(
        field=field,
        values=choices.values,
        name=name,
        violation_error_message=_("The value is not one of the allowed choices."),
    )


def ends_after_start(start: str, end: str, name: str, *, format="DATE_FORMAT"):
    """A constraint that refuses an end before its start (an open end is fine)."""
    return DateOrderConstraint(start=start, end=end, name=name, format=format)


def country_codes(value) -> list[str]:
    """The ISO codes held by a multiple CountryField, whether read raw ("KH,LA") or as objects."""
    if isinstance(value, str):
        return [code for code in value.split(",") if code]
    return [str(country) for country in value or []]


class ImportUpload(models.Model):
    """A spreadsheet uploaded for import, kept between its dry run and its confirmation
    (``core.imports.UploadStorage``): in the database, which every application node shares,
    since the confirmation may reach another node than the upload did."""

    name = models.CharField(_("name"), max_length=32, unique=True)
    content = models.BinaryField(_("content"))
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("uploaded import file")
        verbose_name_plural = _("uploaded import files")

    def __str__(self):
        return self.name
