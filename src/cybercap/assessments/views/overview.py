"""Assessment list, creation, overview with workflow and team, details, consultations."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cybercap.access import rules, scopes
from cybercap.access.models import Membership
from cybercap.assessments import queries, services
from cybercap.assessments.errors import AssessmentError
from cybercap.assessments.forms import (
    AssessmentCreateForm,
    AssessmentEditForm,
    ConsultationForm,
    TeamMemberForm,
    TransitionForm,
)
from cybercap.assessments.models import Assessment, Consultation, Status
from cybercap.assessments.views.common import load
from cybercap.places.models import Country


def assessment_list(request: HttpRequest) -> HttpResponse:
    visible = scopes.assessments_visible(request.user).select_related("country", "framework")
    country, status = request.GET.get("country", ""), request.GET.get("status", "")
    if country:
        visible = visible.filter(country_id=country.upper())
    if status in Status.values:
        visible = visible.filter(status=status)
    assessments = list(visible.order_by("country__name", "-mission_start"))
    context = {
        "assessments": assessments,
        # Someone who sees only published or approved results opens those, not the overview.
        "opens_overview": {a.pk for a in assessments if rules.can_see_workspace(request.user, a)},
        "statuses": Status.choices,
        "status": status,
        "country": country.upper(),
        "countries": Country.objects.filter(
            pk__in=scopes.assessments_visible(request.user).values("country_id")
        ),
        "can_create": creatable_countries(request.user).exists(),
    }
    return render(request, "assessments/assessment_list.html", context)


def creatable_countries(user):
    grants = rules.grants_for(user)
    if grants.program_admin:
        return Country.objects.all()
    return Country.objects.filter(pk__in=grants.coordinated)


@login_required
def assessment_create(request: HttpRequest) -> HttpResponse:
    countries = creatable_countries(request.user)
    if not countries.exists():
        raise Http404
    previous_rounds = (
        scopes.assessments_with_drafts(request.user)
        .filter(status__in=["approved", "published"])
        .select_related("country")
    )
    form = AssessmentCreateForm(
        request.POST or None,
        countries=countries,
        previous_rounds=previous_rounds,
        initial={"country": request.GET.get("country")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assessment = services.assessment_create(
                by=request.user,
                country=data["country"],
                framework=data["framework"],
                title=data["title"],
                round_label=data["round_label"],
                lead_organisation=data["lead_organisation"],
                mission_start=data["mission_start"],
                mission_end=data["mission_end"],
                team=form.team(),
                previous=data["previous"],
                carry_over=data["carry_over"],
            )
        except AssessmentError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Assessment created."))
            return redirect("assessments:detail", pk=assessment.pk)
    return render(request, "assessments/assessment_form.html", {"form": form})


def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = load(request, pk, rules.can_see_workspace)
    team = (
        Membership.objects.filter(assessment=assessment)
        .select_related("user")
        .order_by("role", "user__username")
    )
    steps = [(value, label) for value, label in Status.choices]
    transitions = [
        (to, Status(to).label)
        for to in sorted(services.TRANSITIONS[assessment.status], key=Status.values.index)
        if rules.can_transition(request.user, assessment, to)
    ]
    rows = queries.workspace_rows(assessment, request.user)
    context = {
        "assessment": assessment,
        "team": team,
        "steps": steps,
        "transitions": transitions,
        "rated": sum(1 for row in rows if row.effective is not None),
        "total": len(rows),
        "unreviewed": services.unreviewed_count(assessment),
        "consultation_count": assessment.consultations.count(),
        "evidence_count": assessment.evidence.count(),
        "can_manage": rules.can_manage_assessment(request.user, assessment),
        "team_form": TeamMemberForm(),
        "status_index": Status.values.index(assessment.status),
    }
    return render(request, "assessments/assessment_detail.html", context)


@login_required
def assessment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = load(request, pk, rules.can_manage_assessment)
    form = AssessmentEditForm(request.POST or None, instance=assessment)
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_update(
                assessment=Assessment.objects.get(pk=pk), by=request.user, **form.cleaned_data
            )
        except AssessmentError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Details saved."))
            return redirect("assessments:detail", pk=pk)
    return render(
        request, "assessments/assessment_edit.html", {"form": form, "assessment": assessment}
    )


@login_required
@require_POST
def assessment_transition(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = load(request, pk, rules.can_see_workspace)
    form = TransitionForm(request.POST)
    if form.is_valid():
        try:
            services.assessment_transition(
                assessment=assessment,
                to=form.cleaned_data["to"],
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except AssessmentError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("The assessment is now “%(status)s”.")
                % {"status": Status(form.cleaned_data["to"]).label},
            )
    return redirect("assessments:detail", pk=pk)


@login_required
@require_POST
def team_add(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = load(request, pk, rules.can_manage_assessment)
    form = TeamMemberForm(request.POST)
    if form.is_valid():
        services.team_member_add(
            assessment=assessment,
            by=request.user,
            user=form.cleaned_data["user"],
            role=form.cleaned_data["role"],
        )
        messages.success(request, _("Team updated."))
    else:
        messages.error(request, _("Choose a person and a role."))
    return redirect("assessments:detail", pk=pk)


@login_required
@require_POST
def team_remove(request: HttpRequest, pk: int, membership_id: int) -> HttpResponse:
    assessment = load(request, pk, rules.can_manage_assessment)
    membership = get_object_or_404(Membership, pk=membership_id, assessment=assessment)
    services.team_member_remove(membership=membership, by=request.user)
    messages.success(request, _("Team updated."))
    return redirect("assessments:detail", pk=pk)


def consultation_list(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = load(request, pk, rules.can_see_workspace)
    consultations = assessment.consultations.prefetch_related("dimensions")
    days: dict[object, list[Consultation]] = {}
    for consultation in consultations:
        days.setdefault(consultation.date, []).append(consultation)
    context = {
        "assessment": assessment,
        "days": days,
        "can_add": rules.can_add_evidence(request.user, assessment),
    }
    return render(request, "assessments/consultation_list.html", context)


@login_required
def consultation_edit(
    request: HttpRequest, pk: int, consultation_id: int | None = None
) -> HttpResponse:
    assessment = load(request, pk, rules.can_add_evidence)
    consultation = (
        get_object_or_404(Consultation, pk=consultation_id, assessment=assessment)
        if consultation_id
        else None
    )
    initial = {}
    if consultation is not None:
        initial = {
            "cluster": consultation.cluster,
            "date": consultation.date,
            "start_time": consultation.start_time,
            "location": consultation.location,
            "notes": consultation.notes,
            "dimensions": list(consultation.dimensions.all()),
            **{f"participants_{k}": v for k, v in consultation.participants.items()},
        }
    form = ConsultationForm(
        request.POST or None,
        framework=assessment.framework,
        initial=initial or {"date": assessment.mission_start},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.consultation_save(
            assessment=assessment,
            by=request.user,
            consultation=consultation,
            cluster=data["cluster"],
            date=data["date"],
            start_time=data["start_time"],
            location=data["location"],
            dimensions=data["dimensions"],
            participants=form.participants(),
            notes=data["notes"],
        )
        messages.success(request, _("Consultation saved."))
        return redirect("assessments:consultations", pk=pk)
    return render(
        request,
        "assessments/consultation_form.html",
        {"assessment": assessment, "form": form, "consultation": consultation},
    )
