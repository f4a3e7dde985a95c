"""The assessment report: cover, summary, method, results with the wheel and radar, a section
per factor, prioritised recommendations, comparison with the previous round, annex of ratings.

Two editions: the restricted one carries confidential evidence and rating rationales; the public
one leaves them out and names no consultation participant (non-attribution holds in both).
"""

from __future__ import annotations

import io
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cybercap.access import rules, scopes
from cybercap.assessments import presentation, queries
from cybercap.assessments.models import Assessment, Consultation, Evidence, Rating
from cybercap.frameworks.models import Indicator, Node
from cybercap.reports.jobs import ReportError
from cybercap.reports.models import ReportJob

RECOMMENDATION_TARGET = 3  # factors below Established get recommendations
MAX_RECOMMENDATIONS = 20
ANNEX_PAGES = "A-"  # the annex numbers its pages ...: it is laid out beside the report


def _assessment(user: Any, subject: str) -> Assessment:
    assessment = (
        scopes.assessments_visible(user)
        .select_related("country", "framework")
        .filter(pk=int(subject) if subject.isdigit() else 0)
        .first()
    )
    if assessment is None or not rules.can_see_results(user, assessment):
        raise ReportError(_("You cannot see the results of this assessment."))
    return assessment


def check(user: Any, subject: str, edition: str, params: dict[str, Any]) -> str:
    assessment = _assessment(user, subject)
    if edition == ReportJob.Edition.RESTRICTED and not rules.can_see_confidential(user, assessment):
        raise ReportError(_("The restricted edition is for the country and the assessment team."))
    return f"{assessment.title} ({assessment.round_label})"


def filename(job: ReportJob) -> str:
    return f"{slugify(job.title)[:60]}-{job.edition}.{job.format}"


@dataclass
class FactorSection:
    row: presentation.FactorRow
    stage_name: str
    next_name: str
    evidence: list[Evidence] = field(default_factory=list)
    gaps: list[tuple[Indicator, str]] = field(default_factory=list)


@dataclass(frozen=True)
class AnnexRow:
    indicator: Indicator
    label: str  # the rating's label on the framework's scale
    tone: str  # met, partial, none or unrated: the colour of the label
    rationale: str


@dataclass
class Recommendation:
    factor: Node
    stage: int
    title: str
    action: str
    lead: str
    months: int
    cost: str


