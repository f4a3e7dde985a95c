"""Countries from ISO 3166-1 with names in four languages, groups, and their pages."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from cybercap.places.models import Country, Group
from cybercap.places.services import countries_sync, groups_sync

pytestmark = pytest.mark.django_db


def test_every_iso_country_is_there_with_names_in_four_languages(reference):
    assert Country.objects.count() == 249
    kitts = Country.objects.get(code="KNA")
    assert (kitts.name, kitts.name_es, kitts.name_fr, kitts.name_pt) == (
        "Saint Kitts and Nevis",
        "San Cristóbal y Nieves",
        "Saint-Christophe-et-Niévès",
        "São Cristóvão e Nevis",
    )


def test_a_country_is_named_in_the_active_language(reference):
    dominica = Country.objects.get(code="DMA")
    with translation.override("fr"):
        assert dominica.localized_name == "Dominique"
    assert dominica.localized_name == "Dominica"


def test_syncing_again_changes_nothing(reference):
    countries_sync()
    groups_sync()
    assert Country.objects.count() == 249
    assert Group.objects.get(slug="caribbean-14").members.count() == 14


def test_a_country_belongs_to_several_groups(reference):
    jamaica = Country.objects.get(code="JAM")
    assert {"caribbean-14", "caricom", "oas", "commonwealth"} <= set(
        jamaica.groups.values_list("slug", flat=True)
    )
    assert Group.objects.get(slug="commonwealth").members.count() == 56


def test_the_country_list_searches_names_in_any_language(client, reference):
    response = client.get(reverse("places:country-list"), {"q": "Dominique"})
    assert "Dominica" in response.text
    assert "Jamaica" not in response.text
    assert "1 country" in response.text


def test_the_country_list_filters_by_group_and_runs_fixed_queries(
    client, reference, django_assert_max_num_queries
):
    with django_assert_max_num_queries(5):
        response = client.get(reverse("places:country-list"), {"group": "caribbean-14"})
    assert "14 countries" in response.text
    assert "Canada" not in response.text


def test_the_country_list_answers_htmx_with_rows_only(client, reference):
    response = client.get(
        reverse("places:country-list"),
        {"q": "jam"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="country-rows",
    )
    assert "<html" not in response.text and "Jamaica" in response.text


def test_an_empty_search_result_explains_what_to_try(client, reference):
    response = client.get(reverse("places:country-list"), {"q": "Atlantis"})
    assert "No country matches" in response.text


def test_the_group_page_lists_members_and_their_other_groups(client, reference):
    response = client.get(reverse("places:group-detail", args=["caribbean-14"]))
    assert response.status_code == 200
    assert "Saint Vincent and the Grenadines" in response.text
    assert "CARICOM member states" in response.text


def test_country_and_group_pages_404_for_unknown_codes(client, reference):
    assert client.get(reverse("places:country-detail", args=["XXX"])).status_code == 404
    assert client.get(reverse("places:group-detail", args=["nowhere"])).status_code == 404


def test_a_country_page_accepts_a_lower_case_code(client, reference):
    response = client.get(reverse("places:country-detail", args=["dma"]))
    assert response.status_code == 200 and "Dominique" in response.text
