"""The admin's spreadsheet imports: what a file may hold, where it waits, how its rows are shown.

An import runs inside a web request, twice (the dry run, then the confirmation), and the
server gives a request ``GUNICORN_TIMEOUT`` seconds. So a file is refused at upload, before
anything is read into the import, when it is larger than ``IMPORT_MAX_FILE_MB`` or has more
rows than ``IMPORT_MAX_ROWS`` (set from what the heaviest import does in well under the
timeout: ``bench/imports.py``), or when it is not a spreadsheet of the format chosen. Between
the dry run and the confirmation the file waits in the database, which every application
node shares (``UploadStorage``); a confirmation whose file has gone says so.
"""

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass
from uuid import uuid4
from xml.etree import ElementTree

import openpyxl
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.forms import ImportForm
from import_export.tmp_storages import BaseStorage

from .models import ImportUpload
from .resources import decode_text

MEGABYTE = 1024 * 1024
UPLOAD_KEPT = datetime.timedelta(days=1)  # how long a file waits for its confirmation
# An XLSX file is compressed: what it unpacks to is limited too, to this many times the limit
# of a file. A workbook holding as much as the largest CSV file unpacks to about one and a
# half times its size (the cells' markup).
UNPACKED_FACTOR = 2
_SHEET = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def limits() -> dict[str, str]:
    """The limits of one import, as the import page states them."""
    return {
        "rows": number_format(settings.IMPORT_MAX_ROWS, force_grouping=True),
        "megabytes": number_format(settings.IMPORT_MAX_FILE_MB, force_grouping=True),
    }


class Unreadable(Exception):
    """The file is not a spreadsheet of the format chosen; the message says what to do."""


@dataclass
class Sheet:
    header: list[str]
    rows: int  # the rows under the header that have a value


def read_sheet(data: bytes, file_format) -> Sheet:
    """The header and the number of rows of a file, read without building the import's
    dataset: counting rows is all a refused file costs."""
    if file_format.get_title() == "xlsx":
        return _read_xlsx(data)
    return _read_csv(data)


def _read_csv(data: bytes) -> Sheet:
    if data.startswith(b"PK\x03\x04"):
        raise Unreadable(
            _("This file is an Excel workbook, not a CSV file: choose the format “xlsx”.")
        )
    if b"\x00" in data:
        raise Unreadable(
            _(
                "This file is not a CSV file (it is not text). Save the spreadsheet as CSV, "
                "or as an Excel workbook and choose the format “xlsx”."
            )
        )
    try:
        rows = csv.reader(io.StringIO(decode_text(data)))
        header = next(rows, [])
        count = sum(1 for row in rows if any(cell.strip() for cell in row))
    except csv.Error:
        raise Unreadable(
            _("This file cannot be read as CSV. Save the spreadsheet as CSV again.")
        ) from None
    return Sheet([cell.strip() for cell in header], count)


