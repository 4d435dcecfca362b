"""Large spreadsheet imports: refused at upload over the limits, done in time within them,
confirmed on whichever node answers, and never a server error."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from actions.models import Action, Outcome
from actions.resources import ActionResource
from core.models import ImportUpload
from roundtables.models import Participant, RoundTable
from roundtables.resources import OutcomeResource, ParticipantResource

from .staff import admin_url, member_of

pytestmark = pytest.mark.django_db

CSV, XLSX = "0", "1"  # the formats offered, in order
REFUSED = "Split it into smaller files."


def participants(count: int, start: int = 0) -> list[dict]:
    return [
        {
            "roundtable": "bangkok-2018",
            "email": f"participant.{n}@example.org",
            "position": "Adviser",
            "country": "KH",
            "role": "expert",
            "attribution": "anonymous",
            "language": "en",
        }
        for n in range(start, start + count)
    ]


def actions(count: int) -> list[dict]:
    return [
        {
            "slug": f"bulk-action-{n}",
            "title_en": f"Bulk Action {n}",
            "title_fr": f"Action {n}",
            "region": "asia",
            "countries": "VN,LA",
            "status": "completed",
            "start_date": "2014-01-01",
            "thematic_area": "legal-migration-mobility",
            "specific_areas": "lm-labour-migration,imt-trafficking-in-human-beings",
            "requesting_institutions": "dole-philippines",
            "beneficiary_institutions": "poea-philippines,giz",
            "expert_countries": "AT",
            "summary_en": "A summary",
            "is_published": "0",
        }
        for n in range(count)
    ]


def outcomes(count: int) -> list[dict]:
    return [
        {
            "country": "LA",
            "code": f"bulk-outcome-{n}",
            "title_en": f"Bulk outcome {n}",
            "actions": "the-philippines-i",
            "kind": "policy",
            "status": "achieved",
            "description_en": "What changed.",
            "is_published": "0",
            "reported_at": "bangkok-2018,nairobi-2018",
        }
        for n in range(count)
    ]


def spreadsheet(resource, rows: list[dict], file_format=CSV) -> bytes:
    """The rows as a file with the resource's columns, as a spreadsheet would save it."""
    header = [field.column_name for field in resource().get_import_fields()]
    table = [header, *([row.get(name, "") for name in header] for row in rows)]
    if file_format == CSV:
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


def upload(client, label, content: bytes, file_format=CSV, name=None):
    name = name or ("import.xlsx" if file_format == XLSX else "import.csv")
    return client.post(
        admin_url(label, "import"),
        {"format": file_format, "resource": "0", "import_file": SimpleUploadedFile(name, content)},
    )


def confirm(client, label, dry_run):
    form = dry_run.context["confirm_form"]
    data = {name: form[name].value() for name in form.fields}
    return client.post(admin_url(label, "process_import"), data, follow=True)


def refusal(response) -> list[str]:
    """The upload form's message on the file, and what it kept of the choices made."""
    assert response.status_code == 200
    assert not response.context.get("confirm_form") and not response.context.get("result")
    form = response.context["form"]
    return form.errors.get("import_file", [])


def test_the_import_page_names_the_limits_before_any_upload(client, demo, settings):
    settings.IMPORT_MAX_ROWS, settings.IMPORT_MAX_FILE_MB = 1000, 10  # the defaults
    member_of(client, "Editors")
    page = client.get(admin_url("actions.action", "import")).content.decode()
    assert "One import takes at most 1,000 rows and 10 MB" in page


def test_a_csv_of_5000_rows_is_refused_at_upload_and_nothing_is_written(client, demo, settings):
    settings.IMPORT_MAX_ROWS = 1000  # the default
    member_of(client, "Moderators")
    before = Participant.objects.count()
    content = spreadsheet(ParticipantResource, participants(5000))
    response = upload(client, "roundtables.participant", content)
    assert refusal(response) == [
        "This file has 5,000 rows; an import takes at most 1,000. Split it into smaller files."
    ]
    assert response.context["form"]["format"].value() == CSV  # the choice is kept
    assert Participant.objects.count() == before
    assert not ImportUpload.objects.exists()


def test_an_xlsx_over_the_row_limit_is_refused_with_its_count(client, demo, settings):
    settings.IMPORT_MAX_ROWS = 20
    member_of(client, "Editors")
    before = Action.objects.count()
    content = spreadsheet(ActionResource, actions(21), XLSX)
    response = upload(client, "actions.action", content, XLSX)
    assert refusal(response) == [
        "This file has 21 rows; an import takes at most 20. Split it into smaller files."
    ]
    assert response.context["form"]["format"].value() == XLSX
    assert Action.objects.count() == before


