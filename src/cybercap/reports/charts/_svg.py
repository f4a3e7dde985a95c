"""Building blocks shared by the charts: escaping, numbers, elements, text layout and legends.

Everything is written as SVG presentation attributes because the charts are embedded inline under
a Content-Security-Policy that forbids `style` attributes, and WeasyPrint renders them in PDFs.
"""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

SVG_NS = "http://www.w3.org/2000/svg"
FONT_FAMILY = "DejaVu Sans, sans-serif"
INK = "#17232d"
MUTED = "#5b6b78"
GRID = "#cfd8dc"
EMPTY = "#f4f6f8"
WHITE = "#ffffff"
NO_DATA = "No data to show"
NOT_RATED = "not rated"

STAGE_COLOURS: dict[int, str] = {
    0: "#eceff1",
    1: "#d7dde2",
    2: "#f6d28b",
    3: "#a7d7a0",
    4: "#5fb3b3",
    5: "#2f6f8f",
}

LINE_HEIGHT = 1.25
# XML 1.0 cannot carry these even when escaped; one stray character would break the whole chart.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# DejaVu Sans is a wide face; 0.6 em per character errs on the side of leaving room.
_CHAR_EM = 0.6


def num(value: float) -> str:
    """A coordinate rounded to 2 decimals, without trailing zeros or a negative zero."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def esc(text: str) -> str:
    """Text made safe for element content and double-quoted attribute values alike."""
    return escape(_NOT_XML.sub("", str(text)), {'"': "&quot;"})


def safe_id(chart_id: str) -> str:
    """The caller's chart id reduced to [a-z0-9-], so it is always a valid, quotable id."""
    return re.sub(r"[^a-z0-9-]+", "-", chart_id.lower()).strip("-") or "chart"


def checked_stage(stage: int | None) -> int:
    """A stage as 0..5, where 0 means not rated; anything else is a caller bug."""
    if stage is None:
        return 0
    if stage not in STAGE_COLOURS:
        raise ValueError(f"stage must be 1-5 or None, not {stage!r}")
    return stage


def stage_text_colour(stage: int) -> str:
    """White reads better than ink on the two darkest stage colours."""
    return WHITE if stage >= 4 else INK


def el(tag: str, content: str = "", /, **attributes: object) -> str:
    """One element; attribute names use _ for - (font_size → font-size), None values are left out.

    `content` must already be markup or escaped text; attribute values are escaped here.
    """
    rendered = _attributes(attributes)
    if not content:
        return f"<{tag}{rendered}/>"
    return f"<{tag}{rendered}>{content}</{tag}>"


def _attributes(attributes: Mapping[str, object]) -> str:
    return "".join(
        f' {name.replace("_", "-")}="{_attribute_value(value)}"'
        for name, value in attributes.items()
        if value is not None
    )


def _attribute_value(value: object) -> str:
    if isinstance(value, float):
        return num(value)
    return esc(str(value))


def tooltip(text: str) -> str:
    """A <title> child: browsers show it on hover, screen readers skip it inside role=img."""
    return el("title", esc(text))


def text(
    x: float,
    y: float,
    content: str,
    *,
    size: float = 11,
    fill: str = INK,
    anchor: str = "start",
    bold: bool = False,
    **extra: object,
) -> str:
    """A single line of text with its baseline at y."""
    weight = "bold" if bold else None
    return el(
        "text",
        esc(content),
        x=float(x),
        y=float(y),
        font_size=size,
        font_weight=weight,
        fill=fill,
        text_anchor=anchor,
        **extra,
    )


def text_width(content: str, size: float) -> float:
    """Estimated rendered width; no font metrics are available on the server."""
    return len(content) * size * _CHAR_EM


def wrap(content: str, chars: int, max_lines: int) -> list[str]:
    """Word-wrapped lines, the last one shortened with an ellipsis if the text runs over."""
    lines = textwrap.wrap(content, chars) or [""]
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], shorten(" ".join(lines[max_lines - 1 :]), chars)]
    return lines


def shorten(content: str, chars: int) -> str:
    """The text cut to at most `chars` characters, with an ellipsis when something was cut."""
    if len(content) <= chars:
        return content
    return content[: max(chars - 1, 1)].rstrip() + "…"


def fmt_value(value: float) -> str:
    """A data value for people: 3, 2.5, 2.67."""
    return num(round(value, 2))


def polar(cx: float, cy: float, radius: float, angle: float) -> tuple[float, float]:
    """A point on a circle; angle 0 is straight up and angles grow clockwise."""
    return cx + radius * math.sin(angle), cy - radius * math.cos(angle)


