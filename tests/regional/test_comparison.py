"""The group comparison: only approved or published rounds, fixed queries, exports, API."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from cybercap.assessments.models import Assessment, ResultSnapshot, Status
from cybercap.places.models import Country
from cybercap.reports.tables import safe_cell
from tests.world import World, rated

pytestmark = pytest.mark.django_db


@pytest.fixture
def region(world: World) -> World:
    """DMA: published 2014 round (nothing met), approved 2019 round (everything met).
    JAM: a draft whose snapshot must never show."""
    reviewer = world.users["reviewer_a"]
    Assessment.objects.filter(pk=world.published_a.pk).update(mission_start=dt.date(2014, 4, 7))
    Assessment.objects.filter(pk=world.approved_a.pk).update(mission_start=dt.date(2019, 5, 2))
    rated(world.published_a, reviewer, "not_met")
    rated(world.approved_a, reviewer, "met")
    rated(world.draft_b, reviewer, "met")  # a draft: its snapshot must stay out
    return world


def page(client, **params):  # type: ignore[no-untyped-def]
    return client.get(reverse("regional:comparison", args=["caribbean-14"]), params)


def test_the_analyst_sees_the_latest_approved_round_and_never_drafts(client, region):
    client.force_login(region.users["analyst"])
    response = page(client)
    rows = response.context["comparison"].rows
    assert [(row.country.pk, row.assessment.pk) for row in rows] == [("DMA", region.approved_a.pk)]
    assert rows[0].stages[0] == 5 and rows[0].change == 4.0
    assert "Jamaica" in [c.name for c in response.context["comparison"].without_results]
    assert "<svg" in response.text


def test_the_public_sees_published_rounds_only(client, region):
    rows = page(client).context["comparison"].rows
    assert [(row.country.pk, row.assessment.pk, row.stages[0]) for row in rows] == [
        ("DMA", region.published_a.pk, 1)
    ]


def test_the_year_filter_goes_back_to_earlier_rounds(client, region):
    client.force_login(region.users["admin"])
    rows = page(client, year=2015).context["comparison"].rows
    assert [row.assessment.pk for row in rows] == [region.published_a.pk]


def test_common_gaps_count_unmet_indicators_across_countries(client, region):
    rows = page(client).context["comparison"]
    first_gap, count = rows.common_gaps[0]
    assert count == 1 and first_gap.stage == 2  # lower stages first among equals


def test_the_dimension_filter_keeps_only_its_factors(client, region):
    client.force_login(region.users["analyst"])
    comparison = page(client, dimension="D4").context["comparison"]
    assert [factor.code for factor in comparison.factors] == ["D4.1", "D4.2", "D4.3", "D4.4"]
    assert all(indicator.code.startswith("D4") for indicator, _ in comparison.common_gaps)


def test_a_country_is_compared_with_the_group_median(client, region):
    client.force_login(region.users["analyst"])
    response = page(client, country="DMA")
    assert "A country against the group median" in response.text
    assert len(response.context["focus_pairs"]) == 23


def test_the_comparison_runs_the_same_queries_for_more_countries(client, region):
    client.force_login(region.users["analyst"])
    url = reverse("regional:comparison", args=["caribbean-14"])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for code in ["JAM", "BRB", "GRD", "TTO"]:
        extra = Assessment.objects.create(
            country=Country.objects.get(code=code),
            framework=region.approved_a.framework,
            title=f"{code} round",
            round_label="2020",
            status=Status.PUBLISHED,
            mission_start=dt.date(2020, 3, 1),
        )
        rated(extra, region.users["reviewer_a"], "met", count=50)
    with CaptureQueriesContext(connection) as first:
        client.get(url)  # reads the four new snapshots' figures: one query more, once
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["comparison"].rows) == 5
    assert len(few.captured_queries) == len(many.captured_queries) <= 12
    assert len(first.captured_queries) == len(many.captured_queries) + 1


def test_a_replaced_snapshot_is_read_again_and_a_removed_one_is_not_shown(client, region):
    client.force_login(region.users["analyst"])
    assert page(client).context["comparison"].rows[0].mean == 5.0  # DMA, everything met
    snapshot = ResultSnapshot.objects.get(assessment=region.approved_a)
    # Reopened and approved again with other figures: a new snapshot computation.
    snapshot.dimensions = [{**d, "mean_stage": 2.0} for d in snapshot.dimensions]
    snapshot.computed_at = timezone.now()
    snapshot.save()
    assert page(client).context["comparison"].rows[0].mean == 2.0
    snapshot.delete()  # its results are gone: nothing remembered of them is shown
    assert page(client).context["comparison"].rows == []


def test_the_matrix_exports_to_csv_and_excel(client, region):
    client.force_login(region.users["analyst"])
    url = reverse("regional:comparison-export", args=["caribbean-14", "csv"])
    text = client.get(url).content.decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    assert table[0][:3] == ["Country", "ISO code", "Round"] and table[0][5] == "D1.1"
    assert table[1][:2] == ["Dominica", "DMA"] and table[1][5] == "5"
    assert table[-1][0] == "Group median"
    response = client.get(reverse("regional:comparison-export", args=["caribbean-14", "xlsx"]))
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = next(index for index, row in enumerate(values) if row[0] == "Country")
    assert values[header + 1][:2] == ["Dominica", "DMA"] and values[header + 1][5] == 5


def test_spreadsheet_cells_cannot_smuggle_formulas():
    assert safe_cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert safe_cell("+1") == "'+1" and safe_cell("-2") == "'-2" and safe_cell("@SUM") == "'@SUM"
    assert safe_cell(-2) == -2 and safe_cell("Dominica") == "Dominica"


def test_a_formula_in_a_group_name_is_neutralised_in_excel(client, region):
    from cybercap.places.models import Group

    Group.objects.filter(slug="caribbean-14").update(name="=cmd|' /C calc'!A0")
    response = client.get(reverse("regional:comparison-export", args=["caribbean-14", "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value.startswith("'=cmd")


def test_the_api_gives_the_same_matrix(client, region):
    client.force_login(region.users["analyst"])
    body = client.get("/api/v1/groups/caribbean-14/comparison").json()
    assert body["framework"] == {"slug": "national-capacity", "version": "2021.1"}
    assert [c["country"] for c in body["countries"]] == ["DMA"]
    assert body["countries"][0]["stages"]["D1.1"] == 5
    assert "JAM" in body["without_results"]
    public = client.logout() or client.get("/api/v1/groups/caribbean-14/comparison").json()
    assert public["countries"][0]["assessment"] == region.published_a.pk
    assert client.get("/api/v1/groups/nowhere/comparison").status_code == 404


def test_the_countries_table_escapes_round_labels_and_links_each_round(client, region):
    Assessment.objects.filter(pk=region.approved_a.pk).update(round_label='<b>"2019"</b>')
    client.force_login(region.users["analyst"])
    text = page(client, year="2019").text
    assert "<b>" not in text and "&lt;b&gt;&quot;2019&quot;&lt;/b&gt;" in text
    assert f'href="/assessments/{region.approved_a.pk}/results/"' in text
    assert 'href="?year=2019&amp;country=DMA#position"' in text
    assert '<option value="DMA">Dominica</option>' in text
    chosen = page(client, country="DMA").text
    assert '<option value="DMA" selected>Dominica</option>' in chosen
