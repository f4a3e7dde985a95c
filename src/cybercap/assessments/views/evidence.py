"""Evidence: the list, adding a piece (with an optional file), and downloading files safely."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from cybercap.access import rules, scopes
from cybercap.assessments import services
from cybercap.assessments.errors import AssessmentError
from cybercap.assessments.forms import EvidenceForm
from cybercap.assessments.views.common import load
from cybercap.frameworks.models import Indicator


def evidence_list(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = load(request, pk, rules.can_see_results)
    evidence = scopes.evidence_visible(request.user, assessment).prefetch_related("indicators")
    query = request.GET.get("q", "").strip()
    if query:
        evidence = evidence.filter(title__icontains=query) | evidence.filter(
            summary__icontains=query
        )
    context = {
        "assessment": assessment,
        "evidence": evidence.distinct(),
        "q": query,
        "can_add": rules.can_add_evidence(request.user, assessment),
        "can_see_workspace": rules.can_see_workspace(request.user, assessment),  # the tabs
    }
    return render(request, "assessments/evidence_list.html", context)


def _indicators(assessment, text: str) -> tuple[list[Indicator], list[str]]:
    codes = [code for code in re.split(r"[\s,;]+", text.strip()) if code]
    found = {
        i.code: i for i in Indicator.objects.filter(framework=assessment.framework, code__in=codes)
    }
    return list(found.values()), [code for code in codes if code not in found]


@login_required
def evidence_create(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = load(request, pk, rules.can_add_evidence)
    form = EvidenceForm(
        request.POST or None,
        request.FILES or None,
        initial={"indicators": request.GET.get("indicator", "")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        indicators, unknown = _indicators(assessment, data["indicators"])
        if unknown:
            form.add_error(
                "indicators",
                _("Unknown indicator codes: %(codes)s") % {"codes": ", ".join(unknown)},
            )
        else:
            try:
                services.evidence_create(
                    assessment=assessment,
                    by=request.user,
                    source=data["source"],
                    title=data["title"],
                    summary=data["summary"],
                    effective_date=data["effective_date"],
                    url=data["url"],
                    upload=data["file"],
                    is_public=data["is_public"],
                    indicators=indicators,
                )
            except AssessmentError as error:
                form.add_error("file", str(error))
            else:
                messages.success(request, _("Evidence added."))
                return redirect("assessments:evidence", pk=pk)
    return render(
        request,
        "assessments/evidence_form.html",
        {"assessment": assessment, "form": form},
        status=400 if form.errors else 200,
    )


def evidence_file(request: HttpRequest, pk: int, evidence_id: int) -> FileResponse:
    """The file of a piece of evidence, only through the access layer, never inline-executable."""
    assessment = load(request, pk, rules.can_see_results)
    evidence = get_object_or_404(scopes.evidence_visible(request.user, assessment), pk=evidence_id)
    if not evidence.file:
        raise Http404
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.file_name or evidence.file.name,
        content_type=evidence.file_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
