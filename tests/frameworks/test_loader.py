"""The framework loader: what it accepts, and every kind of problem it rejects with a line."""

from __future__ import annotations

import textwrap

import pytest

from cybercap.frameworks.files import file_kind, parse_framework
from cybercap.frameworks.models import Crosswalk, Framework, Indicator, Node
from cybercap.frameworks.services import framework_freeze, load_text
from cybercap.frameworks.yaml_lines import FileRejected

pytestmark = pytest.mark.django_db

VALID = textwrap.dedent("""\
    slug: tiny-model
    version: "1.0"
    title: Tiny model
    kind: maturity
    stages:
      - {level: 1, name: Start-up}
      - {level: 2, name: Formative}
      - {level: 3, name: Established}
    nodes:
      - code: A
        title: Area A
      - code: A.1
        parent: A
        title: Topic A.1
        indicators:
          - code: A.1-2a
            stage: 2
            text: Something exists.
            guidance: A document shows it.
          - code: A.1-3a
            stage: 3
            text: It works everywhere.
      - code: B
        title: Area B
        indicators:
          - {code: B-2a, stage: 2, text: Another thing exists.}
    """)


def problems_of(text: str) -> list[str]:
    """The problems reported for a file named model.yaml, as 'line: message' strings."""
    with pytest.raises(FileRejected) as rejected:
        load_text(text, filename="model.yaml")
    return [f"{problem.line}: {problem.message}" for problem in rejected.value.problems]


def test_it_loads_a_valid_file_with_its_tree():
    result = load_text(VALID, filename="model.yaml")
    assert result.outcome == "created"
    framework = Framework.objects.get(slug="tiny-model", version="1.0")
    assert framework.kind == "maturity"
    assert [stage["name"] for stage in framework.stages] == ["Start-up", "Formative", "Established"]
    assert [entry["value"] for entry in framework.scale] == ["met", "partial", "not_met"]
    a1 = Node.objects.get(framework=framework, code="A.1")
    assert a1.parent is not None and a1.parent.code == "A" and a1.depth == 1
    assert list(a1.indicators.values_list("code", "stage")) == [("A.1-2a", 2), ("A.1-3a", 3)]
    assert Indicator.objects.get(framework=framework, code="B-2a").node.code == "B"


def test_loading_the_same_file_twice_changes_nothing():
    load_text(VALID, filename="model.yaml")
    first_ids = set(
        Indicator.objects.filter(framework__slug="tiny-model").values_list("id", flat=True)
    )
    assert load_text(VALID, filename="model.yaml").outcome == "unchanged"
    assert (
        set(Indicator.objects.filter(framework__slug="tiny-model").values_list("id", flat=True))
        == first_ids
    )


def test_an_unused_version_is_replaced_by_a_changed_file():
    load_text(VALID, filename="model.yaml")
    changed = VALID.replace("It works everywhere.", "It works in every region.")
    assert load_text(changed, filename="model.yaml").outcome == "replaced"
    assert (
        Indicator.objects.get(code="A.1-3a", framework__slug="tiny-model").text
        == "It works in every region."
    )


def test_a_frozen_version_cannot_change_and_names_the_version_line():
    load_text(VALID, filename="model.yaml")
    framework_freeze(framework=Framework.objects.get(slug="tiny-model"))
    changed = VALID.replace("It works everywhere.", "Changed wording.")
    assert problems_of(changed) == [
        "2: version '1.0' of 'tiny-model' is used by assessments and can no longer change; "
        "give the changed file a new version"
    ]
    assert (
        Indicator.objects.get(code="A.1-3a", framework__slug="tiny-model").text
        == "It works everywhere."
    )
    assert load_text(changed.replace('"1.0"', '"1.1"'), filename="m.yaml").outcome == "created"


def test_a_rejected_file_writes_nothing():
    broken = VALID.replace("text: Another thing exists.", "text: ''")
    problems_of(broken)
    assert not Framework.objects.filter(slug="tiny-model").exists()
    assert not Node.objects.filter(code="A.1").exists()


def test_it_reports_an_unknown_stage():
    assert problems_of(VALID.replace("stage: 3", "stage: 7")) == [
        "21: unknown stage 7 (stages are 1-3)"
    ]


def test_it_reports_an_indicator_on_the_floor_stage():
    assert problems_of(VALID.replace("stage: 3", "stage: 1")) == [
        "21: stage 1 (Start-up) is the floor every country starts from and takes no indicators"
    ]


def test_it_reports_a_duplicate_node_code_with_the_first_line():
    assert problems_of(VALID.replace("code: B\n", "code: A\n")) == [
        "23: duplicate code 'A' (first used on line 10)"
    ]


def test_it_reports_a_duplicate_indicator_code():
    assert problems_of(VALID.replace("code: A.1-3a", "code: A.1-2a")) == [
        "20: duplicate code 'A.1-2a' (first used on line 16)"
    ]


def test_it_reports_a_missing_parent():
    assert problems_of(VALID.replace("parent: A", "parent: Z")) == [
        "10: node 'A' has no indicators and no children",
        "13: unknown parent 'Z' (parents must be listed above their children)",
    ]


def test_it_reports_empty_text():
    assert problems_of(VALID.replace("text: It works everywhere.", 'text: "  "')) == [
        "22: text: must not be empty"
    ]


def test_it_reports_a_missing_required_key():
    assert problems_of(VALID.replace("title: Tiny model\n", "")) == ["1: title: is required"]


