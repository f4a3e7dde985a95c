"""The stage heatmap: rows (e.g. countries) against columns (e.g. factors), coloured by stage."""

from __future__ import annotations

import math
from collections.abc import Sequence

from ._svg import (
    INK,
    MUTED,
    NOT_RATED,
    STAGE_COLOURS,
    WHITE,
    LegendItem,
    checked_stage,
    document,
    el,
    esc,
    legend,
    no_data,
    num,
    shorten,
    stage_text_colour,
    text,
    text_width,
    tooltip,
)

_CELL_WIDTH = 30.0
_CELL_HEIGHT = 24.0
_ROW_LABEL_SIZE = 11.0
_ROW_LABEL_CHARS = 30
_COLUMN_LABEL_SIZE = 10.0
_COLUMN_LABEL_CHARS = 24
_MARGIN = 8.0
_CELL_WIDTH_TEXT = num(_CELL_WIDTH)
_CELL_HEIGHT_TEXT = num(_CELL_HEIGHT)
_MIN_WIDTH = 360.0
# Column labels are turned 50° so short codes stay compact and long titles still fit.
_TILT = math.radians(50)


def heatmap(
    rows: Sequence[str],
    columns: Sequence[str],
    values: Sequence[Sequence[int | None]],
    *,
    title: str,
    chart_id: str,
    column_titles: Sequence[str] | None = None,
    printed: bool = False,
    numbers: bool = True,
) -> str:
    """The grid as an SVG string; values[r][c] is the stage of row r in column c (None: unrated).

    `printed` draws it for a PDF: no hover titles, and the cells of each stage as one path, since
    WeasyPrint spends about as long on each SVG element as on a line of text. `numbers=False`
    leaves the stage numbers out of the cells (the colours and the legend still tell them):
    WeasyPrint lays out SVG text letter by letter, which a group of 194 states cannot afford."""
    names = list(column_titles) if column_titles is not None else list(columns)
    _check(rows, columns, values, names)
    labels = [shorten(label, _COLUMN_LABEL_CHARS) for label in columns]
    label_reach = max((text_width(label, _COLUMN_LABEL_SIZE) for label in labels), default=0.0)
    left = _MARGIN + max((text_width(r, _ROW_LABEL_SIZE) for r in _row_labels(rows)), default=0)
    left += 10
    top = _MARGIN + label_reach * math.sin(_TILT) + 10
    grid_right = left + len(columns) * _CELL_WIDTH
    width = max(grid_right + label_reach * math.cos(_TILT) + _MARGIN, _MIN_WIDTH)
    bottom = top + len(rows) * _CELL_HEIGHT
    if rows and columns:
        grid = _printed_grid if printed else _grid
        body = _column_labels(labels, names, left, top, titled=not printed) + grid(
            rows, columns, values, names, left, top, numbers=numbers
        )
    else:
        body = no_data(width, bottom + 40)
        bottom += 40
    parts, legend_height = legend(
        _legend_items(values), centre_x=width / 2, top=bottom + 16, max_width=width - 16
    )
    height = bottom + 16 + legend_height
    desc = _describe(rows, names, values)
    return document(
        chart_id=chart_id, title=title, desc=desc, width=width, height=height, body=body + parts
    )


def _check(
    rows: Sequence[str],
    columns: Sequence[str],
    values: Sequence[Sequence[int | None]],
    names: Sequence[str],
) -> None:
    if len(values) != len(rows) or any(len(row) != len(columns) for row in values):
        raise ValueError("values must have one row per row label and one value per column")
    if len(names) != len(columns):
        raise ValueError("column_titles must have one title per column")


def _row_labels(rows: Sequence[str]) -> list[str]:
    return [shorten(row, _ROW_LABEL_CHARS) for row in rows]


def _column_labels(
    labels: Sequence[str], names: Sequence[str], left: float, top: float, *, titled: bool = True
) -> list[str]:
    parts = []
    for index, (label, name) in enumerate(zip(labels, names, strict=True)):
        x = left + (index + 0.5) * _CELL_WIDTH + 3
        y = top - 6
        content = tooltip(name) + esc(label) if titled and name != label else esc(label)
        parts.append(
            el(
                "text",
                content,
                x=x,
                y=y,
                font_size=_COLUMN_LABEL_SIZE,
                fill=MUTED,
                transform=f"rotate(-50 {num(x)} {num(y)})",
            )
        )
    return parts