def radial_label(
    lines: Sequence[str],
    *,
    point: tuple[float, float],
    angle: float,
    size: float,
    bold_first: bool = False,
    fill: str = INK,
) -> list[str]:
    """A block of lines placed outside a circle at `point`, growing away from the centre."""
    dx = math.sin(angle)
    anchor = "start" if dx > 0.3 else "end" if dx < -0.3 else "middle"
    line_height = size * LINE_HEIGHT
    top = point[1] + _block_offset(len(lines), angle, size)
    return [
        text(
            point[0],
            top + index * line_height + size * 0.95,
            line,
            size=size,
            fill=fill,
            anchor=anchor,
            bold=bold_first and index == 0,
        )
        for index, line in enumerate(lines)
    ]


def _block_offset(line_count: int, angle: float, size: float) -> float:
    """Top of a label block relative to its anchor point: above it at the top of the circle,
    below it at the bottom, centred on it at the sides."""
    height = line_count * size * LINE_HEIGHT
    return -height / 2 - math.cos(angle) * height / 2


def radial_extent(line_count: int, radius: float, angle: float, size: float) -> tuple[float, float]:
    """How far above (negative) and below the centre a radial label block reaches."""
    top = -radius * math.cos(angle) + _block_offset(line_count, angle, size)
    return top, top + line_count * size * LINE_HEIGHT


@dataclass(frozen=True)
class LegendItem:
    """One legend entry; shape is square, line, diamond or dashed."""

    label: str
    colour: str
    shape: str = "square"


_SWATCH = 12
_SWATCH_GAP = 6
_ITEM_GAP = 18


def legend(
    items: Sequence[LegendItem], *, centre_x: float, top: float, max_width: float, size: float = 11
) -> tuple[list[str], float]:
    """Legend entries flowed into centred rows; returns the elements and the height used."""
    rows = _legend_rows(items, max_width, size)
    line_height = size * 1.9
    parts: list[str] = []
    for row_index, row in enumerate(rows):
        x = centre_x - sum(width for _, width in row) / 2 + _ITEM_GAP / 2
        y = top + row_index * line_height
        for item, width in row:
            parts.append(_swatch(item, x, y))
            parts.append(text(x + _SWATCH + _SWATCH_GAP, y + size * 0.85, item.label, size=size))
            x += width
    return parts, len(rows) * line_height


def _legend_rows(
    items: Sequence[LegendItem], max_width: float, size: float
) -> list[list[tuple[LegendItem, float]]]:
    rows: list[list[tuple[LegendItem, float]]] = [[]]
    used = 0.0
    for item in items:
        width = _SWATCH + _SWATCH_GAP + text_width(item.label, size) + _ITEM_GAP
        if rows[-1] and used + width > max_width:
            rows.append([])
            used = 0.0
        rows[-1].append((item, width))
        used += width
    return rows


def _swatch(item: LegendItem, x: float, y: float) -> str:
    middle = y + _SWATCH / 2
    if item.shape == "line":
        return el("rect", x=x, y=middle - 2, width=_SWATCH, height=4.0, rx=2, fill=item.colour)
    if item.shape == "diamond":
        return diamond(x + _SWATCH / 2, middle, 6, fill=item.colour)
    if item.shape == "dashed":
        half = _SWATCH / 2
        return el(
            "line",
            x1=x + half,
            y1=y - 1.0,
            x2=x + half,
            y2=y + _SWATCH + 1.0,
            stroke=item.colour,
            stroke_width=1.5,
            stroke_dasharray="3 2",
        )
    return el("rect", x=x, y=y, width=_SWATCH, height=_SWATCH, rx=2, fill=item.colour, stroke=GRID)


def diamond(cx: float, cy: float, half: float, content: str = "", /, **attributes: object) -> str:
    """A diamond centred on (cx, cy), as used for milestones."""
    corners = [(cx, cy - half), (cx + half, cy), (cx, cy + half), (cx - half, cy)]
    points = " ".join(f"{num(x)},{num(y)}" for x, y in corners)
    return el("polygon", content, points=points, **attributes)


def document(
    *, chart_id: str, title: str, desc: str, width: float, height: float, body: Sequence[str]
) -> str:
    """The <svg> root: scalable, labelled for assistive technology by its <title> and <desc>."""
    ident = safe_id(chart_id)
    root = {
        "xmlns": SVG_NS,
        "viewBox": f"0 0 {num(width)} {num(height)}",
        "width": "100%",
        "role": "img",
        "aria_labelledby": f"{ident}-title {ident}-desc",
        "font_family": FONT_FAMILY,
    }
    opening = f"<svg{_attributes(root)}>"
    head = [el("title", esc(title), id=f"{ident}-title"), el("desc", esc(desc), id=f"{ident}-desc")]
    return "\n".join([opening, *head, *body, "</svg>"]) + "\n"


def no_data(width: float, height: float) -> list[str]:
    """The body of a chart that has nothing to draw."""
    return [text(width / 2, height / 2, NO_DATA, size=12, fill=MUTED, anchor="middle")]
