"""The radar (spider) chart: one polygon per series over a shared set of axes."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from ._svg import (
    GRID,
    MUTED,
    NOT_RATED,
    WHITE,
    LegendItem,
    document,
    el,
    fmt_value,
    legend,
    no_data,
    num,
    polar,
    radial_extent,
    radial_label,
    text,
    tooltip,
    wrap,
)


@dataclass(frozen=True)
class RadarSeries:
    """One polygon: a value per axis (None when not rated) drawn in `colour`."""

    label: str
    values: Sequence[float | None]
    colour: str


_RADIUS = 170.0
_LABEL_GAP = 14.0
_LABEL_SIZE = 12.0
_LABEL_CHARS = 22
_LABEL_LINES = 3
_WIDTH = 700.0
_LEGEND_GAP = 16.0
_MARGIN = 8.0


def radar(
    axes: Sequence[str],
    series: Sequence[RadarSeries],
    *,
    max_value: float,
    title: str,
    chart_id: str,
) -> str:
    """The radar chart as an SVG string; None values are drawn at 0 and called not rated."""
    _check(axes, series, max_value)
    top, bottom = _vertical_reach(axes)
    centre = (_WIDTH / 2, _MARGIN - top)
    if axes:
        body = [
            *_grid(axes, max_value, centre),
            *_series(axes, series, max_value, centre),
            *_ring_labels(ring_values(max_value), max_value, centre),
        ]
    else:
        body = no_data(_WIDTH, 2 * centre[1])
    height = centre[1] + bottom + _MARGIN
    if len(series) > 1:
        items = [LegendItem(one.label, one.colour, "line") for one in series]
        parts, legend_height = legend(
            items, centre_x=_WIDTH / 2, top=height + _LEGEND_GAP, max_width=_WIDTH - 40
        )
        body += parts
        height += _LEGEND_GAP + legend_height
    desc = _describe(axes, series, max_value)
    return document(
        chart_id=chart_id, title=title, desc=desc, width=_WIDTH, height=height, body=body
    )


def _vertical_reach(axes: Sequence[str]) -> tuple[float, float]:
    """How far the web and its axis labels reach above (negative) and below the centre."""
    corners = [-_RADIUS * math.cos(_angle(i, len(axes))) for i in range(len(axes))] or [0.0]
    extents = [(min(corners), max(corners))]
    extents += [
        radial_extent(
            len(_axis_lines(label)), _RADIUS + _LABEL_GAP, _angle(i, len(axes)), _LABEL_SIZE
        )
        for i, label in enumerate(axes)
    ]
    return min(top for top, _ in extents), max(bottom for _, bottom in extents)


def _axis_lines(label: str) -> list[str]:
    return wrap(label, _LABEL_CHARS, _LABEL_LINES)


def _check(axes: Sequence[str], series: Sequence[RadarSeries], max_value: float) -> None:
    if max_value <= 0:
        raise ValueError("max_value must be positive")
    for one in series:
        if len(one.values) != len(axes):
            raise ValueError(
                f"series {one.label!r} has {len(one.values)} values for {len(axes)} axes"
            )


def ring_values(max_value: float) -> list[float]:
    """One ring per whole unit for small integer scales (stages 1-5), else five even rings."""
    if float(max_value).is_integer() and max_value <= 10:
        return [float(value) for value in range(1, int(max_value) + 1)]
    return [max_value * step / 5 for step in range(1, 6)]


def _angle(index: int, count: int) -> float:
    return 2 * math.pi * index / count


def _polygon_points(points: Sequence[tuple[float, float]]) -> str:
    return " ".join(f"{num(x)},{num(y)}" for x, y in points)


def _grid(axes: Sequence[str], max_value: float, centre: tuple[float, float]) -> list[str]:
    parts = []
    rings = ring_values(max_value)
    for value in rings:
        radius = _RADIUS * value / max_value
        corners = [polar(*centre, radius, _angle(i, len(axes))) for i in range(len(axes))]
        outer = value == rings[-1]
        parts.append(
            el(
                "polygon",
                points=_polygon_points(corners),
                fill="#f7f9fa" if outer else "none",
                stroke="#b0bec5" if outer else GRID,
                stroke_width=1,
                data_grid=fmt_value(value),
            )
        )
    for index, label in enumerate(axes):
        angle = _angle(index, len(axes))
        end = polar(*centre, _RADIUS, angle)
        parts.append(el("line", x1=centre[0], y1=centre[1], x2=end[0], y2=end[1], stroke=GRID))
        lines = _axis_lines(label)
        point = polar(*centre, _RADIUS + _LABEL_GAP, angle)
        parts += radial_label(lines, point=point, angle=angle, size=_LABEL_SIZE)
    return parts


def _ring_labels(
    rings: Sequence[float], max_value: float, centre: tuple[float, float]
) -> list[str]:
    """Scale numbers beside the first axis, over the data on a white halo so lines crossing
    them never make them unreadable (a halo copy rather than paint-order, which not every
    renderer supports)."""
    parts = []
    for value in rings:
        x, y = centre[0] + 6, centre[1] - _RADIUS * value / max_value - 3
        label = fmt_value(value)
        parts.append(text(x, y, label, size=9, fill=WHITE, stroke=WHITE, stroke_width=3))
        parts.append(text(x, y, label, size=9, fill=MUTED))
    return parts


def _series(
    axes: Sequence[str],
    series: Sequence[RadarSeries],
    max_value: float,
    centre: tuple[float, float],
) -> list[str]:
    parts = []
    for number, one in enumerate(series):
        values = [min(max(value or 0.0, 0.0), max_value) for value in one.values]
        corners = [
            polar(*centre, _RADIUS * value / max_value, _angle(i, len(axes)))
            for i, value in enumerate(values)
        ]
        parts.append(
            el(
                "polygon",
                points=_polygon_points(corners),
                fill=one.colour,
                fill_opacity=0.14,
                stroke=one.colour,
                stroke_width=2,
                stroke_linejoin="round",
                data_series=number,
            )
        )
        parts += [_dot(one, axes[i], one.values[i], corner) for i, corner in enumerate(corners)]
    return parts


def _dot(one: RadarSeries, axis: str, value: float | None, corner: tuple[float, float]) -> str:
    shown = NOT_RATED if value is None else fmt_value(value)
    return el(
        "circle",
        tooltip(f"{one.label} – {axis}: {shown}"),
        cx=corner[0],
        cy=corner[1],
        r=3.5,
        fill=WHITE if value is None else one.colour,
        stroke=one.colour if value is None else WHITE,
        stroke_width=1.5 if value is None else 1,
    )


def _describe(axes: Sequence[str], series: Sequence[RadarSeries], max_value: float) -> str:
    """The text alternative: every series with its value on every axis."""
    sentences = [f"Scale 0 to {fmt_value(max_value)}."]
    for one in series:
        phrases = [
            f"{axis} {NOT_RATED if value is None else fmt_value(value)}"
            for axis, value in zip(axes, one.values, strict=True)
        ]
        sentences.append(f"{one.label}: {', '.join(phrases) or 'no values'}.")
    return " ".join(sentences)
