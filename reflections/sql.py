"""The participants' busiest statements, in SQL of their own: opening a personal link, and
writing a reflection together with its history row.

Through the ORM, finding a link with its participant and round-table cost a reflection's POST
a fifth of its work, and a save four statements, the history row among them, written by
django-simple-history from a signal. Here finding a link is one statement, its columns read
from the models; a save is one statement that writes the reflection and its history row,
which copies every column the history keeps. ``services`` decides what to write, as for
every other change. No model signal is sent: an author's save never changes what the public
reads (only approved reflections are shown, which moderators decide through the ORM).
"""

from django.db import connection, transaction
from django.db.models import DEFERRED

from core.translation import in_every_language
from roundtables.models import Participant, RoundTable

from .models import Invitation, Reflection

HistoricalReflection = Reflection.history.model


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _column(model, name: str) -> str:
    return f"{_table(model)}.{connection.ops.quote_name(model._meta.get_field(name).column)}"


def _columns(fields) -> str:
    return ", ".join(connection.ops.quote_name(field.column) for field in fields)


# --- Opening a personal link -----------------------------------------------------------------


# What the participants' pages and e-mails read of a link, its participant and round-table:
# anything else is read if ever asked for, as with ``QuerySet.only()``.
READ = {
    Invitation: {"id", "participant", "created_at", "last_used_at"},
    Participant: {
        *("id", "roundtable", "name", "position", "institution", "role", "stands_for_several"),
        *("email", "attribution", "language", "country"),
    },
    RoundTable: {
        *("id", "slug", "is_published", "status", "region"),
        *("start_date", "end_date", "date_precision"),
        *in_every_language("title", "city", "approximate_date"),
    },
}
ALL_LINK_FIELDS = [
    field
    for model, names in READ.items()
    for field in model._meta.concrete_fields
    if field.name in names
]
# Each model's fields, and where each is in a row (None: not read).
IN_ROW = {
    model: (
        [field.attname for field in model._meta.concrete_fields],
        [
            ALL_LINK_FIELDS.index(field) if field in ALL_LINK_FIELDS else None
            for field in model._meta.concrete_fields
        ],
    )
    for model in READ
}

# An active link (as ``InvitationQuerySet.active`` says: not revoked, not expired), with its
# participant and round-table.
FIND_LINK = (
    "SELECT "
    + ", ".join(_column(field.model, field.name) for field in ALL_LINK_FIELDS)
    + f" FROM {_table(Invitation)}"
    + f" JOIN {_table(Participant)} ON {_column(Participant, 'id')} = "
    + _column(Invitation, "participant")
    + f" JOIN {_table(RoundTable)} ON {_column(RoundTable, 'id')} = "
    + _column(Participant, "roundtable")
    + f" WHERE {_column(Invitation, 'token_hash')} = %s"
    + f" AND {_column(Invitation, 'revoked_at')} IS NULL"
    + f" AND {_column(Invitation, 'expires_at')} > %s"
)


def _converters(column) -> list:
    """What turns the database's values of ``column`` into Python's, as the ORM does (SQLite's
    dates, say)."""
    return connection.ops.get_db_converters(column) + column.field.get_db_converters(connection)


LINK_CONVERTERS = [
    (index, column, converters)
    for index, field in enumerate(ALL_LINK_FIELDS)
    if (converters := _converters(column := field.get_col(field.model._meta.db_table)))
]


def active_invitation(token_hash: str, now) -> Invitation | None:
    """The active invitation whose token has ``token_hash``, its participant and round-table
    read with it; None if there is none."""
    with connection.cursor() as cursor:
        cursor.execute(FIND_LINK, [token_hash, now])
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row)
    for index, column, converters in LINK_CONVERTERS:
        for convert in converters:
            values[index] = convert(values[index], column, connection)
    invitation, participant, roundtable = (
        model.from_db(
            connection.alias,
            names,
            [DEFERRED if index is None else values[index] for index in indexes],
        )
        for model, (names, indexes) in IN_ROW.items()
    )
    participant.roundtable = roundtable
    invitation.participant = participant
    return invitation


