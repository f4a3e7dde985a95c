"""Results: stages, charts, gaps and the comparison with the previous round."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from cybercap.access import rules, scopes
from cybercap.assessments import presentation, queries
from cybercap.assessments.forms import value_choices
from cybercap.assessments.results_html import gaps_html
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
    labels = dict(value_choices(assessment.framework))
    return render(
        request,
        "assessments/results.html",
        {
            "assessment": assessment,
            "previous": previous,
            "page": page,
            "trend": trend,
            "can_see_workspace": rules.can_see_workspace(request.user, assessment),
            "report_choices": _report_choices(request.user, assessment),
            "gaps_html": gaps_html(page.gaps, page.stage_names, labels),
        },
    )


def _report_choices(user: object, assessment: object) -> list[tuple[str, str, str]]:
    """The report buttons this person gets: the public edition, and the restricted one for
    those who may see confidential evidence."""
    choices = [
        ("pdf", "public", _("Report (PDF)")),
        ("docx", "public", _("Report (Word)")),
    ]
    if rules.can_see_confidential(user, assessment):  # type: ignore[arg-type]
        choices += [
            ("pdf", "restricted", _("Restricted report (PDF)")),
            ("docx", "restricted", _("Restricted report (Word)")),
        ]
    return choices


def ratings_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """Every indicator with its rating; assessors' own ratings and rationales for the team."""
    from django.utils.text import slugify

    from cybercap.assessments.models import Rating
    from cybercap.reports.tables import Sheet, xlsx_workbook

    assessment = load(request, pk, rules.can_see_results)
    team = rules.can_see_workspace(request.user, assessment)
    _shape, nodes, indicators = queries.framework_parts(assessment.framework)
    by_id = {node.pk: node for node in nodes.values()}
    values = queries.assessment_values(assessment)
    raters: list[str] = []
    own: dict[tuple[int, str], str] = {}
    rationale: dict[int, str] = {}
    if team:
        for rating in Rating.objects.filter(assessment=assessment).select_related("rater"):
            if rating.kind == "assessor":
                name = rating.rater.username
                if name not in raters:
                    raters.append(name)
                own[(rating.indicator_id, name)] = rating.value
            elif rating.rationale:
                rationale[rating.indicator_id] = rating.rationale
    header = [_("Indicator"), _("Dimension"), _("Factor"), _("Aspect"), _("Stage"), _("Text")]
    header += [_("Rating")] + [f"{_('Assessor')}: {name}" for name in raters]
    if team:
        header.append(_("Rationale"))
    rows = []
    for indicator in indicators:
        chain = [by_id[indicator.node_id]]
        while chain[-1].parent_id is not None:
            chain.append(by_id[chain[-1].parent_id])
        chain.reverse()
        codes = [node.code for node in chain] + ["", "", ""]
        row = [indicator.code, codes[0], codes[1], codes[2], indicator.stage, indicator.text]
        row.append(values.get(indicator.code, "not_assessed"))
        row += [own.get((indicator.pk, name), "") for name in raters]
        if team:
            row.append(rationale.get(indicator.pk, ""))
        rows.append(row)
    body = xlsx_workbook(
        [
            Sheet(
                _("Ratings"),
                header,
                rows,
                notes=[
                    f"{assessment.title} — {assessment.country.name} — {assessment.round_label}"
                ],
                widths={1: 14, 6: 60, len(header): 40},
            )
        ]
    )
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = slugify(f"{assessment.country.name} {assessment.round_label} ratings")
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response
