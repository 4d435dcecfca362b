#!/usr/bin/env python
"""How long the admin's heaviest spreadsheet imports take at the row limit (not part of the tests).

Runs each import as staff do, through the admin (upload and dry run, then confirm), on a
database of its own made for the run (PostgreSQL by default, as in production; Redis for the
cache) with the demo tour loaded: Actions (33 columns, texts in three languages, three kinds
of link, and their history), outcomes (with the round-tables where they were reported,
recorded in the round-tables' history) and participants. Each file is imported twice: first
every row is new, then every row is changed, its texts rewritten and some of its links
replaced. Prints the seconds of each step (wall clock, and the CPU of this process: the
difference is mostly the database) and its SQL statements, to compare with gunicorn's
timeout (``GUNICORN_TIMEOUT``, 30 s): ``IMPORT_MAX_ROWS`` is set so that each step of the
heaviest import stays under a third of it.

    .venv/bin/python bench/imports.py [ROWS]      (default: IMPORT_MAX_ROWS)

Environment: BENCH_DATABASE_URL (the PostgreSQL server, without a database name; default
postgres://postgres@127.0.0.1:5432), or BENCH_SQLITE=1 for SQLite; CACHE_URL (default Redis
database 11); BENCH_FORMATS (default "csv xlsx"); BENCH_IMPORTS (default all three);
BENCH_WORDS, the words of each long text (default 26, about 200 characters; 110 makes a
file of a thousand Actions of about 9 MB, near ``IMPORT_MAX_FILE_MB``).
"""

import csv
import io
import os
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SERVER = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432")
if os.environ.get("BENCH_SQLITE"):
    os.environ["DATABASE_URL"] = "sqlite:////tmp/mieux_imports_bench.sqlite3"
else:
    os.environ["DATABASE_URL"] = f"{SERVER}/mieux_imports_bench"
os.environ.setdefault("CACHE_URL", "redis://127.0.0.1:6379/11")  # as in production
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mieux.settings")
os.environ["RATELIMIT_ENABLE"] = "0"

import django  # noqa: E402

django.setup()

import openpyxl  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from actions.models import Action, Institution, SpecificArea  # noqa: E402
from actions.resources import ActionResource  # noqa: E402
from roundtables.models import RoundTable  # noqa: E402
from roundtables.resources import OutcomeResource, ParticipantResource  # noqa: E402

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else settings.IMPORT_MAX_ROWS
FORMATS = os.environ.get("BENCH_FORMATS", "csv xlsx").split()
LONG_TEXT = int(os.environ.get("BENCH_WORDS", "26"))  # words of each long text
COUNTRIES = ["TH", "LA", "KH", "VN", "PH", "MX", "GT", "KE", "BJ", "SN"]
WORDS = ["migration", "labour", "policy", "data", "experts", "seminar", "national", "returns"]
WORDS += ["diaspora", "border", "asylum", "training", "handbook", "ministry", "agency", "law"]


def text(*seed, words=26) -> str:
    """A paragraph of about 200 characters (by default), as the demo tour's texts are;
    another for another seed, so that a changed text is rewritten, not touched up."""
    return " ".join(random.Random(str(seed)).choices(WORDS, k=words)).capitalize() + "."


def action_rows(rows, version):
    areas = list(SpecificArea.objects.values_list("slug", flat=True))
    institutions = list(Institution.objects.values_list("slug", flat=True))
    for n in range(rows):
        row = {
            "slug": f"bench-action-{n}",
            "region": "asia",
            "countries": f"{COUNTRIES[n % 10]},{COUNTRIES[(n + 1) % 10]}",
            "status": "completed",
            "start_date": "2014-01-01",
            "end_date": "2015-06-01",
            "thematic_area": "legal-migration-mobility",
            "specific_areas": f"{areas[n % len(areas)]},{areas[(n + version) % len(areas)]}",
            "requesting_institutions": institutions[n % len(institutions)],
            "beneficiary_institutions": institutions[(n + version) % len(institutions)],
            "expert_countries": "AT,DE",
            "is_published": "0",
        }
        for language in ("en", "fr", "es"):
            row[f"title_{language}"] = f"Bench Action {n} {version} {language}"
            row[f"expert_sectors_{language}"] = "Labour"
            row[f"summary_{language}"] = text(version, n, "summary", language)  # 300 at most
            for name in ("objectives", "description", "results"):
                row[f"{name}_{language}"] = text(version, n, name, language, words=LONG_TEXT)
        yield row


