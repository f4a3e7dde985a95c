"""Reads of assessments written in SQL, checked on every database the suite runs against."""

from __future__ import annotations

import pytest

from cybercap.access.rules import grants_for
from cybercap.assessments import queries, services
from cybercap.assessments.models import Evidence, Rating
from cybercap.frameworks.models import Indicator
from tests.world import World

pytestmark = pytest.mark.django_db


def _scene(world: World) -> list[Indicator]:
    """Two indicators rated by three people (one without a full name), one reconciled and
    carried over; evidence of this assessment and of another one said to support them."""
    first, second, third = world.draft_a.framework.indicators.order_by("order")[:3]
    admin = world.users["admin"]
    admin.first_name, admin.last_name = "", ""
    admin.save()
    Rating.objects.bulk_create(
        [
            Rating(
                assessment=world.draft_a,
                indicator=first,
                rater=world.users["assessor_a"],
                value="met",
                rationale="mine",
                confidence="high",
                version=3,
            ),
            Rating(assessment=world.draft_a, indicator=first, rater=admin, value="not_met"),
            Rating(
                assessment=world.draft_a,
                indicator=first,
                rater=world.users["reviewer_a"],
                value="partial",
            ),
            Rating(
                assessment=world.draft_a,
                indicator=second,
                kind="reconciled",
                rater=world.users["reviewer_a"],
                value="partial",
                carried_over=True,
            ),
            # Another assessment's rating of the same indicator stays out of every row.
            Rating(
                assessment=world.draft_b,
                indicator=first,
                rater=world.users["assessor_a"],
                value="not_met",
            ),
        ]
    )
    for assessment, title, supported in (
        (world.draft_a, "Law", [first, second]),
        (world.draft_a, "Decree", [first]),
        (world.draft_b, "Elsewhere", [first, second, third]),
    ):
        item = Evidence.objects.create(assessment=assessment, source="desk", title=title)
        item.indicators.set(supported)
    return [first, second, third]


def test_workspace_rows_hold_each_persons_rating_the_others_and_the_evidence_count(world):
    first, second, third = _scene(world)
    rows = {
        row.indicator.code: row
        for row in queries.workspace_rows(world.draft_a, world.users["assessor_a"])
    }
    one, two, three = rows[first.code], rows[second.code], rows[third.code]
    assert (one.mine.value, one.mine.rationale, one.mine.confidence, one.mine.version) == (
        "met",
        "mine",
        "high",
        3,
    )
    reviewer = world.users["reviewer_a"]
    # The others in the order they rated; a person without a full name by their username.
    assert [(o.value, o.rater_name) for o in one.others] == [
        ("not_met", "admin"),
        ("partial", reviewer.get_full_name() or reviewer.username),
    ]
    assert one.reconciled is None and one.disagreement and one.effective is None
    assert two.mine is None and two.others == []
    assert two.reconciled.value == "partial" and two.reconciled.carried_over is True
    assert two.carried_over and two.effective == "partial"
    assert three.mine is None and three.reconciled is None and not three.rated
    assert (one.evidence_count, two.evidence_count, three.evidence_count) == (2, 1, 0)


def test_a_part_of_the_workspace_reads_the_same_rows_as_the_whole(world):
    first, second, third = _scene(world)
    assessor = world.users["assessor_a"]
    whole = {row.indicator.pk: row for row in queries.workspace_rows(world.draft_a, assessor)}
    part = queries.workspace_rows(world.draft_a, assessor, indicators=[first, third])
    assert [row.indicator for row in part] == [first, third]
    assert part == [whole[first.pk], whole[third.pk]]
    by_code = queries.workspace_rows(world.draft_a, assessor, code=second.code)
    assert by_code == [whole[second.pk]]
    assert queries.workspace_rows(world.draft_a, assessor, indicators=[]) == []
    assert queries.workspace_rows(world.draft_a, assessor, code="no-such-code") == []


def test_a_saved_rating_is_read_back_with_its_links(world):
    first = world.draft_a.framework.indicators.order_by("order").first()
    assessor = world.users["assessor_a"]
    law = services.evidence_create(
        assessment=world.draft_a, by=assessor, source="desk", title="Law"
    )
    rating = services.rating_set(
        assessment=world.draft_a,
        indicator=first,
        by=assessor,
        value="met",
        evidence=[law],
        expected_version=0,
    )
    assert services._linked_evidence(rating.pk) == {law.pk}
    [row] = queries.workspace_rows(world.draft_a, assessor, indicators=[first])
    assert row.mine.pk == rating.pk and row.evidence_count == 1


def test_grants_read_every_kind_of_membership(world):
    grants = grants_for(world.users["assessor_a"])
    assert grants.roles_on(world.draft_a.pk)
    assert not grants.program_admin
    assert grants_for(world.users["admin"]).program_admin
    coordinator = grants_for(world.users["coord_a"])
    assert world.draft_a.country_id in coordinator.coordinated
    assert world.draft_a.country_id in coordinator.viewed