# --- Writing a reflection and its history row ------------------------------------------------

# The author's saves write what they wrote and where it stands; "now" is when. A new
# reflection has nothing of the moderators' yet, a changed one keeps what they did.
CREATE = """
    INSERT INTO reflections_reflection (
        participant_id, meaning, engagement, results, benefits, language, attribution, consent,
        status, version, submitted_at, created_at, updated_at,
        public_meaning, public_engagement, public_results, public_benefits, decision_reason
    ) VALUES (
        %(participant)s, %(meaning)s, %(engagement)s, %(results)s, %(benefits)s, %(language)s,
        %(attribution)s, %(consent)s, %(status)s, %(version)s, %(submitted_at)s, %(now)s, %(now)s,
        '', '', '', '', ''
    )
    ON CONFLICT (participant_id) DO NOTHING"""
CHANGE = """
    UPDATE reflections_reflection SET
        meaning = %(meaning)s, engagement = %(engagement)s, results = %(results)s,
        benefits = %(benefits)s, language = %(language)s, attribution = %(attribution)s,
        consent = %(consent)s, status = %(status)s, version = %(version)s,
        submitted_at = %(submitted_at)s, updated_at = %(now)s
    WHERE id = %(id)s"""
# Its history row copies the row as it now is, every column that django-simple-history
# records, with when, how ("+" created, "~" changed) and by whom (a participant is nobody;
# staff logged in are themselves).
TRACKED = _columns(HistoricalReflection.tracked_fields)
RECORD = f"""
    INSERT INTO reflections_historicalreflection (
        {TRACKED}, history_date, history_type, history_user_id, history_change_reason
    )
    SELECT {TRACKED}, %(now)s, %(history_type)s, %(user)s, NULL FROM"""
# PostgreSQL writes both in one statement; SQLite, which cannot write from a WITH clause, in
# two statements of one transaction.
BOTH = {
    write: f"WITH saved AS ({write} RETURNING *), recorded AS ({RECORD} saved) SELECT id FROM saved"
    for write in (CREATE, CHANGE)
}
RECORD_ROW = f"{RECORD} reflections_reflection WHERE id = %(id)s"


REFLECTION_FIELDS = [field.attname for field in Reflection._meta.concrete_fields]
# What CREATE writes besides the values it is given.
NOTHING_DECIDED = {
    **dict.fromkeys(
        ["public_meaning", "public_engagement", "public_results", "public_benefits"], ""
    ),
    **dict.fromkeys(["decided_at", "decided_by_id"]),
    "decision_reason": "",
}


def create_with_history(values: dict, *, by=None) -> Reflection | None:
    """Insert the reflection of ``values`` (its participant, the author's fields, ``now``),
    and its first history row; the reflection, or None, writing nothing, if its participant
    has one already."""
    key = _write(CREATE, {**values, "history_type": "+"}, by)
    if key is None:
        return None
    created = {
        **values,
        **NOTHING_DECIDED,
        "id": key,
        "participant_id": values["participant"],
        "created_at": values["now"],
        "updated_at": values["now"],
    }
    return Reflection.from_db(
        connection.alias, REFLECTION_FIELDS, [created[name] for name in REFLECTION_FIELDS]
    )


def change_with_history(values: dict, *, by=None) -> None:
    """Write the author's fields of the reflection ``values["id"]``, and its history row."""
    _write(CHANGE, {**values, "history_type": "~"}, by)


def _write(write: str, values: dict, by) -> int | None:
    adapt = connection.ops.adapt_datetimefield_value
    params = {
        **values,
        "now": adapt(values["now"]),
        "submitted_at": adapt(values["submitted_at"]),
        "user": by.pk if by is not None and by.is_authenticated else None,
    }
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(BOTH[write], params)
            row = cursor.fetchone()
        else:
            with transaction.atomic():
                cursor.execute(f"{write} RETURNING id", params)
                row = cursor.fetchone()
                if row is not None:
                    cursor.execute(RECORD_ROW, {**params, "id": row[0]})
    return None if row is None else row[0]
