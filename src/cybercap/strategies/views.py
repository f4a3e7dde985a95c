"""Strategy pages: list, overview with the plan's dashboard, proposals from gaps, action plan,
actions and progress, timeline, working group, and the Word/Excel files."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cybercap.access import rules, scopes
from cybercap.access.models import Membership, Role
from cybercap.places.models import Country
from cybercap.strategies import exports, forms, imports, queries, services
from cybercap.strategies.models import (
    Action,
    ActionStatus,
    Phase,
    Proposal,
    Recommendation,
    Strategy,
    WorkingGroupMember,
)


def _strategy(request: HttpRequest, pk: int, *, edit: bool = False) -> Strategy:
    """The strategy if the person may see it (and edit it when asked); otherwise 404."""
    strategy = get_object_or_404(
        scopes.strategies_visible(request.user).select_related("country", "baseline__framework"),
        pk=pk,
    )
    if edit and not rules.can_edit_strategy(request.user, strategy):
        raise Http404
    return strategy


def _context(request: HttpRequest, strategy: Strategy, tab: str, **extra: Any) -> dict[str, Any]:
    return {
        "strategy": strategy,
        "tab": tab,
        "can_edit": rules.can_edit_strategy(request.user, strategy),
        "phases": Phase.choices,
        "phase_index": list(Phase.values).index(strategy.phase),
        **extra,
    }


def _file(content: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def strategy_list(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect(f"/accounts/login/?next={request.path}")
    strategies = (
        scopes.strategies_visible(request.user)
        .select_related("country", "baseline")
        .order_by("country__name", "-created_at")
    )
    country = request.GET.get("country", "").upper()
    if country:
        strategies = strategies.filter(country_id=country)
    startable = [
        c
        for c in scopes.program_countries(request.user)
        if rules.can_create_strategy(request.user, c)
    ]
    return render(
        request,
        "strategies/strategy_list.html",
        {
            "strategies": strategies,
            "country": country,
            "countries": Country.objects.filter(
                pk__in=scopes.strategies_visible(request.user).values("country_id")
            ),
            "startable": startable,
        },
    )


@login_required
def strategy_create(request: HttpRequest) -> HttpResponse:
    country = get_object_or_404(Country, pk=(request.GET.get("country") or "").upper())
    if not rules.can_create_strategy(request.user, country):
        raise Http404
    baselines = services.baseline_choices(request.user, country)
    initial = {
        "title": _("National Cyber Security Strategy of %(country)s")
        % {"country": country.localized_name},
        "baseline": baselines[0].pk if baselines else None,
    }
    form = forms.StrategyForm(request.POST or None, baselines=baselines, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            strategy = services.strategy_create(
                by=request.user, country=country, title=data.pop("title"), **data
            )
        except services.StrategyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Strategy started."))
            return redirect("strategies:detail", pk=strategy.pk)
    return render(
        request,
        "strategies/strategy_form.html",
        {"form": form, "country": country, "strategy": None},
        status=400 if form.errors else 200,
    )


def strategy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    strategy = _strategy(request, pk)
    actions = list(queries.plan_actions(strategy))
    today = timezone.localdate()
    closure = queries.gap_closure(strategy, actions, scopes.assessments_visible(request.user))
    return render(
        request,
        "strategies/strategy_detail.html",
        _context(
            request,
            strategy,
            "overview",
            dashboard=queries.plan_dashboard(strategy, actions, today),
            closure=closure,
            closure_rows=[(a, closure.of(a)) for a in actions if closure.of(a)],
            pending=strategy.proposals.filter(decision=Proposal.Decision.PENDING).count(),
            statuses=ActionStatus.choices,
        ),
    )


@login_required
def strategy_edit(request: HttpRequest, pk: int) -> HttpResponse:
    strategy = _strategy(request, pk, edit=True)
    baselines = services.baseline_choices(request.user, strategy.country)
    if strategy.baseline and strategy.baseline not in baselines:
        baselines.append(strategy.baseline)
    form = forms.StrategyForm(request.POST or None, instance=strategy, baselines=baselines)
    if request.method == "POST" and form.is_valid():
        try:
            services.strategy_update(by=request.user, strategy=strategy, **form.cleaned_data)
        except services.StrategyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Strategy saved."))
            return redirect("strategies:detail", pk=strategy.pk)
    return render(
        request,
        "strategies/strategy_form.html",
        {"form": form, "country": strategy.country, "strategy": strategy},
        status=400 if form.errors else 200,
    )


# Proposals ------------------------------------------------------------------------------------


def proposal_list(request: HttpRequest, pk: int) -> HttpResponse:
    strategy = _strategy(request, pk)
    decision = request.GET.get("decision", Proposal.Decision.PENDING)
    proposals = (
        strategy.proposals.select_related("recommendation", "action")
        .prefetch_related("indicators")
        .order_by("factor_code", "recommendation__code")
    )
    counts = {key: 0 for key in Proposal.Decision.values}
    for key in strategy.proposals.values_list("decision", flat=True):
        counts[key] += 1
    if decision in Proposal.Decision.values:
        proposals = proposals.filter(decision=decision)
    gaps = queries.baseline_gaps(strategy)
    return render(
        request,
        "strategies/proposal_list.html",
        _context(
            request,
            strategy,
            "proposals",
            proposals=proposals,
            decision=decision,
            decisions=[(key, label, counts[key]) for key, label in Proposal.Decision.choices],
            gaps=gaps,
            actions=strategy.actions.order_by("code").only("id", "code", "title"),
        ),
    )


@login_required
@require_POST
def proposals_generate(request: HttpRequest, pk: int) -> HttpResponse:
    strategy = _strategy(request, pk, edit=True)
    try:
        created = services.proposals_generate(by=request.user, strategy=strategy)
    except services.StrategyError as error:
        messages.error(request, str(error))
    else:
        if created:
            messages.success(
                request, _("%(count)s actions proposed for the gaps.") % {"count": created}
            )
        else:
            messages.warning(request, _("No new proposal: every gap already has its proposals."))
    return redirect("strategies:proposals", pk=strategy.pk)


@login_required
def proposal_accept(request: HttpRequest, pk: int, proposal_id: int) -> HttpResponse:
    strategy = _strategy(request, pk, edit=True)
    proposal = get_object_or_404(
        strategy.proposals.select_related("recommendation"),
        pk=proposal_id,
        decision=Proposal.Decision.PENDING,
    )
    recommendation = proposal.recommendation
    start = max(timezone.localdate(), strategy.period_start or timezone.localdate())
    months = recommendation.months
    end_month = start.month - 1 + months
    end = start.replace(year=start.year + end_month // 12, month=end_month % 12 + 1, day=1)
    initial = {
        "objective": strategy.objectives.first(),
        "title": recommendation.title,
        "description": recommendation.action,
        "lead_agency": recommendation.get_lead_type_display(),
        "start": start,
        "end": end,
        "priority": "high" if proposal.current_stage <= 1 else "medium",
    }
    form = forms.ProposalAcceptForm(request.POST or None, strategy=strategy, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            action = services.proposal_accept(
                by=request.user, proposal=proposal, **form.cleaned_data
            )
        except services.StrategyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Action %(code)s added to the plan.") % {"code": action.code}
            )
            return redirect("strategies:proposals", pk=strategy.pk)
    return render(
        request,
        "strategies/proposal_accept.html",
        _context(
            request,
            strategy,
            "proposals",
            form=form,
            proposal=proposal,
            indicators=proposal.indicators.all(),
        ),
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def proposal_decide(request: HttpRequest, pk: int, proposal_id: int) -> HttpResponse:
    strategy = _strategy(request, pk, edit=True)
    proposal = get_object_or_404(strategy.proposals, pk=proposal_id)
    decision = request.POST.get("decision")
    try:
        if decision == "drop":
            services.proposal_drop(by=request.user, proposal=proposal)
            messages.success(request, _("Proposal dropped."))
        elif decision == "reopen":
            services.proposal_reopen(by=request.user, proposal=proposal)
            messages.success(request, _("Proposal back on the table."))
        elif decision == "merge":
            action = strategy.actions.filter(pk=request.POST.get("action") or 0).first()
            if action is None:
                raise services.StrategyError(_("Choose the action to merge it into."))
            services.proposal_merge(by=request.user, proposal=proposal, action=action)
            messages.success(request, _("Merged into action %(code)s.") % {"code": action.code})
        else:
            raise services.StrategyError(_("Unknown decision."))
    except services.StrategyError as error:
        messages.error(request, str(error))
    return redirect("strategies:proposals", pk=strategy.pk)


# Action plan ----------------------------------------------------------------------------------


def action_list(request: HttpRequest, pk: int) -> HttpResponse:
    strategy = _strategy(request, pk)
    filters = {
        "agency": request.GET.get("agency", ""),
        "status": request.GET.get("status", ""),
        "objective": request.GET.get("objective", ""),
        "query": request.GET.get("q", "").strip(),
    }
    actions = list(queries.plan_actions(strategy, **filters))
    return render(
        request,
        "strategies/action_list.html",
        _context(
            request,
            strategy,
            "plan",
            actions=actions,
            filters=filters,
            filtered=any(filters.values()),
            agencies=queries.agencies(strategy),
            statuses=ActionStatus.choices,
            objectives=strategy.objectives.all(),
            objective_form=forms.ObjectiveForm(),
            import_form=forms.ImportForm(),
            today=timezone.localdate(),
        ),
    )


def _action_page(request: HttpRequest, strategy: Strategy, action: Action | None) -> HttpResponse:
    post = request.POST if request.method == "POST" else None
    form = forms.ActionForm(post, instance=action, strategy=strategy)
    milestone_initial = (
        [
            {"title": m.title, "due": m.due, "reached_on": m.reached_on}
            for m in action.milestones.all()
        ]
        if action
        else []
    )
    kpi_initial = (
        [
            {
                "name": k.name,
                "unit": k.unit,
                "baseline": k.baseline,
                "target": k.target,
                "current": k.current,
            }
            for k in action.kpis.all()
        ]
        if action
        else []
    )
    milestones = forms.MilestoneFormSet(post, initial=milestone_initial, prefix="milestones")
    kpis = forms.KpiFormSet(post, initial=kpi_initial, prefix="kpis")
    if post is not None and form.is_valid() and milestones.is_valid() and kpis.is_valid():
        version = request.POST.get("version")
        try:
            saved = services.action_save(
                by=request.user,
                strategy=strategy,
                action=action,
                expected_version=int(version) if version and version.isdigit() else None,
                indicators=form.cleaned_data["gaps"],
                depends_on=form.cleaned_data["dependencies"],
                milestones=forms.formset_values(milestones),
                kpis=forms.formset_values(kpis),
                **form.action_fields(),
            )
        except services.StrategyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Action %(code)s saved.") % {"code": saved.code})
            return redirect("strategies:action-detail", pk=strategy.pk, action_id=saved.pk)
    invalid = post is not None
    return render(
        request,
        "strategies/action_form.html",
        _context(
            request, strategy, "plan", form=form, action=action, milestones=milestones, kpis=kpis
        ),
        status=400 if invalid else 200,
    )


@login_required
def action_create(request: HttpRequest, pk: int) -> HttpResponse:
    strategy = _strategy(request, pk, edit=True)
    if not strategy.objectives.exists():
        messages.warning(request, _("Add a strategic objective first; actions sit under one."))
        return redirect("strategies:actions", pk=strategy.pk)
    return _action_page(request, strategy, None)


@login_required
def action_edit(request: HttpRequest, pk: int, action_id: int) -> HttpResponse:
    strategy = _strategy(request, pk, edit=True)
    return _action_page(request, strategy, get_object_or_404(strategy.actions, pk=action_id))


def action_detail(request: HttpRequest, pk: int, action_id: int) -> HttpResponse:
    strategy = _strategy(request, pk)
    action = get_object_or_404(queries.plan_actions(strategy), pk=action_id)
    closure = queries.gap_closure(strategy, [action], scopes.assessments_visible(request.user))
    form = forms.ProgressForm(
        initial={
            "reported_on": timezone.localdate(),
            "status": action.status,
            "progress": action.progress,
        }
    )
    return render(
        request,
        "strategies/action_detail.html",
        _context(
            request,
            strategy,
            "plan",
            action=action,
            updates=action.updates.select_related("by"),
            dependents=action.dependents.only("id", "code", "title"),
            progress_form=form,
            closure=closure,
            closed=closure.of(action),
        ),
    )


@login_required
@require_POST
def action_progress(request: HttpRequest, pk: int, action_id: int) -> HttpResponse:
    strategy = _strategy(request, pk, edit=True)
    action = get_object_or_404(strategy.actions.select_related("strategy__country"), pk=action_id)
    form = forms.ProgressForm(request.POST)
    if form.is_valid():
        try:
            services.progress_report(by=request.user, action=action, **form.cleaned_data)
        except services.StrategyError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Progress recorded."))
    else:
        _report(request, form)
    return redirect("strategies:action-detail", pk=strategy.pk, action_id=action.pk)


@login_required
@require_POST
def action_delete(request: HttpRequest, pk: int, action_id: int) -> HttpResponse:
    strategy = _strategy(request, pk, edit=True)
    action = get_object_or_404(strategy.actions, pk=action_id)
    services.action_delete(by=request.user, action=action)
    messages.success(request, _("Action %(code)s removed.") % {"code": action.code})
    return redirect("strategies:actions", pk=strategy.pk)


@login_required
def objective_edit(request: HttpRequest, pk: int, objective_id: int | None = None) -> HttpResponse:
    strategy = _strategy(request, pk, edit=True)
    objective = get_object_or_404(strategy.objectives, pk=objective_id) if objective_id else None
    form = forms.ObjectiveForm(request.POST or None, instance=objective)
    if request.method == "POST" and form.is_valid():
        try:
            services.objective_save(
                by=request.user, strategy=strategy, objective=objective, **form.cleaned_data
            )
        except services.StrategyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Objective saved."))
            return redirect("strategies:actions", pk=strategy.pk)
    return render(
        request,
        "strategies/objective_form.html",
        _context(request, strategy, "plan", form=form, objective=objective),
        status=400 if form.errors else 200,
    )


def timeline(request: HttpRequest, pk: int) -> HttpResponse:
    strategy = _strategy(request, pk)
    filters = {"agency": request.GET.get("agency", ""), "status": request.GET.get("status", "")}
    actions = list(queries.plan_actions(strategy, **filters))
    today = timezone.localdate()
    return render(
        request,
        "strategies/timeline.html",
        _context(
            request,
            strategy,
            "timeline",
            chart=exports.timeline_svg(strategy, actions, today, chart_id="strategy-timeline"),
            filters=filters,
            agencies=queries.agencies(strategy),
            statuses=ActionStatus.choices,
            delayed=[a for a in actions if a.status == ActionStatus.DELAYED],
        ),
    )


# Working group --------------------------------------------------------------------------------


def working_group(request: HttpRequest, pk: int) -> HttpResponse:
    strategy = _strategy(request, pk)
    return render(
        request,
        "strategies/working_group.html",
        _context(
            request,
            strategy,
            "group",
            members=strategy.members.all(),
            meetings=strategy.meetings.all(),
            editors=Membership.objects.filter(
                strategy=strategy, role=Role.WORKING_GROUP_MEMBER
            ).select_related("user"),
            can_grant=rules.can_grant_strategy_access(request.user, strategy),
            member_form=forms.MemberForm(prefix="member"),
            meeting_form=forms.MeetingForm(prefix="meeting"),
        ),
    )


@login_required
@require_POST
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    strategy = _strategy(request, pk, edit=True)
    form = forms.MemberForm(request.POST, prefix="member")
    if form.is_valid():
        services.member_save(by=request.user, strategy=strategy, **form.cleaned_data)
        messages.success(request, _("Member added."))
    else:
        _report(request, form)
    return redirect("strategies:working-group", pk=strategy.pk)


@login_required
@require_POST
def member_remove(request: HttpRequest, pk: int, member_id: int) -> HttpResponse:
    strategy = _strategy(request, pk, edit=True)
    member = get_object_or_404(WorkingGroupMember, pk=member_id, strategy=strategy)
    services.member_remove(by=request.user, member=member)
    messages.success(request, _("Member removed."))
    return redirect("strategies:working-group", pk=strategy.pk)


@login_required
@require_POST
def meeting_add(request: HttpRequest, pk: int) -> HttpResponse:
    strategy = _strategy(request, pk, edit=True)
    form = forms.MeetingForm(request.POST, prefix="meeting")
    if form.is_valid():
        services.meeting_save(by=request.user, strategy=strategy, **form.cleaned_data)
        messages.success(request, _("Meeting recorded."))
    else:
        _report(request, form)
    return redirect("strategies:working-group", pk=strategy.pk)


@login_required
@require_POST
def editor_give(request: HttpRequest, pk: int) -> HttpResponse:
    strategy = _strategy(request, pk)
    if not rules.can_grant_strategy_access(request.user, strategy):
        raise Http404
    user = (
        get_user_model()
        .objects.filter(username=request.POST.get("username", "").strip(), is_active=True)
        .first()
    )
    if user is None:
        messages.error(request, _("No active person has that username."))
    else:
        services.editor_give(by=request.user, strategy=strategy, user=user)
        messages.success(
            request, _("%(name)s can now edit this strategy.") % {"name": user.get_username()}
        )
    return redirect("strategies:working-group", pk=strategy.pk)


@login_required
@require_POST
def editor_revoke(request: HttpRequest, pk: int, membership_id: int) -> HttpResponse:
    strategy = _strategy(request, pk)
    membership = get_object_or_404(Membership, pk=membership_id, strategy=strategy)
    try:
        services.editor_revoke(by=request.user, membership=membership)
    except services.StrategyError:
        raise Http404 from None
    messages.success(request, _("Edit access removed."))
    return redirect("strategies:working-group", pk=strategy.pk)


def _report(request: HttpRequest, form: Any) -> None:
    """A form's errors as messages, each with its field's label."""
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        text = " ".join(str(error) for error in errors)
        messages.error(request, f"{label}: {text}" if label else text)


# Files ----------------------------------------------------------------------------------------


def _filename(strategy: Strategy, suffix: str) -> str:
    title = slugify(strategy.title)[:40]
    return f"{slugify(strategy.country.name)}-{title}-{strategy.version}{suffix}"


def export_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    strategy = _strategy(request, pk)
    actions = list(queries.plan_actions(strategy))
    return _file(
        exports.action_plan_xlsx(strategy, actions),
        _filename(strategy, "-action-plan.xlsx"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def export_docx(request: HttpRequest, pk: int) -> HttpResponse:
    strategy = _strategy(request, pk)
    strategy = Strategy.objects.prefetch_related("members", "objectives").get(pk=strategy.pk)
    actions = list(queries.plan_actions(strategy))
    chart = exports.timeline_svg(strategy, actions, timezone.localdate(), chart_id="docx-timeline")
    return _file(
        exports.strategy_docx(strategy, actions, chart),
        _filename(strategy, ".docx"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


@login_required
def progress_import(request: HttpRequest, pk: int) -> HttpResponse:
    strategy = _strategy(request, pk, edit=True)
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    problems: list[imports.RowProblem] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            count = imports.progress_import(by=request.user, strategy=strategy, upload=upload)
        except imports.ImportRejected as rejected:
            problems = rejected.problems
        else:
            messages.success(request, _("%(count)s progress updates recorded.") % {"count": count})
            return redirect("strategies:actions", pk=strategy.pk)
    return render(
        request,
        "strategies/progress_import.html",
        _context(
            request,
            strategy,
            "plan",
            form=form,
            problems=problems,
            filename=getattr(request.FILES.get("file"), "name", ""),
        ),
        status=400 if problems or form.errors else 200,
    )


def recommendation_list(request: HttpRequest) -> HttpResponse:
    items = Recommendation.objects.all()
    query = request.GET.get("q", "").strip()
    factor = request.GET.get("factor", "").strip()
    stage = request.GET.get("stage", "")
    if query:
        items = items.filter(title__icontains=query) | items.filter(action__icontains=query)
    if factor:
        items = items.filter(factor_code=factor)
    if stage.isdigit():
        items = items.filter(stage=int(stage))
    return render(
        request,
        "strategies/recommendation_list.html",
        {
            "items": items.order_by("framework_slug", "factor_code", "stage", "code"),
            "query": query,
            "factor": factor,
            "stage": stage,
            "factors": Recommendation.objects.order_by("factor_code")
            .values_list("factor_code", flat=True)
            .distinct(),
            "total": Recommendation.objects.count(),
        },
    )
