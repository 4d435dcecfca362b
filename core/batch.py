"""An import's reads and writes made once per file rather than once per row.

django-import-export looks up each row's existing object with a query, then reads its related
objects and each kind of link to compare the row with it and to show what the row changes
(before and after), and replaces every link, changed or not, with three or four statements
per row and kind of link; django-simple-history records a version on each save and on each
change of a link. For a file of thousands of rows that is tens of thousands of statements.
Here the rows a file names are read in a few queries, with their related objects and links
(``PrefetchingInstanceLoader``); the comparison and the preview read the links as loaded and
as the file gives them (``loaded_links``, ``written_links``, ``LinkDiff``); the links that
change are written for the whole file at once (``LinkWriter``), and then one version of each
row written (``core.history``). ``BatchedImportMixin`` puts these together for a resource.
"""

import re
import time
from collections import defaultdict
from itertools import islice

from diff_match_patch import diff_match_patch
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q
from django.utils.encoding import force_str
from django.utils.safestring import mark_safe
from django_countries.fields import CountryField
from import_export.instance_loaders import ModelInstanceLoader
from import_export.resources import Diff
from import_export.widgets import ManyToManyWidget

from .history import IMPORT_REASON, record_versions

CHUNK = 1000  # rows looked up per query
DIFF_SECONDS = 2.0  # the most a dry run spends showing changes character by character
DIFF_SECONDS_PER_VALUE = 0.1


class _Loaded(tuple):
    """Links as loaded, shared by a row and its copy (the row "before"), which import-export
    makes with ``deepcopy``: copying them would copy each related object too."""

    def __deepcopy__(self, memo):
        return self


def _comparable(value) -> str:
    """A key's value as the loader compares it: related objects by primary key."""
    return str(value.pk if isinstance(value, models.Model) else value)


class PrefetchingInstanceLoader(ModelInstanceLoader):
    """Finds the existing object of each row of a file, matched on the resource's key columns
    (one or several), with its related objects and links, in a few queries for the file."""

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        self.keys = [resource.fields[name] for name in resource.get_import_id_fields()]
        self.found = {}
        self.related, self.links = [], []
        model = resource._meta.model
        for field in resource.get_import_fields():
            try:
                model_field = model._meta.get_field(field.attribute or "")
            except FieldDoesNotExist:
                continue
            if model_field.many_to_one:
                self.related.append(field.attribute)
            elif model_field.many_to_many:
                self.links.append(field.attribute)
        rows = iter(dataset.dict if dataset is not None and dataset.headers else ())
        while chunk := list(islice(rows, CHUNK)):
            self._load([key for row in chunk if (key := self._key_of(row))])

    def _load(self, keys):
        if not keys:
            return
        lookups = {
            f"{field.attribute}__in": {key[index] for key in keys}
            for index, field in enumerate(self.keys)
        }
        queryset = self.get_queryset().select_related(*self.related)
        for instance in queryset.prefetch_related(*self.links).filter(**lookups):
            key = tuple(_comparable(instance.serializable_value(f.attribute)) for f in self.keys)
            # Kept apart, and Django's prefetched querysets dropped: the copy of the row (its
            # "before") keeps these, where a copy of a queryset forgets its rows (and costs
            # more to make).
            instance._loaded_links = {
                attribute: _Loaded(getattr(instance, attribute).all()) for attribute in self.links
            }
            instance.__dict__.pop("_prefetched_objects_cache", None)
            self.found[key] = instance

    def _key_of(self, row):
        if any(field.column_name not in row for field in self.keys):
            return None
        try:
            values = [field.clean(row) for field in self.keys]
        except (ValueError, ValidationError, ObjectDoesNotExist):
            return None  # the row says what is wrong when it is imported
        if any(value is None for value in values):
            return None
        return tuple(_comparable(value) for value in values)

    def get_instance(self, row):
        # Cleaning the key columns again costs no query: the widgets keep what they found.
        return self.found.get(tuple(_comparable(field.clean(row)) for field in self.keys))


def loaded_links(instance, attribute: str):
    """The links ``attribute`` of ``instance`` as loaded with it; None if not loaded so."""
    if instance.pk is None or instance.__dict__.get("_import_created"):
        return []  # a new row: no links yet
    return instance.__dict__.get("_loaded_links", {}).get(attribute)


