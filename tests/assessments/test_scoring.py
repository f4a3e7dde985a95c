"""Scoring rules with worked examples, and properties that hold for any ratings."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cybercap.assessments.scoring import (
    ItemShape,
    ModelShape,
    NodeShape,
    ScaleValue,
    diff,
    score,
    stages_of,
)

MATURITY_SCALE = {
    "met": ScaleValue("met", 1, True),
    "partial": ScaleValue("partial", 0.5, False),
    "not_met": ScaleValue("not_met", 0, False),
}

# One dimension D with factor F (aspects A and B) and factor G (no aspects).
MODEL = ModelShape(
    kind="maturity",
    stages=(1, 2, 3, 4, 5),
    scale=MATURITY_SCALE,
    nodes=(
        NodeShape("D", None, 0),
        NodeShape("F", "D", 1),
        NodeShape("A", "F", 2),
        NodeShape("B", "F", 2),
        NodeShape("G", "D", 1),
    ),
    items=tuple(
        ItemShape(f"{node}-{stage}{letter}", node, stage)
        for node in ("A", "B", "G")
        for stage in (2, 3, 4, 5)
        for letter in ("a", "b")
    ),
)


def all_of(value: str, **overrides: str) -> dict[str, str]:
    ratings = {item.code: value for item in MODEL.items}
    ratings.update({code.replace("_", "-"): v for code, v in overrides.items()})
    return ratings


def test_nothing_met_is_the_start_up_floor():
    results = score(MODEL, all_of("not_met"))
    assert results.nodes["A"].stage == 1
    assert (results.nodes["A"].next_stage, results.nodes["A"].progress) == (2, 0.0)


def test_everything_met_is_the_top_stage_with_no_next_stage():
    results = score(MODEL, all_of("met"))
    assert results.nodes["F"].stage == 5
    assert results.nodes["F"].next_stage is None and results.nodes["F"].progress is None
    assert results.overall.coverage == 1.0


def test_an_aspect_stops_at_the_first_stage_with_an_unmet_indicator():
    # Worked example: A meets all of stage 2 and 3, half of stage 4, all of stage 5.
    ratings = all_of("met", A_4b="not_met")
    results = score(MODEL, ratings)
    assert results.nodes["A"].stage == 3
    assert results.nodes["A"].next_stage == 4
    assert results.nodes["A"].progress == 0.5  # 1 of the 2 stage-4 indicators met


def test_a_factor_is_at_the_stage_of_its_weakest_aspect():
    results = score(MODEL, all_of("met", B_3a="not_met"))
    assert results.nodes["A"].stage == 5
    assert results.nodes["B"].stage == 2
    assert results.nodes["F"].stage == 2


def test_partial_never_counts_as_met():
    results = score(MODEL, all_of("met", A_2a="partial"))
    assert results.nodes["A"].stage == 1
    assert results.overall.met == len(MODEL.items) - 1


def test_not_assessed_counts_as_not_met_and_is_reported():
    ratings = all_of("met")
    del ratings["G-2a"]
    ratings["G-2b"] = "not_assessed"
    results = score(MODEL, ratings)
    assert results.nodes["G"].stage == 1
    assert results.overall.not_assessed == 2
    assert results.nodes["G"].tally.not_assessed == 2


def test_not_applicable_items_are_left_out_of_stages_and_coverage():
    ratings = all_of("met", G_2a="not_applicable", G_2b="not_met")
    assert score(MODEL, ratings).nodes["G"].stage == 1
    ratings = all_of("met", G_2b="not_applicable")
    results = score(MODEL, ratings)
    assert results.nodes["G"].stage == 5
    assert results.nodes["G"].tally.applicable == 7
    assert results.nodes["G"].tally.coverage == 1.0


def test_a_node_with_every_item_not_applicable_has_no_stage():
    ratings = all_of("met", **{f"G_{s}{x}": "not_applicable" for s in "2345" for x in "ab"})
    results = score(MODEL, ratings)
    assert results.nodes["G"].stage is None
    assert results.nodes["G"].tally.coverage is None


def test_dimension_summary_counts_factor_stages_and_their_mean():
    results = score(MODEL, all_of("met", B_3a="not_met"))  # F at 2, G at 5
    (summary,) = results.dimensions
    assert summary.code == "D"
    assert summary.stage_counts == {1: 0, 2: 1, 3: 0, 4: 0, 5: 1}
    assert summary.mean_stage == 3.5


def test_coverage_is_the_share_of_applicable_items_met():
    # 24 items, 6 not applicable, 9 met -> 9 / 18
    ratings = all_of("not_met")
    codes = [item.code for item in MODEL.items]
    ratings.update({code: "not_applicable" for code in codes[:6]})
    ratings.update({code: "met" for code in codes[6:15]})
    assert score(MODEL, ratings).overall.coverage == 0.5


CSIRT = ModelShape(
    kind="weighted",
    stages=(),
    scale={str(level): ScaleValue(str(level), level, level >= 3) for level in range(5)},
    nodes=(NodeShape("O", None, 0), NodeShape("H", None, 0)),
    items=(
        ItemShape("O-1", "O", weight=2),
        ItemShape("O-2", "O"),
        ItemShape("H-1", "H"),
    ),
)


def test_weighted_points_multiply_scale_points_by_weight():
    # O-1: 3 points x weight 2 = 6; O-2: 4 x 1 = 4; H-1: 0. Max = 4 x (2 + 1 + 1) = 16.
    results = score(CSIRT, {"O-1": "3", "O-2": "4", "H-1": "0"})
    assert results.overall.points == 10
    assert results.overall.max_points == 16
    assert results.overall.score == 10 / 16
    assert results.nodes["O"].tally.score == 10 / 12
    assert results.overall.met == 2


CHECKLIST = ModelShape(
    kind="checklist",
    stages=(),
    scale={
        "full": ScaleValue("full", 1, True),
        "partial": ScaleValue("partial", 0.5, False),
        "none": ScaleValue("none", 0, False),
    },
    nodes=(NodeShape("S1", None, 0),),
    items=tuple(ItemShape(f"art-{n}", "S1") for n in range(2, 8)),
)


def test_a_checklist_counts_items_by_status():
    ratings = {
        "art-2": "full",
        "art-3": "full",
        "art-4": "partial",
        "art-5": "none",
        "art-6": "not_applicable",
    }
    tally = score(CHECKLIST, ratings).overall
    assert dict(tally.counts) == {
        "full": 2,
        "partial": 1,
        "none": 1,
        "not_applicable": 1,
        "not_assessed": 1,
    }
    assert tally.coverage == 2 / 5
    assert score(CHECKLIST, ratings).nodes["S1"].stage is None


def test_the_diff_gives_the_stage_change_per_factor():
    before = score(MODEL, all_of("not_met"))
    after = score(MODEL, all_of("met", B_3a="not_met"))
    result = diff(stages_of(before), stages_of(after), after_model=MODEL, before_model=MODEL)
    changes = {
        change.after_code: (change.before, change.after, change.delta) for change in result.changes
    }
    assert changes == {"F": (1, 2, 1), "G": (1, 5, 4)}
    assert result.not_mapped_after == [] and result.not_mapped_before == []


def test_the_diff_through_a_crosswalk_reports_what_it_cannot_map():
    old = ModelShape(
        "maturity",
        (1, 2, 3, 4, 5),
        MATURITY_SCALE,
        nodes=(NodeShape("P", None, 0), NodeShape("P1", "P", 1), NodeShape("P2", "P", 1)),
        items=(ItemShape("P1-2a", "P1", 2), ItemShape("P2-2a", "P2", 2)),
    )
    before = score(old, {"P1-2a": "met", "P2-2a": "not_met"})
    after = score(MODEL, all_of("met"))
    result = diff(
        stages_of(before),
        stages_of(after),
        after_model=MODEL,
        before_model=old,
        node_map={"F": ["P1"]},
    )
    assert [(c.before_code, c.after_code, c.before, c.after) for c in result.changes] == [
        ("P1", "F", 5, 5)
    ]
    assert result.not_mapped_after == ["G"]
    assert result.not_mapped_before == ["P2"]


values = st.sampled_from(["met", "partial", "not_met", "not_assessed", "not_applicable"])
rating_sets = st.fixed_dictionaries({item.code: values for item in MODEL.items})


@settings(max_examples=200, deadline=None)
@given(rating_sets, st.sampled_from([item.code for item in MODEL.items]))
def test_meeting_one_more_indicator_never_lowers_a_stage(ratings, code):
    before = score(MODEL, ratings)
    after = score(MODEL, {**ratings, code: "met"})
    for node, result in before.nodes.items():
        if result.stage is not None and after.nodes[node].stage is not None:
            assert after.nodes[node].stage >= result.stage


@settings(max_examples=100, deadline=None)
@given(rating_sets, st.randoms())
def test_the_order_of_ratings_does_not_matter(ratings, random):
    shuffled = list(ratings.items())
    random.shuffle(shuffled)
    first, second = score(MODEL, ratings), score(MODEL, dict(shuffled))
    assert {c: r.stage for c, r in first.nodes.items()} == {
        c: r.stage for c, r in second.nodes.items()
    }
    assert first.overall.coverage == second.overall.coverage


@settings(max_examples=100, deadline=None)
@given(rating_sets)
def test_results_stay_within_their_bounds(ratings):
    results = score(MODEL, ratings)
    assert results.overall.total == len(MODEL.items)
    coverage = results.overall.coverage
    assert coverage is None or 0 <= coverage <= 1
    for result in results.nodes.values():
        assert result.stage is None or 1 <= result.stage <= 5
        assert result.progress is None or 0 <= result.progress <= 1


@pytest.mark.parametrize("value", ["bogus", None, ""])
def test_an_unknown_value_is_read_as_not_assessed(value):
    ratings = all_of("met")
    ratings["A-2a"] = value  # type: ignore[assignment]
    results = score(MODEL, ratings)
    assert results.overall.not_assessed == 1 and results.nodes["A"].stage == 1
