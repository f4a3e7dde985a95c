"""Loading an assessment through the access layer, for every assessment page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from cybercap.access import scopes
from cybercap.assessments.errors import AssessmentError
from cybercap.assessments.models import Assessment


def load(request: HttpRequest, pk: int, check: Callable[[Any, Assessment], bool]) -> Assessment:
    """The assessment if the person may open it and `check` allows this page; otherwise 404,
    exactly as for an assessment that does not exist."""
    assessment = scopes.assessment_visible(request.user, pk)
    if assessment is None or not check(request.user, assessment):
        raise Http404
    return assessment


def refuse(
    request: HttpRequest, error: AssessmentError, template: str, context: dict[str, Any]
) -> HttpResponse:
    """Show a rule violation on the page the person was on, with the right status."""
    messages.error(request, str(error))
    return render(request, template, context, status=error.status_code)
