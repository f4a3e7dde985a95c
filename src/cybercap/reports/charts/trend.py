"""The trend sparkline: one value per assessment round, e.g. the mean stage reached."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import pairwise

from ._svg import (
    GRID,
    INK,
    MUTED,
    NOT_RATED,
    STAGE_COLOURS,
    WHITE,
    document,
    el,
    fmt_value,
    no_data,
    num,
    shorten,
    text,
    text_width,
    tooltip,
)

_LINE = STAGE_COLOURS[5]
_PAD_X = 14.0
_TOP = 15.0
_LABEL_SIZE = 9.0
_BOTTOM_BAND = 16.0
# Value labels above the dots are dropped when points are closer than this.
_MIN_VALUE_SPACING = 24.0


def trend(
    points: Sequence[tuple[str, float | None]],
    *,
    max_value: float,
    title: str,
    chart_id: str,
    width: int = 240,
    height: int = 80,
) -> str:
    """A small line chart of values over rounds; None leaves a gap in the line."""
    if max_value <= 0:
        raise ValueError("max_value must be positive")
    body = _chart(points, max_value, width, height) if points else no_data(width, height)
    desc = _describe(points, max_value)
    return document(
        chart_id=chart_id, title=title, desc=desc, width=width, height=height, body=body
    )


def _x_positions(labels: Sequence[str], width: float) -> list[float]:
    """Evenly spaced rounds, inset enough for the outer labels to stay inside the chart."""
    if len(labels) == 1:
        return [width / 2]
    widest_end = max(text_width(labels[0], _LABEL_SIZE), text_width(labels[-1], _LABEL_SIZE))
    pad = min(max(_PAD_X, widest_end / 2 + 2), width / 4)
    step = (width - 2 * pad) / (len(labels) - 1)
    return [pad + index * step for index in range(len(labels))]


def _chart(
    points: Sequence[tuple[str, float | None]], max_value: float, width: float, height: float
) -> list[str]:
    xs = _x_positions([label for label, _ in points], width)
    bottom = height - _BOTTOM_BAND - 4
    spacing = xs[1] - xs[0] if len(xs) > 1 else width

    def y_of(value: float) -> float:
        return bottom - (bottom - _TOP) * min(max(value, 0.0), max_value) / max_value

    parts = [
        el("line", x1=0.0, y1=_TOP, x2=float(width), y2=_TOP, stroke="#eceff1"),
        el("line", x1=0.0, y1=bottom, x2=float(width), y2=bottom, stroke=GRID),
    ]
    parts += _lines(points, xs, y_of)
    every = _label_step([label for label, _ in points], spacing)
    shown = _value_texts([value for _, value in points])
    for index, (x, (label, value)) in enumerate(zip(xs, points, strict=True)):
        if value is not None:
            parts += _point(x, y_of(value), f"{label}: {shown[index]}", shown[index], spacing)
        if index % every == 0:
            parts.append(_x_label(x, label, height, min(spacing * every, width)))
    return parts


def _label_step(labels: Sequence[str], spacing: float) -> int:
    """Label every round when the labels fit, else every second, third... round."""
    widest = max(text_width(label, _LABEL_SIZE) for label in labels) + 4
    fallback = max(len(labels) - 1, 1)
    return next((step for step in range(1, len(labels)) if step * spacing >= widest), fallback)


def _value_texts(values: Sequence[float | None]) -> list[str]:
    """Values with one shared number of decimals, so 2 and 2.5 show as 2.0 and 2.5."""
    texts = [fmt_value(value) for value in values if value is not None]
    decimals = max((len(shown.partition(".")[2]) for shown in texts), default=0)
    return ["" if value is None else f"{round(value, 2):.{decimals}f}" for value in values]


def _lines(
    points: Sequence[tuple[str, float | None]], xs: Sequence[float], y_of: Callable[[float], float]
) -> list[str]:
    """One polyline per run of rated rounds; a thin dashed link bridges rounds not rated."""
    rated = [
        (index, x, y_of(value))
        for index, (x, (_, value)) in enumerate(zip(xs, points, strict=True))
        if value is not None
    ]
    bridges = [
        el("line", x1=x1, y1=y1, x2=x2, y2=y2, stroke=_LINE, stroke_dasharray="3 3")
        for (i1, x1, y1), (i2, x2, y2) in pairwise(rated)
        if i2 - i1 > 1
    ]
    runs: list[list[str]] = [[]]
    for x, (_, value) in zip(xs, points, strict=True):
        if value is None:
            runs.append([])
        else:
            runs[-1].append(f"{num(x)},{num(y_of(value))}")
    return bridges + [
        el(
            "polyline",
            points=" ".join(run),
            fill="none",
            stroke=_LINE,
            stroke_width=2,
            stroke_linejoin="round",
            stroke_linecap="round",
        )
        for run in runs
        if len(run) > 1
    ]


def _point(x: float, y: float, caption: str, shown: str, spacing: float) -> list[str]:
    """A dot with its hover caption, and its value above it when there is room."""
    dot = el(
        "circle",
        tooltip(caption),
        cx=x,
        cy=y,
        r=3.5,
        fill=_LINE,
        stroke=WHITE,
        stroke_width=1.5,
    )
    if spacing < _MIN_VALUE_SPACING:
        return [dot]
    return [dot, text(x, y - 6, shown, size=_LABEL_SIZE, fill=INK, anchor="middle")]


def _x_label(x: float, label: str, height: float, room: float) -> str:
    """The round's label under its dot, shortened if even thinned labels would collide."""
    chars = max(int((room - 4) / text_width("x", _LABEL_SIZE)), 2)
    return text(x, height - 4, shorten(label, chars), size=_LABEL_SIZE, fill=MUTED, anchor="middle")


def _describe(points: Sequence[tuple[str, float | None]], max_value: float) -> str:
    """The text alternative: every round with its value."""
    phrases = [
        f"{label}: {NOT_RATED if value is None else fmt_value(value)}" for label, value in points
    ]
    return f"Scale 0 to {fmt_value(max_value)}. {'; '.join(phrases) or 'No rounds'}."
