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
from cybercap.assessments.models import Assessment
from cybercap.assessments.queries import WorkspaceRow
from cybercap.assessments.views.common import load
from cybercap.frameworks.models import Node

SHOW_FILTERS = ("all", "unrated", "carried", "disagreements", "mine")


@dataclass
class Section:
    path: list[Node]
    rows: list[WorkspaceRow] = field(default_factory=list)


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
    edit = _edit_pattern(assessment)
    for row in queries.workspace_rows(assessment, request.user):
        row.edit_url = edit.replace(CODE_SLOT, row.indicator.code)
        path = _path(row.indicator.node, nodes, by_id)
        for bucket in (completion[path[0].code], overall):
            bucket.total += 1
            bucket.rated += row.effective is not None
        if _keep(row, show, stage, dimension, path):
            sections.setdefault(row.indicator.node_id, Section(path)).rows.append(row)
    context = {
        "assessment": assessment,
        "sections": list(sections.values()),
        "completion": list(completion.values()),
        "overall": overall,
        "show": show,
        "stage": stage,
        "dimension": dimension,
        "filters": SHOW_FILTERS,
        "can_rate": rules.can_rate(request.user, assessment),
        "can_reconcile": rules.can_reconcile(request.user, assessment),
        "labels": dict(value_choices(assessment.framework)),
        "shown": sum(len(section.rows) for section in sections.values()),
    }
    return render(request, "assessments/workspace.html", context)


def _row(assessment: Assessment, user: Any, code: str) -> WorkspaceRow:
    rows = queries.workspace_rows(assessment, user, code=code)
    if not rows:
        raise Http404
    return rows[0]


CODE_SLOT = "__indicator__"


def _edit_pattern(assessment: Assessment) -> str:
    """The rating-edit address with a slot for the indicator code: reversing it once per page
    instead of once per row keeps a 300-row workspace quick."""
    return reverse("assessments:rating-edit", args=[assessment.pk, CODE_SLOT])


def _row_context(request: HttpRequest, assessment: Assessment, row: WorkspaceRow) -> dict[str, Any]:
    row.edit_url = _edit_pattern(assessment).replace(CODE_SLOT, row.indicator.code)
    return {
        "assessment": assessment,
        "row": row,
        "can_rate": rules.can_rate(request.user, assessment),
        "can_reconcile": rules.can_reconcile(request.user, assessment),
        "labels": dict(value_choices(assessment.framework)),
    }


def rating_row(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    assessment = load(request, pk, rules.can_see_workspace)
    row = _row(assessment, request.user, code)
    return render(
        request, "assessments/partials/rating_row.html", _row_context(request, assessment, row)
    )


@login_required
def rating_edit(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    assessment = load(request, pk, rules.can_see_workspace)
    reconciled = request.GET.get("as") == "reconciled" or request.POST.get("as") == "reconciled"
    allowed = rules.can_reconcile if reconciled else rules.can_rate
    if not allowed(request.user, assessment):
        raise Http404
    row = _row(assessment, request.user, code)
    current = row.reconciled if reconciled else row.mine
    initial = {
        "expected_version": current.version if current else 0,
        "value": current.value if current else (row.effective if reconciled else None),
        "rationale": current.rationale if current else "",
        "confidence": current.confidence if current else "medium",
        "evidence": list(current.evidence.all()) if current else [],
    }
    form = RatingForm(
        request.POST or None, assessment=assessment, indicator=row.indicator, initial=initial
    )
    context = {
        **_row_context(request, assessment, row),
        "form": form,
        "reconciled": reconciled,
        "stale": None,
    }
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.rating_set(
                assessment=assessment,
                indicator=row.indicator,
                by=request.user,
                value=data["value"],
                rationale=data["rationale"],
                confidence=data["confidence"],
                evidence=data["evidence"],
                expected_version=data["expected_version"],
                reconciled=reconciled,
            )
        except StaleEdit as stale:
            # Show the form again, now based on the version the other person saved.
            fresh = request.POST.copy()
            fresh["expected_version"] = str(stale.current.version)
            context["stale"] = stale
            context["form"] = RatingForm(fresh, assessment=assessment, indicator=row.indicator)
            return render(request, "assessments/partials/rating_form.html", context, status=409)
        except AssessmentError as error:
            form.add_error(None, str(error))
        else:
            row = _row(assessment, request.user, code)
            if not request.htmx:  # type: ignore[attr-defined]
                messages.success(request, _("Rating saved."))
                return redirect("assessments:workspace", pk=pk)
            return render(
                request,
                "assessments/partials/rating_row.html",
                _row_context(request, assessment, row),
            )
    status = 400 if request.method == "POST" else 200
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
