"""Writes for assessments. Each function is one transaction and records its audit entry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cybercap.access import rules
from cybercap.access.audit import audit_record, snapshot
from cybercap.access.models import ASSESSMENT_ROLES, Membership
from cybercap.assessments import queries
from cybercap.assessments.errors import AssessmentError, IllegalTransition, NotAllowed, StaleEdit
from cybercap.assessments.models import (
    Assessment,
    Consultation,
    Evidence,
    Rating,
    ResultSnapshot,
    Status,
)
from cybercap.assessments.uploads import check_upload
from cybercap.core.rows import unique_row
from cybercap.frameworks.models import NOT_APPLICABLE, NOT_ASSESSED, Framework, Indicator, Node
from cybercap.frameworks.services import framework_freeze
from cybercap.places.models import Country

ASSESSMENT_FIELDS = [
    "title",
    "round_label",
    "lead_organisation",
    "mission_start",
    "mission_end",
    "summary",
    "status",
]
RATING_FIELDS = ["value", "rationale", "confidence", "carried_over", "version"]

TRANSITIONS: dict[str, set[str]] = {
    Status.PLANNING: {Status.COLLECTING},
    Status.COLLECTING: {Status.PLANNING, Status.SCORING},
    Status.SCORING: {Status.COLLECTING, Status.IN_REVIEW},
    Status.IN_REVIEW: {Status.SCORING, Status.APPROVED},
    Status.APPROVED: {Status.IN_REVIEW, Status.PUBLISHED},
    Status.PUBLISHED: {Status.APPROVED},
}


@transaction.atomic
def assessment_create(
    *,
    by: Any,
    country: Country,
    framework: Framework,
    title: str,
    round_label: str,
    lead_organisation: str = "",
    mission_start: dt.date | None = None,
    mission_end: dt.date | None = None,
    team: Sequence[tuple[Any, str]] = (),
    previous: Assessment | None = None,
    carry_over: bool = False,
) -> Assessment:
    """Start an assessment; with `carry_over`, the previous round's ratings are copied as a
    starting point (through the crosswalk when the framework differs), each to be confirmed."""
    if not rules.can_create_assessment(by, country):
        raise NotAllowed(_("You cannot start assessments of this country."))
    _check_dates(mission_start, mission_end)
    if previous is not None and previous.country_id != country.pk:
        raise AssessmentError(_("The previous round must be an assessment of the same country."))
    framework_freeze(framework=framework)
    assessment = Assessment.objects.create(
        country=country,
        framework=framework,
        title=title,
        round_label=round_label,
        lead_organisation=lead_organisation,
        mission_start=mission_start,
        mission_end=mission_end,
        previous=previous,
    )
    for user, role in team:
        _team_add(assessment, user, role)
    if carry_over and previous is not None:
        _carry_over(assessment, previous, by)
    audit_record(
        actor=by,
        action="assessment.create",
        obj=assessment,
        country=country,
        after=snapshot(assessment, ASSESSMENT_FIELDS),
    )
    return assessment


def _check_dates(start: dt.date | None, end: dt.date | None) -> None:
    if start and end and end < start:
        raise AssessmentError(_("The mission cannot end before it starts."))


def _team_add(assessment: Assessment, user: Any, role: str) -> Membership:
    if role not in ASSESSMENT_ROLES:
        raise AssessmentError(_("Team roles are lead assessor, assessor and reviewer."))
    membership, _created = Membership.objects.get_or_create(
        user=user, role=role, assessment=assessment
    )
    rules.forget_grants(user)
    return membership


def _carry_over(assessment: Assessment, previous: Assessment, by: Any) -> int:
    mapping = queries.indicator_map(previous.framework, assessment.framework)
    values = queries.effective_values(queries.rating_triples(previous))
    links: dict[int, list[int]] = {}
    for rating in previous.ratings.filter(kind=Rating.Kind.RECONCILED).prefetch_related("evidence"):
        links[rating.indicator_id] = [evidence.pk for evidence in rating.evidence.all()]
    copies = [
        Rating(
            assessment=assessment,
            indicator_id=mapping[old],
            kind=Rating.Kind.RECONCILED,
            rater=by,
            value=value,
            carried_over=True,
            rationale=_("Carried over from %(round)s.") % {"round": previous.round_label},
        )
        for old, value in values.items()
        if old in mapping
    ]
    Rating.objects.bulk_create(copies)
    through = Rating.evidence.through
    created = {rating.indicator_id: rating.pk for rating in assessment.ratings.all()}
    old_by_new = {mapping[old]: old for old in values if old in mapping}
    through.objects.bulk_create(
        [
            through(rating_id=created[new], evidence_id=evidence_id)
            for new, old in old_by_new.items()
            for evidence_id in links.get(old, [])
        ]
    )
    return len(copies)


@transaction.atomic
def assessment_update(*, assessment: Assessment, by: Any, **changes: Any) -> Assessment:
    """Change an assessment's details (not its status: see `assessment_transition`)."""
    if not rules.can_manage_assessment(by, assessment):
        raise NotAllowed(_("You cannot change this assessment."))
    if assessment.is_final:
        raise AssessmentError(_("Reopen the assessment before changing it."))
    allowed = set(ASSESSMENT_FIELDS) - {"status"}
    unknown = set(changes) - allowed
    if unknown:
        raise AssessmentError(f"Unknown fields: {', '.join(sorted(unknown))}")
    before = snapshot(assessment, ASSESSMENT_FIELDS)
    for name, value in changes.items():
        setattr(assessment, name, value)
    _check_dates(assessment.mission_start, assessment.mission_end)
    assessment.save()
    audit_record(
        actor=by,
        action="assessment.update",
        obj=assessment,
        country=assessment.country,
        before=before,
        after=snapshot(assessment, ASSESSMENT_FIELDS),
    )
    return assessment


