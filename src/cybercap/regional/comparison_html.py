"""The comparison page's per-country rows (the countries table and the country picker), written
in Python rather than in the template: a world-wide group has about 200 countries, and the
template engine spent a tenth of a millisecond on each row's dozen values. Everything printed
goes through `escape`."""

from __future__ import annotations

from html import escape

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe

from cybercap.core.templatetags.numbers import decimal1
from cybercap.regional.queries import Comparison, CountryRow

_NONE = "—"


def country_rows(result: Comparison, *, year: str) -> SafeString:
    """The countries table's body: name (linking to that country against the median), round
    (linking to its results), mean stage per dimension, overall, and change since the round
    before."""
    year_query = f"year={escape(year)}&amp;" if year else ""
    return mark_safe(  # noqa: S308 (every value is escaped below)
        "".join(_row(row, year_query) for row in result.rows)
    )


def _row(row: CountryRow, year_query: str) -> str:
    code = escape(row.country.pk)
    results = reverse("assessments:results", args=[row.assessment.pk])
    when = f" · {escape(date_format(row.round_date, 'M Y'))}" if row.round_date else ""
    means = "".join(f'<td class="num">{decimal1(m) or _NONE}</td>' for m in row.dimension_means)
    return (
        f'<tr><th scope="row"><a href="?{year_query}country={code}#position">'
        f"{escape(row.country.localized_name)}</a></th>"
        f'<td class="small"><a href="{escape(results)}">{escape(row.assessment.round_label)}</a>'
        f"{when}</td>{means}"
        f'<td class="num"><strong>{decimal1(row.mean) or _NONE}</strong></td>'
        f'<td class="num">{_change(row.change)}</td></tr>\n'
    )


def _change(change: float | None) -> str:
    if change is None:
        return f'<span class="muted">{_NONE}</span>'
    if change > 0:
        return f'<span class="change change--up">▲ {decimal1(change)}</span>'
    if change < 0:
        return f'<span class="change change--down">▼ {decimal1(change)}</span>'
    return "＝"


def country_options(result: Comparison, *, chosen: str) -> SafeString:
    """The <option>s of the country picker, the chosen one selected."""
    parts = []
    for row in result.rows:
        code, name = row.country.pk, escape(row.country.localized_name)
        selected = " selected" if code == chosen else ""
        parts.append(f'<option value="{escape(code)}"{selected}>{name}</option>')
    return mark_safe("".join(parts))  # noqa: S308 (escaped above)
