"""Framework browser pages: list, tree, search (full page and htmx), stage matrix."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_list_shows_the_bundled_frameworks(client, reference):
    response = client.get(reverse("frameworks:list"))
    assert response.status_code == 200
    for title in [
        "National cyber capacity reference model",
        "Budapest Convention legislative checklist",
        "National CSIRT maturity",
    ]:
        assert title in response.text


def test_the_list_searches_every_framework(client, reference):
    response = client.get(reverse("frameworks:list"), {"q": "illegal access"})
    assert "art-2" in response.text
    assert "<mark>" in response.text


def test_the_tree_shows_dimensions_factors_and_indicators(client, capacity_model):
    url = reverse("frameworks:detail", args=[capacity_model.slug, capacity_model.version])
    response = client.get(url)
    assert response.status_code == 200
    assert "Cybersecurity Policy and Strategy" in response.text
    assert "Responsible Disclosure" in response.text
    first = capacity_model.indicators.order_by("order").first()
    assert first.code in response.text and first.text[:40] in response.text


def test_the_tree_page_runs_a_fixed_number_of_queries(
    client, capacity_model, django_assert_max_num_queries
):
    url = reverse("frameworks:detail", args=[capacity_model.slug, capacity_model.version])
    with django_assert_max_num_queries(6):
        client.get(url)


def test_search_on_a_framework_page_returns_the_matching_indicators(client, capacity_model):
    indicator = capacity_model.indicators.get(code="D1.1.1-2a")
    word = max(indicator.text.split(), key=len).strip(".,;")
    url = reverse("frameworks:detail", args=[capacity_model.slug, capacity_model.version])
    response = client.get(url, {"q": word})
    assert "D1.1.1-2a" in response.text
    assert f"<mark>{word}</mark>".lower() in response.text.lower()


def test_htmx_search_returns_only_the_results_fragment(client, capacity_model):
    url = reverse("frameworks:detail", args=[capacity_model.slug, capacity_model.version])
    response = client.get(
        url, {"q": "D5.6"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="framework-content"
    )
    assert "<html" not in response.text
    assert "D5.6" in response.text


def test_a_search_with_no_match_says_so(client, capacity_model):
    url = reverse("frameworks:detail", args=[capacity_model.slug, capacity_model.version])
    response = client.get(url, {"q": "zzqqxx"})
    assert "Nothing matches" in response.text


def test_the_stage_matrix_lists_aspects_against_stages(
    client, capacity_model, django_assert_max_num_queries
):
    url = reverse("frameworks:matrix", args=[capacity_model.slug, capacity_model.version])
    with django_assert_max_num_queries(6):
        response = client.get(url)
    assert response.status_code == 200
    for name in ["Formative", "Established", "Strategic", "Dynamic"]:
        assert name in response.text
    assert "D1.1.1-2a" in response.text


def test_the_matrix_of_a_checklist_leads_back_to_its_tree(client, reference):
    response = client.get(reverse("frameworks:matrix", args=["budapest-checklist", "2001.1"]))
    assert response.status_code == 302


def test_an_unknown_framework_is_a_404(client, reference):
    assert client.get(reverse("frameworks:detail", args=["nothing", "1"])).status_code == 404


def test_the_drawn_tree_is_kept_per_language_and_per_content(client, capacity_model):
    from django.core.cache import cache

    cache.clear()
    url = reverse("frameworks:detail", args=[capacity_model.slug, capacity_model.version])
    assert " items</span>" in client.get(url).text
    french = client.get(url, headers={"accept-language": "fr"}).text
    assert " éléments</span>" in french and " items</span>" not in french
    # Other content is another version of the tree, never the one drawn before.
    capacity_model.content_hash = "changed"
    capacity_model.save(update_fields=["content_hash"])
    node = capacity_model.nodes.order_by("order").first()
    node.title = "A title drawn anew"
    node.save(update_fields=["title"])
    assert "A title drawn anew" in client.get(url).text
