"""What one SQL query of a page depends on: which rows of which tables could change its result.

A query reads some tables; for each, the rows that matter are narrowed, where the query says
so plainly, to those with given values in one column. A dependency is a *tag*: a table, an
*entry* naming the kind of narrowing and the columns whose change matters, and values:

- ``=col|C`` with values: rows whose ``col`` has one of the values (``filter(slug=...)``,
  ``region_id IN (...)``, and the rows a page loaded, by primary key);
- ``~col~text|C`` (``%`` for any case): rows whose ``col`` contains ``text``;
- ``@link.own.other|C`` with values: rows linked, through the many-to-many table ``link``,
  to one of the values (the Actions of given outcomes);
- ``*|C``: any row of the table.

``C`` lists the columns of the table that the query uses (to filter, join, sort, group, or
to show when it does not load whole rows): a row changed in other columns changes nothing
the query decides, only what the page shows of that row, which its instance tag covers.
``*`` stands for every column.

What the analysis does not understand only widens the dependency: conditions under OR or NOT
are ignored, a table read in a subquery depends on all of its rows, and an unknown database
quoting makes ``C`` every column. A page is refreshed too often rather than left stale.
"""

import re
from collections import Counter, defaultdict

from django.db.models.lookups import Lookup
from django.db.models.sql.constants import INNER
from django.db.models.sql.where import AND, WhereNode

from .tables import LINKS, TABLES, known, normalised

# A table in a FROM clause, and its alias if it has one.
TABLE_NAMES = re.compile(r'(?:FROM|JOIN)\s+"(\w+)"(?:\s+(\w+))?')
COLUMNS = re.compile(r'"([^"]+)"\."([^"]+)"')
EVERY_COLUMN = "*"
# More values than this in one condition: the condition is not worth its tags.
MAX_VALUES = 200
EXACT = {"exact", "in"}
CONTAINS = {"contains": "~", "icontains": "%"}


def dependencies(compiler, sql: str) -> list[tuple[str, str, tuple]]:
    """(table, entry, values) for each table of the shown tables that the query reads;
    ``compiler`` is the ORM's, or None for raw SQL."""
    read = Counter(name for name, _ in TABLE_NAMES.findall(sql) if known(name))
    if not read:
        return []
    if compiler is None or compiler.query.combinator or not _double_quoted(compiler):
        return [(table, f"*|{EVERY_COLUMN}", ()) for table in read]
    query = getattr(compiler.query, "inner_query", None) or compiler.query
    return Analysis(compiler, query, sql).dependencies(read)


