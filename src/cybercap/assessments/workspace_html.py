"""The HTML of the ratings workspace's sections and rows, written in Python, not in a template.

A maturity framework has around 300 indicators and the workspace shows them all; the template
engine spends about a quarter of a millisecond on each row (attribute lookups, number
localisation), which made the page several times slower than everything else it does. The page
and the htmx row partial both render rows here, so there is one definition of a row. Every
value from the database goes through `escape` (the standard library's: the same five characters
as Django's, without its lazy-string wrapper, which cost more than the escaping)."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from cybercap.assessments.queries import RatingBrief, WorkspaceRow
from cybercap.frameworks.models import Node

CODE_SLOT = "__indicator__"


class RowRenderer:
    """Renders workspace rows for one page: the translated words, the scale labels and the
    person's rights are worked out once, then each row is a few string joins."""

    def __init__(
        self, *, labels: dict[str, str], edit_pattern: str, can_rate: bool, can_reconcile: bool
    ):
        self.labels = {value: escape(label) for value, label in labels.items()}
        self.edit_pattern = edit_pattern  # the rating-edit address with CODE_SLOT for the code
        self.can_rate = can_rate
        self.can_reconcile = can_reconcile
        self.carried = escape(_("Carried over, to confirm"))
        self.disagree = escape(_("Assessors disagree"))
        self.rate = escape(_("Rate"))
        self.reconcile = escape(_("Reconcile"))
        headings = "".join(
            f'<th scope="col"{extra}>{escape(str(text))}</th>'
            for text, extra in [
                (_("Indicator"), ""),
                (_("My rating"), ""),
                (_("Team"), ""),
                (_("Reconciled"), ""),
                (_("Evidence"), ' class="num"'),
            ]
        )
        actions = escape(_("Actions"))
        self.thead = (
            f'<thead><tr>{headings}<th scope="col"><span class="visually-hidden">{actions}'
            "</span></th></tr></thead>"
        )

    def section(self, path: Sequence[Node], rows: Iterable[WorkspaceRow]) -> SafeString:
        """One framework node's indicators: its path as the heading, then the table of rows."""
        title = " › ".join(
            f"<span><code>{escape(node.code)}</code> {escape(node.title)}</span>" for node in path
        )
        body = "".join(self._row(row) for row in rows)
        return mark_safe(  # noqa: S308 (every value is escaped here and in _row)
            f'<section class="workspace-section"><h2 class="workspace-section__title">{title}</h2>'
            f'<table class="table workspace">{self.thead}<tbody>\n{body}</tbody></table>'
            "</section>\n"
        )

    def row(self, row: WorkspaceRow) -> SafeString:
        return mark_safe(self._row(row))  # noqa: S308 (every value is escaped in _row)

    def _value(self, rating: RatingBrief | None) -> str:
        if rating is None:
            return '<span class="muted">—</span>'
        value = escape(rating.value)
        label = self.labels.get(rating.value, value)
        return (
            f'<span class="value value--{value}" title="{escape(rating.rationale)}">{label}</span>'
        )

    def _others(self, others: list[RatingBrief]) -> str:
        if not others:
            return '<span class="muted">—</span>'
        parts = []
        for other in others:
            value, name = escape(other.value), escape(other.rater_name)
            parts.append(
                f'<span class="value value--{value}" title="{name}: {escape(other.rationale)}">'
                f'{self.labels.get(other.value, value)} <span class="small">· {name}</span></span>'
            )
        return " ".join(parts)

    def _row(self, row: WorkspaceRow) -> str:
        indicator = row.indicator
        classes = "rating-row"
        badges = ""
        disagreement = row.disagreement
        if disagreement:
            classes += " rating-row--disagreement"
        if row.carried_over:
            classes += " rating-row--carried"
            badges += f'<span class="badge badge--warn">{self.carried}</span>'
        if disagreement:
            badges += f'<span class="badge badge--danger">{self.disagree}</span>'
        code, head = _indicator_html(
            indicator.code, indicator.stage, indicator.text, indicator.guidance
        )
        evidence = row.evidence_count or '<span class="muted">0</span>'
        url = escape(self.edit_pattern.replace(CODE_SLOT, indicator.code))
        actions = ""
        if self.can_rate:
            actions += (
                f'<a class="button button--small" data-action="rate" href="{url}" '
                f'hx-get="{url}" hx-target="closest tr" hx-swap="outerHTML">{self.rate}</a>'
            )
        if self.can_reconcile:
            actions += (
                f'<a class="button button--small button--secondary" data-action="reconcile" '
                f'href="{url}?as=reconciled" hx-get="{url}?as=reconciled" hx-target="closest tr" '
                f'hx-swap="outerHTML">{self.reconcile}</a>'
            )
        return (
            f'<tr id="row-{code}" class="{classes}" tabindex="0" data-row>'
            f'<td class="rating-row__indicator">{head}{badges}</td>'
            f"<td>{self._value(row.mine)}</td>"
            f"<td>{self._others(row.others)}</td>"
            f"<td>{self._value(row.reconciled)}</td>"
            f'<td class="num">{evidence}</td>'
            f'<td class="rating-row__actions">{actions}</td></tr>\n'
        )


@functools.lru_cache(maxsize=4096)
def _indicator_html(code: str, stage: int | None, text: str, guidance: str) -> tuple[str, str]:
    """An indicator's escaped code and its cell's fixed part: frameworks in use do not change,
    so each indicator is escaped once per process rather than once per page."""
    code = escape(code)
    chip = f' <span class="stage-chip stage-chip--{stage}">{stage}</span>' if stage else ""
    guidance = f'<p class="guidance">{escape(guidance)}</p>' if guidance else ""
    return code, f"<code>{code}</code>{chip}<p>{escape(text)}</p>{guidance}"