def test_a_file_over_the_size_limit_is_refused_with_its_size(client, demo, settings):
    settings.IMPORT_MAX_FILE_MB = 1
    member_of(client, "Moderators")
    rows = participants(3)
    rows[0]["position"] = "x" * 1_600_000
    response = upload(client, "roundtables.participant", spreadsheet(ParticipantResource, rows))
    assert refusal(response) == [
        "This file is 1.5\xa0MB; an import takes at most 1 MB. Split it into smaller files."
    ]
    assert not Participant.objects.filter(email="participant.1@example.org").exists()


def test_a_workbook_that_unpacks_to_too_much_is_refused(client, demo, settings):
    settings.IMPORT_MAX_FILE_MB = 1
    member_of(client, "Editors")
    rows = actions(200)
    for row in rows:
        row["summary_en"] = row["summary_fr"] = row["summary_es"] = "x" * 8000
    content = spreadsheet(ActionResource, rows, XLSX)
    assert len(content) < 1024 * 1024  # small: the same text over and over compresses well
    errors = refusal(upload(client, "actions.action", content, XLSX))
    assert len(errors) == 1 and "of data once unpacked; an import takes at most 2.0" in errors[0]


@pytest.mark.parametrize(
    ("content", "file_format", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), CSV, "is not a CSV file"),
        (b"%PDF-1.7\n" + bytes(range(256)) * 4, CSV, "is not a CSV file"),
        (b"slug,title_en\nnot-a-workbook,Text\n", XLSX, "is not an Excel workbook"),
        (b"PK\x03\x04 a broken zip", XLSX, "is not an Excel workbook"),
        ("xlsx", CSV, "is an Excel workbook, not a CSV file: choose the format “xlsx”."),
        (b"Dear colleagues,\nplease find the list attached.\n", CSV, "names none of the columns"),
    ],
)
def test_a_file_that_is_not_a_spreadsheet_gets_a_message(
    client, demo, content, file_format, message
):
    member_of(client, "Editors")
    if content == "xlsx":
        content = spreadsheet(ActionResource, actions(2), XLSX)
    response = upload(client, "actions.action", content, file_format)
    errors = refusal(response)
    assert len(errors) == 1 and message in errors[0], errors


@pytest.mark.parametrize("file_format", [CSV, XLSX])
def test_a_file_at_the_limit_imports_every_row_with_one_version_each(
    client, demo, settings, file_format
):
    settings.IMPORT_MAX_ROWS = 40
    user = member_of(client, "Editors")
    content = spreadsheet(ActionResource, actions(40), file_format)
    dry_run = upload(client, "actions.action", content, file_format)
    assert [row.status for row in dry_run.context["preview"]] == ["new"] * 40
    assert ImportUpload.objects.count() == 1  # waiting in the database, for any node

    done = confirm(client, "actions.action", dry_run)
    assert "Import finished: 40 new" in done.content.decode()
    imported = Action.objects.filter(slug__startswith="bulk-action-")
    assert imported.count() == 40
    assert not ImportUpload.objects.exists()
    for action in imported:
        # One version, recorded once the links were written: as a save in the admin records.
        (version,) = action.history.all()
        assert version.history_type == "+" and version.history_user == user
        assert version.history_change_reason == "Imported from a spreadsheet"
        assert {area.specificarea.slug for area in version.specific_areas.all()} == {
            "lm-labour-migration",
            "imt-trafficking-in-human-beings",
        }
        assert version.beneficiary_institutions.count() == 2

    # Imported again with one change: one more version for each row, the link removed in it.
    changed = actions(40)
    for row in changed:
        row["beneficiary_institutions"] = "giz"
    content = spreadsheet(ActionResource, changed, file_format)
    again = upload(client, "actions.action", content, file_format)
    preview = again.context["preview"]
    assert {row.status for row in preview} == {"update"}
    column = list(again.context["result"].diff_headers).index("beneficiary_institutions")
    shown = str(preview[0].cells[column].value)
    assert "<del" in shown and "poea-philippines" in shown and "giz" in shown
    confirm(client, "actions.action", again)
    for action in imported:
        latest = action.history.latest("history_date")
        assert action.history.count() == 2 and latest.history_type == "~"
        assert [link.institution.slug for link in latest.beneficiary_institutions.all()] == ["giz"]
        assert [institution.slug for institution in action.beneficiary_institutions.all()] == [
            "giz"
        ]


