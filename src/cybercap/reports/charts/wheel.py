"""The stage wheel: every factor of the model as a slice, shaded ring by ring up to its stage."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from ._svg import (
    EMPTY,
    MUTED,
    NOT_RATED,
    STAGE_COLOURS,
    WHITE,
    LegendItem,
    checked_stage,
    document,
    el,
    legend,
    no_data,
    num,
    polar,
    radial_extent,
    radial_label,
    safe_id,
    tooltip,
    wrap,
)


@dataclass(frozen=True)
class WheelFactor:
    """One factor and the stage it reached; None when it was not rated."""

    code: str
    title: str
    stage: int | None


@dataclass(frozen=True)
class WheelDimension:
    """One dimension of the model with its factors, in display order."""

    code: str
    title: str
    factors: Sequence[WheelFactor]


_RINGS = 5
# The hole keeps the thin stage-1 wedges from meeting in a point where they could not be told apart.
_HOLE = 34.0
_RADIUS = 190.0
_CODE_GAP = 9.0
_CODE_SIZE = 9.5
_LABEL_GAP = 44.0
_LABEL_SIZE = 12.0
_LABEL_CHARS = 22
_LABEL_LINES = 3
_WIDTH = 780.0
_MARGIN = 8.0
_LEGEND_GAP = 22.0


@dataclass(frozen=True)
class _Sector:
    """Where one dimension sits on the wheel: its first angle and the angle of each factor."""

    dimension: WheelDimension
    start: float
    step: float

    @property
    def middle(self) -> float:
        return self.start + self.step * len(self.dimension.factors) / 2


def stage_wheel(
    dimensions: Sequence[WheelDimension],
    *,
    stage_names: Sequence[str],
    title: str,
    chart_id: str,
    printed: bool = False,
) -> str:
    """The wheel of all factors as an SVG string; stage_names[0] names stage 1.

    `printed` draws it for a PDF: no hover titles, and the ring segments of each colour as one
    path (WeasyPrint spends about as long on each SVG element as on a line of text)."""
    sectors = _sectors(dimensions)
    top, bottom = _vertical_reach(sectors)
    centre = (_WIDTH / 2, _MARGIN - top)
    unrated = f"url(#{safe_id(chart_id)}-unrated)"
    if sectors:
        body = _wheel(sectors, stage_names, centre, unrated, printed=printed)
    else:
        body = no_data(_WIDTH, 2 * centre[1])
    legend_top = centre[1] + bottom + _LEGEND_GAP
    parts, legend_height = legend(
        _legend_items(dimensions, stage_names, unrated),
        centre_x=_WIDTH / 2,
        top=legend_top,
        max_width=_WIDTH - 40,
    )
    desc = _describe(dimensions, stage_names)
    return document(
        chart_id=chart_id,
        title=title,
        desc=desc,
        width=_WIDTH,
        height=legend_top + legend_height,
        body=[_hatch_pattern(chart_id), *body, *parts],
    )


def _sectors(dimensions: Sequence[WheelDimension]) -> list[_Sector]:
    """Sectors clockwise from the top, each as wide as its share of all factors."""
    count = sum(len(dimension.factors) for dimension in dimensions)
    sectors: list[_Sector] = []
    angle = 0.0
    for dimension in dimensions:
        if dimension.factors:
            sectors.append(_Sector(dimension, angle, 2 * math.pi / count))
            angle += sectors[-1].step * len(dimension.factors)
    return sectors


def _vertical_reach(sectors: Sequence[_Sector]) -> tuple[float, float]:
    """How far the wheel and its labels reach above (negative) and below the centre."""
    codes = _RADIUS + _CODE_GAP + _CODE_SIZE * 1.5
    extents = [(-codes, codes)]
    extents += [
        radial_extent(
            len(_dimension_lines(sector.dimension)),
            _RADIUS + _LABEL_GAP,
            sector.middle,
            _LABEL_SIZE,
        )
        for sector in sectors
    ]
    return min(top for top, _ in extents), max(bottom for _, bottom in extents)


def _hatch_pattern(chart_id: str) -> str:
    """Diagonal hatching for factors that were not rated, so they differ from empty rings."""
    tile = el("rect", width=6, height=6, fill=STAGE_COLOURS[0])
    lines = el("path", d="M-1 1L1 -1M0 6L6 0M5 7L7 5", stroke="#b0bec5", stroke_width=1)
    pattern = el(
        "pattern",
        tile + lines,
        id=f"{safe_id(chart_id)}-unrated",
        width=6,
        height=6,
        patternUnits="userSpaceOnUse",
    )
    return el("defs", pattern)


def _wheel(
    sectors: Sequence[_Sector],
    stage_names: Sequence[str],
    centre: tuple[float, float],
    unrated: str,
    *,
    printed: bool,
) -> list[str]:
    slices: list[str] = []
    by_fill: dict[str, list[str]] = {}
    labels: list[str] = []
    for sector in sectors:
        labels += _dimension_label(sector.dimension, centre, sector.middle)
        for index, factor in enumerate(sector.dimension.factors):
            angles = (sector.start + index * sector.step, sector.start + (index + 1) * sector.step)
            if printed:
                for _ring, fill, path in _segments(factor, centre, angles, unrated):
                    by_fill.setdefault(fill, []).append(path)
            else:
                slices.append(_slice(factor, stage_names, centre, angles, unrated))
            labels += _factor_code(factor, centre, (angles[0] + angles[1]) / 2)
    slices += [
        el("path", d=" ".join(paths), fill=fill, stroke=WHITE, stroke_width=1)
        for fill, paths in by_fill.items()
    ]
    outline = el("circle", cx=centre[0], cy=centre[1], r=_RADIUS, fill="none", stroke="#b0bec5")
    starts = [sector.start for sector in sectors]
    separators = _separators(starts, centre) if len(starts) > 1 else []
    return [*slices, *separators, outline, *labels]


def _slice(
    factor: WheelFactor,
    stage_names: Sequence[str],
    centre: tuple[float, float],
    angles: tuple[float, float],
    unrated: str,
) -> str:
    """One factor: a group of ring segments sharing a hover title."""
    stage = checked_stage(factor.stage)
    parts = [tooltip(f"{factor.code} {factor.title}: {_stage_phrase(stage, stage_names)}")]
    parts += [
        el("path", d=path, fill=fill, stroke=WHITE, stroke_width=1, data_ring=ring)
        for ring, fill, path in _segments(factor, centre, angles, unrated)
    ]
    return el("g", "".join(parts), data_factor=factor.code, data_stage=stage)


def _segments(
    factor: WheelFactor, centre: tuple[float, float], angles: tuple[float, float], unrated: str
) -> list[tuple[int, str, str]]:
    """A factor's ring segments from the inside out: ring number, fill and path."""
    stage = checked_stage(factor.stage)
    width = (_RADIUS - _HOLE) / _RINGS
    return [
        (
            ring,
            _ring_fill(stage, ring) if stage else unrated,
            _annular_sector(centre, _HOLE + (ring - 1) * width, _HOLE + ring * width, *angles),
        )
        for ring in range(1, _RINGS + 1)
    ]


