"""Every permission question Cybercap asks, answered in one place.

Views, exports, tasks and the API call these functions and the scoped querysets in `scopes.py`,
and nothing else. Each function states its contract; none raises, all answer True or False.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from django.db import connection

from cybercap.access.models import Membership, Role
from cybercap.places.models import GroupMembership

if TYPE_CHECKING:
    from cybercap.assessments.models import Assessment
    from cybercap.places.models import Country
    from cybercap.regional.models import NationalStep, RegionalPlan
    from cybercap.strategies.models import Strategy

_CACHE_ATTRIBUTE = "_cybercap_grants"


@dataclass(frozen=True)
class Grants:
    """What one person's memberships add up to, read once per request."""

    program_admin: bool = False
    coordinated: frozenset[str] = frozenset()
    viewed: frozenset[str] = frozenset()
    analysed: frozenset[str] = frozenset()
    assessment_roles: dict[int, frozenset[str]] = field(default_factory=dict)
    strategies: frozenset[int] = frozenset()
    groups: frozenset[int] = frozenset()  # groups the person analyses

    def roles_on(self, assessment_id: int) -> frozenset[str]:
        return self.assessment_roles.get(assessment_id, frozenset())


def grants_for(user: Any) -> Grants:
    """The person's grants (two queries, then cached on the user object for the request)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return Grants()
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    admin, coordinated, viewed, groups = False, set(), set(), set()
    roles: dict[int, set[str]] = {}
    strategies: set[int] = set()
    # Plain values and plain strings: someone on a few hundred assessments would otherwise cost
    # milliseconds of model instances and enum look-ups on every request.
    program_admin, coordinator, viewer, analyst, wg_member = (
        str(role.value)
        for role in (
            Role.PROGRAM_ADMIN,
            Role.NATIONAL_COORDINATOR,
            Role.COUNTRY_VIEWER,
            Role.REGIONAL_ANALYST,
            Role.WORKING_GROUP_MEMBER,
        )
    )
    for role, country_id, group_id, assessment_id, strategy_id in _memberships(user.pk):
        if role == program_admin:
            admin = True
        elif role == coordinator and country_id:
            coordinated.add(country_id)
            viewed.add(country_id)
        elif role == viewer and country_id:
            viewed.add(country_id)
        elif role == analyst and group_id:
            groups.add(group_id)
        elif role == wg_member and strategy_id:
            strategies.add(strategy_id)
        elif assessment_id:
            roles.setdefault(assessment_id, set()).add(role)
    analysed: set[str] = set()
    if groups:
        analysed = set(
            GroupMembership.objects.filter(group_id__in=groups).values_list("country_id", flat=True)
        )
    grants = Grants(
        admin,
        frozenset(coordinated),
        frozenset(viewed),
        frozenset(analysed),
        {key: frozenset(value) for key, value in roles.items()},
        frozenset(strategies),
        frozenset(groups),
    )
    setattr(user, _CACHE_ATTRIBUTE, grants)
    return grants


def _memberships(user_id: int) -> list[tuple[str, str | None, int | None, int | None, int | None]]:
    """(role, country, group, assessment, strategy) of each of the person's memberships.

    Every signed-in request reads them, so this is one statement written in SQL: built with the
    ORM it took a tenth of a rating save for someone on a few hundred assessments."""
    sql = (  # the table name is ours; the person is a parameter
        "SELECT role, country_id, group_id, assessment_id, strategy_id "  # noqa: S608
        f"FROM {Membership._meta.db_table} WHERE user_id = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [user_id])
        return cursor.fetchall()


def forget_grants(user: Any) -> None:
    """Drop the cached grants after memberships change."""
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


class Reach(IntEnum):
    """How much of an assessment a person may see."""

    NONE = 0
    PUBLIC = 1  # published results and public evidence
    RESULTS = 2  # approved or published results, without confidential evidence or notes
    FULL = 3  # everything, drafts included: the country, the team and the program


def assessment_reach(user: Any, assessment: Assessment) -> Reach:
    """The most this person may see of this assessment."""
    from cybercap.assessments.models import FINAL_STATUSES, Status

    grants = grants_for(user)
    if (
        grants.program_admin
        or assessment.country_id in grants.viewed
        or grants.roles_on(assessment.pk)
    ):
        return Reach.FULL
    if assessment.country_id in grants.analysed and assessment.status in FINAL_STATUSES:
        return Reach.RESULTS
    if assessment.status == Status.PUBLISHED:
        return Reach.PUBLIC
    return Reach.NONE


def can_see_workspace(user: Any, assessment: Assessment) -> bool:
    """Drafts, ratings of every assessor, consultations and confidential evidence."""
    return assessment_reach(user, assessment) == Reach.FULL


def can_see_confidential(user: Any, assessment: Assessment) -> bool:
    """Confidential evidence and consultation notes: the country, the team, the program."""
    return assessment_reach(user, assessment) == Reach.FULL


def can_see_results(user: Any, assessment: Assessment) -> bool:
    """Results: anyone with full reach (provisional ones too), others once approved/published."""
    reach = assessment_reach(user, assessment)
    return reach == Reach.FULL or (reach >= Reach.PUBLIC and assessment.is_final)


def can_create_assessment(user: Any, country: Country) -> bool:
    """Program administrators anywhere; national coordinators in their own country."""
    grants = grants_for(user)
    return grants.program_admin or country.pk in grants.coordinated


def can_manage_assessment(user: Any, assessment: Assessment) -> bool:
    """Edit details and team, record consultations: lead assessor, coordinator, program admin."""
    grants = grants_for(user)
    return (
        grants.program_admin
        or assessment.country_id in grants.coordinated
        or Role.LEAD_ASSESSOR in grants.roles_on(assessment.pk)
    )


def can_add_evidence(user: Any, assessment: Assessment) -> bool:
    """Anyone on the team, and the country's coordinator, while the assessment is open."""
    grants = grants_for(user)
    return not assessment.is_final and (
        bool(grants.roles_on(assessment.pk)) or can_manage_assessment(user, assessment)
    )


