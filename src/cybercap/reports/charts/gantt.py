"""The Gantt chart: activities as bars on a time axis, grouped, coloured by status."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from ._svg import (
    EMPTY,
    GRID,
    INK,
    MUTED,
    WHITE,
    LegendItem,
    diamond,
    document,
    el,
    esc,
    legend,
    no_data,
    shorten,
    text,
    text_width,
    tooltip,
)

STATUS_COLOURS: dict[str, str] = {
    "not_started": "#b0bec5",
    "on_track": "#20a39e",
    "delayed": "#d9534f",
    "done": "#1e7b34",
    "dropped": "#9e9e9e",
}
UNKNOWN_STATUS_COLOUR = "#607d8b"
TODAY = "Today"
MILESTONE = "Milestone"
# Month names are spelled out here rather than taken from strftime, which follows the locale.
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class GanttBar:
    """One activity: its row label, the group it is listed under, its dates and status."""

    label: str
    group: str
    start: date
    end: date
    status: str
    milestone_dates: Sequence[date] = ()


_WIDTH = 860.0
_MARGIN = 10.0
_LABEL_SIZE = 11.0
_LABEL_CHARS = 36
_AXIS_HEIGHT = 26.0
_GROUP_HEIGHT = 24.0
_ROW_HEIGHT = 26.0
_BAR_HEIGHT = 14.0
_FOOTER = 20.0
_DELAYED_OUTLINE = "#a4262c"


@dataclass(frozen=True)
class _Axis:
    """Maps dates to x; the range is inclusive, so `end` takes up a whole day."""

    start: date
    end: date
    left: float
    right: float

    def x(self, day: date) -> float:
        days = (self.end - self.start).days + 1
        return self.left + (self.right - self.left) * (day - self.start).days / days

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


def gantt(
    bars: Sequence[GanttBar],
    *,
    start: date,
    end: date,
    today: date | None,
    title: str,
    chart_id: str,
) -> str:
    """The chart as an SVG string; bars are listed in the given order and clipped to start..end."""
    _check(bars, start, end)
    label_width = max((text_width(_label(bar), _LABEL_SIZE) for bar in bars), default=0.0)
    left = _MARGIN + min(max(label_width + 14, 120.0), 280.0)
    axis = _Axis(start, end, left + 8, _WIDTH - _MARGIN - 6)
    rows, rows_bottom = _rows(bars, axis)
    body = [*_time_axis(axis, rows_bottom), *rows]
    shown_today = today if today is not None and axis.contains(today) else None
    if shown_today is not None:
        body += _today_line(axis, shown_today, rows_bottom)
    parts, legend_height = legend(
        _legend_items(bars, axis, shown_today is not None),
        centre_x=_WIDTH / 2,
        top=rows_bottom + _FOOTER + 6,
        max_width=_WIDTH - 20,
    )
    height = rows_bottom + _FOOTER + 6 + legend_height
    desc = _describe(bars, start, end, today)
    return document(
        chart_id=chart_id, title=title, desc=desc, width=_WIDTH, height=height, body=body + parts
    )


def _check(bars: Sequence[GanttBar], start: date, end: date) -> None:
    if end < start:
        raise ValueError("the chart ends before it starts")
    for bar in bars:
        if bar.end < bar.start:
            raise ValueError(f"{bar.label!r} ends before it starts")


def _label(bar: GanttBar) -> str:
    return shorten(bar.label, _LABEL_CHARS)


def day_text(day: date) -> str:
    """A date for people, independent of the server's locale: 3 Mar 2027."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def status_text(status: str) -> str:
    return status.replace("_", " ")


def status_colour(status: str) -> str:
    return STATUS_COLOURS.get(status, UNKNOWN_STATUS_COLOUR)


def _rows(bars: Sequence[GanttBar], axis: _Axis) -> tuple[list[str], float]:
    """Group headers and bar rows from top to bottom; returns them and where they end."""
    parts: list[str] = []
    y = _AXIS_HEIGHT + 4
    group: str | None = None
    for bar in bars:
        if bar.group != group:
            group = bar.group
            parts += _group_header(group, y)
            y += _GROUP_HEIGHT
        parts += _bar_row(bar, axis, y)
        y += _ROW_HEIGHT
    if not bars:
        parts += no_data(_WIDTH, 2 * y + 40)
        y += 40
    return parts, y


def _group_header(group: str, y: float) -> list[str]:
    band = el("rect", x=0.0, y=y + 2, width=_WIDTH, height=_GROUP_HEIGHT - 4, fill=EMPTY)
    title = text(_MARGIN, y + _GROUP_HEIGHT / 2 + 4, shorten(group, 90), bold=True)
    return [band, title]


def _bar_row(bar: GanttBar, axis: _Axis, y: float) -> list[str]:
    label = _label(bar)
    content = tooltip(bar.label) + esc(label) if label != bar.label else esc(label)
    middle = y + _ROW_HEIGHT / 2
    parts = [
        el("text", content, x=_MARGIN + 12, y=middle + 4, font_size=_LABEL_SIZE, fill=INK),
        el("line", x1=0.0, y1=y + _ROW_HEIGHT, x2=_WIDTH, y2=y + _ROW_HEIGHT, stroke="#eceff1"),
    ]
    parts += _bar(bar, axis, middle)
    parts += [
        diamond(
            axis.x(day),
            middle,
            6,
            tooltip(f"{MILESTONE}: {day_text(day)}"),
            fill=INK,
            stroke=WHITE,
            stroke_width=1.5,
            data_milestone=day.isoformat(),
        )
        for day in sorted(bar.milestone_dates)
        if axis.contains(day)
    ]
    return parts


