"""Tables as CSV and Excel files, with cells neutralised against formula injection."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HEADER_FILL = PatternFill("solid", fgColor="E3EEF3")


def safe_cell(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe; numbers stay."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """UTF-8 CSV with a byte-order mark, so spreadsheet programs read accents correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        writer.writerow(["" if cell is None else safe_cell(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(
    title: str, header: Sequence[str], rows: Iterable[Sequence[Any]], notes: Sequence[str] = ()
) -> bytes:
    """One-sheet workbook: notes on top, a bold frozen header, filters, sensible widths."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = safe_cell(title)[:31].replace("'", "") or "Sheet"
    for note in notes:
        sheet.append([safe_cell(note)])
    sheet.append([safe_cell(cell) for cell in header])
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
    for row in rows:
        sheet.append([safe_cell(cell) for cell in row])
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=2)
    sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(len(header))}{sheet.max_row}"
    for index, name in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(8, min(40, len(name) + 2))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