def can_rate(user: Any, assessment: Assessment) -> bool:
    """Record one's own ratings: assessors and the lead assessor, while collecting or scoring."""
    from cybercap.assessments.models import Status

    roles = grants_for(user).roles_on(assessment.pk)
    return assessment.status in (Status.COLLECTING, Status.SCORING) and bool(
        roles & {Role.ASSESSOR, Role.LEAD_ASSESSOR}
    )


def can_reconcile(user: Any, assessment: Assessment) -> bool:
    """Set the rating that scores: reviewers and the lead assessor, while scoring or in review."""
    from cybercap.assessments.models import Status

    roles = grants_for(user).roles_on(assessment.pk)
    return assessment.status in (Status.SCORING, Status.IN_REVIEW) and bool(
        roles & {Role.REVIEWER, Role.LEAD_ASSESSOR}
    )


def can_transition(user: Any, assessment: Assessment, to: str) -> bool:
    """Who may move an assessment to a status (the service checks whether the move is legal)."""
    from cybercap.assessments.models import Status

    grants = grants_for(user)
    roles = grants.roles_on(assessment.pk)
    coordinator = grants.program_admin or assessment.country_id in grants.coordinated
    if to == Status.PUBLISHED or assessment.status == Status.PUBLISHED:
        return coordinator  # the country decides what is published
    if to == Status.APPROVED:
        return grants.program_admin or bool(roles & {Role.REVIEWER, Role.LEAD_ASSESSOR})
    if assessment.status == Status.APPROVED:  # reopening
        return coordinator or bool(roles & {Role.REVIEWER, Role.LEAD_ASSESSOR})
    return can_manage_assessment(user, assessment)


