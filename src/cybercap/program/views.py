"""Program pages: figures, missions, national CSIRTs."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from cybercap.access import rules, scopes
from cybercap.places.models import Country
from cybercap.program import queries, services
from cybercap.program.forms import CsirtForm, MissionForm, PeriodForm
from cybercap.program.models import Csirt, Mission
from cybercap.reports import charts


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
        {"mission": mission, "can_record": rules.can_record_missions(request.user)},
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
    csirts = list(scopes.csirts_visible(request.user).select_related("country"))
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
    form = CsirtForm(request.POST or None, instance=csirt)
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
