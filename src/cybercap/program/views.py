"""Program pages: figures, missions, national CSIRTs."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cybercap.access import rules, scopes
from cybercap.frameworks.models import Framework, Node
from cybercap.places.models import Country
from cybercap.program import matching, queries, services
from cybercap.program.forms import (
    CsirtForm,
    DecisionForm,
    FollowUpForm,
    MissionForm,
    OfferForm,
    PeriodForm,
    RequestForm,
)
from cybercap.program.models import (
    AssistanceOffer,
    AssistanceRequest,
    Csirt,
    FollowUp,
    Mission,
)
from cybercap.reports import charts
from cybercap.strategies.forms import split_codes

CSIRT_FRAMEWORK = "csirt-maturity"


def _require_program(request: HttpRequest) -> None:
    if not rules.can_see_program(request.user):
        raise Http404


def dashboard(request: HttpRequest) -> HttpResponse:
    _require_program(request)
    period = PeriodForm(request.GET or None)
    start = end = None
    if period.is_valid():
        start, end = period.cleaned_data["start"], period.cleaned_data["end"]
    figures = queries.program_figures(request.user, start=start, end=end)
    timeline = ""
    if figures.missions:
        first = min(m.start for m in figures.missions)
        last = max(m.end for m in figures.missions)
        timeline = charts.gantt(
            [
                charts.GanttBar(
                    label=m.title,
                    group=m.country.name,
                    start=m.start,
                    end=m.end,
                    status="done" if m.end < dt.date.today() else "on_track",
                )
                for m in sorted(figures.missions, key=lambda m: (m.country.name, m.start))
            ],
            start=start or first.replace(month=1, day=1),
            end=end or last.replace(month=12, day=31),
            today=dt.date.today(),
            title=_("Missions"),
            chart_id="program-missions",
        )
    return render(
        request,
        "program/dashboard.html",
        {
            "figures": figures,
            "period": period,
            "timeline": timeline,
            "can_record": rules.can_record_missions(request.user),
            "report_choices": [("pdf", "restricted", _("Program report (PDF)"))],
            "visible_strategies": set(
                scopes.strategies_visible(request.user)
                .filter(pk__in=[r.strategy.pk for r in figures.rows if r.strategy])
                .values_list("pk", flat=True)
            ),
        },
    )


def mission_list(request: HttpRequest) -> HttpResponse:
    _require_program(request)
    missions = (
        scopes.missions_visible(request.user).select_related("country").prefetch_related("partners")
    )
    country = request.GET.get("country", "").upper()
    if country:
        missions = missions.filter(country_id=country)
    return render(
        request,
        "program/mission_list.html",
        {
            "missions": missions,
            "country": country,
            "countries": scopes.program_countries(request.user)
            .filter(missions__isnull=False)
            .distinct(),
            "can_record": rules.can_record_missions(request.user),
        },
    )


def mission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    mission = get_object_or_404(
        scopes.missions_visible(request.user).select_related("country"), pk=pk
    )
    return render(
        request,
        "program/mission_detail.html",
        {
            "mission": mission,
            "can_record": rules.can_record_missions(request.user),
            "follow_ups": mission.follow_up_items.all(),
            "follow_up_form": FollowUpForm(prefix="")
            if rules.can_record_missions(request.user)
            else None,
            "today": dt.date.today(),
        },
    )


@login_required
def mission_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if not rules.can_record_missions(request.user):
        raise Http404
    mission = get_object_or_404(Mission, pk=pk) if pk else None
    form = MissionForm(request.POST or None, instance=mission)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.mission_save(by=request.user, mission=mission, **data)
        except services.ProgramError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Mission saved."))
            return redirect("program:mission-detail", pk=saved.pk)
    return render(
        request,
        "program/mission_form.html",
        {"form": form, "mission": mission},
        status=400 if form.errors else 200,
    )


def csirt_list(request: HttpRequest) -> HttpResponse:
    _require_program(request)
    if request.GET.get("country"):  # "Record a CSIRT for …"
        return redirect("program:csirt-edit", code=request.GET["country"])
    csirts = list(
        scopes.csirts_visible(request.user).select_related("country", "maturity_assessment")
    )
    linked = [c.maturity_assessment_id for c in csirts if c.maturity_assessment_id]
    maturity_visible = set(
        scopes.assessments_visible(request.user).filter(pk__in=linked).values_list("pk", flat=True)
    )
    recorded = {c.country_id for c in csirts}
    addable = [
        c
        for c in scopes.program_countries(request.user).exclude(pk__in=recorded)
        if rules.can_edit_csirt(request.user, c)
    ]
    return render(
        request,
        "program/csirt_list.html",
        {
            "csirts": csirts,
            "maturity_visible": maturity_visible,
            "addable": addable,
            "editable": {
                c.country_id for c in csirts if rules.can_edit_csirt(request.user, c.country)
            },
        },
    )


@login_required
def csirt_edit(request: HttpRequest, code: str) -> HttpResponse:
    country = get_object_or_404(Country, pk=code.upper())
    if not rules.can_edit_csirt(request.user, country):
        raise Http404
    csirt = Csirt.objects.filter(country=country).first()
    assessments = scopes.assessments_visible(request.user).filter(
        country=country, framework__slug=CSIRT_FRAMEWORK
    )
    form = CsirtForm(request.POST or None, instance=csirt, assessments=assessments)
    if request.method == "POST" and form.is_valid():
        try:
            services.csirt_save(by=request.user, country=country, **form.cleaned_data)
        except services.ProgramError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("CSIRT record saved."))
            return redirect("program:csirts")
    return render(
        request,
        "program/csirt_form.html",
        {"form": form, "country": country},
        status=400 if form.errors else 200,
    )


# Mission follow-ups ---------------------------------------------------------------------------


@login_required
@require_POST
def follow_up_add(request: HttpRequest, pk: int) -> HttpResponse:
    if not rules.can_record_missions(request.user):
        raise Http404
    mission = get_object_or_404(Mission.objects.select_related("country"), pk=pk)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        services.follow_up_add(by=request.user, mission=mission, **form.cleaned_data)
        messages.success(request, _("Follow-up action added."))
    else:
        _report(request, form)
    return redirect("program:mission-detail", pk=mission.pk)


@login_required
@require_POST
def follow_up_done(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    if not rules.can_record_missions(request.user):
        raise Http404
    item = get_object_or_404(
        FollowUp.objects.select_related("mission__country"), pk=item_id, mission_id=pk
    )
    done = None if item.done_on else dt.date.today()
    services.follow_up_done(by=request.user, item=item, done_on=done)
    return redirect("program:mission-detail", pk=pk)


def _report(request: HttpRequest, form: Any) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        text = " ".join(str(error) for error in errors)
        messages.error(request, f"{label}: {text}" if label else text)


# Collaboration blueprint ----------------------------------------------------------------------


def _factors() -> list[Node]:
    framework = Framework.objects.filter(slug=matching.REFERENCE_MODEL).order_by("-pk").first()
    return (
        list(Node.objects.filter(framework=framework, depth=1).order_by("order"))
        if framework
        else []
    )


def offer_list(request: HttpRequest) -> HttpResponse:
    _require_program(request)
    offers = AssistanceOffer.objects.select_related("partner")
    can_manage = rules.can_manage_offers(request.user)
    form = OfferForm(request.POST or None) if can_manage else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            data = dict(form.cleaned_data)
            codes = split_codes(data.pop("factors"))
            try:
                services.offer_save(
                    by=request.user,
                    factor_codes=codes,
                    known_factors={f.code for f in _factors()},
                    **data,
                )
            except services.ProgramError as error:
                form.add_error("factors", str(error))
            else:
                messages.success(request, _("Offer recorded."))
                return redirect("program:offers")
    return render(
        request,
        "program/offer_list.html",
        {"offers": offers, "form": form, "titles": {f.code: f.title for f in _factors()}},
        status=400 if form is not None and form.errors else 200,
    )


def blueprint(request: HttpRequest) -> HttpResponse:
    _require_program(request)
    target = request.GET.get("target", "3")
    country = request.GET.get("country", "").upper()
    result = matching.blueprint(
        request.user, target=int(target) if target in {"2", "3", "4", "5"} else 3, country=country
    )
    return render(
        request,
        "program/blueprint.html",
        {
            "blueprint": result,
            "country": country,
            "countries": scopes.program_countries(request.user)
            .filter(assessments__isnull=False)
            .distinct(),
            "stages": [2, 3, 4, 5],
        },
    )


@login_required
def request_list(request: HttpRequest) -> HttpResponse:
    _require_program(request)
    countries = Country.objects.filter(
        pk__in=[
            c.pk
            for c in scopes.program_countries(request.user)
            if rules.can_request_assistance(request.user, c)
        ]
    )
    form = RequestForm(
        request.POST or None,
        countries=countries,
        factors=_factors(),
        initial={"factor_code": request.GET.get("factor"), "country": request.GET.get("country")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.request_save(
                by=request.user, known_factors={f.code for f in _factors()}, **form.cleaned_data
            )
        except services.ProgramError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Request recorded."))
            return redirect("program:requests")
    requests = scopes.assistance_requests_visible(request.user).select_related(
        "country", "offer__partner"
    )
    return render(
        request,
        "program/request_list.html",
        {
            "requests": requests,
            "form": form if countries.exists() else None,
            "can_manage": rules.can_manage_offers(request.user),
            "titles": {f.code: f.title for f in _factors()},
        },
        status=400 if form.errors else 200,
    )


@login_required
def request_decide(request: HttpRequest, pk: int) -> HttpResponse:
    if not rules.can_manage_offers(request.user):
        raise Http404
    item = get_object_or_404(AssistanceRequest.objects.select_related("country"), pk=pk)
    offers = AssistanceOffer.objects.select_related("partner")
    matching_offers = [o for o in offers if item.factor_code in o.factor_codes]
    form = DecisionForm(
        request.POST or None,
        offers=AssistanceOffer.objects.filter(
            pk__in=[o.pk for o in matching_offers]
        ).select_related("partner"),
        initial={"status": item.status, "offer": item.offer_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.request_decide(by=request.user, item=item, **form.cleaned_data)
        except services.ProgramError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Request updated."))
            return redirect("program:requests")
    return render(
        request,
        "program/request_form.html",
        {"form": form, "item": item, "offers": matching_offers},
        status=400 if form.errors else 200,
    )
