"""Reading progress updates back from the action plan workbook. Every row is checked first;
one bad row rejects the file and nothing is written."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from typing import IO, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from cybercap.strategies import services
from cybercap.strategies.exports import PROGRESS_SHEET
from cybercap.strategies.models import ActionStatus, Strategy

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
_HEADER_KEY = "action code"


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.row:
            return _("Row %(row)s, %(column)s: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        return self.message


class ImportRejected(Exception):
    def __init__(self, problems: list[RowProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class ProgressRow:
    row: int
    code: str
    reported_on: dt.date
    status: str
    progress: int
    note: str


def _status_of(value: Any) -> str | None:
    text = str(value).strip().lower()
    for choice in ActionStatus:
        if text in (choice.value, str(choice.label).lower(), choice.value.replace("_", " ")):
            return choice.value
    return None


def _date_of(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def _progress_of(value: Any) -> int | None:
    try:
        number = float(str(value).strip().rstrip("%"))
    except ValueError:
        return None
    if number != int(number) or not 0 <= number <= 100:
        return None
    return int(number)


def read_progress(upload: IO[bytes], strategy: Strategy) -> list[ProgressRow]:
    """Check the "Progress updates" sheet; raises ImportRejected listing every problem."""
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ImportRejected([RowProblem(0, "", _("The file is larger than 5 MB."))])
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise ImportRejected(
            [RowProblem(0, "", _("This is not an Excel workbook (.xlsx)."))]
        ) from None
    sheet = workbook[PROGRESS_SHEET] if PROGRESS_SHEET in workbook.sheetnames else None
    if sheet is None:
        raise ImportRejected(
            [
                RowProblem(
                    0,
                    "",
                    _(
                        "The workbook has no sheet named “%(sheet)s”; export the action plan "
                        "and fill that sheet."
                    )
                    % {"sheet": PROGRESS_SHEET},
                )
            ]
        )
    rows = list(sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 20))
    header_index = next(
        (
            index
            for index, row in enumerate(rows[:20])
            if row and str(row[0] or "").strip().lower() == _HEADER_KEY
        ),
        None,
    )
    if header_index is None:
        raise ImportRejected(
            [RowProblem(0, "", _("The sheet has no header row starting with “Action code”."))]
        )
    codes = set(strategy.actions.values_list("code", flat=True))
    today = timezone.localdate()
    problems: list[RowProblem] = []
    found: list[ProgressRow] = []
    for offset, raw in enumerate(rows[header_index + 1 :], start=header_index + 2):
        cells = list(raw or ()) + [None] * 6
        code, _title, day, status, progress, note = cells[:6]
        if all(value in (None, "") for value in (day, status, progress)):
            continue  # a row nobody filled in
        code = str(code or "").strip()
        row_problems = []
        if code not in codes:
            row_problems.append(
                RowProblem(
                    offset,
                    _("Action code"),
                    _("“%(code)s” is not an action of this strategy.") % {"code": code},
                )
            )
        reported_on = _date_of(day)
        if reported_on is None:
            row_problems.append(
                RowProblem(
                    offset,
                    _("Date"),
                    _("“%(value)s” is not a date (use YYYY-MM-DD).") % {"value": day or ""},
                )
            )
        elif reported_on > today:
            row_problems.append(RowProblem(offset, _("Date"), _("the date is in the future.")))
        chosen = _status_of(status or "")
        if chosen is None:
            row_problems.append(
                RowProblem(
                    offset,
                    _("Status"),
                    _("“%(value)s” is not a status (use one of %(allowed)s).")
                    % {"value": status or "", "allowed": ", ".join(ActionStatus.values)},
                )
            )
        percent = _progress_of(progress if progress is not None else "")
        if percent is None:
            row_problems.append(
                RowProblem(
                    offset,
                    _("Progress %"),
                    _("“%(value)s” is not a whole number from 0 to 100.")
                    % {"value": progress if progress is not None else ""},
                )
            )
        if row_problems:
            problems.extend(row_problems)
            continue
        assert reported_on is not None and chosen is not None and percent is not None
        found.append(
            ProgressRow(offset, code, reported_on, chosen, percent, str(note or "").strip())
        )
    if len(rows) > MAX_ROWS + header_index + 1:
        problems.append(
            RowProblem(0, "", _("The sheet has more than %(max)s rows.") % {"max": MAX_ROWS})
        )
    if problems:
        raise ImportRejected(problems)
    if not found:
        raise ImportRejected(
            [RowProblem(0, "", _("No filled row: give a date, status and progress."))]
        )
    return found


@transaction.atomic
def progress_import(*, by: Any, strategy: Strategy, upload: IO[bytes]) -> int:
    """Record every update of the workbook, oldest first, or none of them."""
    rows = read_progress(upload, strategy)
    actions = {a.code: a for a in strategy.actions.select_related("strategy__country")}
    for row in sorted(rows, key=lambda r: (r.reported_on, r.row)):
        try:
            services.progress_report(
                by=by,
                action=actions[row.code],
                reported_on=row.reported_on,
                status=row.status,
                progress=row.progress,
                note=row.note,
            )
        except services.StrategyError as error:
            raise ImportRejected([RowProblem(row.row, _("Action code"), str(error))]) from None
    return len(rows)