def _ring_fill(stage: int, ring: int) -> str:
    return STAGE_COLOURS[stage] if ring <= stage else EMPTY


def _annular_sector(
    centre: tuple[float, float], inner: float, outer: float, start: float, end: float
) -> str:
    """Path of a ring segment; each arc goes through its midpoint so no arc exceeds 180°."""
    middle = (start + end) / 2
    outer_points = [polar(*centre, outer, angle) for angle in (start, middle, end)]
    inner_points = [polar(*centre, inner, angle) for angle in (end, middle, start)]

    def arc(radius: float, point: tuple[float, float], sweep: int) -> str:
        return f"A{num(radius)} {num(radius)} 0 0 {sweep} {num(point[0])} {num(point[1])}"

    start_point = outer_points[0]
    return " ".join(
        [
            f"M{num(start_point[0])} {num(start_point[1])}",
            arc(outer, outer_points[1], 1),
            arc(outer, outer_points[2], 1),
            f"L{num(inner_points[0][0])} {num(inner_points[0][1])}",
            arc(inner, inner_points[1], 0),
            arc(inner, inner_points[2], 0),
            "Z",
        ]
    )


def _separators(boundaries: Sequence[float], centre: tuple[float, float]) -> list[str]:
    """Wide white spokes between dimensions, so each dimension reads as one block."""
    lines = []
    for angle in boundaries:
        x1, y1 = polar(*centre, _HOLE - 2, angle)
        x2, y2 = polar(*centre, _RADIUS + 2, angle)
        lines.append(el("line", x1=x1, y1=y1, x2=x2, y2=y2, stroke=WHITE, stroke_width=3.5))
    return lines


def _factor_code(factor: WheelFactor, centre: tuple[float, float], angle: float) -> list[str]:
    point = polar(*centre, _RADIUS + _CODE_GAP, angle)
    return radial_label([factor.code], point=point, angle=angle, size=_CODE_SIZE, fill=MUTED)


def _dimension_label(
    dimension: WheelDimension, centre: tuple[float, float], angle: float
) -> list[str]:
    point = polar(*centre, _RADIUS + _LABEL_GAP, angle)
    lines = _dimension_lines(dimension)
    return radial_label(lines, point=point, angle=angle, size=_LABEL_SIZE, bold_first=True)


def _dimension_lines(dimension: WheelDimension) -> list[str]:
    return [dimension.code, *wrap(dimension.title, _LABEL_CHARS, _LABEL_LINES)]


def _stage_phrase(stage: int | None, stage_names: Sequence[str]) -> str:
    if not stage:
        return NOT_RATED
    return f"{stage} {stage_names[stage - 1]}" if stage <= len(stage_names) else str(stage)


def _legend_items(
    dimensions: Sequence[WheelDimension], stage_names: Sequence[str], unrated: str
) -> list[LegendItem]:
    items = [
        LegendItem(_stage_phrase(stage, stage_names), STAGE_COLOURS[stage])
        for stage in range(1, _RINGS + 1)
    ]
    factors = [factor for dimension in dimensions for factor in dimension.factors]
    if any(not factor.stage for factor in factors):
        items.append(LegendItem(NOT_RATED.capitalize(), unrated))
    return items


def _describe(dimensions: Sequence[WheelDimension], stage_names: Sequence[str]) -> str:
    """The text alternative: every factor with its stage, dimension by dimension."""
    sentences = []
    for dimension in dimensions:
        phrases = [
            f"{factor.title} at stage {_stage_phrase(factor.stage, stage_names)}"
            if factor.stage
            else f"{factor.title} {NOT_RATED}"
            for factor in dimension.factors
        ]
        sentences.append(f"{dimension.title}: {'; '.join(phrases) or 'no factors'}.")
    return " ".join(sentences) or "No factors."
