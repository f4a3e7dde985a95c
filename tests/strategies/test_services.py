"""Strategy rules: proposals from gaps, decisions, action checks, progress, gap closure."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from cybercap.access.models import AuditEntry
from cybercap.assessments.models import Assessment, Status
from cybercap.strategies import queries, services
from cybercap.strategies.models import Action, ActionStatus, Proposal
from tests.strategies.conftest import Plan, rate_baseline

pytestmark = pytest.mark.django_db


def _action(plan: Plan, **overrides):  # type: ignore[no-untyped-def]
    fields = {
        "objective": plan.strategy.objectives.first(),
        "title": "Train prosecutors",
        "lead_agency": "Attorney General's Chambers",
        "start": dt.date(2026, 1, 1),
        "end": dt.date(2026, 6, 30),
        **overrides,
    }
    return services.action_save(by=plan.by, strategy=plan.strategy, **fields)


def test_gaps_are_the_factors_below_the_target_with_their_next_stage(plan: Plan):
    gaps = {gap.factor_code: gap for gap in queries.baseline_gaps(plan.strategy) or []}
    assert len(gaps) == 23  # every factor is below stage 3
    assert gaps["D1.1"].stage == 2 and gaps["D1.1"].next_stage == 3
    assert gaps["D1.2"].stage == 1 and gaps["D1.2"].next_stage == 2
    framework = plan.baseline.framework
    unmet = framework.indicators.filter(pk__in=gaps["D1.1"].unmet_ids)
    assert unmet.exists() and set(unmet.values_list("stage", flat=True)) == {3}


def test_a_higher_target_leaves_fewer_factors_out_and_a_lower_one_more(plan: Plan):
    plan.strategy.target_stage = 2
    gaps = queries.baseline_gaps(plan.strategy) or []
    assert "D1.1" not in {gap.factor_code for gap in gaps} and len(gaps) == 22


def test_proposals_take_the_recommendations_for_the_next_stage(plan: Plan):
    created = services.proposals_generate(by=plan.by, strategy=plan.strategy)
    proposals = {p.recommendation.code: p for p in plan.strategy.proposals.all()}
    # D1.1 is at stage 2, so stage-3 actions; D1.2 at 1, so stage 2; D5.6 only has a
    # stage-4 action, the nearest one above where it stands.
    assert created == 4
    assert {"T-D1.1-3a", "T-D1.1-3b", "T-D1.2-2a", "T-D5.6-4a"} <= set(proposals)
    assert "T-D1.1-2a" not in proposals
    linked = proposals["T-D1.1-3a"].indicators.all()
    assert linked and all(i.stage == 3 for i in linked)
    assert services.proposals_generate(by=plan.by, strategy=plan.strategy) == 0
    assert plan.strategy.actions.count() == 1  # nothing joins the plan on its own


def test_accepting_makes_an_action_linked_to_the_gaps(plan: Plan):
    services.proposals_generate(by=plan.by, strategy=plan.strategy)
    proposal = plan.strategy.proposals.get(recommendation__code="T-D1.1-3a")
    action = services.proposal_accept(
        by=plan.by,
        proposal=proposal,
        objective=plan.strategy.objectives.first(),
        title="Adopt the strategy in Cabinet",
        lead_agency="Cabinet Office",
        start=dt.date(2026, 3, 1),
        end=dt.date(2026, 12, 31),
        priority="high",
        budget=Decimal("25000"),
    )
    assert action.code == "1.2"  # the objective's second action
    assert set(action.indicators.all()) == set(proposal.indicators.all())
    assert action.recommendation is not None and action.recommendation.code == "T-D1.1-3a"
    proposal.refresh_from_db()
    assert proposal.decision == Proposal.Decision.ACCEPTED and proposal.action == action
    with pytest.raises(services.StrategyError, match="already been decided"):
        services.proposal_drop(by=plan.by, proposal=proposal)


def test_merging_adds_the_gaps_to_an_existing_action(plan: Plan):
    services.proposals_generate(by=plan.by, strategy=plan.strategy)
    proposal = plan.strategy.proposals.get(recommendation__code="T-D1.2-2a")
    action = plan.world.action_a
    services.proposal_merge(by=plan.by, proposal=proposal, action=action)
    assert set(proposal.indicators.all()) <= set(action.indicators.all())
    assert plan.strategy.actions.count() == 1


def test_dropped_proposals_can_be_reconsidered(plan: Plan):
    proposal = plan.world.proposal_a
    services.proposal_drop(by=plan.by, proposal=proposal)
    services.proposal_reopen(by=plan.by, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.decision == Proposal.Decision.PENDING


def test_an_action_must_end_after_it_starts_and_nothing_is_saved(plan: Plan):
    before = Action.objects.count()
    with pytest.raises(services.StrategyError, match="end before it starts"):
        _action(plan, start=dt.date(2026, 5, 1), end=dt.date(2026, 4, 1))
    assert Action.objects.count() == before


def test_dependencies_cannot_loop(plan: Plan):
    first = plan.world.action_a
    second = _action(plan, depends_on=[first])
    third = _action(plan, title="Third", depends_on=[second])
    with pytest.raises(services.StrategyError, match="loop"):
        services.action_save(by=plan.by, strategy=plan.strategy, action=first, depends_on=[third])
    assert list(first.depends_on.all()) == []


def test_a_stale_edit_is_refused_with_the_current_version(plan: Plan):
    action = plan.world.action_a
    services.action_save(
        by=plan.by, strategy=plan.strategy, action=action, expected_version=1, title="New title"
    )
    with pytest.raises(services.StaleAction) as stale:
        services.action_save(
            by=plan.by, strategy=plan.strategy, action=action, expected_version=1, title="Mine"
        )
    assert stale.value.current.title == "New title" and stale.value.current.version == 2


def test_the_newest_progress_update_sets_the_status(plan: Plan):
    action = plan.world.action_a
    services.progress_report(
        by=plan.by, action=action, reported_on=dt.date(2026, 3, 1), status="on_track", progress=30
    )
    services.progress_report(
        by=plan.by, action=action, reported_on=dt.date(2026, 2, 1), status="delayed", progress=10
    )  # reported late, about an earlier date: kept in the history, not the current state
    action.refresh_from_db()
    assert (action.status, action.progress) == ("on_track", 30)
    services.progress_report(
        by=plan.by, action=action, reported_on=dt.date(2026, 4, 1), status="done", progress=80
    )
    action.refresh_from_db()
    assert (action.status, action.progress) == ("done", 100)  # done means 100 %
    assert action.updates.count() == 3
    assert AuditEntry.objects.filter(action="strategy.action.progress").count() == 3


def test_progress_cannot_be_dated_in_the_future(plan: Plan):
    with pytest.raises(services.StrategyError, match="future"):
        services.progress_report(
            by=plan.by,
            action=plan.world.action_a,
            reported_on=dt.date.today() + dt.timedelta(days=2),
            status="on_track",
            progress=5,
        )


def test_someone_outside_the_strategy_cannot_change_it(plan: Plan):
    with pytest.raises(services.StrategyError):
        services.progress_report(
            by=plan.world.users["coord_b"],
            action=plan.world.action_a,
            reported_on=dt.date(2026, 2, 1),
            status="on_track",
            progress=5,
        )
    with pytest.raises(services.StrategyError):
        services.proposals_generate(by=plan.world.users["analyst"], strategy=plan.strategy)


def test_adoption_needs_the_production_phase(plan: Plan):
    with pytest.raises(services.StrategyError, match="production"):
        services.strategy_update(by=plan.by, strategy=plan.strategy, adopted_on=dt.date(2026, 1, 5))
    strategy = services.strategy_update(
        by=plan.by, strategy=plan.strategy, phase="production", adopted_on=dt.date(2026, 1, 5)
    )
    assert strategy.is_adopted


def test_the_baseline_must_be_an_approved_round_of_the_country(plan: Plan):
    with pytest.raises(services.StrategyError, match="same country"):
        services.strategy_update(by=plan.by, strategy=plan.strategy, baseline=plan.world.draft_b)
    with pytest.raises(services.StrategyError, match="approved"):
        services.strategy_update(by=plan.by, strategy=plan.strategy, baseline=plan.world.draft_a)


def test_a_later_round_shows_which_gaps_were_closed(plan: Plan):
    services.proposals_generate(by=plan.by, strategy=plan.strategy)
    proposal = plan.strategy.proposals.get(recommendation__code="T-D1.1-3a")
    services.proposal_merge(by=plan.by, proposal=proposal, action=plan.world.action_a)
    addressed = list(plan.world.action_a.indicators.all())
    later = plan.world.approved_a
    Assessment.objects.filter(pk=later.pk).update(mission_start=dt.date(2019, 5, 2))
    later.refresh_from_db()
    rate_baseline(later, plan.world.users["reviewer_a"])  # the same gaps...
    later.ratings.filter(indicator=addressed[0]).update(value="met")  # ...but one closed
    from cybercap.assessments.models import ResultSnapshot
    from cybercap.assessments.queries import snapshot_build

    ResultSnapshot.objects.filter(assessment=later).update(**snapshot_build(later))
    actions = list(queries.plan_actions(plan.strategy))
    visible = Assessment.objects.filter(status__in=[Status.APPROVED, Status.PUBLISHED])
    closure = queries.gap_closure(plan.strategy, actions, visible)
    assert closure.follow_up == later
    assert closure.of(plan.world.action_a) == (1, len(addressed))
    assert closure.closed_codes == {addressed[0].code}


def test_the_dashboard_counts_by_objective_and_budget_by_status(plan: Plan):
    _action(plan, budget=Decimal("1000"), status=ActionStatus.DELAYED, progress=20)
    _action(plan, budget=Decimal("500"), status=ActionStatus.DONE, end=dt.date(2026, 2, 1))
    _action(plan, budget=Decimal("200"), status=ActionStatus.DROPPED, progress=0)
    actions = list(queries.plan_actions(plan.strategy))
    board = queries.plan_dashboard(plan.strategy, actions, dt.date(2026, 3, 1))
    assert board.total == 4
    assert board.counts["delayed"] == 1 and board.counts["done"] == 1
    assert board.budget_by_status["delayed"] == 1000 and board.budget_total == 1700
    # (0 + 20 + 100) / 3 live actions; the dropped one does not count
    assert board.progress == 40
    assert [a.title for a in board.overdue] == []


def test_kpi_achievement_runs_from_baseline_to_target(plan: Plan):
    action = services.action_save(
        by=plan.by,
        strategy=plan.strategy,
        action=plan.world.action_a,
        kpis=[services.KpiIn("Trained staff", Decimal(50), "people", Decimal(10), Decimal(30))],
    )
    kpi = action.kpis.get()
    assert kpi.achieved == 50
    kpi.current = Decimal(80)
    assert kpi.achieved == 100  # capped


def test_the_baseline_must_be_on_a_maturity_model(plan: Plan):
    from cybercap.frameworks.models import Framework

    checklist = Assessment.objects.create(
        country=plan.strategy.country,
        framework=Framework.objects.get(slug="budapest-checklist"),
        title="Legislative review",
        round_label="2019 review",
        status=Status.APPROVED,
    )
    with pytest.raises(services.StrategyError, match="maturity model"):
        services.strategy_update(by=plan.by, strategy=plan.strategy, baseline=checklist)
    assert checklist not in services.baseline_choices(plan.by, plan.strategy.country)
