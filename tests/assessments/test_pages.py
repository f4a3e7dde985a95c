"""Assessment pages through the client: content, errors and a fixed number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cybercap.assessments import services
from cybercap.assessments.models import Rating
from tests.world import NOTES_A, World

pytestmark = pytest.mark.django_db


def rate(world: World, count: int) -> None:
    """Give `count` indicators an assessor rating, a second opinion and a reconciled value."""
    indicators = list(world.draft_a.framework.indicators.order_by("order")[:count])
    Rating.objects.bulk_create(
        [
            Rating(
                assessment=world.draft_a, indicator=i, rater=world.users["assessor_a"], value="met"
            )
            for i in indicators
        ]
        + [
            Rating(
                assessment=world.draft_a, indicator=i, rater=world.users["admin"], value="not_met"
            )
            for i in indicators
        ]
        + [
            Rating(
                assessment=world.draft_a,
                indicator=i,
                kind="reconciled",
                rater=world.users["reviewer_a"],
                value="met",
            )
            for i in indicators
        ]
    )


def queries_for(client, url: str) -> int:  # type: ignore[no-untyped-def]
    client.get(url)  # warm the framework cache
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize(
    "name", ["assessments:workspace", "assessments:results", "assessments:detail"]
)
def test_assessment_pages_run_the_same_queries_for_few_or_many_ratings(client, world, name):
    client.force_login(world.users["assessor_a"])
    url = reverse(name, args=[world.draft_a.pk])
    rate(world, 3)
    few = queries_for(client, url)
    Rating.objects.filter(assessment=world.draft_a).delete()
    rate(world, 300)
    many = queries_for(client, url)
    assert few == many
    assert many <= 15


@pytest.mark.parametrize("user", ["coord_b", "analyst", "coord_a", "assessor_a"])
def test_every_assessment_in_the_list_opens_for_the_person_who_sees_it(client, world, user):
    """Someone who sees another country's published results is taken to those results, not to
    the overview of the team's work, which they may not open."""
    import re

    client.force_login(world.users[user])
    page = client.get(reverse("assessments:list")).text
    links = re.findall(r'href="(/assessments/\d+/(?:results/)?)"', page)
    assert links
    for link in links:
        assert client.get(link).status_code == 200, (user, link)
    if user == "coord_b":  # Jamaica's coordinator: Dominica's published round, as results
        results = reverse("assessments:results", args=[world.published_a.pk])
        assert results in links
        assert reverse("assessments:detail", args=[world.published_a.pk]) not in links


@pytest.mark.parametrize("user", ["coord_b", "analyst", "coord_a"])
@pytest.mark.parametrize("page", ["assessments:evidence", "assessments:results"])
def test_every_tab_of_an_assessment_opens_for_the_person_who_sees_it(client, world, user, page):
    import re

    client.force_login(world.users[user])
    pk = world.published_a.pk
    text = client.get(reverse(page, args=[pk])).text
    tabs = re.search(r'<nav class="tabs".*?</nav>', text, re.S)
    assert tabs is not None
    links = re.findall(r'href="([^"]+)"', tabs.group(0))
    assert len(links) >= 2
    for link in links:
        assert client.get(link).status_code == 200, (user, page, link)


def test_the_country_page_runs_a_fixed_number_of_queries(client, world):
    client.force_login(world.users["coord_a"])
    url = reverse("places:country-detail", args=["DMA"])
    assert queries_for(client, url) <= 12


def test_the_workspace_filters_disagreements(client, world):
    rate(world, 5)
    Rating.objects.filter(kind="reconciled").delete()
    client.force_login(world.users["reviewer_a"])
    response = client.get(
        reverse("assessments:workspace", args=[world.draft_a.pk]), {"show": "disagreements"}
    )
    assert "5 indicators shown" in response.text
    assert "Assessors disagree" in response.text


