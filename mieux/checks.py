"""A database made before the apps took their present shape cannot be migrated in place."""

from django.core.checks import Error, Tags, register
from django.db import connections

# Tables that only the earlier layout made: its reflections, findings and outgoing e-mail.
EARLIER_LAYOUT = {"roundtables_reflection", "roundtables_finding", "mailer_outboundemail"}


@register(Tags.database)
def database_of_the_earlier_layout(app_configs, databases=None, **kwargs):
    """``migrate`` would add empty tables beside the old ones and leave the roles without
    their permissions: refuse, and say what to do."""
    errors = []
    for alias in databases or ():
        found = EARLIER_LAYOUT & set(connections[alias].introspection.table_names())
        if found:
            errors.append(
                Error(
                    f"The database '{alias}' was made by an earlier version of the site "
                    f"(it has {', '.join(sorted(found))}).",
                    hint="Start from a new database (for the local one: delete db.sqlite3), "
                    "then `make run` loads the demo content again.",
                    id="mieux.E001",
                )
            )
    return errors
