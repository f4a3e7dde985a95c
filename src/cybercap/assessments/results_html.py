"""The HTML of the results page's gaps, written in Python, not in a template.

A maturity assessment early on lists well over a hundred missing indicators, and the template
engine spent more on them (about 0.1 ms each) than the rest of the page took to compute and
draw. Like workspace_html, every value from the database goes through the standard library's
`escape`."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cybercap.assessments.presentation import Gap


def gaps_html(
    gaps: Sequence[Gap], stage_names: dict[int, str], labels: dict[str, str]
) -> SafeString:
    """One collapsed card per aspect (or part) with what it still lacks."""
    not_assessed = escape(_("Not assessed"))
    rated = escape(_("Rated:"))
    shown = {value: escape(label) for value, label in labels.items()}
    parts = []
    for gap in gaps:
        stage = ""
        if gap.next_stage:
            name = escape(stage_names.get(gap.next_stage, str(gap.next_stage)))
            stage = f' → <span class="stage-chip stage-chip--{gap.next_stage}">{name}</span>'
        count = len(gap.indicators)
        missing = escape(
            ngettext("%(counter)s missing", "%(counter)s missing", count) % {"counter": count}
        )
        items = "".join(
            f"<li><code>{escape(indicator.code)}</code><div><p>{escape(indicator.text)}</p>"
            '<p class="guidance">'
            + (
                not_assessed
                if value == "not_assessed"
                else f"{rated} {shown.get(value) or escape(value)}"
            )
            + "</p></div></li>"
            for indicator, value in gap.indicators
        )
        parts.append(
            f'<details class="card gap"><summary><code>{escape(gap.node.code)}</code> '
            f"{escape(gap.node.title)}{stage} "
            f'<span class="muted small">{missing}</span></summary>'
            f'<ul class="indicator-list">{items}</ul></details>'
        )
    return mark_safe("\n".join(parts))  # noqa: S308 - every value above is escaped