def outcome_rows(rows, version):
    actions = list(Action.objects.values_list("slug", flat=True))
    roundtables = list(RoundTable.objects.values_list("slug", flat=True))
    for n in range(rows):
        row = {
            "country": COUNTRIES[n % 10],
            "code": f"bench-outcome-{n}",
            "actions": f"{actions[n % len(actions)]},{actions[(n + version) % len(actions)]}",
            "kind": "policy",
            "status": "achieved",
            "is_published": "0",
            "reported_at": roundtables[(n + version) % len(roundtables)],
        }
        for language in ("en", "fr", "es"):
            row[f"title_{language}"] = f"Bench outcome {n} {version} {language}"
            for name in ("description", "evidence"):
                row[f"{name}_{language}"] = text(version, n, name, language, words=LONG_TEXT)
        yield row


def participant_rows(rows, version):
    roundtables = list(RoundTable.objects.values_list("slug", flat=True))
    institutions = list(Institution.objects.values_list("slug", flat=True))
    for n in range(rows):
        yield {
            "roundtable": roundtables[n % len(roundtables)],
            "email": f"bench.participant.{n}@example.org",
            "name": f"Participant {n}",
            "position": f"Adviser {version}",
            "institution": institutions[(n + version) % len(institutions)],
            "country": COUNTRIES[n % 10],
            "role": "delegate",
            "stands_for_several": "0",
            "attribution": "anonymous",
            "language": "en",
        }


IMPORTS = {
    "actions.action": (ActionResource, action_rows, {"slug__startswith": "bench-"}),
    "actions.outcome": (OutcomeResource, outcome_rows, {"code__startswith": "bench-"}),
    "roundtables.participant": (
        ParticipantResource,
        participant_rows,
        {"email__startswith": "bench."},
    ),
}


def spreadsheet(resource, rows, file_format) -> bytes:
    header = [field.column_name for field in resource().get_import_fields()]
    table = [header, *([row.get(name, "") for name in header] for row in rows)]
    if file_format == "csv":
        out = io.StringIO()
        csv.writer(out).writerows(table)
        return out.getvalue().encode()
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    for row in table:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def measured(request):
    """The response, wall-clock seconds, CPU seconds of this process, SQL statements."""
    statements = []

    def count(execute, sql, params, many, context):
        statements.append(1)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        wall, cpu = time.perf_counter(), time.process_time()
        response = request()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return response, (wall, cpu, len(statements))


def run_import(client, label, content, file_format):
    app, model = label.split(".")
    upload = io.BytesIO(content)
    upload.name = f"bench.{file_format}"
    data = {"format": {"csv": "0", "xlsx": "1"}[file_format], "resource": "0"}
    url = reverse(f"admin:{app}_{model}_import")
    dry_run, dry = measured(lambda: client.post(url, {**data, "import_file": upload}))
    form = dry_run.context and dry_run.context.get("confirm_form")
    if not form:
        errors = re.findall(
            r'class="(?:import-message|errorlist)">(?:<li>)?([^<]+)', str(dry_run.content.decode())
        )
        raise SystemExit(f"{label}: the dry run refused the file: {errors[:5]}")
    data = {name: form[name].value() for name in form.fields}
    url = reverse(f"admin:{app}_{model}_process_import")
    done, confirmed = measured(lambda: client.post(url, data))
    assert done.status_code == 302, done.status_code
    return dry, confirmed


def main():
    setup_test_environment()  # the responses' template context, to read the confirm form
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    print(f"Database: {connection.vendor} ({name}); {ROWS} rows per file")
    try:
        call_command("load_demo_data", stdout=io.StringIO())
        user = get_user_model().objects.create_superuser("bench", "bench@example.org", "x")
        client = Client()
        client.force_login(user)
        print(
            f"{'import':<34}{'format':<7}{'MB':>6}{'dry run: s':>12}{'CPU s':>7}{'SQL':>7}"
            f"{'confirm: s':>12}{'CPU s':>7}{'SQL':>7}"
        )
        chosen = os.environ.get("BENCH_IMPORTS", " ".join(IMPORTS)).split()
        for label in chosen:
            resource, rows, mine = IMPORTS[label]
            model = resource._meta.model
            for file_format in FORMATS:
                model.objects.filter(**mine).delete()
                for version, what in ((1, "new"), (2, "changed")):
                    content = spreadsheet(resource, rows(ROWS, version), file_format)
                    dry, confirmed = run_import(client, label, content, file_format)
                    assert model.objects.filter(**mine).count() == ROWS
                    print(
                        f"{f'{label} ({what})':<34}{file_format:<7}{len(content) / 2**20:>6.1f}"
                        f"{dry[0]:>12.1f}{dry[1]:>7.1f}{dry[2]:>7}"
                        f"{confirmed[0]:>12.1f}{confirmed[1]:>7.1f}{confirmed[2]:>7}",
                        flush=True,
                    )
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


if __name__ == "__main__":
    main()
