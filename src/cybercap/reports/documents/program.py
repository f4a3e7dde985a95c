"""The program report: figures computed from the records over a period, the missions, national
CSIRT statuses and follow-up actions, for the countries the person may see."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from cybercap.access import rules
from cybercap.program import queries
from cybercap.program.models import FollowUp
from cybercap.reports import charts
from cybercap.reports.jobs import ReportError
from cybercap.reports.models import ReportJob


def _period(params: dict[str, Any]) -> tuple[dt.date | None, dt.date | None]:
    try:
        start = dt.date.fromisoformat(params["start"]) if params.get("start") else None
        end = dt.date.fromisoformat(params["end"]) if params.get("end") else None
    except (TypeError, ValueError):
        raise ReportError(_("Give the period as YYYY-MM-DD dates.")) from None
    if start and end and end < start:
        raise ReportError(_("The period cannot end before it starts."))
    return start, end


def check(user: Any, subject: str, edition: str, params: dict[str, Any]) -> str:
    if not rules.can_see_program(user):
        raise ReportError(_("You cannot see the program's records."))
    start, end = _period(params)
    span = f"{start or '…'} – {end or '…'}" if start or end else _("all years")
    return _("Program report (%(period)s)") % {"period": span}


def filename(job: ReportJob) -> str:
    return (
        f"program-report-{job.params.get('start') or 'start'}-{job.params.get('end') or 'now'}.pdf"
    )


def render(job: ReportJob, progress: Any) -> tuple[bytes, int | None]:
    from cybercap.reports.documents.pdf import pdf_from_template

    start, end = _period(job.params)
    progress(15, _("Counting"))
    figures = queries.program_figures(job.requested_by, start=start, end=end)
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
            chart_id="report-missions",
        )
    follow_ups = list(
        FollowUp.objects.filter(mission__in=[m.pk for m in figures.missions])
        .select_related("mission__country")
        .order_by("due")
    )
    progress(60, _("Laying out pages"))
    return pdf_from_template(
        "reports/pdf/program.html",
        {
            "title": job.title,
            "running_title": job.title,
            "figures": figures,
            "timeline": timeline,
            "follow_ups": follow_ups,
            "today": timezone.localdate(),
            "restricted": True,
            "edition_label": ReportJob.Edition.RESTRICTED.label,
            "generated": timezone.now(),
        },
    )