def written_links(instance, attribute: str, objects) -> None:
    """Show the links ``attribute`` of ``instance`` as ``objects`` in the row's changes."""
    instance.__dict__.setdefault("_import_links", {})[attribute] = list(objects)


class LinkWriter:
    """The links of an import's rows, written for the whole file at once: only those that
    change, with two statements per kind of link (one that removes, one that adds) rather
    than three or four per row. Django's signals of link changes are not sent: the history
    is recorded by the import (``core.history``), and a row whose links change is saved,
    which tells the page cache."""

    def __init__(self, model):
        self.model = model
        self.added, self.removed = defaultdict(set), defaultdict(set)

    def set(self, instance, attribute: str, objects) -> None:
        """Give ``instance`` the links ``attribute`` to ``objects`` (and to no others)."""
        written_links(instance, attribute, objects)
        current = loaded_links(instance, attribute)
        if current is None:
            current = getattr(instance, attribute).all()
        current = {obj.pk for obj in current}
        wanted = {obj.pk for obj in objects}
        self.added[attribute].update((instance.pk, pk) for pk in wanted - current)
        self.removed[attribute].update((instance.pk, pk) for pk in current - wanted)

    def changed(self, attribute: str) -> set:
        """The primary keys of the objects at the other end of the links that changed."""
        return {pk for _row, pk in self.added[attribute] | self.removed[attribute]}

    def write(self) -> None:
        for attribute in self.added.keys() | self.removed.keys():
            through, row_column, other_column = self._through(attribute)
            removed = sorted(self.removed[attribute])
            for start in range(0, len(removed), CHUNK):
                condition = Q()
                for row, other in removed[start : start + CHUNK]:
                    condition |= Q(**{row_column: row, other_column: other})
                through.objects.filter(condition).delete()
            through.objects.bulk_create(
                [
                    through(**{row_column: row, other_column: other})
                    for row, other in sorted(self.added[attribute])
                ],
                batch_size=CHUNK,
                ignore_conflicts=True,
            )

    def _through(self, attribute):
        """The table of the links, with its columns naming the row and the other object."""
        field = self.model._meta.get_field(attribute)
        if field.auto_created:  # the reverse side of another model's many-to-many field
            field = field.field
            return (
                field.remote_field.through,
                f"{field.m2m_reverse_field_name()}_id",
                f"{field.m2m_field_name()}_id",
            )
        return (
            field.remote_field.through,
            f"{field.m2m_field_name()}_id",
            f"{field.m2m_reverse_field_name()}_id",
        )


def same_links(field, original, row) -> bool:
    """Whether the file gives the row the links it has (as import-export compares them,
    without a query)."""
    current = loaded_links(original, field.attribute)
    if current is None:
        current = field.get_value(original).all()
    return sorted(obj.pk for obj in field.clean(row)) == sorted(obj.pk for obj in current)


class LinkDiff(Diff):
    """A row before and after, with its links as loaded (before) and as the file gives them
    (after), in the order of their keys: import-export's own reads each from the database."""

    def __init__(self, resource, instance, new):
        self.left = _read_values(resource, instance)
        self.right = []
        self.new = new
        self.resource = resource

    def compare_with(self, resource, instance):
        self.right = _read_values(resource, instance)

    def as_html(self):
        """Each value's changes, word by word (a long text rewritten would take a diff by
        character a tenth of a second or more) while the file's time for that lasts, then
        as the old value struck out and the new one inserted. Only a dry run shows them: a
        confirmation only counts the rows."""
        if not getattr(self.resource, "dry_run", True):
            return []
        budget = self.resource.__dict__.setdefault("diff_seconds_left", DIFF_SECONDS)
        differ = diff_match_patch()
        html = []
        for old, new in zip(self.left, self.right, strict=True):
            old, new = force_str(old), force_str(new)
            if old != new and self.new:
                old = ""  # as import-export shows a new row: every value inserted
            if old == new or budget <= 0:
                changes = [(0, new)] if old == new else [(-1, old), (1, new)]
            else:
                differ.Diff_Timeout = min(DIFF_SECONDS_PER_VALUE, budget)
                start = time.monotonic()
                changes = _word_changes(differ, old, new)
                budget -= time.monotonic() - start
            html.append(mark_safe(differ.diff_prettyHtml(changes)))  # escaped by the differ
        self.resource.diff_seconds_left = budget
        return html