def build(job: ReportJob, progress: Any) -> dict[str, Any]:
    """Everything both formats show, read as the person who asked."""
    user = job.requested_by
    assessment = _assessment(user, job.subject)
    restricted = job.edition == ReportJob.Edition.RESTRICTED
    progress(10, _("Reading results"))
    evidence = scopes.evidence_visible(user, assessment)
    if not restricted:
        evidence = evidence.filter(is_public=True)
    previous = queries.previous_round(assessment, scopes.final_assessments_visible(user))
    page = presentation.results_page(assessment, previous, evidence, printed=True)
    _shape, nodes, indicators = queries.framework_parts(assessment.framework)
    by_id = {node.pk: node for node in nodes.values()}
    indicator_by_id = {i.pk: i for i in indicators}

    progress(25, _("Gathering evidence"))
    factor_codes = _factor_codes(page)
    factor_of: dict[int, str] = {}
    for node in nodes.values():
        chain = node
        while chain.parent_id is not None and chain.code not in factor_codes:
            chain = by_id[chain.parent_id]
        factor_of[node.pk] = chain.code
    evidence_items = list(evidence.prefetch_related("indicators").order_by("title"))
    by_factor: dict[str, list[Evidence]] = defaultdict(list)
    for item in evidence_items:
        seen = {factor_of[indicator_by_id[i.pk].node_id] for i in item.indicators.all()}
        for code in seen:
            by_factor[code].append(item)
    gaps_by_factor: dict[str, list[tuple[Indicator, str]]] = defaultdict(list)
    for gap in page.gaps:
        gaps_by_factor[factor_of[gap.node.pk]].extend(gap.indicators)
    names = page.stage_names
    sections = []
    for block in page.dimensions:
        for row in block.factors:
            result = row.result
            sections.append(
                FactorSection(
                    row,
                    names.get(result.stage, "—") if result.stage else "—",
                    names.get(result.next_stage, "") if result.next_stage else "",
                    by_factor.get(row.node.code, []),
                    gaps_by_factor.get(row.node.code, []),
                )
            )

    progress(40, _("Choosing recommendations"))
    recommendations = _recommendations(assessment, sections)
    consultations = Counter(
        Consultation.objects.filter(assessment=assessment).values_list("cluster", flat=True)
    )
    participants = sum(
        c.participant_count for c in Consultation.objects.filter(assessment=assessment)
    )
    cluster_names = dict(Consultation._meta.get_field("cluster").choices or [])
    values = queries.assessment_values(assessment)
    rationales: dict[int, str] = {}
    if restricted:
        rationales = dict(
            Rating.objects.filter(assessment=assessment, kind="reconciled")
            .exclude(rationale="")
            .values_list("indicator_id", "rationale")
        )
    annex = [(i, values.get(i.code, "not_assessed"), rationales.get(i.pk, "")) for i in indicators]
    scale = {entry["value"]: entry["label"] for entry in assessment.framework.scale}
    scale.setdefault("not_assessed", _("Not assessed"))
    scale.setdefault("not_applicable", _("Not applicable"))
    return {
        "assessment": assessment,
        "previous": previous,
        "page": page,
        "sections": sections,
        "recommendations": recommendations,
        "consultations": [(cluster_names.get(k, k), n) for k, n in sorted(consultations.items())],
        "consultation_total": sum(consultations.values()),
        "participants": participants,
        "evidence_total": len(evidence_items),
        "annex": annex,
        "annex_by_dimension": _by_dimension(annex, by_id, scale, assessment.framework.scale),
        "scale": scale,
        "restricted": restricted,
        "edition_label": ReportJob.Edition(job.edition).label,
        "generated": timezone.now(),
        "requested_by": user,
        "title": assessment.title,
        "running_title": f"{assessment.country.name} · {assessment.round_label}",
    }


def _by_dimension(
    annex: list[tuple[Indicator, str, str]],
    by_id: dict[int, Node],
    labels: dict[str, str],
    scale: list[dict[str, Any]],
) -> list[tuple[Node, list[AnnexRow]]]:
    """The annex's rows under their dimension, in framework order, each rating with its label
    and tone (see `rating_tones`)."""
    tones = rating_tones(scale)
    groups: dict[int, tuple[Node, list[AnnexRow]]] = {}
    for indicator, value, rationale in annex:
        dimension = presentation.ancestors(by_id[indicator.node_id], by_id)[-1]
        row = AnnexRow(indicator, labels.get(value, value), tones.get(value, "unrated"), rationale)
        groups.setdefault(dimension.pk, (dimension, []))[1].append(row)
    return list(groups.values())


def rating_tones(scale: list[dict[str, Any]]) -> dict[str, str]:
    """The colour family of each value of a rating scale: met, partial (some points but not
    met), none (no points). Values not on the scale (not assessed, not applicable, a value the
    scale no longer has) are 'unrated'."""
    return {
        entry["value"]: "met" if entry.get("met") else "partial" if entry.get("points") else "none"
        for entry in scale
    }


def _factor_codes(page: presentation.ResultsPage) -> set[str]:
    return {row.node.code for block in page.dimensions for row in block.factors}


def _recommendations(assessment: Assessment, sections: list[FactorSection]) -> list[Recommendation]:
    """For factors below Established, lowest first: the library's action for the next stage."""
    from cybercap.strategies.queries import recommendations_by_factor

    library = recommendations_by_factor(assessment.framework.slug)
    chosen = []
    ordered = sorted(
        (s for s in sections if (s.row.result.stage or 1) < RECOMMENDATION_TARGET),
        key=lambda s: (s.row.result.stage or 1, s.row.node.order),
    )
    for section in ordered:
        stage = section.row.result.next_stage
        for item in library.get(section.row.node.code, {}).get(stage or 0, [])[:1]:
            chosen.append(
                Recommendation(
                    section.row.node,
                    item.stage,
                    item.title,
                    item.action,
                    item.get_lead_type_display(),
                    item.months,
                    item.get_cost_display(),
                )
            )
    return chosen[:MAX_RECOMMENDATIONS]