def test_it_reports_an_unknown_key():
    assert problems_of(VALID.replace("title: Area B", "title: Area B\n    colour: red")) == [
        "25: colour: unknown key"
    ]


def test_it_reports_an_unquoted_version():
    assert problems_of(VALID.replace('"1.0"', "1.0")) == [
        "2: version: must be text (put values such as 1.0 or yes in quotes)"
    ]


def test_it_reports_a_bad_kind():
    problems = problems_of(VALID.replace("kind: maturity", "kind: spreadsheet"))
    assert problems[0].startswith("4: kind: Input should be 'maturity', 'checklist' or 'weighted'")


def test_it_reports_a_node_with_both_children_and_indicators():
    text = VALID.replace(
        "  - code: A.1\n",
        "    indicators:\n      - {code: A-2a, stage: 2, text: Mixed.}\n  - code: A.1\n",
    )
    assert problems_of(text) == [
        "10: node 'A' has both child nodes and indicators; put the indicators on a child"
    ]


def test_it_reports_a_tree_deeper_than_its_levels():
    text = VALID.replace("kind: maturity", "kind: maturity\nlevels: [area]")
    assert problems_of(text) == [
        "13: node 'A.1' is too deep: the framework names 1 level(s) (area)"
    ]


def test_it_reports_stages_out_of_order():
    text = VALID.replace("{level: 2, name: Formative}", "{level: 4, name: Formative}")
    assert (
        "7: stages: expected level 2 here, found 4 (levels run 1, 2, 3 ... in order)"
        in problems_of(text)
    )


def test_it_reports_a_stage_on_a_checklist_item():
    text = VALID.replace("kind: maturity", "kind: checklist\nlevels: [area, topic]").replace(
        "stages:\n  - {level: 1, name: Start-up}\n  - {level: 2, name: Formative}\n"
        "  - {level: 3, name: Established}\n",
        "",
    )
    problems = problems_of(text)
    assert "14: stage: only indicators of maturity frameworks have a stage" in problems


def test_it_reports_a_scale_without_a_met_value_and_reserved_values():
    text = VALID.replace(
        "nodes:",
        "scale:\n  - {value: yes_done, label: Done}\n"
        "  - {value: not_applicable, label: N/A}\nnodes:",
    )
    assert problems_of(text) == [
        "9: scale: mark at least one value with 'met: true'",
        "11: scale: 'not_applicable' is always available and must not be listed",
    ]


def test_it_reports_invalid_yaml_with_its_line():
    assert problems_of("slug: x\ntitle: [unclosed\nkind: maturity\n")[0].startswith(
        "3: not valid YAML"
    )


def test_it_reports_a_duplicate_yaml_key():
    assert problems_of(VALID.replace("kind: maturity", "kind: maturity\nkind: checklist")) == [
        "5: duplicate key 'kind'"
    ]


def test_it_lists_every_problem_not_just_the_first():
    text = (
        VALID.replace("stage: 3", "stage: 9")
        .replace("parent: A", "parent: Q")
        .replace("Another thing exists.", "''")
    )
    assert len(problems_of(text)) == 4


def test_problem_reports_read_as_file_line_message():
    with pytest.raises(FileRejected) as rejected:
        load_text(VALID.replace("stage: 3", "stage: 7"), filename="my-model.yaml")
    assert str(rejected.value) == "my-model.yaml:21: unknown stage 7 (stages are 1-3)"


def test_the_content_hash_ignores_line_positions():
    _, located = file_kind(VALID, "a.yaml")
    moved = "# a comment that shifts every line\n" + VALID
    _, located_moved = file_kind(moved, "b.yaml")
    assert (
        parse_framework(located, "a.yaml").content_hash
        == parse_framework(located_moved, "b.yaml").content_hash
    )


CROSSWALK = textwrap.dedent("""\
    format: cybercap-crosswalk/1
    from: {slug: tiny-model, version: "1.0"}
    to: {slug: tiny-model, version: "2.0"}
    title: Tiny 1.0 to 2.0
    nodes:
      - {from: A, to: A}
      - {from: A.1, to: A.1}
    indicators:
      - {from: A.1-2a, to: A.1-2a}
    """)


@pytest.fixture
def two_versions():
    load_text(VALID, filename="v1.yaml")
    load_text(VALID.replace('"1.0"', '"2.0"'), filename="v2.yaml")


def test_it_loads_a_crosswalk_between_two_versions(two_versions):
    result = load_text(CROSSWALK, filename="cw.yaml")
    assert (result.kind, result.outcome) == ("crosswalk", "created")
    crosswalk = Crosswalk.objects.get()
    assert crosswalk.links.filter(source_node__code="A.1", target_node__code="A.1").exists()
    assert crosswalk.links.filter(source_indicator__code="A.1-2a").count() == 1
    assert load_text(CROSSWALK, filename="cw.yaml").outcome == "unchanged"


def test_it_reports_a_bad_crosswalk_target(two_versions):
    assert problems_of(CROSSWALK.replace("{from: A.1, to: A.1}", "{from: A.1, to: Z.9}")) == [
        "7: bad crosswalk target: 'Z.9' is not a node of tiny-model 2.0"
    ]
    assert not Crosswalk.objects.exists()


def test_it_reports_a_crosswalk_to_a_framework_not_loaded(two_versions):
    assert problems_of(CROSSWALK.replace('"2.0"', '"3.0"')) == [
        "3: framework 'tiny-model' version '3.0' is not loaded; load it before this crosswalk"
    ]
