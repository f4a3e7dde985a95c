"""Results: stages, charts, gaps and the comparison with the previous round."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cybercap.access import rules, scopes
from cybercap.assessments import presentation, queries
from cybercap.assessments.views.common import load


def results(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = load(request, pk, rules.can_see_results)
    previous = queries.previous_round(assessment, scopes.final_assessments_visible(request.user))
    page = presentation.results_page(
        assessment, previous, scopes.evidence_visible(request.user, assessment)
    )
    history = queries.country_overview(
        assessment.country_id, scopes.assessments_visible(request.user)
    ).trend
    trend = presentation.trend_chart(history, assessment)
    return render(
        request,
        "assessments/results.html",
        {
            "assessment": assessment,
            "previous": previous,
            "page": page,
            "trend": trend,
            "can_see_workspace": rules.can_see_workspace(request.user, assessment),
        },
    )
