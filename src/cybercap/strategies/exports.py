"""Strategy documents: the action plan workbook (with a sheet for progress updates that the
import reads back) and the strategy draft as an editable Word document."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Cm, Pt

from cybercap.reports import charts
from cybercap.reports.tables import Sheet, xlsx_workbook
from cybercap.strategies.models import Action, ActionStatus, Strategy

PROGRESS_SHEET = "Progress updates"
PROGRESS_HEADER = ("Action code", "Action", "Date (YYYY-MM-DD)", "Status", "Progress %", "Note")


def _milestones(action: Action) -> str:
    return "; ".join(f"{m.due:%Y-%m-%d} {m.title}" for m in action.milestones.all())


def _kpis(action: Action) -> str:
    parts = []
    for kpi in action.kpis.all():
        baseline = "" if kpi.baseline is None else f"{kpi.baseline.normalize():f} → "
        current = "" if kpi.current is None else f" ({_('now')} {kpi.current.normalize():f})"
        unit = f" {kpi.unit}" if kpi.unit else ""
        parts.append(f"{kpi.name}: {baseline}{kpi.target.normalize():f}{unit}{current}")
    return "; ".join(parts)


def action_plan_xlsx(strategy: Strategy, actions: Sequence[Action]) -> bytes:
    """The action plan as a workbook; actions must come from `queries.plan_actions`."""
    plan = Sheet(
        title=_("Action plan"),
        header=[
            _("Code"),
            _("Objective"),
            _("Action"),
            _("Lead agency"),
            _("Supporting partners"),
            _("Start"),
            _("End"),
            _("Priority"),
            _("Budget (%(currency)s)") % {"currency": strategy.currency},
            _("Funding source"),
            _("Status"),
            _("Progress %"),
            _("Milestones"),
            _("KPIs"),
            _("Gaps addressed"),
            _("Depends on"),
        ],
        rows=[
            [
                a.code,
                f"{a.objective.code} {a.objective.title}",
                a.title,
                a.lead_agency,
                a.partners,
                a.start,
                a.end,
                a.get_priority_display(),
                a.budget,
                a.funding_source,
                a.get_status_display(),
                a.progress,
                _milestones(a),
                _kpis(a),
                ", ".join(i.code for i in a.indicators.all()),
                ", ".join(d.code for d in a.depends_on.all()),
            ]
            for a in actions
        ],
        notes=[
            f"{strategy.title} — {strategy.country.name} — {_('version')} {strategy.version}",
            _("Exported %(date)s") % {"date": dt.date.today().isoformat()},
        ],
        widths={2: 30, 3: 45, 4: 24, 13: 30, 14: 40, 15: 24},
    )
    progress = Sheet(
        title=PROGRESS_SHEET,
        header=PROGRESS_HEADER,
        rows=[[a.code, a.title, None, None, None, None] for a in actions],
        notes=[
            "Fill one row per update: date, status and progress; copy a row to report an action "
            "twice. Rows without date, status and progress are skipped. Upload the file on the "
            "strategy's action plan page.",
            "Status: " + ", ".join(ActionStatus.values),
        ],
        widths={2: 45, 3: 18, 4: 14, 6: 50},
        choices={4: list(ActionStatus.values)},
    )
    return xlsx_workbook([plan, progress])


def strategy_docx(strategy: Strategy, actions: Sequence[Action], timeline_svg: str) -> bytes:
    """The strategy draft: an editable Word document built from the records."""
    document = Document()
    styles = document.styles
    styles["Normal"].font.name = "Calibri"
    styles["Normal"].font.size = Pt(10.5)
    section = document.sections[0]
    section.left_margin = section.right_margin = Cm(2)

    document.add_heading(strategy.title, level=0)
    facts = [
        (_("Country"), strategy.country.name),
        (_("Version"), strategy.version),
        (_("Phase"), strategy.get_phase_display()),
    ]
    if strategy.period_start or strategy.period_end:
        facts.append(
            (
                _("Period"),
                f"{strategy.period_start or '…'} – {strategy.period_end or '…'}",
            )
        )
    if strategy.adopted_on:
        facts.append(
            (_("Adopted"), f"{strategy.adopted_on:%Y-%m-%d} {strategy.adopting_body}".strip())
        )
    else:
        facts.append((_("Status"), _("Draft, not yet adopted")))
    if strategy.baseline:
        facts.append((_("Baseline assessment"), strategy.baseline.round_label))
    for label, value in facts:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(str(value))

    if strategy.vision:
        document.add_heading(_("Vision"), level=1)
        document.add_paragraph(strategy.vision)
    if strategy.principle_list:
        document.add_heading(_("Principles"), level=1)
        for line in strategy.principle_list:
            document.add_paragraph(line, style="List Bullet")

    members = list(strategy.members.all())
    if members:
        document.add_heading(_("Working group"), level=1)
        table = document.add_table(rows=1, cols=3)
        table.style = "Table Grid"
        for cell, text in zip(
            table.rows[0].cells, (_("Name"), _("Organisation"), _("Role")), strict=True
        ):
            cell.text = text
            cell.paragraphs[0].runs[0].bold = True
        for member in members:
            row = table.add_row().cells
            row[0].text, row[1].text, row[2].text = (
                member.name,
                member.organisation,
                member.get_role_display(),
            )

    document.add_heading(_("Strategic objectives"), level=1)
    by_objective: dict[int, list[Action]] = {}
    for action in actions:
        by_objective.setdefault(action.objective_id, []).append(action)
    for objective in strategy.objectives.all():
        document.add_heading(f"{objective.code} {objective.title}", level=2)
        if objective.description:
            document.add_paragraph(objective.description)
        for action in by_objective.get(objective.pk, []):
            document.add_paragraph(f"{action.code} {action.title}", style="List Bullet")

    new_section = document.add_section()
    new_section.orientation = WD_ORIENT.LANDSCAPE
    new_section.page_width, new_section.page_height = section.page_height, section.page_width
    new_section.left_margin = new_section.right_margin = Cm(1.5)
    document.add_heading(_("Action plan"), level=1)
    header = (
        _("Code"),
        _("Action"),
        _("Lead agency"),
        _("Dates"),
        _("Priority"),
        _("Budget (%(currency)s)") % {"currency": strategy.currency},
        _("Status"),
        _("KPIs"),
    )
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    for action in actions:
        cells = table.add_row().cells
        values = (
            action.code,
            action.title,
            action.lead_agency,
            f"{action.start:%Y-%m-%d} – {action.end:%Y-%m-%d}",
            action.get_priority_display(),
            "" if action.budget is None else f"{action.budget:,.0f}",
            f"{action.get_status_display()} ({action.progress} %)",
            _kpis(action),
        )
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
    if timeline_svg:
        document.add_heading(_("Timeline"), level=1)
        document.add_picture(io.BytesIO(charts.svg_png(timeline_svg)), width=Cm(25))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def timeline_svg(
    strategy: Strategy, actions: Sequence[Action], today: dt.date, *, chart_id: str
) -> str:
    """The action plan as a Gantt chart: one group per objective, milestones, today's line."""
    live = [a for a in actions if a.status != ActionStatus.DROPPED]
    if not live:
        return ""
    start = min(a.start for a in live)
    end = max(a.end for a in live)
    return charts.gantt(
        [
            charts.GanttBar(
                label=f"{a.code} {a.title}",
                group=f"{a.objective.code} {a.objective.title}",
                start=a.start,
                end=a.end,
                status=a.status,
                milestone_dates=[m.due for m in a.milestones.all()],
            )
            for a in live
        ],
        start=start.replace(day=1),
        end=end.replace(month=12, day=31),
        today=today,
        title=_("Action plan timeline"),
        chart_id=chart_id,
    )