def test_a_stale_rating_form_is_refused_with_the_other_value(client, world):
    indicator = world.draft_a.framework.indicators.order_by("order").first()
    services.rating_set(
        assessment=world.draft_a,
        indicator=indicator,
        by=world.users["reviewer_a"],
        value="not_met",
        expected_version=0,
        reconciled=True,
    )
    client.force_login(world.users["assessor_a"])  # the lead assessor may reconcile too
    url = reverse("assessments:rating-edit", args=[world.draft_a.pk, indicator.code])
    response = client.post(
        url,
        {"as": "reconciled", "value": "met", "confidence": "high", "expected_version": 0},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 409
    assert "Reviewer_A saved this rating first" in response.text
    assert "Not met" in response.text
    # Without scripts the form was posted as a page: the answer is a whole page again.
    page = client.post(
        url, {"as": "reconciled", "value": "met", "confidence": "high", "expected_version": 0}
    )
    assert page.status_code == 409 and "<html" in page.text
    assert "Reviewer_A saved this rating first" in page.text


def test_a_rating_saved_through_htmx_returns_the_updated_row(client, world):
    client.force_login(world.users["assessor_a"])
    url = reverse("assessments:rating-edit", args=[world.draft_a.pk, "D1.1.1-2a"])
    response = client.post(
        url,
        {"value": "partial", "confidence": "low", "rationale": "half", "expected_version": 0},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert 'id="row-D1.1.1-2a"' in response.text and "Partially met" in response.text
    assert "<html" not in response.text


def test_workspace_rows_escape_what_people_typed_and_match_the_row_partial(client, world):
    hostile = "<script>alert(\"x\")</script> & 'quotes'"
    indicator = world.draft_a.framework.indicators.order_by("order").first()
    for user, value in (("assessor_a", "met"), ("admin", "not_met")):
        Rating.objects.create(
            assessment=world.draft_a,
            indicator=indicator,
            rater=world.users[user],
            value=value,
            rationale=hostile,
        )
    client.force_login(world.users["assessor_a"])
    page = client.get(reverse("assessments:workspace", args=[world.draft_a.pk])).text
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;quotes&#x27;" in page
    row = client.get(
        reverse("assessments:rating-row", args=[world.draft_a.pk, indicator.code])
    ).text
    # The page and the htmx partial render a row the same way: the row is one definition.
    assert row.strip() in page
    assert "Assessors disagree" in row and "rating-row--disagreement" in row
    assert (
        f'data-action="rate" href="/assessments/{world.draft_a.pk}/ratings/{indicator.code}/edit/'
        in row
    )


def test_a_bad_rating_form_says_what_is_wrong(client, world):
    client.force_login(world.users["assessor_a"])
    url = reverse("assessments:rating-edit", args=[world.draft_a.pk, "D1.1.1-2a"])
    response = client.post(url, {"value": "splendid", "expected_version": 0})
    assert response.status_code == 400
    assert "Select a valid choice" in response.text


def test_the_rating_form_lists_the_evidence_that_supports_the_indicator_first(client, world):
    assessor = world.users["assessor_a"]
    indicator = world.draft_a.framework.indicators.get(code="D1.1.1-2a")
    supporting, newer = (
        services.evidence_create(assessment=world.draft_a, by=assessor, source="desk", title=t)
        for t in ("Cabinet minutes", "Later survey")
    )
    supporting.indicators.add(indicator)
    client.force_login(assessor)
    url = reverse("assessments:rating-edit", args=[world.draft_a.pk, indicator.code])

    def listed(text: str) -> list[str]:
        return [t for t in ("Cabinet minutes", "Later survey") if t in text]

    def order(text: str) -> list[str]:
        return sorted(listed(text), key=text.index)

    assert order(client.get(url).text) == ["Cabinet minutes", "Later survey"]
    shown_again = client.post(url, {"value": "splendid", "expected_version": 0})
    assert shown_again.status_code == 400
    assert order(shown_again.text) == ["Cabinet minutes", "Later survey"]
    saved = client.post(
        url,
        {"value": "met", "confidence": "medium", "expected_version": 0, "evidence": [newer.pk]},
        HTTP_HX_REQUEST="true",
    )
    assert saved.status_code == 200
    assert list(Rating.objects.get(indicator=indicator, rater=assessor).evidence.all()) == [newer]
    foreign = world.published_a.evidence.first()
    refused = client.post(
        url,
        {"value": "met", "confidence": "medium", "expected_version": 1, "evidence": [foreign.pk]},
    )
    assert refused.status_code == 400  # and says why, next to the evidence
    assert f"{foreign.pk} is not one of the available choices" in refused.text


def test_consultation_notes_are_shown_to_the_team(client, world):
    client.force_login(world.users["reviewer_a"])
    response = client.get(reverse("assessments:consultations", args=[world.draft_a.pk]))
    assert NOTES_A in response.text


def test_a_wrong_file_type_is_refused_with_a_message_and_nothing_saved(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(world.users["assessor_a"])
    url = reverse("assessments:evidence-create", args=[world.draft_a.pk])
    upload = SimpleUploadedFile("tool.exe", b"MZ\x90\x00\x03binary\x00", "application/pdf")
    response = client.post(url, {"source": "document", "title": "Tool", "file": upload})
    assert response.status_code == 400
    assert "This kind of file is not accepted" in response.text
    assert not world.draft_a.evidence.filter(title="Tool").exists()


def test_unknown_indicator_codes_on_evidence_are_named(client, world):
    client.force_login(world.users["assessor_a"])
    url = reverse("assessments:evidence-create", args=[world.draft_a.pk])
    response = client.post(
        url, {"source": "desk", "title": "Note", "indicators": "D1.1.1-2a, Z9-9"}
    )
    assert response.status_code == 400 and "Z9-9" in response.text


@pytest.mark.parametrize(
    ("slug", "value", "shown"),
    [
        ("budapest-checklist", "full", "coverage (items met)"),
        ("csirt-maturity", "4", "of the maximum weighted points"),
    ],
)
def test_checklist_and_weighted_frameworks_run_through_the_same_pages(
    client, world, slug, value, shown
):
    from cybercap.frameworks.models import Framework

    framework = Framework.objects.get(slug=slug)
    assessment = services.assessment_create(
        by=world.users["coord_a"],
        country=world.draft_a.country,
        framework=framework,
        title=f"{slug} review",
        round_label="2026",
        team=[(world.users["assessor_a"], "assessor")],
    )
    services.assessment_transition(
        assessment=assessment, to="collecting", by=world.users["coord_a"]
    )
    indicator = framework.indicators.order_by("order").first()
    client.force_login(world.users["assessor_a"])
    edit = client.get(reverse("assessments:rating-edit", args=[assessment.pk, indicator.code]))
    labels = [entry["label"] for entry in framework.scale]
    assert all(label in edit.text for label in labels)
    client.post(
        reverse("assessments:rating-edit", args=[assessment.pk, indicator.code]),
        {"value": value, "confidence": "high", "expected_version": 0},
    )
    results = client.get(reverse("assessments:results", args=[assessment.pk]))
    assert results.status_code == 200
    assert shown in results.text
    assert f"<code>{indicator.code}</code><div>" not in results.text  # met, so not a gap


def test_a_custom_framework_with_its_own_stages_and_levels_has_results(client, world):
    from cybercap.frameworks.models import Framework
    from cybercap.frameworks.services import load_text
    from tests.frameworks.test_loader import VALID

    load_text(VALID, filename="tiny.yaml")  # three stages, two levels
    framework = Framework.objects.get(slug="tiny-model")
    assessment = services.assessment_create(
        by=world.users["admin"],
        country=world.draft_b.country,
        framework=framework,
        title="Tiny",
        round_label="2026",
        team=[(world.users["assessor_a"], "assessor")],
    )
    assessment = services.assessment_transition(
        assessment=assessment, to="collecting", by=world.users["admin"]
    )
    services.rating_set(
        assessment=assessment,
        indicator=framework.indicators.get(code="B-2a"),
        by=world.users["assessor_a"],
        value="met",
        expected_version=0,
    )
    client.force_login(world.users["admin"])
    response = client.get(reverse("assessments:results", args=[assessment.pk]))
    assert response.status_code == 200
    assert "Formative" in response.text and "Area B" in response.text


def test_results_gaps_list_what_each_aspect_lacks_escaped_and_translated():
    from types import SimpleNamespace

    from django.utils import translation

    from cybercap.assessments.presentation import Gap
    from cybercap.assessments.results_html import gaps_html

    node = SimpleNamespace(code="D1.1.1", title='Strategy <b>"draft"</b>')
    typed = SimpleNamespace(code="D1.1.1-3a", text="Adopted & <published>")
    missing = SimpleNamespace(code="D1.1.1-3b", text="Consulted")
    gaps = [Gap(node, 3, [(typed, "not_met"), (missing, "not_assessed")])]  # type: ignore[arg-type]
    html = gaps_html(gaps, {3: "Established"}, {"not_met": "Not <met>"})
    assert "<summary><code>D1.1.1</code> Strategy &lt;b&gt;&quot;draft&quot;&lt;/b&gt;" in html
    assert '<span class="stage-chip stage-chip--3">Established</span>' in html
    assert "2 missing" in html
    assert "<code>D1.1.1-3a</code><div><p>Adopted &amp; &lt;published&gt;</p>" in html
    assert '<p class="guidance">Rated: Not &lt;met&gt;</p>' in html
    assert '<p class="guidance">Not assessed</p>' in html
    assert "<b>" not in html and "<published>" not in html
    with translation.override("es"):
        spanish = gaps_html(gaps, {3: "Establecida"}, {"not_met": "No cumplido"})
    assert "faltan 2" in spanish and "Calificación: No cumplido" in spanish


def test_a_single_row_reads_its_ratings_through_the_assessment_and_indicator_index(world):
    """Both unique constraints on ratings are partial; without an index of its own, reading one
    indicator's ratings walked that indicator's ratings in every assessment."""
    from cybercap.assessments import queries

    if connection.vendor != "sqlite":
        pytest.skip("reads SQLite's query plan")
    indicator = world.draft_a.framework.indicators.get(code="D1.1.1-2a")
    with CaptureQueriesContext(connection) as captured:
        queries.workspace_rows(world.draft_a, world.users["assessor_a"], indicators=[indicator])
    sql = next(q["sql"] for q in captured.captured_queries if "assessments_rating r" in q["sql"])
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "rating_assessment_indicator" in plan, plan
