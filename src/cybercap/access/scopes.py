"""What each person may see: one scoped queryset per model. Use these before loading anything,
so an object outside the scope is simply not found (404), exactly like a missing one."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from cybercap.access.models import AuditEntry
from cybercap.access.rules import grants_for
from cybercap.core.rows import row_with_relations


def assessments_visible(user: Any) -> QuerySet[Any]:
    """Assessments the person may open at all (see `rules.assessment_reach` for how much)."""
    from cybercap.assessments.models import FINAL_STATUSES, Assessment, Status

    grants = grants_for(user)
    everything = Assessment.objects.all()
    if grants.program_admin:
        return everything
    scope = Q(status=Status.PUBLISHED)
    scope |= Q(country_id__in=grants.viewed) | Q(pk__in=list(grants.assessment_roles))
    scope |= Q(country_id__in=grants.analysed, status__in=FINAL_STATUSES)
    return everything.filter(scope)


def assessment_visible(user: Any, pk: int) -> Any:
    """One assessment (with its country and framework) if the person may open it, else None:
    the same scope as `assessments_visible`, decided by `rules.assessment_reach` on the row,
    which spares every assessment page compiling the scope's SQL."""
    from cybercap.access.rules import Reach, assessment_reach
    from cybercap.assessments.models import Assessment

    found = row_with_relations(Assessment, pk, ["country", "framework"])
    if found is None or assessment_reach(user, found) == Reach.NONE:
        return None
    return found


def assessments_with_drafts(user: Any) -> QuerySet[Any]:
    """Assessments whose drafts, team work and confidential material the person may see."""
    from cybercap.assessments.models import Assessment

    grants = grants_for(user)
    everything = Assessment.objects.all()
    if grants.program_admin:
        return everything
    return everything.filter(
        Q(country_id__in=grants.viewed) | Q(pk__in=list(grants.assessment_roles))
    )


def final_assessments_visible(user: Any) -> QuerySet[Any]:
    """Approved or published assessments the person may compare: what aggregates read."""
    from cybercap.assessments.models import FINAL_STATUSES

    return assessments_visible(user).filter(status__in=FINAL_STATUSES)


def evidence_visible(user: Any, assessment: Any) -> QuerySet[Any]:
    """Evidence of an assessment: all of it for full reach, otherwise only public evidence."""
    from cybercap.access.rules import can_see_confidential

    evidence = assessment.evidence.all()
    return evidence if can_see_confidential(user, assessment) else evidence.filter(is_public=True)


def audit_visible(user: Any) -> QuerySet[AuditEntry]:
    """Audit entries of the countries the person coordinates (everything for program admins)."""
    grants = grants_for(user)
    entries = AuditEntry.objects.select_related("actor", "country")
    if grants.program_admin:
        return entries
    return entries.filter(country_id__in=grants.coordinated)


def program_countries(user: Any) -> QuerySet[Any]:
    """Countries whose program records (missions, CSIRT) the person may see."""
    from cybercap.places.models import Country

    grants = grants_for(user)
    if grants.program_admin:
        return Country.objects.all()
    return Country.objects.filter(pk__in=grants.viewed | grants.analysed)


def missions_visible(user: Any) -> QuerySet[Any]:
    from cybercap.program.models import Mission

    return Mission.objects.filter(country__in=program_countries(user))


def csirts_visible(user: Any) -> QuerySet[Any]:
    from cybercap.program.models import Csirt

    return Csirt.objects.filter(country__in=program_countries(user))


def strategies_visible(user: Any) -> QuerySet[Any]:
    """Strategies the person may open (see `rules.can_see_strategy`)."""
    from cybercap.strategies.models import Strategy

    grants = grants_for(user)
    everything = Strategy.objects.all()
    if grants.program_admin:
        return everything
    scope = Q(country_id__in=grants.viewed) | Q(pk__in=list(grants.strategies))
    scope |= Q(country_id__in=grants.analysed, adopted_on__isnull=False)
    return everything.filter(scope)


def regional_plans_visible(user: Any) -> QuerySet[Any]:
    """Regional plans of the groups the person analyses or whose member states they belong to."""
    from cybercap.places.models import GroupMembership
    from cybercap.regional.models import RegionalPlan

    grants = grants_for(user)
    everything = RegionalPlan.objects.all()
    if grants.program_admin:
        return everything
    member_of = GroupMembership.objects.filter(country_id__in=grants.viewed).values("group_id")
    return everything.filter(Q(group_id__in=grants.groups) | Q(group_id__in=member_of))


def assistance_requests_visible(user: Any) -> QuerySet[Any]:
    from cybercap.program.models import AssistanceRequest

    return AssistanceRequest.objects.filter(country__in=program_countries(user))
