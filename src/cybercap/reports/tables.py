"""Tables as CSV and Excel files, with cells neutralised against formula injection."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

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


@dataclass(frozen=True)
class Sheet:
    """One worksheet: notes on top, then a header row and the rows."""

    title: str
    header: Sequence[str]
    rows: Iterable[Sequence[Any]]
    notes: Sequence[str] = ()
    widths: Mapping[int, int] = field(default_factory=dict)  # column (1-based) -> width
    choices: Mapping[int, Sequence[str]] = field(default_factory=dict)  # column -> allowed values


def xlsx_bytes(
    title: str, header: Sequence[str], rows: Iterable[Sequence[Any]], notes: Sequence[str] = ()
) -> bytes:
    """One-sheet workbook: notes on top, a bold frozen header, filters, sensible widths."""
    return xlsx_workbook([Sheet(title, header, rows, notes)])


def xlsx_workbook(sheets: Sequence[Sheet]) -> bytes:
    """A workbook of several sheets, each laid out as `xlsx_bytes` lays out one."""
    workbook = Workbook()
    first = workbook.active
    assert first is not None
    workbook.remove(first)
    for spec in sheets:
        _fill(workbook.create_sheet(), spec)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _fill(sheet: Worksheet, spec: Sheet) -> None:
    sheet.title = safe_cell(spec.title)[:31].replace("'", "") or "Sheet"
    for note in spec.notes:
        sheet.append([safe_cell(note)])
    sheet.append([safe_cell(cell) for cell in spec.header])
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
    for row in spec.rows:
        sheet.append([safe_cell(cell) for cell in row])
    last = get_column_letter(len(spec.header))
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=2)
    sheet.auto_filter.ref = f"A{header_row}:{last}{sheet.max_row}"
    for index, name in enumerate(spec.header, start=1):
        width = spec.widths.get(index) or max(8, min(40, len(name) + 2))
        sheet.column_dimensions[get_column_letter(index)].width = width
    for column, allowed in spec.choices.items():
        letter = get_column_letter(column)
        rule = DataValidation(type="list", formula1='"' + ",".join(allowed) + '"', allow_blank=True)
        rule.add(f"{letter}{header_row + 1}:{letter}{max(sheet.max_row, header_row + 500)}")
        sheet.add_data_validation(rule)
