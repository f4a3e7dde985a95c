"""Assessment workflow rules, exercised through the services as every interface uses them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cybercap.access.models import AuditEntry
from cybercap.assessments import queries, services
from cybercap.assessments.errors import AssessmentError, IllegalTransition, NotAllowed, StaleEdit
from cybercap.assessments.models import Rating, ResultSnapshot, Status
from cybercap.frameworks.models import Framework
from tests.world import World

pytestmark = pytest.mark.django_db


def indicators(world: World, count: int = 3):  # type: ignore[no-untyped-def]
    return list(world.draft_a.framework.indicators.order_by("order")[:count])


def test_creating_an_assessment_freezes_its_framework_and_records_the_team(world):
    assert Framework.objects.get(slug="national-capacity").is_frozen
    roles = set(world.draft_a.team.values_list("user__username", "role"))
    assert ("reviewer_a", "reviewer") in roles and ("assessor_a", "assessor") in roles
    entry = AuditEntry.objects.get(action="assessment.create", object_id=str(world.draft_a.pk))
    assert (
        entry.actor == world.users["coord_a"] and entry.changes["title"][1] == world.draft_a.title
    )


def test_only_coordinators_and_program_admins_start_assessments(world):
    with pytest.raises(NotAllowed):
        services.assessment_create(
            by=world.users["coord_b"],
            country=world.draft_a.country,
            framework=world.draft_a.framework,
            title="x",
            round_label="y",
        )


def test_a_mission_cannot_end_before_it_starts(world):
    with pytest.raises(AssessmentError, match="end before"):
        services.assessment_create(
            by=world.users["admin"],
            country=world.draft_a.country,
            framework=world.draft_a.framework,
            title="x",
            round_label="y",
            mission_start=dt.date(2024, 5, 2),
            mission_end=dt.date(2024, 5, 1),
        )


def test_an_assessor_rates_and_a_stale_save_is_refused_with_the_other_value(world):
    indicator = indicators(world, 1)[0]
    assessor, reviewer = world.users["assessor_a"], world.users["reviewer_a"]
    rating = services.rating_set(
        assessment=world.draft_a, indicator=indicator, by=assessor, value="met", expected_version=0
    )
    assert (rating.version, rating.kind) == (1, "assessor")
    services.rating_set(
        assessment=world.draft_a,
        indicator=indicator,
        by=reviewer,
        value="not_met",
        expected_version=0,
        reconciled=True,
    )
    with pytest.raises(StaleEdit) as stale:
        services.rating_set(
            assessment=world.draft_a,
            indicator=indicator,
            by=reviewer,
            value="met",
            expected_version=0,
            reconciled=True,
        )
    assert stale.value.current.value == "not_met"
    assert (
        Rating.objects.get(assessment=world.draft_a, indicator=indicator, kind="reconciled").value
        == "not_met"
    )


def _someone_saves_between_read_and_write(monkeypatch, world, indicator, *, first_read):
    """Make the save's first read return `first_read` (what the person saw), while another
    save of the reconciled rating has already reached the database."""
    from cybercap.core import rows

    services.rating_set(
        assessment=world.draft_a,
        indicator=indicator,
        by=world.users["reviewer_a"],
        value="not_met",
        rationale="Saved first",
        reconciled=True,
    )
    real = rows.unique_row
    seen = {"first": True}

    def read(queryset):  # type: ignore[no-untyped-def]
        if seen["first"]:
            seen["first"] = False
            return first_read
        return real(queryset)

    monkeypatch.setattr(services, "unique_row", read)


def test_a_save_racing_another_on_an_existing_rating_is_refused_and_writes_nothing(
    world, monkeypatch
):
    indicator = indicators(world, 1)[0]
    services.rating_set(
        assessment=world.draft_a,
        indicator=indicator,
        by=world.users["reviewer_a"],
        value="met",
        reconciled=True,
    )
    seen = Rating.objects.get(assessment=world.draft_a, indicator=indicator, kind="reconciled")
    version = seen.version
    _someone_saves_between_read_and_write(monkeypatch, world, indicator, first_read=seen)
    audits = AuditEntry.objects.count()
    with pytest.raises(StaleEdit) as stale:
        services.rating_set(
            assessment=world.draft_a,
            indicator=indicator,
            by=world.users["reviewer_a"],
            value="met",
            rationale="Mine",
            expected_version=version,
            reconciled=True,
        )
    assert stale.value.current.rationale == "Saved first"
    kept = Rating.objects.get(pk=seen.pk)
    assert (kept.rationale, kept.version) == ("Saved first", version + 1)
    assert AuditEntry.objects.count() == audits


def test_a_first_save_racing_another_first_save_is_refused_and_writes_nothing(world, monkeypatch):
    indicator = indicators(world, 1)[0]
    _someone_saves_between_read_and_write(monkeypatch, world, indicator, first_read=None)
    audits = AuditEntry.objects.count()
    with pytest.raises(StaleEdit) as stale:
        services.rating_set(
            assessment=world.draft_a,
            indicator=indicator,
            by=world.users["reviewer_a"],
            value="met",
            expected_version=0,
            reconciled=True,
        )
    assert stale.value.current.rationale == "Saved first"
    assert Rating.objects.filter(assessment=world.draft_a, kind="reconciled").count() == 1
    assert AuditEntry.objects.count() == audits


def test_a_value_outside_the_scale_is_refused(world):
    with pytest.raises(AssessmentError, match="not a value"):
        services.rating_set(
            assessment=world.draft_a,
            indicator=indicators(world, 1)[0],
            by=world.users["assessor_a"],
            value="excellent",
            expected_version=0,
        )


def test_reviewers_cannot_rate_as_assessors_and_outsiders_cannot_do_either(world):
    indicator = indicators(world, 1)[0]
    with pytest.raises(NotAllowed):
        services.rating_set(
            assessment=world.draft_a,
            indicator=indicator,
            by=world.users["reviewer_a"],
            value="met",
            expected_version=0,
        )
    with pytest.raises(NotAllowed):
        services.rating_set(
            assessment=world.draft_a,
            indicator=indicator,
            by=world.users["coord_b"],
            value="met",
            expected_version=0,
            reconciled=True,
        )


def rate_everything(world: World, value: str = "met") -> None:
    for indicator in indicators(world, 4):
        services.rating_set(
            assessment=world.draft_a,
            indicator=indicator,
            by=world.users["assessor_a"],
            value=value,
            expected_version=0,
        )


def test_approval_needs_every_rated_indicator_reconciled_then_stores_a_snapshot(world):
    rate_everything(world)
    services.assessment_transition(
        assessment=world.draft_a, to=Status.IN_REVIEW, by=world.users["assessor_a"]
    )
    with pytest.raises(IllegalTransition, match="4 rating"):
        services.assessment_transition(
            assessment=world.draft_a, to=Status.APPROVED, by=world.users["reviewer_a"]
        )
    world.draft_a.refresh_from_db()
    assert (
        services.ratings_reconcile_agreed(assessment=world.draft_a, by=world.users["reviewer_a"])
        == 4
    )
    approved = services.assessment_transition(
        assessment=world.draft_a, to=Status.APPROVED, by=world.users["reviewer_a"]
    )
    assert approved.status == Status.APPROVED and approved.approved_at is not None
    snapshot = ResultSnapshot.objects.get(assessment=approved)
    assert snapshot.overall["met"] == 4


def approve(world: World) -> None:
    rate_everything(world)
    services.assessment_transition(
        assessment=world.draft_a, to=Status.IN_REVIEW, by=world.users["assessor_a"]
    )
    world.draft_a.refresh_from_db()
    services.ratings_reconcile_agreed(assessment=world.draft_a, by=world.users["reviewer_a"])
    services.assessment_transition(
        assessment=world.draft_a, to=Status.APPROVED, by=world.users["reviewer_a"]
    )
    world.draft_a.refresh_from_db()


def test_an_approved_assessment_cannot_be_edited_until_reopened_with_a_reason(world):
    approve(world)
    with pytest.raises(NotAllowed, match="reopen"):
        services.rating_set(
            assessment=world.draft_a,
            indicator=indicators(world, 1)[0],
            by=world.users["reviewer_a"],
            value="not_met",
            expected_version=1,
            reconciled=True,
        )
    with pytest.raises(AssessmentError, match="why"):
        services.assessment_transition(
            assessment=world.draft_a, to=Status.IN_REVIEW, by=world.users["coord_a"]
        )
    services.assessment_transition(
        assessment=world.draft_a,
        to=Status.IN_REVIEW,
        by=world.users["coord_a"],
        reason="New evidence on D1.1",
    )
    entry = AuditEntry.objects.filter(action="assessment.in_review").latest("at")
    assert entry.changes["reason"] == [None, "New evidence on D1.1"]
    assert not ResultSnapshot.objects.filter(assessment=world.draft_a).exists()


def test_only_the_country_decides_publication(world):
    approve(world)
    with pytest.raises(NotAllowed):
        services.assessment_transition(
            assessment=world.draft_a, to=Status.PUBLISHED, by=world.users["reviewer_a"]
        )
    published = services.assessment_transition(
        assessment=world.draft_a, to=Status.PUBLISHED, by=world.users["coord_a"]
    )
    assert published.published_at is not None


def test_illegal_jumps_are_refused(world):
    with pytest.raises(IllegalTransition):
        services.assessment_transition(
            assessment=world.draft_a, to=Status.PUBLISHED, by=world.users["admin"]
        )


def test_carrying_over_copies_ratings_to_confirm_and_blocks_approval_until_confirmed(world):
    approve(world)
    follow_up = services.assessment_create(
        by=world.users["coord_a"],
        country=world.draft_a.country,
        framework=world.draft_a.framework,
        title="Follow-up",
        round_label="2026 follow-up",
        team=[(world.users["reviewer_a"], "reviewer"), (world.users["assessor_a"], "assessor")],
        previous=world.draft_a,
        carry_over=True,
    )
    copied = Rating.objects.filter(assessment=follow_up)
    assert copied.count() == 4 and all(r.carried_over and r.kind == "reconciled" for r in copied)
    assert services.unreviewed_count(follow_up) == 4
    follow_up.status = Status.SCORING
    follow_up.save()
    first = copied.first()
    services.rating_set(
        assessment=follow_up,
        indicator=first.indicator,
        by=world.users["reviewer_a"],
        value="met",
        expected_version=first.version,
        reconciled=True,
    )
    assert services.unreviewed_count(follow_up) == 3


def test_results_and_diff_read_the_reconciled_ratings(world):
    approve(world)
    results = queries.assessment_results(world.draft_a)
    assert results.overall.met == 4
    diff = queries.assessment_diff(world.published_a, world.draft_a)
    assert diff.not_mapped_after == [] and len(diff.changes) == 23


def test_evidence_files_are_checked_by_content(world):
    pdf = SimpleUploadedFile("report.pdf", b"%PDF-1.7\n%...", content_type="application/pdf")
    evidence = services.evidence_create(
        assessment=world.draft_a,
        by=world.users["assessor_a"],
        source="document",
        title="Strategy",
        upload=pdf,
        indicators=indicators(world, 2),
    )
    assert evidence.file_type == "application/pdf" and evidence.indicators.count() == 2
    fake = SimpleUploadedFile("report.pdf", b"MZ\x90\x00binary", content_type="application/pdf")
    with pytest.raises(AssessmentError, match="not accepted"):
        services.evidence_create(
            assessment=world.draft_a,
            by=world.users["assessor_a"],
            source="document",
            title="Fake",
            upload=fake,
        )


def test_an_oversized_file_is_refused(world, settings):
    settings.CYBERCAP_MAX_UPLOAD_MB = 1
    big = SimpleUploadedFile("big.txt", b"a" * (1024 * 1024 + 1))
    with pytest.raises(AssessmentError, match="limit is 1 MB"):
        services.evidence_create(
            assessment=world.draft_a,
            by=world.users["assessor_a"],
            source="document",
            title="Big",
            upload=big,
        )


def test_every_write_leaves_an_audit_entry(world):
    before = AuditEntry.objects.count()
    indicator = indicators(world, 1)[0]
    services.rating_set(
        assessment=world.draft_a,
        indicator=indicator,
        by=world.users["assessor_a"],
        value="met",
        expected_version=0,
    )
    services.consultation_save(
        assessment=world.draft_a,
        by=world.users["assessor_a"],
        cluster="academia",
        date=dt.date(2024, 3, 5),
        participants={"academia": 5},
    )
    evidence = services.evidence_create(
        assessment=world.draft_a, by=world.users["assessor_a"], source="desk", title="Desk note"
    )
    services.evidence_link(evidence=evidence, by=world.users["assessor_a"], indicators=[indicator])
    services.assessment_update(
        assessment=world.draft_a, by=world.users["coord_a"], lead_organisation="Regional program"
    )
    services.team_member_add(
        assessment=world.draft_a,
        by=world.users["coord_a"],
        user=world.users["analyst"],
        role="assessor",
    )
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True)[before:])
    assert actions == [
        "rating.assessor",
        "consultation.save",
        "evidence.create",
        "evidence.link",
        "assessment.update",
        "team.add",
    ]
    update = AuditEntry.objects.get(action="assessment.update")
    assert update.changes == {"lead_organisation": ["", "Regional program"]}


def test_a_rating_changed_is_audited_with_only_what_changed(world):
    indicator = indicators(world, 1)[0]
    saved = {"assessment": world.draft_a, "indicator": indicator, "by": world.users["assessor_a"]}
    services.rating_set(**saved, value="met", rationale="Law in force", expected_version=0)
    services.rating_set(**saved, value="partial", rationale="Law in force", expected_version=1)
    first, second = AuditEntry.objects.filter(action="rating.assessor").order_by("id")
    assert first.changes["indicator"] == [None, indicator.code]
    assert second.changes == {"value": ["met", "partial"], "version": [1, 2]}


def test_audit_entries_cannot_be_changed_or_deleted(world):
    entry = AuditEntry.objects.first()
    entry.action = "forged"
    with pytest.raises(ValueError, match="append-only"):
        entry.save()
    with pytest.raises(ValueError, match="append-only"):
        entry.delete()


def test_a_rating_links_exactly_the_chosen_evidence_and_only_the_assessments_own(world):
    from cybercap.assessments.models import Evidence

    indicator = indicators(world, 1)[0]
    assessor = world.users["assessor_a"]
    desk, interview, survey = (
        services.evidence_create(assessment=world.draft_a, by=assessor, source="desk", title=t)
        for t in ("Desk note", "Interview", "Survey")
    )

    def save(chosen, version):  # type: ignore[no-untyped-def]
        return services.rating_set(
            assessment=world.draft_a,
            indicator=indicator,
            by=assessor,
            value="met",
            evidence=chosen,
            expected_version=version,
        )

    rating = save(Evidence.objects.none(), 0)
    assert not rating.evidence.exists()
    save([desk, interview], 1)
    assert set(rating.evidence.all()) == {desk, interview}
    save(Evidence.objects.filter(pk__in=[interview.pk, survey.pk]), 2)
    assert set(rating.evidence.all()) == {interview, survey}
    assert set(survey.indicators.all()) == {indicator}  # the evidence now supports it too
    save([], 3)
    assert not rating.evidence.exists()
    foreign = Evidence.objects.filter(assessment=world.published_a).first()
    with pytest.raises(AssessmentError, match="belong to this assessment"):
        save([desk, foreign], 4)
    rating.refresh_from_db()
    assert rating.version == 4 and not rating.evidence.exists()  # nothing of that save kept
