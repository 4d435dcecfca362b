"""Changes to shown rows, gathered per transaction and handed over once it commits.

Every save or delete of a shown model's row, and every change of its many-to-many links,
becomes a ``Change``: the table, the row, its values before and after (by column). The
changes of one transaction are handed to ``pagecache.invalidation`` once, after it commits,
however many rows it wrote (an import of a thousand rows: one hand-over). Nothing is handed
over for a transaction that rolls back, and a change made inside a savepoint that rolls back
is forgotten while the rest of the transaction's changes are kept.

How: each change registers a small ``on_commit`` callback of its own, which Django drops with
the savepoint it was made in; the transaction's one ``Handover`` callback is kept last in the
list, so that when it runs every surviving change has confirmed itself.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save

from . import tables
from .recording import SNAPSHOT, instance_loaded


@dataclass
class Change:
    """One row written: ``old`` None for a new row, ``new`` None for a deleted one;
    ``old_known`` False when the values before the change are not known."""

    table: str
    pk: object
    old: dict | None
    new: dict | None
    old_known: bool = True

    @property
    def changed_columns(self) -> set | None:
        """The columns whose values changed; None for all of them."""
        if self.old is None or self.new is None or not self.old_known:
            return None
        return {column for column, value in self.new.items() if self.old.get(column) != value}


def row_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    snapshot = None if created else instance.__dict__.get(SNAPSHOT)
    was_shown = snapshot is not None and _shown(_as_loaded(instance, snapshot))
    if not (was_shown or getattr(instance, "affects_public_pages", True)):
        return
    table = tables.TABLES[sender._meta.db_table]
    if created:
        change = Change(table.name, instance.pk, None, table.column_values(instance))
    elif snapshot is None or raw:
        change = Change(table.name, instance.pk, {}, table.column_values(instance), False)
    else:
        old = table.loaded_values(snapshot)
        written = None if update_fields is None else _columns_of(table, update_fields)
        new = {**old, **table.column_values(instance, written)}
        change = Change(table.name, instance.pk, old, new, old_known=old.keys() >= new.keys())
    instance.__dict__[SNAPSHOT] = instance.__dict__.copy()  # what a next save starts from
    record(change, kwargs.get("using"))


def row_deleted(sender, instance, **kwargs):
    snapshot = instance.__dict__.get(SNAPSHOT)
    was_shown = snapshot is None or _shown(_as_loaded(instance, snapshot))
    if not (was_shown or getattr(instance, "affects_public_pages", True)):
        return
    table = tables.TABLES[sender._meta.db_table]
    change = Change(table.name, instance.pk, table.column_values(instance), None)
    record(change, kwargs.get("using"))


def links_changed(sender, instance, action, reverse, pk_set, using, **kwargs):
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if not getattr(instance, "affects_public_pages", True):
        return
    link = tables.LINKS[sender._meta.db_table]
    own = link.target if reverse else link.source  # the column pointing at ``instance``
    if action == "pre_clear":  # the links are about to go: read them while they are there
        pk_set = set(
            sender._base_manager.using(using)
            .filter(**{link.attnames[own]: instance.pk})
            .values_list(link.attnames[link.other(own)], flat=True)
        )
    for pk in pk_set or ():
        values = {own: str(instance.pk), link.other(own): str(pk)}
        if action == "post_add":
            record(Change(link.name, None, None, values), using)
        else:
            record(Change(link.name, None, values, None), using)


def _as_loaded(instance, snapshot):
    """A copy of ``instance`` with the values it was loaded with."""
    loaded = instance.__class__.__new__(instance.__class__)
    loaded.__dict__.update(snapshot)
    return loaded


def _shown(instance) -> bool:
    try:
        return bool(getattr(instance, "affects_public_pages", True))
    except Exception:  # a value it needs was not loaded: assume it was shown
        return True


def _columns_of(table, field_names) -> set:
    model_fields = {f.name: f for f in table.columns.values()}
    model_fields.update({f.attname: f for f in table.columns.values()})
    return {model_fields[name].column for name in field_names if name in model_fields}


# --- One hand-over per transaction -----------------------------------------------------------


class Handover:
    """The ``on_commit`` callback that hands a transaction's changes over."""

    def __init__(self):
        self.confirmed = []
        self.savepoints = None  # those every change was made in: if one rolls back, all do
        self.done = False

    def __call__(self):
        self.done = True
        if self.confirmed:
            from .invalidation import changes_committed

            changes_committed(self.confirmed)


class Confirm:
    """The ``on_commit`` callback of one change: it survives only if the change does."""

    def __init__(self, handover, change):
        self.handover, self.change = handover, change

    def __call__(self):
        self.handover.confirmed.append(self.change)


def record(change: Change, using=None):
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:  # autocommit: it is committed already
        from .invalidation import changes_committed

        changes_committed([change])
        return
    entries = connection.run_on_commit
    handover = _pending_handover(entries)
    savepoints = set(connection.savepoint_ids)
    if handover is None:
        handover = Handover()
        handover.savepoints = savepoints
    else:
        handover.savepoints &= savepoints
        _remove(entries, handover)
    connection.on_commit(Confirm(handover, change))
    connection.run_on_commit.append((set(handover.savepoints), handover, False))


def _pending_handover(entries):
    for _, callback, _ in reversed(entries):
        if isinstance(callback, Handover) and not callback.done:
            return callback
    return None


def _remove(entries, handover):
    for index in range(len(entries) - 1, -1, -1):
        if entries[index][1] is handover:
            del entries[index]
            return


# --- What to watch ---------------------------------------------------------------------------


def watch(models):
    """Hand over the changes of ``models`` (their rows and their many-to-many links)."""
    for model in models:
        tables.add_table(model)
        uid = f"page-cache-{model._meta.label}"
        post_init.connect(instance_loaded, sender=model, dispatch_uid=f"{uid}-init")
        post_save.connect(row_saved, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(row_deleted, sender=model, dispatch_uid=f"{uid}-delete")
        for field in model._meta.local_many_to_many:
            if not field.remote_field.through._meta.auto_created:
                continue  # a model of its own: watched, or not, as any other
            tables.add_link(field)
            m2m_changed.connect(
                links_changed,
                sender=field.remote_field.through,
                dispatch_uid=f"{uid}-{field.name}",
            )
