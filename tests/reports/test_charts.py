"""Server-side SVG charts: valid, accessible, CSP-safe, deterministic, and drawing the real data."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cybercap.reports.charts import (
    STAGE_COLOURS,
    STATUS_COLOURS,
    GanttBar,
    RadarSeries,
    WheelDimension,
    WheelFactor,
    gantt,
    heatmap,
    radar,
    stage_wheel,
    trend,
)

SVG = "{http://www.w3.org/2000/svg}"
STAGE_NAMES = ("Start-up", "Formative", "Established", "Strategic", "Dynamic")
HOSTILE = "<script>alert('x')</script> & \"quoted\" <b>"


def parse(svg: str) -> ET.Element:
    # Parsing our own output, never untrusted input, so the stdlib parser is fine here.
    return ET.fromstring(svg)  # noqa: S314


def find_all(root: ET.Element, tag: str) -> list[ET.Element]:
    return list(root.iter(f"{SVG}{tag}"))


def visible(element: ET.Element) -> str:
    """The text an element shows, without the hover <title> it may carry."""
    return (element.text or "") + "".join(child.tail or "" for child in element)


def texts(root: ET.Element) -> list[str]:
    return [visible(element) for element in find_all(root, "text")]


def own_title(element: ET.Element) -> str:
    title = element.find(f"{SVG}title")
    assert title is not None
    return title.text or ""


def points(element: ET.Element) -> list[tuple[float, float]]:
    pairs = element.get("points", "").split()
    return [(float(x), float(y)) for x, y in (pair.split(",") for pair in pairs)]


# One small, realistic call per chart; `label` lands in the data so escaping is tested too.


def a_wheel(
    title: str = "Wheel", chart_id: str = "wheel", label: str = "Strategy", printed: bool = False
) -> str:
    dimensions = [
        WheelDimension(
            "D1",
            "Cybersecurity Policy and Strategy",
            (
                WheelFactor("D1.1", label, 3),
                WheelFactor("D1.2", "Incident Response", None),
            ),
        ),
        WheelDimension("D2", "Culture and Society", (WheelFactor("D2.1", "Mindset", 5),)),
    ]
    return stage_wheel(
        dimensions, stage_names=STAGE_NAMES, title=title, chart_id=chart_id, printed=printed
    )


def a_radar(title: str = "Radar", chart_id: str = "radar", label: str = "Policy") -> str:
    series = [
        RadarSeries("Ghana", [5, 2.5, None, 1], "#2f6f8f"),
        RadarSeries("Region", [3, 3, 3, 3], "#e07b39"),
    ]
    axes = [label, "Culture", "Knowledge", "Legal"]
    return radar(axes, series, max_value=5, title=title, chart_id=chart_id)


def a_trend(title: str = "Trend", chart_id: str = "trend", label: str = "2016") -> str:
    rounds = [(label, 1.8), ("2019", 2.2), ("2022", None), ("2025", 2.9)]
    return trend(rounds, max_value=5, title=title, chart_id=chart_id)


def a_heatmap(title: str = "Heatmap", chart_id: str = "heatmap", label: str = "Ghana") -> str:
    return heatmap(
        [label, "Kenya"],
        ["D1.1", "D1.2", "D2.1"],
        [[3, None, 5], [1, 2, 4]],
        title=title,
        chart_id=chart_id,
        column_titles=["National Strategy", "Incident Response", "Mindset"],
    )


def some_bars(label: str = "Draft strategy") -> list[GanttBar]:
    return [
        GanttBar(label, "Policy", date(2027, 3, 1), date(2027, 6, 30), "done", (date(2027, 5, 1),)),
        GanttBar("CSIRT", "Policy", date(2027, 2, 1), date(2027, 12, 31), "delayed"),
        GanttBar("Campaign", "Culture", date(2027, 9, 1), date(2028, 3, 31), "on_track"),
        GanttBar(
            "Portal",
            "Culture",
            date(2027, 1, 15),
            date(2027, 4, 30),
            "paused",
            (date(2027, 2, 1), date(2030, 1, 1)),
        ),
    ]


def a_gantt(
    title: str = "Plan",
    chart_id: str = "plan",
    label: str = "Draft strategy",
    today: date | None = date(2027, 8, 1),
) -> str:
    return gantt(
        some_bars(label),
        start=date(2027, 1, 1),
        end=date(2027, 12, 31),
        today=today,
        title=title,
        chart_id=chart_id,
    )


CHARTS: dict[str, Callable[..., str]] = {
    "wheel": a_wheel,
    "radar": a_radar,
    "trend": a_trend,
    "heatmap": a_heatmap,
    "gantt": a_gantt,
}
every_chart = pytest.mark.parametrize("draw", CHARTS.values(), ids=CHARTS.keys())


@every_chart
def test_it_is_a_scalable_svg_image(draw: Callable[..., str]) -> None:
    svg = draw()
    root = parse(svg)
    assert svg.startswith("<svg ")
    assert root.tag == f"{SVG}svg"
    assert re.fullmatch(r"0 0 \d+(\.\d+)? \d+(\.\d+)?", root.get("viewBox", ""))
    assert root.get("width") == "100%"
    assert root.get("role") == "img"
    assert root.get("font-family") == "DejaVu Sans, sans-serif"


@every_chart
def test_it_is_labelled_by_its_title_and_desc(draw: Callable[..., str]) -> None:
    root = parse(draw(title="Ghana 2024", chart_id="gh-2024"))
    title, desc = root[0], root[1]
    assert root.get("aria-labelledby") == "gh-2024-title gh-2024-desc"
    assert (title.tag, title.get("id"), title.text) == (
        f"{SVG}title",
        "gh-2024-title",
        "Ghana 2024",
    )
    assert (desc.tag, desc.get("id")) == (f"{SVG}desc", "gh-2024-desc")
    assert len(desc.text or "") > 20


@every_chart
def test_it_reduces_the_chart_id_to_safe_characters(draw: Callable[..., str]) -> None:
    root = parse(draw(chart_id=' Ghana "2024" <wheel>/#1 '))
    assert root.get("aria-labelledby") == "ghana-2024-wheel-1-title ghana-2024-wheel-1-desc"


@every_chart
def test_it_has_no_styles_scripts_or_handlers(draw: Callable[..., str]) -> None:
    svg = draw(title=HOSTILE, label=HOSTILE)
    assert "style=" not in svg
    assert "<style" not in svg
    assert "<script" not in svg
    assert not re.search(r"\son\w+=", svg)


@every_chart
def test_it_escapes_hostile_text(draw: Callable[..., str]) -> None:
    svg = draw(title=HOSTILE, label=HOSTILE)
    root = parse(svg)
    assert root[0].text == HOSTILE
    assert "&lt;script&gt;" in svg
    assert "&quot;quoted&quot;" in svg
    assert not find_all(root, "b")


@every_chart
def test_it_draws_the_same_string_every_time(draw: Callable[..., str]) -> None:
    assert draw() == draw()


@every_chart
def test_it_rounds_numbers_to_two_decimals(draw: Callable[..., str]) -> None:
    assert not re.search(r"\d\.\d{3}", draw())


@given(st.text())
def test_any_title_gives_well_formed_xml(title: str) -> None:
    root = parse(a_trend(title=title))
    printable = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]", "", title)
    assert (root[0].text or "") == printable.replace("\r\n", "\n").replace("\r", "\n")


# The stage wheel


def slice_fills(root: ET.Element, code: str) -> list[str]:
    group = next(g for g in find_all(root, "g") if g.get("data-factor") == code)
    return [path.get("fill", "") for path in find_all(group, "path")]


def test_the_wheel_shades_the_rings_up_to_the_stage() -> None:
    root = parse(a_wheel())
    fills = slice_fills(root, "D1.1")
    assert len(fills) == 5
    assert fills.count(STAGE_COLOURS[3]) == 3
    assert fills[:3] == [STAGE_COLOURS[3]] * 3
    assert fills[3:] == ["#f4f6f8", "#f4f6f8"]
    assert slice_fills(root, "D2.1") == [STAGE_COLOURS[5]] * 5


def test_the_wheel_leaves_a_factor_not_rated_unshaded() -> None:
    fills = slice_fills(parse(a_wheel()), "D1.2")
    assert len(fills) == 5
    assert not set(fills) & {STAGE_COLOURS[stage] for stage in range(1, 6)}
    assert set(fills) == {"url(#wheel-unrated)"}


def test_the_wheel_gives_each_slice_a_tooltip() -> None:
    root = parse(a_wheel(label="National Cybersecurity Strategy"))
    titles = [own_title(g) for g in find_all(root, "g") if g.get("data-factor")]
    assert titles == [
        "D1.1 National Cybersecurity Strategy: 3 Established",
        "D1.2 Incident Response: not rated",
        "D2.1 Mindset: 5 Dynamic",
    ]


def test_the_wheel_describes_every_factor() -> None:
    desc = parse(a_wheel(label="National Cybersecurity Strategy"))[1].text or ""
    assert desc.startswith(
        "Cybersecurity Policy and Strategy: National Cybersecurity Strategy at stage 3 Established;"
        " Incident Response not rated."
    )
    assert "Culture and Society: Mindset at stage 5 Dynamic." in desc


def test_the_wheel_gives_dimensions_room_by_their_number_of_factors() -> None:
    root = parse(a_wheel())
    outline = next(c for c in find_all(root, "circle") if c.get("fill") == "none")
    centre_x, centre_y = float(outline.get("cx", "")), float(outline.get("cy", ""))
    starts = []
    for path in find_all(root, "path"):
        if path.get("data-ring") == "5":
            match = re.match(r"M(\S+) (\S+)", path.get("d", ""))
            assert match
            angle = math.atan2(float(match[1]) - centre_x, centre_y - float(match[2]))
            starts.append(round(math.degrees(angle) % 360))
    # Three factors share the circle clockwise from the top: D1 (two factors) takes 240°.
    assert starts == [0, 120, 240]


def test_the_wheel_labels_dimensions_factors_and_stages() -> None:
    labels = texts(parse(a_wheel()))
    assert {"D1", "D2", "D1.1", "D1.2", "D2.1"} <= set(labels)
    assert {f"{n} {name}" for n, name in enumerate(STAGE_NAMES, 1)} <= set(labels)
    assert "Not rated" in labels


def test_the_wheel_refuses_a_stage_outside_the_model() -> None:
    dimensions = [WheelDimension("D1", "Policy", (WheelFactor("D1.1", "Strategy", 6),))]
    with pytest.raises(ValueError, match="stage"):
        stage_wheel(dimensions, stage_names=STAGE_NAMES, title="t", chart_id="c")


def test_the_printed_wheel_draws_the_segments_of_each_colour_as_one_path() -> None:
    root = parse(a_wheel(printed=True))
    segments = {p.get("fill"): p.get("d", "").count("M") for p in find_all(root, "path")}
    # D1.1 at stage 3 (three shaded rings, two empty), D1.2 not rated, D2.1 at stage 5.
    assert {fill: segments.get(fill) for fill in (STAGE_COLOURS[3], "#f4f6f8")} == {
        STAGE_COLOURS[3]: 3,
        "#f4f6f8": 2,
    }
    assert segments["url(#wheel-unrated)"] == 5 and segments[STAGE_COLOURS[5]] == 5
    assert not [g for g in find_all(root, "g") if g.get("data-factor")]  # no group per slice
    assert not [t for t in find_all(root, "title") if ":" in (t.text or "")]  # no hover titles
    assert texts(root) == texts(parse(a_wheel()))  # the same labels and legend


def test_the_wheel_says_so_when_there_is_nothing_to_draw() -> None:
    root = parse(stage_wheel([], stage_names=STAGE_NAMES, title="Empty", chart_id="empty"))
    assert "No data to show" in texts(root)
    assert not find_all(root, "g")


# The radar


def series_polygon(root: ET.Element, number: int) -> ET.Element:
    return next(p for p in find_all(root, "polygon") if p.get("data-series") == str(number))


def test_the_radar_has_one_vertex_per_axis_for_each_series() -> None:
    root = parse(a_radar())
    assert len(points(series_polygon(root, 0))) == 4
    assert len(points(series_polygon(root, 1))) == 4


def test_the_radar_puts_the_maximum_on_the_outer_ring() -> None:
    root = parse(a_radar())
    outer = next(p for p in find_all(root, "polygon") if p.get("data-grid") == "5")
    ghana = points(series_polygon(root, 0))
    assert ghana[0] == points(outer)[0]


def test_the_radar_scales_values_along_the_axis_and_draws_none_at_the_centre() -> None:
    root = parse(a_radar())
    spoke = find_all(root, "line")[0]
    centre = (float(spoke.get("x1", "")), float(spoke.get("y1", "")))
    outer = points(next(p for p in find_all(root, "polygon") if p.get("data-grid") == "5"))
    radius = math.dist(centre, outer[1])
    ghana = points(series_polygon(root, 0))
    assert math.dist(centre, ghana[1]) == pytest.approx(radius / 2, abs=0.02)
    assert ghana[2] == pytest.approx(centre, abs=0.01)


def test_the_radar_draws_a_ring_per_stage_with_scale_labels() -> None:
    root = parse(a_radar())
    rings = [p.get("data-grid") for p in find_all(root, "polygon") if p.get("data-grid")]
    assert rings == ["1", "2", "3", "4", "5"]
    assert {"1", "2", "3", "4", "5"} <= set(texts(root))


def test_the_radar_calls_missing_values_not_rated() -> None:
    root = parse(a_radar())
    desc = root[1].text or ""
    assert "Ghana: Policy 5, Culture 2.5, Knowledge not rated, Legal 1." in desc
    tips = [own_title(c) for c in find_all(root, "circle")]
    assert "Ghana – Knowledge: not rated" in tips


def test_the_radar_shows_a_legend_only_for_several_series() -> None:
    assert {"Ghana", "Region"} <= set(texts(parse(a_radar())))
    alone = radar(
        ["A", "B", "C"],
        [RadarSeries("Ghana", [1, 2, 3], "#2f6f8f")],
        max_value=5,
        title="t",
        chart_id="c",
    )
    assert "Ghana" not in texts(parse(alone))


def test_the_radar_refuses_series_that_do_not_match_the_axes() -> None:
    with pytest.raises(ValueError, match="values"):
        radar(["A", "B"], [RadarSeries("X", [1], "#000")], max_value=5, title="t", chart_id="c")


# The trend sparkline


def test_the_trend_draws_a_dot_per_rated_round_higher_for_higher_values() -> None:
    root = parse(a_trend())
    dots = find_all(root, "circle")
    assert [own_title(dot) for dot in dots] == ["2016: 1.8", "2019: 2.2", "2025: 2.9"]
    heights = [float(dot.get("cy", "")) for dot in dots]
    assert heights == sorted(heights, reverse=True)
    xs = [float(dot.get("cx", "")) for dot in dots]
    assert xs == sorted(xs)


def test_the_trend_labels_every_round_and_bridges_a_missing_one() -> None:
    root = parse(a_trend())
    assert {"2016", "2019", "2022", "2025"} <= set(texts(root))
    dashed = [line for line in find_all(root, "line") if line.get("stroke-dasharray")]
    assert len(dashed) == 1
    assert "2022: not rated" in (root[1].text or "")


def test_the_trend_thins_round_labels_rather_than_overlap_them() -> None:
    rounds = [(f"Round {i} ({2010 + 2 * i})", 2.0) for i in range(10)]
    labels = texts(parse(trend(rounds, max_value=5, title="t", chart_id="c")))
    assert labels[0] == "Round 0 (2010)"
    assert 1 < len(labels) < 10
    assert set(labels) <= {label for label, _ in rounds}


def test_the_trend_uses_the_requested_size() -> None:
    root = parse(trend([("2020", 2)], max_value=5, title="t", chart_id="c", width=300, height=90))
    assert root.get("viewBox") == "0 0 300 90"


# The heatmap


def cells(root: ET.Element) -> list[ET.Element]:
    return [g for g in find_all(root, "g") if g.get("data-stage") is not None]


def test_the_heatmap_colours_one_cell_per_row_and_column_by_stage() -> None:
    found = cells(parse(a_heatmap()))
    assert len(found) == 2 * 3
    fills = [find_all(cell, "rect")[0].get("fill") for cell in found]
    assert fills == [STAGE_COLOURS[s] for s in (3, 0, 5, 1, 2, 4)]


def test_the_heatmap_prints_the_stage_in_each_rated_cell() -> None:
    numbers = [visible(t) for cell in cells(parse(a_heatmap())) for t in find_all(cell, "text")]
    assert numbers == ["3", "5", "1", "2", "4"]


def test_the_heatmap_cells_have_tooltips() -> None:
    tips = [own_title(cell) for cell in cells(parse(a_heatmap()))]
    assert tips[0] == "Ghana – D1.1 National Strategy: stage 3"
    assert tips[1] == "Ghana – D1.2 Incident Response: not rated"


def test_the_heatmap_turns_column_labels_and_lists_rows() -> None:
    root = parse(a_heatmap())
    turned = [t for t in find_all(root, "text") if "rotate" in t.get("transform", "")]
    assert [visible(t) for t in turned] == ["D1.1", "D1.2", "D2.1"]
    assert [own_title(t) for t in turned] == ["National Strategy", "Incident Response", "Mindset"]
    assert {"Ghana", "Kenya"} <= set(texts(root))


def test_the_heatmap_describes_every_cell() -> None:
    desc = parse(a_heatmap())[1].text or ""
    assert desc.startswith("Ghana: National Strategy stage 3, Incident Response not rated,")


def test_the_heatmap_grid_writes_exactly_what_the_element_builder_would() -> None:
    from cybercap.reports.charts.heatmap import _cell, _grid, _row_label, _row_labels

    rows = ['Côte d\'Ivoire <"quoted"> & co', "Kenya"]
    columns, names = ["D1.1", "D2.1"], ["Strategy & <Law>", "D2.1"]
    values = [[3, None], [5, 1]]
    expected = []
    for r, (row, label) in enumerate(zip(rows, _row_labels(rows), strict=True)):
        y = 40.5 + r * 24
        expected.append(_row_label(row, label, 100 - 8, y + 12 + 4))
        for c, value in enumerate(values[r]):
            name = f"{columns[c]} {names[c]}" if names[c] != columns[c] else columns[c]
            expected.append(_cell(100 + c * 30, y, value or 0, f"{row} – {name}"))
    assert _grid(rows, columns, values, names, 100, 40.5) == expected


def a_printed_heatmap(*, numbers: bool = True) -> ET.Element:
    return parse(
        heatmap(
            ["Ghana", "Kenya"],
            ["D1.1", "D1.2", "D2.1"],
            [[3, None, 5], [1, 3, 4]],
            title="Heatmap",
            chart_id="printed",
            column_titles=["National Strategy", "Incident Response", "Mindset"],
            printed=True,
            numbers=numbers,
        )
    )


def test_the_printed_heatmap_draws_the_cells_of_each_stage_as_one_path() -> None:
    root = a_printed_heatmap()
    paths = {p.get("data-stage"): p for p in find_all(root, "path") if p.get("data-stage")}
    assert set(paths) == {"0", "1", "3", "4", "5"}
    assert paths["3"].get("fill") == STAGE_COLOURS[3]
    assert paths["3"].get("d", "").count("M") == 2  # Ghana D1.1 and Kenya D1.2
    assert paths["0"].get("d", "").count("M") == 1  # the unrated cell
    assert not cells(root)  # no group per cell


def test_the_printed_heatmap_has_no_hover_titles_but_keeps_labels_and_numbers() -> None:
    root = a_printed_heatmap()
    assert all(t.find(f"{SVG}title") is None for t in find_all(root, "text"))
    assert {"Ghana", "Kenya", "D1.1", "D2.1"} <= set(texts(root))
    assert sorted(t for t in texts(root) if t.isdigit()) == ["1", "3", "3", "4", "5"]


def test_the_printed_heatmap_can_leave_the_numbers_out() -> None:
    root = a_printed_heatmap(numbers=False)
    assert not [t for t in texts(root) if t.isdigit()]
    assert len([p for p in find_all(root, "path") if p.get("data-stage")]) == 5


def test_the_heatmap_refuses_values_of_the_wrong_shape() -> None:
    with pytest.raises(ValueError, match="values"):
        heatmap(["A"], ["x", "y"], [[1]], title="t", chart_id="c")


# The Gantt chart


def bars_of(root: ET.Element) -> list[ET.Element]:
    return [r for r in find_all(root, "rect") if r.get("data-status")]


def test_the_gantt_draws_a_bar_per_activity_placed_by_start_date() -> None:
    root = parse(a_gantt())
    bars = bars_of(root)
    assert [b.get("data-status") for b in bars] == ["done", "delayed", "on_track", "paused"]
    x = {b.get("data-status"): float(b.get("x", "")) for b in bars}
    # Listed in the given order, placed by date: Portal (15 Jan) < CSIRT (1 Feb) < ... < Campaign.
    assert x["paused"] < x["delayed"] < x["done"] < x["on_track"]


def test_the_gantt_colours_bars_by_status_and_outlines_delays() -> None:
    bars = {b.get("data-status"): b for b in bars_of(parse(a_gantt()))}
    assert bars["done"].get("fill") == STATUS_COLOURS["done"]
    assert bars["on_track"].get("fill") == STATUS_COLOURS["on_track"]
    assert bars["paused"].get("fill") == "#607d8b"
    assert bars["delayed"].get("stroke") and float(bars["delayed"].get("stroke-width", "")) >= 2
    assert bars["done"].get("stroke") is None


def test_the_gantt_clips_bars_to_the_range() -> None:
    bars = [
        GanttBar("Longer", "G", date(2026, 6, 1), date(2028, 6, 30), "on_track"),
        GanttBar("Exact", "G", date(2027, 1, 1), date(2027, 12, 31), "done"),
        GanttBar("Later", "G", date(2030, 1, 1), date(2030, 2, 1), "delayed"),
    ]
    chart = gantt(
        bars, start=date(2027, 1, 1), end=date(2027, 12, 31), today=None, title="t", chart_id="c"
    )
    longer, exact = bars_of(parse(chart))
    assert (longer.get("x"), longer.get("width")) == (exact.get("x"), exact.get("width"))
    assert "Delayed" not in texts(parse(chart))


def test_the_gantt_marks_milestones_within_range() -> None:
    root = parse(a_gantt())
    diamonds = [p for p in find_all(root, "polygon") if p.get("data-milestone")]
    # Three milestones in all, one of them in 2030, outside the chart.
    assert [d.get("data-milestone") for d in diamonds] == ["2027-05-01", "2027-02-01"]
    assert own_title(diamonds[0]) == "Milestone: 1 May 2027"


@pytest.mark.parametrize(
    ("today", "shown"),
    [
        (date(2027, 8, 1), True),
        (date(2026, 12, 31), False),
        (date(2028, 1, 1), False),
        (None, False),
    ],
)
def test_the_gantt_draws_today_only_within_range(today: date | None, shown: bool) -> None:
    root = parse(a_gantt(today=today))
    lines = [line for line in find_all(root, "line") if line.get("data-today")]
    assert len(lines) == (1 if shown else 0)
    assert ("Today" in texts(root)) is shown


def test_the_gantt_heads_each_group_once() -> None:
    labels = texts(parse(a_gantt()))
    assert labels.count("Policy") == 1
    assert labels.count("Culture") == 1


def test_the_gantt_labels_months_or_years_by_span() -> None:
    months = texts(parse(a_gantt()))
    assert "Jan 2027" in months
    long_plan = gantt(
        some_bars(),
        start=date(2026, 1, 1),
        end=date(2030, 12, 31),
        today=None,
        title="t",
        chart_id="c",
    )
    years = texts(parse(long_plan))
    assert "2027" in years
    assert not [label for label in years if re.fullmatch(r"[A-Z][a-z]{2} \d{4}", label)]


def test_the_gantt_describes_every_activity() -> None:
    desc = parse(a_gantt())[1].text or ""
    assert "Timeline from 1 Jan 2027 to 31 Dec 2027." in desc
    assert "Today is 1 Aug 2027." in desc
    assert "Draft strategy, 1 Mar 2027 to 30 Jun 2027, done; milestones 1 May 2027." in desc


def test_the_gantt_refuses_a_range_that_ends_before_it_starts() -> None:
    with pytest.raises(ValueError, match="ends before"):
        gantt([], start=date(2027, 2, 1), end=date(2027, 1, 1), today=None, title="t", chart_id="c")
