"""The ratings workspace: the framework tree with everyone's ratings, edited inline with htmx."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cybercap.access import rules
from cybercap.assessments import queries, services
from cybercap.assessments.errors import AssessmentError, StaleEdit
from cybercap.assessments.forms import RatingForm, value_choices
from cybercap.assessments.models import Assessment, Rating
from cybercap.assessments.queries import WorkspaceRow
from cybercap.assessments.views.common import load
from cybercap.assessments.workspace_html import CODE_SLOT, RowRenderer
from cybercap.frameworks.models import Indicator, Node

SHOW_FILTERS = ("all", "unrated", "carried", "disagreements", "mine")


@dataclass
class Section:
    path: list[Node]
    rows: list[WorkspaceRow] = field(default_factory=list)
    html: str = ""


@dataclass
class Completion:
    node: Node
    rated: int = 0
    total: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.rated / self.total) if self.total else 0


def _path(node: Node, nodes: dict[str, Node], by_id: dict[int, Node]) -> list[Node]:
    path = [node]
    while path[0].parent_id is not None:
        path.insert(0, by_id[path[0].parent_id])
    return path


def _keep(row: WorkspaceRow, show: str, stage: str, dimension: str, path: list[Node]) -> bool:
    checks = {
        "unrated": row.effective is None and not row.rated,
        "carried": row.carried_over,
        "disagreements": row.disagreement,
        "mine": row.mine is None,
    }
    if show in checks and not checks[show]:
        return False
    if stage and str(row.indicator.stage) != stage:
        return False
    return not dimension or path[0].code == dimension


def workspace(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = load(request, pk, rules.can_see_workspace)
    show = request.GET.get("show", "all")
    show = show if show in SHOW_FILTERS else "all"
    stage, dimension = request.GET.get("stage", ""), request.GET.get("dimension", "")
    _shape, nodes, _indicators = queries.framework_parts(assessment.framework)
    by_id = {node.pk: node for node in nodes.values()}
    sections: dict[int, Section] = {}
    completion = {node.code: Completion(node) for node in nodes.values() if node.depth == 0}
    overall = Completion(Node(title=_("Overall")))
    for row in queries.workspace_rows(assessment, request.user):
        path = _path(row.indicator.node, nodes, by_id)
        for bucket in (completion[path[0].code], overall):
            bucket.total += 1
            bucket.rated += row.effective is not None
        if _keep(row, show, stage, dimension, path):
            sections.setdefault(row.indicator.node_id, Section(path)).rows.append(row)
    renderer = _renderer(request, assessment)
    for section in sections.values():
        section.html = renderer.section(section.path, section.rows)
    context = {
        "assessment": assessment,
        "sections": list(sections.values()),
        "completion": list(completion.values()),
        "overall": overall,
        "show": show,
        "stage": stage,
        "dimension": dimension,
        "filters": SHOW_FILTERS,
        "can_reconcile": renderer.can_reconcile,
        "shown": sum(len(section.rows) for section in sections.values()),
    }
    return render(request, "assessments/workspace.html", context)


def _indicator(assessment: Assessment, code: str) -> Indicator:
    indicator = queries.framework_indicator(assessment.framework, code)
    if indicator is None:
        raise Http404
    return indicator


def _row(assessment: Assessment, user: Any, indicator: Indicator) -> WorkspaceRow:
    return queries.workspace_rows(assessment, user, indicators=[indicator])[0]


def _renderer(request: HttpRequest, assessment: Assessment) -> RowRenderer:
    return RowRenderer(
        labels=dict(value_choices(assessment.framework)),
        # Reversed once per page, with a slot for the code, rather than once per row.
        edit_pattern=reverse("assessments:rating-edit", args=[assessment.pk, CODE_SLOT]),
        can_rate=rules.can_rate(request.user, assessment),
        can_reconcile=rules.can_reconcile(request.user, assessment),
    )


def _row_response(request: HttpRequest, assessment: Assessment, row: WorkspaceRow) -> HttpResponse:
    return HttpResponse(_renderer(request, assessment).row(row))


def _form_context(
    request: HttpRequest, assessment: Assessment, row: WorkspaceRow
) -> dict[str, Any]:
    return {
        "assessment": assessment,
        "row": row,
        "labels": dict(value_choices(assessment.framework)),
    }


def rating_row(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    assessment = load(request, pk, rules.can_see_workspace)
    return _row_response(
        request, assessment, _row(assessment, request.user, _indicator(assessment, code))
    )


@login_required
def rating_edit(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    assessment = load(request, pk, rules.can_see_workspace)
    reconciled = request.GET.get("as") == "reconciled" or request.POST.get("as") == "reconciled"
    allowed = rules.can_reconcile if reconciled else rules.can_rate
    if not allowed(request.user, assessment):
        raise Http404
    indicator = _indicator(assessment, code)
    if request.method == "POST":
        form = RatingForm(request.POST, assessment=assessment, indicator=indicator)
        stale = None
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.rating_set(
                    assessment=assessment,
                    indicator=indicator,
                    by=request.user,
                    value=data["value"],
                    rationale=data["rationale"],
                    confidence=data["confidence"],
                    evidence=data["evidence"],
                    expected_version=data["expected_version"],
                    reconciled=reconciled,
                )
            except StaleEdit as error:
                # Show the form again, now based on the version the other person saved.
                stale = error
                fresh = request.POST.copy()
                fresh["expected_version"] = str(error.current.version if error.current else 0)
                form = RatingForm(fresh, assessment=assessment, indicator=indicator)
            except AssessmentError as error:
                form.add_error(None, str(error))
            else:
                if not request.htmx:  # type: ignore[attr-defined]
                    messages.success(request, _("Rating saved."))
                    return redirect("assessments:workspace", pk=pk)
                return _row_response(request, assessment, _row(assessment, request.user, indicator))
        row = _row(assessment, request.user, indicator)
    else:
        row = _row(assessment, request.user, indicator)
        current = row.reconciled if reconciled else row.mine
        initial = {
            "expected_version": current.version if current else 0,
            "value": current.value if current else (row.effective if reconciled else None),
            "rationale": current.rationale if current else "",
            "confidence": current.confidence if current else "medium",
            "evidence": list(
                Rating.evidence.through.objects.filter(rating_id=current.pk).values_list(
                    "evidence_id", flat=True
                )
            )
            if current
            else [],
        }
        form = RatingForm(assessment=assessment, indicator=indicator, initial=initial)
        stale = None
    form.order_evidence()  # shown: first opened, or again after an error
    context = {
        **_form_context(request, assessment, row),
        "form": form,
        "reconciled": reconciled,
        "stale": stale,
    }
    status = 409 if stale is not None else 400 if request.method == "POST" else 200
    template = (
        "assessments/partials/rating_form.html"
        if request.htmx  # type: ignore[attr-defined]
        else "assessments/rating_page.html"
    )
    return render(request, template, context, status=status)


@login_required
@require_POST
def reconcile_agreed(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = load(request, pk, rules.can_see_workspace)
    try:
        count = services.ratings_reconcile_agreed(assessment=assessment, by=request.user)
    except AssessmentError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("%(count)s agreed rating(s) accepted as reconciled.") % {"count": count}
        )
    return redirect("assessments:workspace", pk=pk)
