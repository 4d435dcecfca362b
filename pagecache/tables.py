"""The tables whose rows public pages show: those of the models that inherit
``ShownOnPublicPages``, and their many-to-many tables. Filled once, by ``watch``."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Table:
    """A model's table: its primary key and its columns (column name -> field)."""

    name: str
    model: type
    pk: str
    columns: dict = field(repr=False)

    def column_values(self, instance, names=None) -> dict:
        """{column: normalised value} of ``instance`` as a save writes it."""
        return {
            column: normalised(model_field.get_prep_value(getattr(instance, model_field.attname)))
            for column, model_field in self.columns.items()
            if names is None or column in names
        }

    def loaded_values(self, snapshot: dict) -> dict:
        """{column: normalised value} of a row as it was loaded (``snapshot``: its __dict__),
        for the columns it loaded."""
        values = {}
        for column, model_field in self.columns.items():
            if model_field.attname in snapshot:
                raw = snapshot[model_field.attname]
                values[column] = normalised(model_field.get_prep_value(raw))
        return values


@dataclass(frozen=True)
class Link:
    """A many-to-many table: ``columns`` maps each of its two columns to the table it points
    at, ``attnames`` each column to its attribute on the link model; ``source`` is the column
    pointing at the model that declares the field, ``target`` the other."""

    name: str
    model: type
    columns: dict
    attnames: dict
    source: str
    target: str

    def other(self, column: str) -> str:
        return self.target if column == self.source else self.source


# Table name -> Table, for the models shown on public pages.
TABLES: dict[str, Table] = {}
# Table name -> Link, for their many-to-many tables.
LINKS: dict[str, Link] = {}

PLAIN = (str, int, float, bool)


def normalised(value) -> str | None:
    """A column's value as dependency tags name it; None for values they cannot name."""
    if value is None:
        return None
    if isinstance(value, PLAIN):
        return str(value)
    try:
        return value.isoformat()  # dates and times
    except AttributeError:
        pass
    if type(value).__module__ in {"decimal", "uuid"}:
        return str(value)
    return None


def add_table(model):
    meta = model._meta
    columns = {f.column: f for f in meta.concrete_fields}
    TABLES[meta.db_table] = Table(meta.db_table, model, meta.pk.column, columns)


def add_link(m2m_field):
    through = m2m_field.remote_field.through
    columns, attnames = {}, {}
    for link_field in through._meta.concrete_fields:
        if link_field.is_relation:
            columns[link_field.column] = link_field.related_model._meta.db_table
            attnames[link_field.column] = link_field.attname
    LINKS[through._meta.db_table] = Link(
        through._meta.db_table,
        through,
        columns,
        attnames,
        source=through._meta.get_field(m2m_field.m2m_field_name()).column,
        target=through._meta.get_field(m2m_field.m2m_reverse_field_name()).column,
    )


def known(table: str) -> bool:
    return table in TABLES or table in LINKS