def _read_xlsx(data: bytes) -> Sheet:
    not_a_workbook = Unreadable(
        _(
            "This file is not an Excel workbook (xlsx). Save the spreadsheet as an Excel "
            "workbook, or as CSV and choose the format “csv”."
        )
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile:
        raise not_a_workbook from None
    most = settings.IMPORT_MAX_FILE_MB * MEGABYTE * UNPACKED_FACTOR
    if unpacked > most:
        raise Unreadable(
            _(
                "This workbook holds %(size)s of data once unpacked; an import takes at most "
                "%(limit)s. Split it into smaller files."
            )
            % {"size": filesizeformat(unpacked), "limit": filesizeformat(most)}
        )
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a zip that is not a workbook
        raise not_a_workbook from None
    try:
        sheet = book.active  # the sheet that import-export reads
        first = next(sheet.iter_rows(max_row=1, values_only=True), ())
        header = [str(value).strip() for value in first if value is not None]
        # Counted from the sheet's XML (openpyxl 3.1's reader of a read-only sheet): its
        # reading of every cell would cost as much as building the import's dataset.
        with sheet._get_source() as source:
            return Sheet(header, _rows_with_values(source) - 1 if header else 0)
    except Exception:  # a part missing or malformed
        raise not_a_workbook from None
    finally:
        book.close()


def _rows_with_values(source) -> int:
    rows = 0
    for _event, element in ElementTree.iterparse(source):
        if element.tag == f"{_SHEET}row":
            if any(
                cell.find(f"{_SHEET}v") is not None or cell.find(f"{_SHEET}is") is not None
                for cell in element
            ):
                rows += 1
            element.clear()
    return rows


class LimitedImportForm(ImportForm):
    """import-export's upload form, refusing a file over the limits or not of its format,
    with a message that says why and what to do."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.formats, self.resources = formats, resources

    def clean(self):
        cleaned = super().clean()
        upload, index = cleaned.get("import_file"), cleaned.get("format")
        if upload is None or index in (None, ""):
            return cleaned
        if upload.size > settings.IMPORT_MAX_FILE_MB * MEGABYTE:
            self.add_error("import_file", self._too_large(upload.size))
            return cleaned
        upload.seek(0)
        data = upload.read()
        upload.seek(0)
        try:
            sheet = read_sheet(data, self.formats[int(index)]())
        except Unreadable as error:
            self.add_error("import_file", str(error))
            return cleaned
        if sheet.rows > settings.IMPORT_MAX_ROWS:
            self.add_error("import_file", self._too_many(sheet.rows))
        elif sheet.header and not self._known_columns(sheet.header, cleaned):
            self.add_error(
                "import_file",
                _(
                    "The first row of this file names none of the columns of this import. "
                    "Start from the blank template, or check that this is the right file."
                ),
            )
        return cleaned

    def _too_large(self, size: int) -> str:
        return _(
            "This file is %(size)s; an import takes at most %(limit)s MB. Split it into "
            "smaller files."
        ) % {"size": filesizeformat(size), "limit": limits()["megabytes"]}

    def _too_many(self, rows: int) -> str:
        return ngettext(
            "This file has %(count)s row; an import takes at most %(limit)s. Split it into "
            "smaller files.",
            "This file has %(count)s rows; an import takes at most %(limit)s. Split it into "
            "smaller files.",
            rows,
        ) % {"count": number_format(rows, force_grouping=True), "limit": limits()["rows"]}

    def _known_columns(self, header: list[str], cleaned) -> bool:
        resource = self.resources[int(cleaned.get("resource") or 0)]()
        return bool(set(header) & {field.column_name for field in resource.get_import_fields()})


class UploadExpired(Exception):
    """The file of an import waiting for confirmation is gone (imported already, or kept too
    long)."""


class UploadStorage(BaseStorage):
    """Keeps the file of an import between its dry run and its confirmation in the database
    (django-import-export's default, a node's temporary folder, is not on the node that may
    answer the confirmation). A file is removed once imported; those never confirmed are
    removed by a later upload once ``UPLOAD_KEPT`` has passed."""

    def save(self, data):
        if isinstance(data, str):
            data = data.encode(self.encoding or "utf-8")
        ImportUpload.objects.filter(created_at__lt=timezone.now() - UPLOAD_KEPT).delete()
        self.name = uuid4().hex
        ImportUpload.objects.create(name=self.name, content=data)

    def read(self):
        content = (
            ImportUpload.objects.filter(
                name=self.name, created_at__gte=timezone.now() - UPLOAD_KEPT
            )
            .values_list("content", flat=True)
            .first()
        )
        if content is None:
            raise UploadExpired(self.name)
        content = bytes(content)
        return content if "b" in self.read_mode else content.decode(self.encoding or "utf-8")

    def remove(self):
        ImportUpload.objects.filter(name=self.name).delete()


# The dry run's rows, as the import page shows them.


@dataclass
class PreviewCell:
    value: str  # HTML: the difference for a row that would be written, else the value read
    errors: list[str]


@dataclass
class PreviewRow:
    line: int  # as the spreadsheet numbers it: the header is line 1
    status: str  # new, update, skip, invalid, error
    label: str
    cells: list[PreviewCell]
    errors: list[str]  # those of the whole row
    fields_in_error: list[str]  # the columns whose cells say what is wrong


IMPORT_STATUS = {
    "new": _("New"),
    "update": _("Update"),
    "skip": _("Unchanged"),
    "delete": _("Delete"),
    "invalid": _("Refused"),
    "error": _("Refused"),
}


def import_preview(result) -> list[PreviewRow]:
    """Every row of a dry run, in the file's order, with its status and each error beside
    the value it concerns."""
    headers = list(result.diff_headers)
    rows = []
    for index, row in enumerate(result.rows, start=1):
        by_field, general = {}, []
        if row.validation_error is not None:
            error = row.validation_error
            items = error.message_dict.items() if hasattr(error, "error_dict") else []
            for field, messages_ in items:
                if field in headers:
                    by_field[field] = messages_
                else:
                    general.extend(messages_)
            if not hasattr(error, "error_dict"):
                general.extend(error.messages)
        general.extend(str(item.error) for item in row.errors)
        if row.diff is not None and not by_field and not general:
            values = [mark_safe(html) for html in row.diff]  # escaped by import-export's diff
        else:
            values = [_cell_text(row.row_values.get(header)) for header in headers]
        rows.append(
            PreviewRow(
                line=index + 1,
                status=row.import_type,
                label=IMPORT_STATUS.get(row.import_type, row.import_type),
                cells=[
                    PreviewCell(value, by_field.get(header, []))
                    for header, value in zip(headers, values, strict=True)
                ],
                errors=general,
                fields_in_error=[header for header in headers if header in by_field],
            )
        )
    return rows


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)