class Analysis:
    def __init__(self, compiler, query, sql):
        self.query = query
        in_sql = {word for pair in TABLE_NAMES.findall(sql) for word in pair if word}
        self.aliases = [
            alias
            for alias, join in query.alias_map.items()
            if alias in in_sql and known(join.table_name)
        ]
        # Rows read with values() become no instances, so they have no tags of their own.
        instances = query is compiler.query and not query.values_select
        self.loaded = _loaded_aliases(compiler) if instances else set()
        self.sliced = bool(query.low_mark or query.high_mark is not None)
        self.conditions = defaultdict(list)  # alias -> [(column, kind, values)]
        self.filtered = set()  # aliases that any condition mentions
        self.opaque = False  # a condition this analysis cannot read
        self._read_conditions(query.where, top=True)
        self._propagate()
        self.columns = _columns(sql, set(self.loaded), self.sliced)
        self.order_by = sql[_order_by_starts(sql) :]

    def dependencies(self, read: Counter) -> list:
        found = []
        for alias in self.aliases:
            table = self.query.alias_map[alias].table_name
            read[table] -= 1
            found.extend(self._dependency(alias, table))
        # Tables read where this analysis does not look (subqueries): every row matters.
        found.extend((table, f"*|{EVERY_COLUMN}", ()) for table, n in read.items() if n > 0)
        return found

    def _dependency(self, alias, table):
        columns = ",".join(sorted(self.columns.get(alias, ())))
        candidates = self._narrowings(alias, table)
        if candidates:
            _, entry, values = min(candidates, key=lambda c: (c[0], len(c[2])))
            return [(table, f"{entry}|{columns}", values)]
        if self._covered(alias, table):
            return []  # the rows it loaded, each by its primary key (pagecache.recording)
        return [(table, f"*|{columns}", ())]

    # --- Conditions ----------------------------------------------------------------------------

    def _read_conditions(self, node, *, top):
        if isinstance(node, WhereNode):
            top = top and node.connector == AND and not node.negated
            for child in node.children:
                self._read_conditions(child, top=top)
            return
        if not isinstance(node, Lookup):
            self.opaque = True  # raw SQL, a subquery...: which tables it filters is unknown
            return
        self.filtered.update(_aliases_in(node.lhs), _aliases_in(node.rhs))
        alias = getattr(node.lhs, "alias", None)
        target = getattr(node.lhs, "target", None)
        if alias is None or target is None or not top or not node.rhs_is_direct_value():
            return
        if node.lookup_name in EXACT:
            rhs = node.rhs if node.lookup_name == "in" else [node.rhs]
            values = [normalised(value) for value in rhs]
            if values and None not in values and len(values) <= MAX_VALUES:
                self.conditions[alias].append((target.column, "=", tuple(sorted(set(values)))))
        elif node.lookup_name in CONTAINS and isinstance(node.rhs, str) and node.rhs:
            self.conditions[alias].append((target.column, CONTAINS[node.lookup_name], node.rhs))

    def _propagate(self):
        """Carry ``col IN values`` across the equalities of joins: ``a.fk = b.id`` with
        ``a.fk IN (1, 2)`` restricts ``b.id`` to (1, 2) as well (and back, on inner joins)."""
        for alias in self.aliases:
            join = self.query.alias_map[alias]
            parent = join.parent_alias
            if parent is None or not _join_fields(join):
                continue
            for parent_field, child_field in _join_fields(join):
                for column, kind, values in list(self.conditions.get(parent, ())):
                    if kind == "=" and column == parent_field.column:
                        self.conditions[alias].append((child_field.column, "=", values))
                if join.join_type == INNER:
                    for column, kind, values in list(self.conditions.get(alias, ())):
                        if kind == "=" and column == child_field.column:
                            self.conditions[parent].append((parent_field.column, "=", values))

    def _narrowings(self, alias, table):
        """(priority, entry without its columns, values) for each way to narrow ``alias``."""
        candidates = []
        model_fields = TABLES[table].columns if table in TABLES else {}
        for column, kind, values in self.conditions.get(alias, ()):
            model_field = model_fields.get(column)
            if kind != "=":  # values: the text it contains
                candidates.append((3, f"{kind}{column}~{values}", ()))
            elif model_field is not None and (model_field.primary_key or model_field.unique):
                candidates.append((0, f"={column}", values))
            elif table in LINKS or (model_field is not None and model_field.many_to_one):
                candidates.append((2, f"={column}", values))
            elif model_field is not None and model_field.get_internal_type() == "BooleanField":
                candidates.append((5, f"={column}", values))
            else:
                candidates.append((4, f"={column}", values))
        if table in TABLES:
            candidates.extend(self._delegations(alias, table))
        return candidates

    def _delegations(self, alias, table):
        """Rows restricted by an inner join to a many-to-many table whose other column is
        restricted: the Actions of outcomes 1 and 2."""
        pk = TABLES[table].pk
        for link_alias in self.aliases:
            link = LINKS.get(self.query.alias_map[link_alias].table_name)
            if link is None:
                continue
            own = _joined_column(self.query, alias, pk, link_alias, link)
            if own is None:
                continue
            other = link.other(own)
            for column, kind, values in self.conditions.get(link_alias, ()):
                if kind == "=" and column == other:
                    yield (1, f"@{link.name}.{own}.{other}", values)

    def _covered(self, alias, table):
        """Whether the rows of ``alias`` that matter are exactly those the query loaded: rows
        reached by a foreign key, neither filtered nor cut by a slice. Each loaded row has its
        own tag; no other row can enter the result by changing itself."""
        if alias not in self.loaded or alias in self.filtered or self.opaque:
            return False
        if self.sliced and f'"{alias}".' in self.order_by:
            return False  # a slice of rows sorted on its columns: others may move into it
        for other in self.aliases:
            join = self.query.alias_map[other]
            for parent_field, child_field in _join_fields(join):
                if other == alias and child_field.primary_key and parent_field.is_relation:
                    return True  # joined along a foreign key to it
                if (
                    join.parent_alias == alias
                    and join.join_type == INNER
                    and parent_field.primary_key
                    and child_field.is_relation
                ):
                    return True  # only the rows that some joined row points at
        return False