def render(job: ReportJob, progress: Any) -> tuple[bytes, int | None]:
    context = build(job, progress)
    if job.format == ReportJob.Format.DOCX:
        progress(60, _("Writing the Word document"))
        return _docx(context), None
    from cybercap.reports.documents.pdf import pdf_from_templates

    progress(60, _("Laying out pages"))
    return pdf_from_templates(
        {**context, "annex_pages": ANNEX_PAGES},
        [("reports/pdf/assessment.html", ""), ("reports/pdf/assessment_annex.html", ANNEX_PAGES)],
    )


def _docx(context: dict[str, Any]) -> bytes:
    """The same report as an editable Word document."""
    from docx import Document
    from docx.shared import Cm

    from cybercap.reports.charts import svg_png

    assessment: Assessment = context["assessment"]
    page = context["page"]
    document = Document()
    section = document.sections[0]
    section.left_margin = section.right_margin = Cm(2)
    header = section.header.paragraphs[0]
    header.text = f"{assessment.country.name} · {context['edition_label'].upper()}"
    document.add_heading(assessment.title, level=0)
    document.add_paragraph(
        f"{assessment.country.name} · {assessment.round_label} · "
        f"{assessment.framework.title} {assessment.framework.version}"
    )
    document.add_heading(_("Executive summary"), level=1)
    document.add_paragraph(assessment.summary or _("The team has not written a summary yet."))
    document.add_heading(_("Method"), level=1)
    if assessment.mission_start:
        document.add_paragraph(
            _("Mission: %(start)s to %(end)s.")
            % {"start": assessment.mission_start, "end": assessment.mission_end or "…"}
        )
    for cluster, count in context["consultations"]:
        document.add_paragraph(f"{cluster}: {count}", style="List Bullet")
    document.add_heading(_("Results by dimension"), level=1)
    for chart in (page.wheel, page.radar):
        if chart:
            document.add_picture(io.BytesIO(svg_png(chart)), width=Cm(14))
    for block in page.dimensions:
        document.add_heading(f"{block.node.code} {block.node.title}", level=2)
        table = document.add_table(rows=1, cols=3)
        table.style = "Table Grid"
        for cell, text in zip(
            table.rows[0].cells, (_("Factor"), _("Stage"), _("Progress")), strict=True
        ):
            cell.text = text
        for row in block.factors:
            cells = table.add_row().cells
            cells[0].text = f"{row.node.code} {row.node.title}"
            cells[1].text = page.stage_names.get(row.result.stage, "—") if row.result.stage else "—"
            cells[2].text = f"{round((row.result.progress or 0) * 100)} %"
    document.add_heading(_("Factor by factor"), level=1)
    for item in context["sections"]:
        document.add_heading(f"{item.row.node.code} {item.row.node.title}", level=2)
        document.add_paragraph(f"{_('Stage')}: {item.stage_name}")
        for evidence in item.evidence:
            document.add_paragraph(
                f"{evidence.title}: {evidence.summary}".strip(": "), style="List Bullet"
            )
        for indicator, _value in item.gaps:
            document.add_paragraph(f"{indicator.code} {indicator.text}", style="List Number")
    document.add_heading(_("Prioritised recommendations"), level=1)
    for rec in context["recommendations"]:
        paragraph = document.add_paragraph(style="List Number")
        paragraph.add_run(f"{rec.factor.code} {rec.title}. ").bold = True
        paragraph.add_run(f"{rec.action} ({rec.lead}; {rec.months} {_('months')}; {rec.cost})")
    document.add_heading(_("Annex: ratings"), level=1)
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells, (_("Indicator"), _("Stage"), _("Rating")), strict=True
    ):
        cell.text = text
    scale = context["scale"]
    for indicator, value, rationale in context["annex"]:
        cells = table.add_row().cells
        cells[0].text = f"{indicator.code} {indicator.text}"
        cells[1].text = str(indicator.stage or "")
        cells[2].text = scale.get(value, value) + (f" — {rationale}" if rationale else "")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