@transaction.atomic
def team_member_add(*, assessment: Assessment, by: Any, user: Any, role: str) -> Membership:
    """Put a person on the assessment team in a role."""
    if not rules.can_manage_assessment(by, assessment):
        raise NotAllowed(_("You cannot change this team."))
    membership = _team_add(assessment, user, role)
    audit_record(
        actor=by,
        action="team.add",
        obj=assessment,
        country=assessment.country,
        after={"member": user.username, "role": role},
    )
    return membership


@transaction.atomic
def team_member_remove(*, membership: Membership, by: Any) -> None:
    """Take a person off an assessment team; their ratings stay, attributed to them."""
    assessment = membership.assessment
    assert assessment is not None
    if not rules.can_manage_assessment(by, assessment):
        raise NotAllowed(_("You cannot change this team."))
    audit_record(
        actor=by,
        action="team.remove",
        obj=assessment,
        country=assessment.country,
        before={"member": membership.user.username, "role": membership.role},
    )
    membership.delete()
    rules.forget_grants(membership.user)


def unreviewed_count(assessment: Assessment) -> int:
    """Indicators that block approval: rated by assessors but not reconciled, or carried over
    from the previous round and not yet confirmed."""
    ratings = list(assessment.ratings.only("assessment_id", "indicator_id", "kind", "carried_over"))
    reconciled = {r.indicator_id for r in ratings if r.kind == Rating.Kind.RECONCILED}
    rated = {r.indicator_id for r in ratings if r.kind == Rating.Kind.ASSESSOR}
    carried = {r.indicator_id for r in ratings if r.carried_over}
    return len((rated - reconciled) | carried)