def _joined_column(query, alias, pk, link_alias, link):
    """The column of ``link`` that an inner join (or a join from the link) ties to
    ``alias``'s primary key, if any."""
    link_join, join = query.alias_map[link_alias], query.alias_map[alias]
    if link_join.parent_alias == alias and link_join.join_type == INNER:
        pairs = [(p.column, c.column) for p, c in _join_fields(link_join)]
        return next((child for parent, child in pairs if parent == pk), None)
    if join.parent_alias == link_alias:
        pairs = [(p.column, c.column) for p, c in _join_fields(join)]
        return next((parent for parent, child in pairs if child == pk), None)
    return None


def _join_fields(join) -> tuple:
    """(parent's field, joined table's field) pairs of a join; none for the first table."""
    return getattr(join, "join_fields", None) or ()


def _double_quoted(compiler) -> bool:
    """Whether the database quotes names as the regular expressions above expect."""
    return compiler.connection.ops.quote_name("x") == '"x"'


def _aliases_in(expression) -> set:
    """The aliases of the columns an expression (or a list of values) refers to."""
    aliases, pending = set(), [expression]
    while pending:
        expression = pending.pop()
        alias = getattr(expression, "alias", None)
        if isinstance(alias, str):
            aliases.add(alias)
        sources = getattr(expression, "get_source_expressions", None)
        if sources is not None:
            pending.extend(source for source in sources() if source is not None)
    return aliases


def _loaded_aliases(compiler) -> set:
    """The aliases whose rows the query turns into model instances."""
    info = getattr(compiler, "klass_info", None)
    if not info or not compiler.select:
        return set()
    aliases, pending = set(), [info]
    while pending:
        info = pending.pop()
        for index in info.get("select_fields", ()):
            alias = getattr(compiler.select[index][0], "alias", None)
            if alias is not None:
                aliases.add(alias)
        pending.extend(info.get("related_klass_infos", ()))
    return aliases


def _columns(sql: str, loaded: set, sliced: bool) -> dict:
    """{alias: columns the query uses}. For aliases it loads as instances, the columns it
    selects only to show are left out, and, unless it keeps a slice, those it sorts on: a row
    outside the result cannot enter it by changing them, and the rows inside have their own
    tags."""
    select_ends = sql.find(" FROM ")
    order_starts = len(sql) if sliced else _order_by_starts(sql)
    used = defaultdict(set)
    for match in COLUMNS.finditer(sql):
        alias, column = match.groups()
        if alias in loaded and not select_ends <= match.start() < order_starts:
            continue
        used[alias].add(column)
    return used


def _order_by_starts(sql: str) -> int:
    """Where the query's own ORDER BY starts (not a subquery's); the end if it has none."""
    start = sql.rfind(" ORDER BY ")
    if start < 0:
        return len(sql)
    tail = sql[start:]
    return start if tail.count("(") >= tail.count(")") else len(sql)
