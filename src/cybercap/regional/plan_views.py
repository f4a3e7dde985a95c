"""Regional action plan pages: the plan with its timeline and standards, actions, national
steps, and one member state's steps."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cybercap.access import rules, scopes
from cybercap.frameworks.models import Framework, Node
from cybercap.places.models import Country, Group
from cybercap.regional import plan_queries, services
from cybercap.regional.forms import ActionForm, ContactForm, PlanForm, StepForm
from cybercap.regional.models import DEFAULT_PILLARS, MinimumStandard, NationalStep, RegionalPlan
from cybercap.strategies.models import ActionStatus

REFERENCE_MODEL = "national-capacity"


def _factors() -> list[Node]:
    """Factors of the latest version of the reference model: what plans and offers point at."""
    framework = Framework.objects.filter(slug=REFERENCE_MODEL).order_by("-pk").first()
    if framework is None:
        return []
    return list(Node.objects.filter(framework=framework, depth=1).order_by("order"))


def _plan(request: HttpRequest, pk: int, *, edit: bool = False) -> RegionalPlan:
    plan = get_object_or_404(
        scopes.regional_plans_visible(request.user).select_related("group"), pk=pk
    )
    if edit and not rules.can_edit_regional_plan(request.user, plan):
        raise Http404
    return plan


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = scopes.regional_plans_visible(request.user).select_related("group")
    groups = [g for g in Group.objects.all() if rules.can_create_regional_plan(request.user, g)]
    return render(request, "regional/plan_list.html", {"plans": plans, "startable": groups})


@login_required
def plan_create(request: HttpRequest) -> HttpResponse:
    group = get_object_or_404(Group, slug=request.GET.get("group", ""))
    if not rules.can_create_regional_plan(request.user, group):
        raise Http404
    today = timezone.localdate()
    form = PlanForm(
        request.POST or None,
        initial={
            "title": _("%(group)s cyber security action plan") % {"group": group.name},
            "period_start": today.replace(month=1, day=1),
            "period_end": today.replace(year=today.year + 4, month=12, day=31),
            "pillars": "\n".join(DEFAULT_PILLARS),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("pillars")
        try:
            plan = services.plan_create(
                by=request.user, group=group, pillars=form.pillar_names(), **data
            )
        except services.RegionalError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Regional plan started."))
            return redirect("regional:plan-detail", pk=plan.pk)
    return render(
        request,
        "regional/plan_form.html",
        {"form": form, "group": group, "plan": None},
        status=400 if form.errors else 200,
    )


@login_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk, edit=True)
    form = PlanForm(
        request.POST or None,
        instance=plan,
        initial={"pillars": "\n".join(p.name for p in plan.pillars.all())},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("pillars")
        try:
            services.plan_update(by=request.user, plan=plan, **data)
            services.pillars_set(by=request.user, plan=plan, names=form.pillar_names())
        except services.RegionalError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Regional plan saved."))
            return redirect("regional:plan-detail", pk=plan.pk)
    return render(
        request,
        "regional/plan_form.html",
        {"form": form, "group": plan.group, "plan": plan},
        status=400 if form.errors else 200,
    )


def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    actions = plan_queries.plan_actions(plan)
    today = timezone.localdate()
    members = sorted(plan.group.members.all(), key=lambda c: c.localized_name)
    can_edit = rules.can_edit_regional_plan(request.user, plan)
    return render(
        request,
        "regional/plan_detail.html",
        {
            "plan": plan,
            "actions": actions,
            "pillars": plan.pillars.all(),
            "timeline": plan_queries.plan_timeline(plan, actions, today, chart_id="regional-plan"),
            "counts": plan_queries.step_counts(actions),
            "statuses": ActionStatus.choices,
            "standards": plan_queries.standards_view(
                plan, scopes.final_assessments_visible(request.user)
            ),
            "contacts": plan.contacts.select_related("country"),
            "members": members,
            "can_edit": can_edit,
            "contact_form": ContactForm(countries=members) if can_edit else None,
            "today": today,
        },
    )


def plan_country(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    plan = _plan(request, pk)
    country = get_object_or_404(plan.group.members, pk=code.upper())
    steps = plan_queries.country_steps(plan, country)
    today = timezone.localdate()
    return render(
        request,
        "regional/plan_country.html",
        {
            "plan": plan,
            "country": country,
            "steps": [
                (s, plan_queries.overdue(s, today), rules.can_update_step(request.user, s))
                for s in steps
            ],
            "timeline": plan_queries.country_timeline(steps, today, chart_id="country-steps"),
            "contact": plan.contacts.filter(country=country).first(),
            "members": sorted(plan.group.members.all(), key=lambda c: c.localized_name),
        },
    )


def _action_page(request: HttpRequest, plan: RegionalPlan, action: Any) -> HttpResponse:
    factors = _factors()
    form = ActionForm(
        request.POST or None,
        instance=action,
        plan=plan,
        factor_codes={f.code for f in factors},
        initial={"start": plan.period_start, "end": plan.period_end},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        codes = data.pop("factors")
        add = data.pop("add_steps")
        try:
            saved = services.action_save(
                by=request.user,
                plan=plan,
                action=action,
                factor_codes=codes,
                steps_for=plan.group.members.all() if add else (),
                **data,
            )
        except services.RegionalError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Regional action saved."))
            return redirect(f"{plan_url(plan)}#action-{saved.pk}")
    return render(
        request,
        "regional/action_form.html",
        {"form": form, "plan": plan, "action": action, "factors": factors},
        status=400 if form.errors else 200,
    )


def plan_url(plan: RegionalPlan) -> str:
    from django.urls import reverse

    return reverse("regional:plan-detail", args=[plan.pk])


@login_required
def action_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _action_page(request, _plan(request, pk, edit=True), None)


@login_required
def action_edit(request: HttpRequest, pk: int, action_id: int) -> HttpResponse:
    plan = _plan(request, pk, edit=True)
    return _action_page(request, plan, get_object_or_404(plan.actions, pk=action_id))


@login_required
def step_edit(request: HttpRequest, pk: int, step_id: int) -> HttpResponse:
    plan = _plan(request, pk)
    step = get_object_or_404(
        NationalStep.objects.select_related("action__plan", "country"),
        pk=step_id,
        action__plan=plan,
    )
    if not rules.can_update_step(request.user, step):
        raise Http404
    form = StepForm(request.POST or None, instance=step)
    if request.method == "POST" and form.is_valid():
        try:
            services.step_update(by=request.user, step=step, **form.cleaned_data)
        except services.RegionalError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("National step saved."))
            return redirect("regional:plan-country", pk=plan.pk, code=step.country_id)
    return render(
        request,
        "regional/step_form.html",
        {"form": form, "plan": plan, "step": step},
        status=400 if form.errors else 200,
    )


@login_required
def standards_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk, edit=True)
    term = request.GET.get("term", MinimumStandard.Term.SHORT)
    if term not in MinimumStandard.Term.values:
        raise Http404
    factors = _factors()
    current = {s.factor_code: s.target_stage for s in plan.standards.filter(term=term)}
    if request.method == "POST":
        targets: dict[str, int | None] = {}
        for factor in factors:
            value = request.POST.get(f"target-{factor.code}", "")
            targets[factor.code] = int(value) if value in {"2", "3", "4", "5"} else None
        services.standards_set(by=request.user, plan=plan, term=term, targets=targets)
        messages.success(request, _("Minimum standards saved."))
        return redirect(f"{plan_url(plan)}#standards")
    return render(
        request,
        "regional/standards_form.html",
        {
            "plan": plan,
            "term": term,
            "terms": MinimumStandard.Term.choices,
            "rows": [(f, current.get(f.code)) for f in factors],
            "stages": [2, 3, 4, 5],
        },
    )


@login_required
@require_POST
def contact_save(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk, edit=True)
    members = list(plan.group.members.all())
    form = ContactForm(request.POST, countries=members)
    if form.is_valid():
        data = dict(form.cleaned_data)
        country = get_object_or_404(Country, pk=data.pop("country"))
        services.contact_save(by=request.user, plan=plan, country=country, **data)
        messages.success(request, _("Point of contact saved."))
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(str(e) for e in errors)}")
    return redirect(f"{plan_url(plan)}#governance")
