"""The regional report: the heatmap, common gaps, a one-page profile per member state, and the
regional action plan's timeline with the status of national steps. Built from approved or
published rounds the person may see, like the comparison page."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cybercap.access import scopes
from cybercap.places.models import Group
from cybercap.program.models import Csirt
from cybercap.regional import plan_queries
from cybercap.regional.queries import group_comparison
from cybercap.reports import charts
from cybercap.reports.jobs import ReportError
from cybercap.reports.models import ReportJob
from cybercap.strategies.models import ActionStatus


def _group(subject: str) -> Group:
    group = Group.objects.filter(slug=subject).first()
    if group is None:
        raise ReportError(_("Unknown group."))
    return group


def check(user: Any, subject: str, edition: str, params: dict[str, Any]) -> str:
    if edition != ReportJob.Edition.PUBLIC:
        raise ReportError(_("The regional report has a public edition only."))
    group = _group(subject)
    return _("Regional overview: %(group)s") % {"group": group.name}


def filename(job: ReportJob) -> str:
    return f"{slugify(job.subject)}-regional-report.pdf"


def render(job: ReportJob, progress: Any) -> tuple[bytes, int | None]:
    from cybercap.reports.documents.pdf import pdf_from_template

    user = job.requested_by
    group = _group(job.subject)
    progress(10, _("Comparing countries"))
    comparison = group_comparison(group, scopes.final_assessments_visible(user))
    heatmap = ""
    if comparison.rows:
        heatmap = charts.heatmap(
            [row.country.name for row in comparison.rows],
            [factor.code for factor in comparison.factors],
            [row.stages for row in comparison.rows],
            title=_("Stage per factor and country"),
            chart_id="report-heatmap",
            column_titles=[factor.title for factor in comparison.factors],
        )
    progress(35, _("Reading the regional plan"))
    plan = scopes.regional_plans_visible(user).filter(group=group).order_by("-period_start").first()
    today = timezone.localdate()
    plan_context: dict[str, Any] = {}
    steps_by_country: dict[str, Counter[str]] = {}
    if plan is not None:
        actions = plan_queries.plan_actions(plan)
        for action in actions:
            for step in action.steps.all():
                steps_by_country.setdefault(step.country_id, Counter())[step.status] += 1
        plan_context = {
            "plan": plan,
            "actions": actions,
            "timeline": plan_queries.plan_timeline(plan, actions, today, chart_id="report-plan"),
            "counts": plan_queries.step_counts(actions),
            "action_counts": [
                (action, Counter(step.status for step in action.steps.all())) for action in actions
            ],
        }
    csirts = {c.country_id: c for c in Csirt.objects.filter(country__in=group.members.all())}
    visible_csirts = set(scopes.csirts_visible(user).values_list("country_id", flat=True))
    progress(55, _("Writing country profiles"))
    by_dimension = []
    for dimension in comparison.dimensions:
        codes = [
            i for i, f in enumerate(comparison.factors) if f.code.startswith(dimension.code + ".")
        ]
        by_dimension.append((dimension, codes))
    profiles = []
    for row in comparison.rows:
        profiles.append(
            {
                "row": row,
                "dimensions": [
                    (
                        dimension,
                        mean,
                        [
                            (comparison.factors[i], row.stages[i], comparison.medians[i])
                            for i in codes
                        ],
                    )
                    for (dimension, codes), mean in zip(
                        by_dimension, row.dimension_means, strict=True
                    )
                ],
                "csirt": csirts.get(row.country.pk) if row.country.pk in visible_csirts else None,
                "steps": steps_by_country.get(row.country.pk, Counter()),
            }
        )
    progress(70, _("Laying out pages"))
    return pdf_from_template(
        "reports/pdf/regional.html",
        {
            "title": job.title,
            "group": group,
            "comparison": comparison,
            "heatmap": heatmap,
            "profiles": profiles,
            "statuses": ActionStatus.choices,
            "restricted": False,
            "edition_label": ReportJob.Edition.PUBLIC.label,
            "generated": timezone.now(),
            **plan_context,
        },
    )
