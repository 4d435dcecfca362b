"""Spreadsheet import and export in the admin: dry runs, natural keys, round trips."""

import csv
import io
import re

import openpyxl
import pytest
from django.apps import apps
from django.core.management import call_command

from actions.models import Action, Activity, Institution, Outcome, Region
from roundtables.models import Participant

from .staff import admin_url, member_of

pytestmark = pytest.mark.django_db

CSV, XLSX = "0", "1"  # the formats offered, in order


ACTION_HEADER = (
    "slug,title_en,title_fr,title_es,region,countries,status,start_date,end_date,"
    "dates_note_en,dates_note_fr,dates_note_es,thematic_area,specific_areas,"
    "requesting_institutions,beneficiary_institutions,expert_countries,"
    "expert_sectors_en,expert_sectors_fr,expert_sectors_es,summary_en,summary_fr,summary_es,"
    "objectives_en,objectives_fr,objectives_es,description_en,description_fr,description_es,"
    "results_en,results_fr,results_es,is_published"
)
GOOD_ROWS = [
    "viet-nam-i,Viet Nam I,Viet Nam I,Viet Nam I,asia,VN,completed,2014-01-01,2015-06-01,,,,"
    "legal-migration-mobility,lm-labour-migration,,,ES,,,,A summary,Un résumé,Un resumen,"
    ",,,,,,,,,1",
    "philippines-ii,The Philippines II,,,asia,PH,ongoing,2016-02-01,,,,,irregular-migration-thb,"
    "imt-trafficking-in-human-beings,dole-philippines,poea-philippines,AT;DE,,,,Another,,,"
    ",,,,,,,,,0",
]


def upload(client, label, content: bytes, name: str, file_format=CSV):
    return client.post(
        admin_url(label, "import"),
        {"format": file_format, "resource": "0", "import_file": _file(content, name)},
    )


def _file(content, name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def confirm(client, label, dry_run_response):
    form = dry_run_response.context["confirm_form"]
    return client.post(
        admin_url(label, "process_import"),
        {name: form[name].value() for name in form.fields},
        follow=True,
    )


def import_csv(client, label, lines):
    return upload(client, label, "\n".join(lines).encode(), "actions.csv")


def test_a_dry_run_shows_each_row_and_a_refused_row_writes_nothing(client, demo):
    member_of(client, "Editors")
    before = Action.objects.count()
    bad = GOOD_ROWS[1].replace("irregular-migration-thb", "no-such-area").replace(",PH,", ",PH;XX,")
    response = import_csv(client, "actions.action", [ACTION_HEADER, GOOD_ROWS[0], bad])
    html = response.content.decode()
    assert response.status_code == 200
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None
    assert (
        "Line number: 2" in html or "Row 2" in html or re.search(r"\b2\b.*no-such-area", html, re.S)
    )
    assert "No thematic area has the slug “no-such-area”." in html
    assert "Unknown country code: XX." in html
    assert [row.number for row in response.context["result"].invalid_rows] == [2]
    assert Action.objects.count() == before


def test_a_good_file_imported_twice_creates_nothing_the_second_time(client, demo):
    member_of(client, "Editors")
    before = Action.objects.count()
    dry_run = import_csv(client, "actions.action", [ACTION_HEADER, *GOOD_ROWS])
    html = dry_run.content.decode()
    assert "New" in html and Action.objects.count() == before  # a preview writes nothing
    done = confirm(client, "actions.action", dry_run)
    assert done.status_code == 200
    assert Action.objects.count() == before + 2
    created = Action.objects.get(slug="philippines-ii")
    assert [i.slug for i in created.requesting_institutions.all()] == ["dole-philippines"]
    assert {c.code for c in created.expert_countries} == {"AT", "DE"}
    assert not created.is_published and created.end_date is None
    assert created.history.earliest().history_change_reason == "Imported from a spreadsheet"
    history = sum(a.history.count() for a in Action.objects.all())

    again = import_csv(client, "actions.action", [ACTION_HEADER, *GOOD_ROWS])
    assert [row.status for row in again.context["preview"]] == ["skip", "skip"]
    assert "Unchanged" in again.content.decode()
    confirm(client, "actions.action", again)
    assert Action.objects.count() == before + 2
    assert sum(a.history.count() for a in Action.objects.all()) == history


def export(client, label, file_format=CSV, query=""):
    page = client.get(admin_url(label, "export") + query)
    form = page.context["form"]
    data = {"format": file_format, "resource": "0"}
    data.update(
        {
            name: "on"
            for name, field in form.fields.items()
            if getattr(field, "is_selectable_field", False)
        }
    )
    response = client.post(admin_url(label, "export") + query, data)
    assert response.status_code == 200, response.content[:500]
    return response


def snapshot(model, *relations):
    rows = []
    for obj in model.objects.order_by("pk"):
        values = {
            f.attname: getattr(obj, f.attname)
            for f in model._meta.concrete_fields
            if f.name != "updated_at"
        }
        for relation in relations:
            values[relation] = sorted(getattr(obj, relation).values_list("pk", flat=True))
        rows.append(values)
    return [{k: str(v) for k, v in row.items()} for row in rows]


@pytest.mark.parametrize("file_format", [CSV, XLSX])
@pytest.mark.parametrize(
    ("label", "model", "relations"),
    [
        (
            "actions.action",
            Action,
            ("specific_areas", "requesting_institutions", "beneficiary_institutions"),
        ),
        ("actions.outcome", Outcome, ("actions", "reported_at")),
        ("actions.activity", Activity, ()),
        ("actions.institution", Institution, ()),
        ("roundtables.participant", Participant, ()),
    ],
)
def test_an_export_imported_back_changes_nothing(
    client, demo, file_format, label, model, relations
):
    member_of(client, "Editors")
    before = snapshot(model, *relations)
    exported = export(client, label, file_format)
    name = "export.xlsx" if file_format == XLSX else "export.csv"
    dry_run = upload(client, label, exported.content, name, file_format)
    assert dry_run.status_code == 200
    result = dry_run.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert {row.import_type for row in result.rows} == {"skip"}, [
        row.import_type for row in result.rows
    ]
    confirm(client, label, dry_run)
    assert snapshot(model, *relations) == before


def test_export_writes_what_the_filtered_list_shows(client, demo):
    member_of(client, "Editors")
    asia = Region.objects.get(slug="asia")
    response = export(client, "actions.action", CSV, f"?region__id__exact={asia.pk}&q=awareness")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row["slug"] for row in rows] == ["the-philippines-i"]
    response = export(client, "actions.action", XLSX, "?status__exact=completed")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    slugs = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert slugs == set(Action.objects.filter(status="completed").values_list("slug", flat=True))


