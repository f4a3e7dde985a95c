"""The regional report: the heatmap, common gaps, the regional action plan's timeline with the
status of national steps, and a profile per member state (a page each in a small group, a
paragraph each in a large one). Built from approved or published rounds the person may see,
like the comparison page."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cybercap.access import scopes
from cybercap.frameworks.models import Node
from cybercap.places.models import Group
from cybercap.program.models import Csirt
from cybercap.regional import plan_queries
from cybercap.regional.queries import Comparison, CountryRow, group_comparison
from cybercap.reports import charts
from cybercap.reports.jobs import ReportError
from cybercap.reports.models import ReportJob
from cybercap.strategies.models import ActionStatus

# Above this many states with results, each gets a compact profile (several to a page) instead
# of a page of its own, and the heatmap leaves the stage numbers out of its cells: 194 one-page
# profiles and 4,500 numbered cells took WeasyPrint over a minute.
COMPACT_ABOVE = 24
HEATMAP_ROWS = 40  # rows per heatmap chart, so that each chart fits on a page
# The country profiles number their pages P-1, P-2...: they are laid out beside the rest.
PROFILE_PAGES = "P-"


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


@dataclass
class Profile:
    """What the report says about one member state."""

    row: CountryRow
    dimensions: list[tuple[Node, float | None, list[tuple[Node, int | None, float | None]]]]
    csirt: Csirt | None
    steps: list[tuple[str, int]]  # (status label, count), statuses with none left out
    below_median: list[str] = field(default_factory=list)  # factor codes
    above_median: list[str] = field(default_factory=list)


def render(job: ReportJob, progress: Any) -> tuple[bytes, int | None]:
    from cybercap.reports.documents.pdf import pdf_from_templates

    user = job.requested_by
    group = _group(job.subject)
    progress(10, _("Comparing countries"))
    comparison = group_comparison(group, scopes.final_assessments_visible(user))
    compact = len(comparison.rows) > COMPACT_ABOVE
    progress(35, _("Reading the regional plan"))
    plan_context, steps_by_country = _plan(user, group)
    progress(55, _("Writing country profiles"))
    profiles = _profiles(user, group, comparison, steps_by_country)
    progress(70, _("Laying out pages"))
    context = {
        "title": job.title,
        "running_title": group.name,
        "group": group,
        "comparison": comparison,
        "heatmaps": _heatmaps(comparison, numbers=not compact),
        "compact": compact,
        "profiles": profiles,
        "statuses": ActionStatus.choices,
        "restricted": False,
        "edition_label": ReportJob.Edition.PUBLIC.label,
        "generated": timezone.now(),
        "profile_pages": PROFILE_PAGES,
        **plan_context,
    }
    return pdf_from_templates(
        context,
        [("reports/pdf/regional.html", ""), ("reports/pdf/regional_profiles.html", PROFILE_PAGES)],
    )


def _heatmaps(comparison: Comparison, *, numbers: bool) -> list[str]:
    """The heatmap drawn for paper, cut into charts of at most HEATMAP_ROWS states."""
    drawn = []
    for start in range(0, len(comparison.rows), HEATMAP_ROWS):
        rows = comparison.rows[start : start + HEATMAP_ROWS]
        drawn.append(
            charts.heatmap(
                [row.country.name for row in rows],
                [factor.code for factor in comparison.factors],
                [row.stages for row in rows],
                title=_("Stage per factor and country"),
                chart_id=f"report-heatmap-{start // HEATMAP_ROWS + 1}",
                column_titles=[factor.title for factor in comparison.factors],
                printed=True,
                numbers=numbers,
            )
        )
    return drawn


def _plan(user: Any, group: Group) -> tuple[dict[str, Any], dict[str, Counter[str]]]:
    """The latest regional plan's context for the template, and national steps by country."""
    plan = scopes.regional_plans_visible(user).filter(group=group).order_by("-period_start").first()
    steps_by_country: dict[str, Counter[str]] = {}
    if plan is None:
        return {}, steps_by_country
    actions = plan_queries.plan_actions(plan)
    for action in actions:
        for step in action.steps.all():
            steps_by_country.setdefault(step.country_id, Counter())[step.status] += 1
    today = timezone.localdate()
    return {
        "plan": plan,
        "actions": actions,
        "timeline": plan_queries.plan_timeline(plan, actions, today, chart_id="report-plan"),
        "counts": plan_queries.step_counts(actions),
        "action_counts": [
            (action, Counter(step.status for step in action.steps.all())) for action in actions
        ],
    }, steps_by_country


def _profiles(
    user: Any, group: Group, comparison: Comparison, steps_by_country: dict[str, Counter[str]]
) -> list[Profile]:
    csirts = {c.country_id: c for c in Csirt.objects.filter(country__in=group.members.all())}
    visible_csirts = set(scopes.csirts_visible(user).values_list("country_id", flat=True))
    by_dimension = [
        (
            dimension,
            [
                i
                for i, f in enumerate(comparison.factors)
                if f.code.startswith(dimension.code + ".")
            ],
        )
        for dimension in comparison.dimensions
    ]
    profiles = []
    for row in comparison.rows:
        steps = steps_by_country.get(row.country.pk, Counter())
        profile = Profile(
            row,
            [
                (
                    dimension,
                    mean,
                    [(comparison.factors[i], row.stages[i], comparison.medians[i]) for i in codes],
                )
                for (dimension, codes), mean in zip(by_dimension, row.dimension_means, strict=True)
            ],
            csirts.get(row.country.pk) if row.country.pk in visible_csirts else None,
            [(str(label), steps[value]) for value, label in ActionStatus.choices if steps[value]],
        )
        for factor, stage, median in zip(
            comparison.factors, row.stages, comparison.medians, strict=True
        ):
            if stage is not None and median is not None and stage != median:
                (profile.below_median if stage < median else profile.above_median).append(
                    factor.code
                )
        profiles.append(profile)
    return profiles