def test_outcomes_reported_at_round_tables_give_each_round_table_one_version(client, demo):
    member_of(client, "Editors")
    bangkok = RoundTable.objects.get(slug="bangkok-2018")
    versions = bangkok.history.count()
    dry_run = upload(client, "actions.outcome", spreadsheet(OutcomeResource, outcomes(30)))
    confirm(client, "actions.outcome", dry_run)
    imported = Outcome.objects.filter(code__startswith="bulk-outcome-")
    assert imported.count() == 30
    assert bangkok.reported_outcomes.filter(code__startswith="bulk-outcome-").count() == 30
    assert bangkok.history.count() == versions + 1
    latest = bangkok.history.latest("history_date")
    assert latest.history_change_reason == "Imported from a spreadsheet"
    assert latest.reported_outcomes.filter(outcome__code__startswith="bulk-outcome-").count() == 30
    assert all(outcome.history.count() == 1 for outcome in imported)


# What each new Action row costs in statements, whatever the file's length: a savepoint and
# its release (a refused row is undone alone), the check that its slug is free, its insert.
# Its links are written for the whole file, and its version likewise, by bulk inserts sent in
# batches (on SQLite, of 999 values): a fraction of a statement per row.
STATEMENTS_PER_NEW_ACTION = 4


def test_statements_do_not_grow_faster_than_the_rows(client, demo, settings):
    member_of(client, "Editors")

    def statements(count):
        Action.objects.filter(slug__startswith="bulk-action-").delete()
        content = spreadsheet(ActionResource, actions(count))
        with CaptureQueriesContext(connection) as dry:
            dry_run = upload(client, "actions.action", content)
        with CaptureQueriesContext(connection) as confirmed:
            confirm(client, "actions.action", dry_run)
        return len(dry), len(confirmed)

    statements(2)  # Django's lookups made once per process
    small, large = statements(10), statements(30)
    for step in (0, 1):
        assert (large[step] - small[step]) / 20 < STATEMENTS_PER_NEW_ACTION + 0.5, (small, large)


@pytest.mark.parametrize("what", ["kept more than a day", "gone"])
def test_an_expired_upload_at_confirmation_gets_a_message(client, demo, what):
    member_of(client, "Moderators")
    content = spreadsheet(ParticipantResource, participants(3))
    dry_run = upload(client, "roundtables.participant", content)
    if what == "gone":
        ImportUpload.objects.all().delete()
    else:
        ImportUpload.objects.update(created_at=timezone.now() - datetime.timedelta(hours=25))
    response = confirm(client, "roundtables.participant", dry_run)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == admin_url("roundtables.participant", "import")
    assert "The uploaded file has expired or has been imported already: upload it again." in (
        response.content.decode()
    )
    imported = [f"participant.{n}@example.org" for n in (0, 1)]
    assert not Participant.objects.filter(email__in=imported).exists()


def test_uploads_never_confirmed_do_not_stay(client, demo):
    member_of(client, "Moderators")
    refused = participants(2)
    refused[1]["role"] = "no-such-role"
    dry_run = upload(client, "roundtables.participant", spreadsheet(ParticipantResource, refused))
    assert dry_run.context["result"].has_validation_errors()
    assert not ImportUpload.objects.exists()  # a refused file is never confirmed

    upload(client, "roundtables.participant", spreadsheet(ParticipantResource, participants(2)))
    ImportUpload.objects.update(created_at=timezone.now() - datetime.timedelta(hours=25))
    upload(client, "roundtables.participant", spreadsheet(ParticipantResource, participants(1)))
    assert ImportUpload.objects.count() == 1  # the next upload removed the one left a day


def test_a_confirmation_sent_twice_imports_once(client, demo):
    member_of(client, "Moderators")
    dry_run = upload(
        client, "roundtables.participant", spreadsheet(ParticipantResource, participants(3))
    )
    confirm(client, "roundtables.participant", dry_run)
    again = confirm(client, "roundtables.participant", dry_run)
    assert "has been imported already: upload it again." in again.content.decode()
    assert Participant.objects.filter(email__startswith="participant.").count() == 3


def test_a_row_refused_at_confirmation_writes_nothing(client, demo):
    member_of(client, "Moderators")
    content = spreadsheet(ParticipantResource, participants(3))
    dry_run = upload(client, "roundtables.participant", content)
    # Between the preview and the confirmation, someone adds the third one, written otherwise.
    # (An address kept as it was typed, as rows made before addresses were lower-cased are.)
    roundtable = RoundTable.objects.get(slug="bangkok-2018")
    added = Participant.objects.create(
        roundtable=roundtable, country="KH", role="expert", attribution="anonymous"
    )
    Participant.objects.filter(pk=added.pk).update(email="Participant.2@Example.org")
    response = confirm(client, "roundtables.participant", dry_run)
    assert "Nothing has been imported" in response.content.decode()
    imported = [f"participant.{n}@example.org" for n in (0, 1)]
    assert not Participant.objects.filter(email__in=imported).exists()
