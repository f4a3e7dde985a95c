"""The bundled frameworks are complete: structure, stages, codes and wording present."""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

import pytest

from cybercap.frameworks.files import file_kind, parse_crosswalk, parse_framework
from cybercap.frameworks.services import bundled_files

DIMENSIONS = {
    "D1": [
        "National Cybersecurity Strategy",
        "Incident Response and Crisis Management",
        "Critical Infrastructure Protection",
        "Cybersecurity in Defence and National Security",
    ],
    "D2": [
        "Cybersecurity Mindset",
        "Trust and Confidence in Online Services",
        "User Understanding of Personal Information Protection Online",
        "Reporting Mechanisms",
        "Media and Online Platforms",
    ],
    "D3": [
        "Building Cybersecurity Awareness",
        "Cybersecurity Education",
        "Cybersecurity Professional Training",
        "Cybersecurity Research and Innovation",
    ],
    "D4": [
        "Legal and Regulatory Provisions",
        "Related Legislative Frameworks",
        "Legal and Regulatory Capability and Capacity",
        "Formal and Informal Cooperation Frameworks to Combat Cybercrime",
    ],
    "D5": [
        "Adherence to Standards",
        "Security Controls",
        "Software Quality",
        "Communications and Internet Infrastructure Resilience",
        "Cybersecurity Marketplace",
        "Responsible Disclosure",
    ],
}


def bundled(slug: str):  # type: ignore[no-untyped-def]
    for path in bundled_files():
        kind, located = file_kind(path.read_text(encoding="utf-8"), path.name)
        if kind == "framework" and located.data.get("slug") == slug:
            return parse_framework(located, path.name)
    raise AssertionError(f"no bundled framework {slug}")


def test_every_bundled_file_passes_the_loader_checks():
    files = bundled_files()
    assert len(files) >= 3
    for path in files:
        kind, located = file_kind(path.read_text(encoding="utf-8"), path.name)
        if kind == "framework":
            parse_framework(located, path.name)
        else:
            parse_crosswalk(located, path.name)


def test_the_reference_model_has_the_five_dimensions_and_23_factors():
    spec = bundled("national-capacity")
    assert spec.kind == "maturity"
    assert [s["name"] for s in spec.stages] == [
        "Start-up",
        "Formative",
        "Established",
        "Strategic",
        "Dynamic",
    ]
    factors = defaultdict(list)
    for node in spec.nodes:
        if node.depth == 1:
            factors[node.parent].append(node.title)
    assert dict(factors) == DIMENSIONS
    assert sum(len(titles) for titles in factors.values()) == 23


def test_every_leaf_of_the_reference_model_has_indicators_at_stages_2_to_5():
    spec = bundled("national-capacity")
    parents = {node.parent for node in spec.nodes}
    leaves = [node for node in spec.nodes if node.code not in parents]
    assert len(leaves) >= 50
    for leaf in leaves:
        stages = {indicator.stage for indicator in leaf.indicators}
        assert stages == {2, 3, 4, 5}, f"{leaf.code} has stages {sorted(stages)}"
    assert spec.indicator_count >= 250


def test_the_reference_model_wording_is_complete_and_codes_unique():
    spec = bundled("national-capacity")
    indicators = [i for node in spec.nodes for i in node.indicators]
    assert not [c for c, n in Counter(i.code for i in indicators).items() if n > 1]
    for indicator in indicators:
        assert len(indicator.text.split()) >= 6, indicator.code
        assert indicator.guidance, indicator.code
    for node in spec.nodes:
        assert node.description, node.code
    assert "original" in spec.source.lower()


def test_the_budapest_checklist_covers_articles_2_to_35_in_their_sections():
    spec = bundled("budapest-checklist")
    assert spec.kind == "checklist"
    assert [entry["value"] for entry in spec.scale] == ["full", "partial", "none"]
    articles = {i.code: node.title for node in spec.nodes for i in node.indicators}
    assert sorted(articles, key=lambda code: int(code.split("-")[1])) == [
        f"art-{n}" for n in range(2, 36)
    ]
    sections = {node.code: node.title for node in spec.nodes}
    assert len(sections) == 4
    by_article = {i.code: node.code for node in spec.nodes for i in node.indicators}
    assert len({by_article[f"art-{n}"] for n in range(2, 14)}) == 1
    assert len({by_article[f"art-{n}"] for n in range(14, 22)}) == 1
    assert len({by_article[f"art-{n}"] for n in range(23, 36)}) == 1
    titles = {i.code: i.title for node in spec.nodes for i in node.indicators}
    assert "Illegal access" in titles["art-2"]
    assert "24/7 Network" in titles["art-35"]


def test_the_csirt_model_rates_parameters_0_to_4_in_four_categories():
    spec = bundled("csirt-maturity")
    assert spec.kind == "weighted"
    assert [entry["value"] for entry in spec.scale] == ["0", "1", "2", "3", "4"]
    assert [entry["points"] for entry in spec.scale] == [0, 1, 2, 3, 4]
    categories = {node.code: len(node.indicators) for node in spec.nodes}
    assert set(categories) == {"O", "H", "T", "P"}
    assert all(count >= 5 for count in categories.values())
    assert sum(categories.values()) >= 30


@pytest.mark.django_db
def test_the_documented_examples_load_and_map_onto_the_reference_model(reference):  # type: ignore[no-untyped-def]
    from cybercap.frameworks.models import Crosswalk
    from cybercap.frameworks.services import load_file

    examples = Path(__file__).resolve().parents[2] / "docs" / "examples"
    assert load_file(examples / "example-capacity-model.yaml").outcome == "created"
    assert load_file(examples / "example-crosswalk.yaml").outcome == "created"
    crosswalk = Crosswalk.objects.get(source__slug="example-capacity-model")
    assert crosswalk.target.slug == "national-capacity"
    assert crosswalk.links.exclude(source_node=None).count() == 9
    assert crosswalk.links.exclude(source_indicator=None).count() == 8