@transaction.atomic
def assessment_transition(
    *, assessment: Assessment, to: str, by: Any, reason: str = ""
) -> Assessment:
    """Move an assessment along its workflow. Approval needs every rating reviewed; reopening an
    approved assessment needs a reason, which the audit log keeps."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if to not in TRANSITIONS.get(assessment.status, set()):
        raise IllegalTransition(
            _("An assessment cannot go from “%(from)s” to “%(to)s”.")
            % {
                "from": Status(assessment.status).label,
                "to": Status(to).label if to in Status.values else to,
            }
        )
    if not rules.can_transition(by, assessment, to):
        raise NotAllowed(
            _("You cannot move this assessment to “%(to)s”.") % {"to": Status(to).label}
        )
    reopening = assessment.status == Status.APPROVED and to == Status.IN_REVIEW
    if reopening and not reason.strip():
        raise AssessmentError(_("Say why the approved assessment is reopened."))
    if to == Status.APPROVED and assessment.status == Status.IN_REVIEW:
        _check_approvable(assessment)
    before = snapshot(assessment, ASSESSMENT_FIELDS)
    unpublishing = assessment.status == Status.PUBLISHED
    assessment.status = to
    now = timezone.now()
    if to == Status.APPROVED and not unpublishing:
        assessment.approved_at = now
    if reopening:
        assessment.approved_at = None
    assessment.published_at = now if to == Status.PUBLISHED else None
    assessment.save()
    if to == Status.APPROVED and not unpublishing:
        _store_snapshot(assessment)
    elif reopening:
        ResultSnapshot.objects.filter(assessment=assessment).delete()
    after = snapshot(assessment, ASSESSMENT_FIELDS)
    if reason:
        after["reason"] = reason.strip()
    audit_record(
        actor=by,
        action=f"assessment.{to}",
        obj=assessment,
        country=assessment.country,
        before=before,
        after=after,
    )
    return assessment


def _check_approvable(assessment: Assessment) -> None:
    blocking = unreviewed_count(assessment)
    if blocking:
        raise IllegalTransition(
            _(
                "%(count)s rating(s) still need the reviewer: reconcile every rated indicator "
                "and confirm every carried-over rating before approving."
            )
            % {"count": blocking}
        )
    if not assessment.ratings.filter(kind=Rating.Kind.RECONCILED).exists():
        raise IllegalTransition(_("Nothing has been rated and reviewed yet."))


def _store_snapshot(assessment: Assessment) -> ResultSnapshot:
    data = queries.snapshot_build(assessment)
    result, _created = ResultSnapshot.objects.update_or_create(
        assessment=assessment, defaults={"computed_at": timezone.now(), **data}
    )
    return result


def _check_value(assessment: Assessment, value: str) -> None:
    allowed = [entry["value"] for entry in assessment.framework.scale]
    if value not in [*allowed, NOT_ASSESSED, NOT_APPLICABLE]:
        raise AssessmentError(
            _("“%(value)s” is not a value of this framework; use one of: %(allowed)s.")
            % {"value": value, "allowed": ", ".join([*allowed, NOT_ASSESSED, NOT_APPLICABLE])}
        )


def rating_set(
    *,
    assessment: Assessment,
    indicator: Indicator,
    by: Any,
    value: str,
    rationale: str = "",
    confidence: str = "medium",
    evidence: Iterable[Evidence] | None = None,
    expected_version: int | None = None,
    reconciled: bool = False,
) -> Rating:
    """Record a rating: the person's own (assessors), or the one that scores (reviewers).
    `expected_version` is the version the person saw (0 for none); if someone saved since,
    StaleEdit is raised carrying their rating, and nothing changes.

    The rating is read before the write transaction and written only if its version is still
    the one read (optimistic locking), so the database's write lock is held for two short
    statements, not for the whole save: on SQLite every other save waits for that lock."""
    if indicator.framework_id != assessment.framework_id:
        raise AssessmentError(_("This indicator belongs to another framework."))
    allowed = rules.can_reconcile if reconciled else rules.can_rate
    if not allowed(by, assessment):
        raise NotAllowed(
            _("You cannot change ratings of this assessment now.")
            if not assessment.is_final
            else _("The assessment is %(status)s: reopen it before changing ratings.")
            % {"status": assessment.get_status_display().lower()}
        )
    _check_value(assessment, value)
    kind = Rating.Kind.RECONCILED if reconciled else Rating.Kind.ASSESSOR
    lookup: dict[str, Any] = {"assessment": assessment, "indicator": indicator, "kind": kind}
    if not reconciled:
        lookup["rater"] = by
    current = unique_row(Rating.objects.filter(**lookup))
    read_version = current.version if current else 0
    if expected_version is not None and expected_version != read_version:
        raise _stale(current, by)
    before = {**snapshot(current, RATING_FIELDS), "indicator": indicator.code} if current else {}
    rating = current or Rating(**lookup)
    if current is not None:
        current.indicator = indicator  # already loaded: callers read it back without a query
    rating.rater = by
    rating.value, rating.rationale, rating.confidence = value, rationale, confidence
    rating.carried_over = False
    rating.version = read_version + 1
    rating.updated_at = timezone.now()
    with transaction.atomic():
        if current is None:
            try:
                with transaction.atomic():  # a savepoint: the insert may meet someone else's
                    rating.save(force_insert=True)
            except IntegrityError:
                raise _stale(unique_row(Rating.objects.filter(**lookup)), by) from None
        else:
            written = Rating.objects.filter(pk=current.pk, version=read_version).update(
                **{name: getattr(rating, name) for name in ["rater", *RATING_FIELDS, "updated_at"]}
            )
            if not written:
                raise _stale(unique_row(Rating.objects.filter(pk=current.pk)), by)
        if evidence is not None:
            _link_evidence(rating, assessment, evidence, new=current is None)
        audit_record(
            actor=by,
            action=f"rating.{kind}",
            obj=rating,
            country=assessment.country,
            before=before,
            after={**snapshot(rating, RATING_FIELDS), "indicator": indicator.code},
        )
    return rating


def _stale(current: Rating | None, by: Any) -> StaleEdit:
    """The error for a version that is not the saved one: someone (or the person, elsewhere)
    saved since they looked, or nothing is saved (None) although they sent a version."""
    if current is None:
        return StaleEdit(
            _("This rating has not been saved yet (or was removed): open it again."), None
        )
    if current.rater_id == getattr(by, "pk", None):
        message = _(
            "You saved this rating again elsewhere (version %(version)s: “%(value)s”). Review "
            "it and save again if you still want to change it."
        )
    else:
        message = _(
            "%(name)s saved this rating first: “%(value)s”. Review it and save "
            "again if you still want to change it."
        )
    return StaleEdit(
        message
        % {
            "name": current.rater.get_full_name() or current.rater.username,
            "value": current.value,
            "version": current.version,
        },
        current,
    )


def _link_evidence(
    rating: Rating, assessment: Assessment, evidence: Iterable[Evidence], *, new: bool
) -> None:
    """Link exactly the chosen evidence to the rating (and to its indicator). Reads the links
    once and writes only the difference; a new rating with nothing chosen touches nothing."""
    empty = isinstance(evidence, QuerySet) and evidence.query.is_empty()
    chosen = [] if empty else list(evidence)
    if any(item.assessment_id != assessment.pk for item in chosen):
        raise AssessmentError(_("Evidence must belong to this assessment."))
    if new and not chosen:
        return
    links = Rating.evidence.through.objects
    linked = _linked_evidence(rating.pk)
    wanted = {item.pk for item in chosen}
    if linked - wanted:
        links.filter(rating_id=rating.pk, evidence_id__in=linked - wanted).delete()
    if wanted - linked:
        links.bulk_create(
            [Rating.evidence.through(rating_id=rating.pk, evidence_id=pk) for pk in wanted - linked]
        )
    for item in chosen:
        item.indicators.add(rating.indicator)


def _linked_evidence(rating_id: int) -> set[int]:
    """The evidence linked to a rating: every save of a rating reads it, in one statement (built
    with the ORM it cost a twentieth of the save)."""
    links = Rating.evidence.through._meta.db_table
    sql = f"SELECT evidence_id FROM {links} WHERE rating_id = %s"  # noqa: S608 (our table name)
    with connection.cursor() as cursor:
        cursor.execute(sql, [rating_id])
        return {evidence_id for (evidence_id,) in cursor.fetchall()}


@transaction.atomic
def ratings_reconcile_agreed(*, assessment: Assessment, by: Any) -> int:
    """Accept, as reconciled, every rating the assessors agree on and nobody reconciled yet."""
    if not rules.can_reconcile(by, assessment):
        raise NotAllowed(_("You cannot reconcile ratings of this assessment now."))
    rows = queries.workspace_rows(assessment, by)
    agreed = [
        row
        for row in rows
        if row.reconciled is None
        and row.others + ([row.mine] if row.mine else [])
        and not row.disagreement
    ]
    created = Rating.objects.bulk_create(
        [
            Rating(
                assessment=assessment,
                indicator=row.indicator,
                kind=Rating.Kind.RECONCILED,
                rater=by,
                value=row.effective or NOT_ASSESSED,
                rationale=(row.mine or row.others[0]).rationale,
            )
            for row in agreed
        ]
    )
    audit_record(
        actor=by,
        action="rating.reconcile_agreed",
        obj=assessment,
        country=assessment.country,
        after={"reconciled": len(created)},
    )
    return len(created)


@transaction.atomic
def consultation_save(
    *,
    assessment: Assessment,
    by: Any,
    consultation: Consultation | None = None,
    cluster: str,
    date: dt.date,
    start_time: dt.time | None = None,
    location: str = "",
    dimensions: Iterable[Node] = (),
    participants: dict[str, int] | None = None,
    notes: str = "",
) -> Consultation:
    """Record (or correct) a consultation with a stakeholder cluster."""
    if not rules.can_add_evidence(by, assessment):
        raise NotAllowed(_("You cannot record consultations for this assessment."))
    if any(count < 0 for count in (participants or {}).values()):
        raise AssessmentError(_("Participant counts cannot be negative."))
    fields = ["cluster", "date", "start_time", "location", "notes"]
    before = snapshot(consultation, fields) if consultation else {}
    item = consultation or Consultation(assessment=assessment)
    item.cluster, item.date, item.start_time = cluster, date, start_time
    item.location, item.notes = location, notes
    item.participants = {key: int(count) for key, count in (participants or {}).items() if count}
    item.save()
    item.dimensions.set(list(dimensions))
    audit_record(
        actor=by,
        action="consultation.save",
        obj=item,
        country=assessment.country,
        before=before,
        after=snapshot(item, fields),
    )
    return item


@transaction.atomic
def evidence_create(
    *,
    assessment: Assessment,
    by: Any,
    source: str,
    title: str,
    summary: str = "",
    effective_date: dt.date | None = None,
    url: str = "",
    upload: UploadedFile | None = None,
    is_public: bool = False,
    consultation: Consultation | None = None,
    indicators: Iterable[Indicator] = (),
) -> Evidence:
    """Add a piece of evidence, with an optional file checked by its content."""
    if not rules.can_add_evidence(by, assessment):
        raise NotAllowed(_("You cannot add evidence to this assessment."))
    if consultation is not None and consultation.assessment_id != assessment.pk:
        raise AssessmentError(_("The consultation belongs to another assessment."))
    evidence = Evidence(
        assessment=assessment,
        source=source,
        title=title,
        summary=summary,
        effective_date=effective_date,
        url=url,
        is_public=is_public,
        consultation=consultation,
        created_by=by,
    )
    if upload is not None:
        checked = check_upload(upload)
        evidence.file_name = upload.name or f"evidence.{checked.extension}"
        evidence.file_type, evidence.file_size = checked.content_type, checked.size
        evidence.file.save(
            f"{assessment.pk}-{checked.extension}.{checked.extension}", upload, save=False
        )
    evidence.save()
    chosen = [i for i in indicators if i.framework_id == assessment.framework_id]
    evidence.indicators.set(chosen)
    audit_record(
        actor=by,
        action="evidence.create",
        obj=evidence,
        country=assessment.country,
        after={
            **snapshot(evidence, ["source", "title", "is_public", "file_name"]),
            "indicators": [i.code for i in chosen],
        },
    )
    return evidence


@transaction.atomic
def evidence_link(*, evidence: Evidence, by: Any, indicators: Iterable[Indicator]) -> Evidence:
    """Say which indicators a piece of evidence supports (replacing the earlier choice)."""
    assessment = evidence.assessment
    if not rules.can_add_evidence(by, assessment):
        raise NotAllowed(_("You cannot change evidence of this assessment."))
    before = sorted(evidence.indicators.values_list("code", flat=True))
    chosen = [i for i in indicators if i.framework_id == assessment.framework_id]
    evidence.indicators.set(chosen)
    audit_record(
        actor=by,
        action="evidence.link",
        obj=evidence,
        country=assessment.country,
        before={"indicators": before},
        after={"indicators": sorted(i.code for i in chosen)},
    )
    return evidence
