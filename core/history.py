"""Versions recorded for many rows at once, as django-simple-history records one on save.

A spreadsheet import writes thousands of rows. Left to itself, django-simple-history records
a version when a row is saved and another each time one of its many-to-many links changes,
each copying all of the row's links: an Action with three kinds of link gets up to seven
versions per import, and a round-table that gains a thousand reported outcomes a thousand
versions of a thousand links each. An import instead saves its rows without history
(``skip_history_when_saving``) and records here, once its rows and links are written, one
version per row with its links as they now are: what a save through the admin records.
"""

from collections.abc import Iterable

from django.db import models
from django.utils.translation import pgettext_lazy

# What the history says of a change made by an import.
IMPORT_REASON = pgettext_lazy("history", "Imported from a spreadsheet")


def records_history(model) -> bool:
    return hasattr(model._meta, "simple_history_manager_attribute")


def record_versions(instances: Iterable[models.Model], *, created: bool, reason: str, user=None):
    """One version of each of ``instances`` (of one model), its many-to-many links included:
    "created" versions if ``created``, else "changed" ones, with ``reason`` and ``user``."""
    instances = list(instances)
    if not instances or not records_history(type(instances[0])):
        return
    history = type(instances[0]).history
    for instance in instances:
        instance._change_reason = reason
    records = history.bulk_history_create(
        instances, update=not created, default_user=user, default_change_reason=reason
    )
    key = type(instances[0])._meta.pk.attname  # the row's key, copied into its record
    for field in history.model._history_m2m_fields:
        _record_links(field, {getattr(record, key): record for record in records}, history.model)


def _record_links(field, records: dict, history_model):
    """The links of ``field`` of each record's row (``records`` by the row's key), copied
    beside the record."""
    through = field.remote_field.through
    source = f"{field.m2m_field_name()}_id"  # the column naming the row that has the links
    links_model = getattr(history_model, field.name).model
    columns = [column.attname for column in through._meta.fields]
    links_model.objects.bulk_create(
        [
            links_model(
                history=records[getattr(link, source)],
                **{name: getattr(link, name) for name in columns},
            )
            for link in through.objects.filter(**{f"{source}__in": list(records)})
        ],
        batch_size=1000,
    )
