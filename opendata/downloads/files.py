"""A dataset's files: CSV for spreadsheets, JSON for programs.

CSV: UTF-8 with a byte order mark (so that Excel reads the accents right), commas, one header
row, lines ending in CRLF (RFC 4180); a list in one cell, its items separated by the column's
delimiter; nothing for a missing value. A text that a spreadsheet would run as a formula
(starting with =, +, -, @...) gets a quote before it (``core.exports.escape_formula``).
JSON: an array of objects, one per row, keyed by the same field names; lists as arrays, a
missing value as null; texts as they are.
"""

import csv
import hashlib
import io
import json
from dataclasses import dataclass
from datetime import date, datetime

from core.exports import escape_formula

from .dictionary import Column, Dataset

CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


@dataclass(frozen=True)
class DataFile:
    content: bytes
    content_type: str
    filename: str
    last_modified: datetime | None

    @property
    def etag(self) -> str:
        return f'"{hashlib.sha256(self.content).hexdigest()[:32]}"'


def data_file(dataset: Dataset, format: str, absolute) -> DataFile:
    """``dataset`` as a file in ``format`` ("csv" or "json"); ``absolute`` makes a path of the
    site an absolute address (``request.build_absolute_uri``)."""
    write = {"csv": _csv, "json": _json}[format]
    return DataFile(
        content=write(dataset, absolute),
        content_type=CONTENT_TYPES[format],
        filename=f"mieux-{dataset.name}.{format}",
        last_modified=dataset.last_modified(),
    )


def _csv(dataset: Dataset, absolute) -> bytes:
    columns = [field.column for field in dataset.fields]
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow([field.name for field in dataset.fields])
    for values in dataset.records():
        writer.writerow(
            [_cell(column, value, absolute) for column, value in zip(columns, values, strict=True)]
        )
    return text.getvalue().encode("utf-8-sig")


def _cell(column: Column, value, absolute):
    if value is None or value == []:
        return ""
    if column.type == "list":
        value = column.delimiter.join(value)
    elif isinstance(value, date):
        value = value.isoformat()
    elif column.format == "uri":
        value = absolute(value)
    return escape_formula(value)


def _json(dataset: Dataset, absolute) -> bytes:
    names = [field.name for field in dataset.fields]
    columns = [field.column for field in dataset.fields]
    records = [
        {
            name: _value(column, value, absolute)
            for name, column, value in zip(names, columns, values, strict=True)
        }
        for values in dataset.records()
    ]
    return json.dumps(records, ensure_ascii=False, indent=1).encode()


def _value(column: Column, value, absolute):
    if value is None:
        return [] if column.type == "list" else None
    if isinstance(value, date):
        return value.isoformat()
    if column.format == "uri":
        return absolute(value)
    return value