def _grid(
    rows: Sequence[str],
    columns: Sequence[str],
    values: Sequence[Sequence[int | None]],
    names: Sequence[str],
    left: float,
    top: float,
    *,
    numbers: bool = True,
) -> list[str]:
    """Every cell, written directly: a world-wide group has thousands of cells, and going
    through the generic element builder for each one was most of the comparison page's time.
    The markup is the same as `_cell` would build: a titled group with a square and the stage."""
    xs = [num(left + c * _CELL_WIDTH) for c in range(len(columns))]
    text_xs = [num(left + c * _CELL_WIDTH + _CELL_WIDTH / 2) for c in range(len(columns))]
    captions = [
        esc(f"{columns[c]} {names[c]}" if names[c] != columns[c] else columns[c])
        for c in range(len(columns))
    ]
    states = {stage: esc(f"stage {stage}" if stage else NOT_RATED) for stage in STAGE_COLOURS}
    parts = []
    for r, (row, label) in enumerate(zip(rows, _row_labels(rows), strict=True)):
        y = top + r * _CELL_HEIGHT
        parts.append(_row_label(row, label, left - 8, y + _CELL_HEIGHT / 2 + 4))
        row_name, cell_y, text_y = esc(row), num(y), num(y + _CELL_HEIGHT / 2 + 4)
        for c, value in enumerate(values[r]):
            stage = checked_stage(value)
            number = (
                f'<text x="{text_xs[c]}" y="{text_y}" font-size="11" '
                f'fill="{stage_text_colour(stage)}" text-anchor="middle">{stage}</text>'
                if stage and numbers
                else ""
            )
            parts.append(
                f'<g data-stage="{stage}">'
                f"<title>{row_name} – {captions[c]}: {states[stage]}</title>"
                f'<rect x="{xs[c]}" y="{cell_y}" width="{_CELL_WIDTH_TEXT}" '
                f'height="{_CELL_HEIGHT_TEXT}" fill="{STAGE_COLOURS[stage]}" stroke="{WHITE}" '
                f'stroke-width="2"/>{number}</g>'
            )
    return parts


def _printed_grid(
    rows: Sequence[str],
    columns: Sequence[str],
    values: Sequence[Sequence[int | None]],
    names: Sequence[str],
    left: float,
    top: float,
    *,
    numbers: bool = True,
) -> list[str]:
    """The cells of each stage as one path of squares (inset by the white gap `_grid` strokes),
    then the row labels and the stage numbers as plain text. `names` go unused: no hover titles
    on paper."""
    squares: dict[int, list[str]] = {stage: [] for stage in STAGE_COLOURS}
    texts = []
    side, height = num(_CELL_WIDTH - 2), num(_CELL_HEIGHT - 2)
    for r, label in enumerate(_row_labels(rows)):
        y = top + r * _CELL_HEIGHT
        texts.append(
            text(left - 8, y + _CELL_HEIGHT / 2 + 4, label, size=_ROW_LABEL_SIZE, anchor="end")
        )
        for c, value in enumerate(values[r]):
            stage = checked_stage(value)
            x = left + c * _CELL_WIDTH
            squares[stage].append(f"M{num(x + 1)} {num(y + 1)}h{side}v{height}h-{side}z")
            if stage and numbers:
                texts.append(
                    text(
                        x + _CELL_WIDTH / 2,
                        y + _CELL_HEIGHT / 2 + 4,
                        str(stage),
                        size=11,
                        fill=stage_text_colour(stage),
                        anchor="middle",
                    )
                )
    paths = [
        el("path", d="".join(cells), fill=STAGE_COLOURS[stage], data_stage=stage)
        for stage, cells in squares.items()
        if cells
    ]
    return paths + texts


def _row_label(row: str, label: str, x: float, y: float) -> str:
    """A row label, with the full name as a hover title when it had to be shortened."""
    content = tooltip(row) + esc(label) if label != row else esc(label)
    return el("text", content, x=x, y=y, font_size=_ROW_LABEL_SIZE, fill=INK, text_anchor="end")


def _cell(x: float, y: float, stage: int, caption: str) -> str:
    """One cell through the element builder: the reference `_grid`'s fast path must match."""
    state = f"stage {stage}" if stage else NOT_RATED
    square = el(
        "rect",
        x=x,
        y=y,
        width=_CELL_WIDTH,
        height=_CELL_HEIGHT,
        fill=STAGE_COLOURS[stage],
        stroke=WHITE,
        stroke_width=2,
    )
    number = ""
    if stage:
        number = text(
            x + _CELL_WIDTH / 2,
            y + _CELL_HEIGHT / 2 + 4,
            str(stage),
            size=11,
            fill=stage_text_colour(stage),
            anchor="middle",
        )
    return el("g", tooltip(f"{caption}: {state}") + square + number, data_stage=stage)


def _legend_items(values: Sequence[Sequence[int | None]]) -> list[LegendItem]:
    items = [LegendItem(f"Stage {stage}", STAGE_COLOURS[stage]) for stage in range(1, 6)]
    if any(not value for row in values for value in row):
        items.append(LegendItem(NOT_RATED.capitalize(), STAGE_COLOURS[0]))
    return items


def _describe(
    rows: Sequence[str], names: Sequence[str], values: Sequence[Sequence[int | None]]
) -> str:
    """The text alternative: every row with the stage in every column."""
    sentences = []
    for row, row_values in zip(rows, values, strict=True):
        phrases = [
            f"{name} {f'stage {value}' if value else NOT_RATED}"
            for name, value in zip(names, row_values, strict=True)
        ]
        sentences.append(f"{row}: {', '.join(phrases) or 'no columns'}.")
    return " ".join(sentences) or "No rows."