@pytest.mark.parametrize("label", ["actions.action", "actions.outcome", "roundtables.participant"])
def test_export_queries_do_not_grow_with_the_rows(client, demo, label):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    member_of(client, "Editors")
    export(client, label)  # warm Django's one-time lookups
    with CaptureQueriesContext(connection) as demo_size:
        export(client, label)
    call_command("generate_synthetic_data", scale=3, stdout=io.StringIO())
    with CaptureQueriesContext(connection) as larger:
        export(client, label)
    assert len(larger) == len(demo_size)


@pytest.mark.parametrize(
    "label",
    [
        "actions.action",
        "actions.activity",
        "actions.outcome",
        "actions.institution",
        "roundtables.participant",
    ],
)
def test_a_blank_template_has_an_example_row_and_the_allowed_values(client, demo, label):
    member_of(client, "Editors")
    response = client.get(admin_url(label, "import_template", "csv"))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 2 and len(rows[0]) == len(rows[1]) > 3
    xlsx = client.get(admin_url(label, "import_template", "xlsx"))
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    data, allowed = book.worksheets
    assert book.active.title == data.title and data.max_row == 2
    assert [cell.value for cell in allowed[1]] == ["Column", "Required", "Allowed values"]
    assert allowed.max_row == len(rows[0]) + 1
    page = client.get(admin_url(label, "import")).content.decode()
    assert "import-template/csv/" in page and "The columns and their allowed values" in page

    # The example row, imported unchanged, is refused with a word on why; nothing is written.
    model = apps.get_model(label)
    before = model.objects.count()
    dry_run = upload(client, label, response.content, "template.csv")
    assert "the template&#x27;s example row" in dry_run.content.decode()
    assert dry_run.context["confirm_form"] is None if "confirm_form" in dry_run.context else True
    assert model.objects.count() == before


def test_the_allowed_values_name_the_choices_and_the_slugs_a_column_accepts(client, demo):
    member_of(client, "Editors")
    xlsx = client.get(admin_url("actions.action", "import_template", "xlsx"))
    allowed = openpyxl.load_workbook(io.BytesIO(xlsx.content)).worksheets[1]
    guide = {row[0]: row[1:] for row in allowed.iter_rows(min_row=2, values_only=True)}
    assert guide["slug"][0] == "yes" and guide["title_fr"][0] == "no"
    assert "completed (Completed)" in guide["status"][1]
    assert "asia" in guide["region"][1] and "latin-america-caribbean" in guide["region"][1]
    assert "ISO 3166" in guide["countries"][1]