def _word_changes(differ, old: str, new: str) -> list[tuple[int, str]]:
    """The changes from ``old`` to ``new`` word by word: each word (or run of spaces) is
    compared as one character, as diff-match-patch compares lines in its line mode."""
    words, codes = [], {}

    def encoded(text):
        characters = []
        for word in re.findall(r"\s+|\S+", text):
            if word not in codes:
                codes[word] = len(words)
                words.append(word)
            characters.append(chr(codes[word] + 0x100))
        return "".join(characters)

    changes = differ.diff_main(encoded(old), encoded(new), False)
    differ.diff_cleanupSemantic(changes)
    return [(op, "".join(words[ord(code) - 0x100] for code in text)) for op, text in changes]


def _read_values(resource, instance) -> list[str]:
    values = []
    for field in resource.get_import_fields():
        if not isinstance(field.widget, ManyToManyWidget):
            values.append(field.export(instance))
            continue
        objects = instance.__dict__.get("_import_links", {}).get(field.attribute)
        if objects is None:
            objects = loaded_links(instance, field.attribute)
        if objects is None:
            objects = field.get_value(instance).all()
        keys = sorted(str(getattr(obj, field.widget.field)) for obj in objects)
        values.append(field.widget.separator.join(keys))
    return values


class BatchedImportMixin:
    """For a ``ModelResource`` whose ``Meta.instance_loader_class`` is
    ``PrefetchingInstanceLoader``, and whose related objects and countries are read by widgets
    that check them (``core.resources``): the links and the history of its rows written once
    every row is, the rows compared and shown without a query each, and what the widgets
    have checked not checked again."""

    def import_data(self, dataset, dry_run=False, *args, **kwargs):
        self.dry_run = dry_run
        return super().import_data(dataset, dry_run, *args, **kwargs)

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self._saved = {True: [], False: []}  # the rows created, and those changed
        self.links = LinkWriter(self._meta.model)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # What the columns' widgets have checked already is not checked again field by field
        # (the constraints and unique fields still are): a country's code (Django compares
        # it with the names of all countries, built anew for each row), and a related
        # object (Django reads it again, one query per row and field). An empty value is
        # still checked: it may be required.
        checked = {
            field.name
            for field in instance._meta.concrete_fields
            if (isinstance(field, CountryField) and getattr(instance, field.name))
            or (
                field.many_to_one
                and getattr(instance, field.attname) is not None
                and not field.get_limit_choices_to()
            )
        }
        clean = instance.clean_fields
        instance.clean_fields = lambda exclude=None: clean(exclude={*(exclude or ()), *checked})
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique)
        finally:
            del instance.clean_fields

    def before_save_instance(self, instance, row, **kwargs):
        super().before_save_instance(instance, row, **kwargs)
        # The history says where the change came from, as it does for publishing and reverts;
        # it is recorded once the rows and their links are written (``record_history``).
        instance._change_reason = str(IMPORT_REASON)
        instance.skip_history_when_saving = True

    def save_instance(self, instance, is_create, row, **kwargs):
        super().save_instance(instance, is_create, row, **kwargs)
        instance._import_created = is_create
        self._saved[is_create].append(instance)

    @classmethod
    def get_diff_class(cls):
        return LinkDiff

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if not is_m2m or field.readonly or field.column_name not in row:
            return super().import_field(field, instance, row, is_m2m, **kwargs)
        self.links.set(instance, field.attribute, list(field.clean(row)))
        return None

    def skip_row(self, instance, original, row, import_validation_errors=None):
        # import-export's own, comparing the links without a query (``same_links``).
        if not self._meta.skip_unchanged or self._meta.skip_diff or import_validation_errors:
            return False
        for field in self.get_import_fields():
            if isinstance(field.widget, ManyToManyWidget):
                if field.column_name in row and not same_links(field, original, row):
                    return False
            elif field.get_value(instance) != field.get_value(original):
                return False
        return True

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if result.has_errors():
            return  # all of it is rolled back
        self.links.write()
        if not kwargs.get("dry_run", True):  # a dry run is rolled back too
            self.record_history(user=kwargs.get("user"))

    def record_history(self, *, user):
        """One version of each row written, with its links as they now are."""
        for created, instances in self._saved.items():
            for instance in instances:
                del instance.skip_history_when_saving
            record_versions(instances, created=created, reason=str(IMPORT_REASON), user=user)