def _overlaps(bar: GanttBar, axis: _Axis) -> bool:
    return bar.start <= axis.end and bar.end >= axis.start


def _bar(bar: GanttBar, axis: _Axis, middle: float) -> list[str]:
    """The bar cut to the chart's range; nothing when the activity lies wholly outside it."""
    if not _overlaps(bar, axis):
        return []
    x1 = axis.x(max(bar.start, axis.start))
    x2 = axis.x(min(bar.end, axis.end) + timedelta(days=1))
    delayed = bar.status == "delayed"
    caption = f"{bar.label}: {day_text(bar.start)} – {day_text(bar.end)}, {status_text(bar.status)}"
    return [
        el(
            "rect",
            tooltip(caption),
            x=x1,
            y=middle - _BAR_HEIGHT / 2,
            width=max(x2 - x1, 2.0),
            height=_BAR_HEIGHT,
            rx=3,
            fill=status_colour(bar.status),
            stroke=_DELAYED_OUTLINE if delayed else None,
            stroke_width=2.5 if delayed else None,
            data_status=bar.status,
        )
    ]


def _time_axis(axis: _Axis, bottom: float) -> list[str]:
    """Tick labels along the top and light gridlines through the rows at labelled ticks."""
    parts = [el("line", x1=axis.left, y1=_AXIS_HEIGHT, x2=axis.right, y2=_AXIS_HEIGHT, stroke=GRID)]
    for day, label in _ticks(axis):
        x = axis.x(day)
        if label:
            parts.append(el("line", x1=x, y1=_AXIS_HEIGHT - 6, x2=x, y2=bottom, stroke="#e3e8eb"))
            parts.append(text(x + 3, _AXIS_HEIGHT - 8, label, size=10, fill=MUTED))
        else:
            parts.append(el("line", x1=x, y1=_AXIS_HEIGHT - 3, x2=x, y2=_AXIS_HEIGHT, stroke=GRID))
    return parts


def _ticks(axis: _Axis) -> list[tuple[date, str]]:
    """Month ticks (years when the range is over three years), labelled as often as they fit."""
    by_year = (axis.end - axis.start).days > 3 * 366
    ticks = _year_starts(axis) if by_year else _month_starts(axis)
    sample = "2027" if by_year else "Sep 2027"
    per_unit = (axis.right - axis.left) * (365.25 if by_year else 30.44)
    per_unit /= (axis.end - axis.start).days + 1
    steps = (1, 2, 5, 10, 20) if by_year else (1, 2, 3, 6, 12)
    needed = text_width(sample, 10) + 12
    step = next((s for s in steps if s * per_unit >= needed), steps[-1])
    return [
        (day, _tick_label(day, by_year) if _unit_index(day, by_year) % step == 0 else "")
        for day in ticks
    ]


def _unit_index(day: date, by_year: bool) -> int:
    return day.year if by_year else day.month - 1


def _tick_label(day: date, by_year: bool) -> str:
    return str(day.year) if by_year else f"{MONTHS[day.month - 1]} {day.year}"


def _month_starts(axis: _Axis) -> list[date]:
    day = date(axis.start.year, axis.start.month, 1)
    days = []
    while day <= axis.end:
        if day >= axis.start:
            days.append(day)
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return days


def _year_starts(axis: _Axis) -> list[date]:
    first = axis.start.year + (0 if axis.start == date(axis.start.year, 1, 1) else 1)
    return [date(year, 1, 1) for year in range(first, axis.end.year + 1)]


def _today_line(axis: _Axis, today: date, bottom: float) -> list[str]:
    x = axis.x(today)
    return [
        el(
            "line",
            x1=x,
            y1=_AXIS_HEIGHT,
            x2=x,
            y2=bottom + 4,
            stroke=INK,
            stroke_width=1.5,
            stroke_dasharray="4 3",
            data_today=today.isoformat(),
        ),
        text(x, bottom + 16, TODAY, size=10, anchor="middle", bold=True),
    ]


def _legend_items(bars: Sequence[GanttBar], axis: _Axis, showing_today: bool) -> list[LegendItem]:
    present = {bar.status for bar in bars if _overlaps(bar, axis)}
    ordered = [s for s in STATUS_COLOURS if s in present] + sorted(present - set(STATUS_COLOURS))
    items = [LegendItem(status_text(s).capitalize(), status_colour(s)) for s in ordered]
    if any(axis.contains(day) for bar in bars for day in bar.milestone_dates):
        items.append(LegendItem(MILESTONE, INK, "diamond"))
    if showing_today:
        items.append(LegendItem(TODAY, INK, "dashed"))
    return items


def _describe(bars: Sequence[GanttBar], start: date, end: date, today: date | None) -> str:
    """The text alternative: every activity with its dates, status and milestones."""
    sentences = [f"Timeline from {day_text(start)} to {day_text(end)}."]
    if today is not None:
        sentences.append(f"{TODAY} is {day_text(today)}.")
    group: str | None = None
    for bar in bars:
        if bar.group != group:
            group = bar.group
            sentences.append(f"{group}:")
        phrase = (
            f"{bar.label}, {day_text(bar.start)} to {day_text(bar.end)}, {status_text(bar.status)}"
        )
        if bar.milestone_dates:
            phrase += "; milestones " + ", ".join(day_text(d) for d in sorted(bar.milestone_dates))
        sentences.append(phrase + ".")
    return " ".join(sentences)