def test_the_dry_run_lists_every_row_with_its_status_and_each_error_beside_its_value(client, demo):
    member_of(client, "Editors")
    bad = GOOD_ROWS[1].replace("irregular-migration-thb", "no-such-area")
    exported = export(client, "actions.action", CSV, "?q=awareness").content.decode("utf-8-sig")
    (existing,) = csv.DictReader(io.StringIO(exported))
    existing["title_en"] = "The Philippines I, renamed"
    line = io.StringIO()
    csv.writer(line).writerow([existing[name] for name in ACTION_HEADER.split(",")])
    rows = [ACTION_HEADER, GOOD_ROWS[0], bad, line.getvalue().strip()]
    response = import_csv(client, "actions.action", rows)
    preview = response.context["preview"]
    assert [(row.line, row.status) for row in preview] == [
        (2, "new"),
        (3, "invalid"),
        (4, "update"),
    ]
    headers = list(response.context["result"].diff_headers)
    refused = preview[1].cells[headers.index("thematic_area")]
    assert refused.value == "no-such-area"
    assert refused.errors == ["No thematic area has the slug “no-such-area”."]
    html = response.content.decode()
    assert '<td class="has-error">no-such-area<div class="import-message">' in html
    assert 'class="import-scroll"' in html  # the table scrolls inside the page
    assert "1 row is refused" in html


def test_two_rows_for_the_same_key_are_refused_with_both_lines(client, demo):
    member_of(client, "Editors")
    before = Action.objects.count()
    twice = GOOD_ROWS[0].replace("Viet Nam I,", "Viet Nam One,", 1)
    response = import_csv(
        client, "actions.action", [ACTION_HEADER, GOOD_ROWS[0], GOOD_ROWS[1], twice]
    )
    preview = response.context["preview"]
    assert [row.status for row in preview] == ["new", "new", "invalid"]
    assert preview[2].errors == [
        "Lines 2 and 4 have the same slug (viet-nam-i): each item can appear once in a file. "
        "Keep one of the two rows."
    ]
    assert Action.objects.count() == before


def test_participants_twice_in_a_file_whatever_the_case_of_their_address(client, demo):
    member_of(client, "Moderators")
    header = "roundtable,email,name,position,institution,country,role,attribution,language"
    lines = [
        header,
        "bangkok-2018,New.Person@example.org,,Adviser,,KH,expert,anonymous,fr",
        "bangkok-2018,new.person@EXAMPLE.org,,Adviser,,KH,expert,anonymous,fr",
    ]
    response = upload(client, "roundtables.participant", "\n".join(lines).encode(), "p.csv")
    assert "Lines 2 and 3 have the same roundtable, email" in response.content.decode()


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1", "utf-8", "utf-8-sig"])
def test_csv_saved_by_excel_in_windows_1252_or_latin_1_imports_correctly(client, demo, encoding):
    member_of(client, "Editors")
    title = "Côte d’Ivoire – Réintégration" if encoding != "latin-1" else "Côte d'Ivoire Réunion"
    row = GOOD_ROWS[0].replace("Viet Nam I,Viet Nam I,Viet Nam I", f"{title},,")
    content = "\r\n".join([ACTION_HEADER, row]).encode(encoding)
    dry_run = upload(client, "actions.action", content, "excel.csv")
    assert [row.status for row in dry_run.context["preview"]] == ["new"]
    confirm(client, "actions.action", dry_run)
    assert Action.objects.get(slug="viet-nam-i").title == title


def test_participants_are_matched_on_roundtable_and_email(client, demo):
    member_of(client, "Moderators")
    header = "roundtable,email,name,position,institution,country,role,attribution,language"
    lines = [
        header,
        "bangkok-2018,Bangkok-2018.Delegate.LA@example.org,,Deputy Director,molsw-lao-pdr,LA,"
        "delegate,role,en",
        "bangkok-2018,new.person@example.org,,Adviser,,KH,expert,anonymous,fr",
        "bangkok-2018,,,Adviser,,KH,expert,anonymous,fr",
    ]
    response = upload(client, "roundtables.participant", "\n".join(lines).encode(), "p.csv")
    assert "An e-mail address is required" in response.content.decode()
    response = upload(client, "roundtables.participant", "\n".join(lines[:3]).encode(), "p.csv")
    confirm(client, "roundtables.participant", response)
    assert (
        Participant.objects.get(email="bangkok-2018.delegate.la@example.org").position
        == "Deputy Director"
    )
    assert Participant.objects.filter(email="new.person@example.org").count() == 1