def can_see_audit(user: Any, country: Country) -> bool:
    """The audit log of a country: its national coordinators and program administrators."""
    grants = grants_for(user)
    return grants.program_admin or country.pk in grants.coordinated


def can_manage_people(user: Any, country: Country) -> bool:
    """Invite people and grant or revoke country and assessment roles in a country."""
    grants = grants_for(user)
    return grants.program_admin or country.pk in grants.coordinated


def must_use_two_factor(user: Any) -> bool:
    """Program administrators and national coordinators must sign in with a second factor."""
    grants = grants_for(user)
    return grants.program_admin or bool(grants.coordinated)


def can_see_strategy(user: Any, strategy: Strategy) -> bool:
    """A strategy: the country, its working-group editors, the program; analysts of the
    country's groups once it is adopted."""
    grants = grants_for(user)
    return (
        grants.program_admin
        or strategy.country_id in grants.viewed
        or strategy.pk in grants.strategies
        or (strategy.country_id in grants.analysed and strategy.adopted_on is not None)
    )


def can_create_strategy(user: Any, country: Country) -> bool:
    """Start a strategy: program administrators and the country's coordinators."""
    grants = grants_for(user)
    return grants.program_admin or country.pk in grants.coordinated


def can_edit_strategy(user: Any, strategy: Strategy) -> bool:
    """Edit a strategy, its working group, objectives, actions and progress: the country's
    coordinators, working-group members given edit access to it, program administrators."""
    grants = grants_for(user)
    return (
        grants.program_admin
        or strategy.country_id in grants.coordinated
        or strategy.pk in grants.strategies
    )


def can_grant_strategy_access(user: Any, strategy: Strategy) -> bool:
    """Give working-group members edit access: the country's coordinators and the program."""
    grants = grants_for(user)
    return grants.program_admin or strategy.country_id in grants.coordinated


def can_see_regional_plan(user: Any, plan: RegionalPlan) -> bool:
    """A regional plan: the program, the group's analysts, and people of its member states."""
    grants = grants_for(user)
    if grants.program_admin or plan.group_id in grants.groups:
        return True
    if not grants.viewed:
        return False
    return GroupMembership.objects.filter(
        group_id=plan.group_id, country_id__in=grants.viewed
    ).exists()


def can_edit_regional_plan(user: Any, plan: RegionalPlan) -> bool:
    """The plan itself (pillars, actions, standards, contacts): the program and the group's
    analysts (the regional committee's secretariat)."""
    grants = grants_for(user)
    return grants.program_admin or plan.group_id in grants.groups


def can_create_regional_plan(user: Any, group: Any) -> bool:
    grants = grants_for(user)
    return grants.program_admin or group.pk in grants.groups


def can_update_step(user: Any, step: NationalStep) -> bool:
    """A national step: whoever edits the plan, and the coordinators of the step's country."""
    grants = grants_for(user)
    return step.country_id in grants.coordinated or can_edit_regional_plan(user, step.action.plan)


def can_manage_offers(user: Any) -> bool:
    """Partners' assistance offers and commitments are kept by the program's administrators."""
    return grants_for(user).program_admin


def can_request_assistance(user: Any, country: Country) -> bool:
    """Ask for help: program administrators and the country's coordinators."""
    grants = grants_for(user)
    return grants.program_admin or country.pk in grants.coordinated


def can_see_program(user: Any) -> bool:
    """Program pages: program administrators, and anyone holding a country or group role."""
    grants = grants_for(user)
    return grants.program_admin or bool(grants.viewed) or bool(grants.analysed)


def can_record_missions(user: Any) -> bool:
    """Missions are recorded by the program's administrators."""
    return grants_for(user).program_admin


def can_edit_csirt(user: Any, country: Country) -> bool:
    """A national CSIRT record: program administrators and the country's coordinators."""
    grants = grants_for(user)
    return grants.program_admin or country.pk in grants.coordinated
