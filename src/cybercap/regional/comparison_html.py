"""The comparison page's per-country rows (the countries table and the country picker), written
in Python rather than in the template: a world-wide group has about 200 countries, and the
template engine spent a tenth of a millisecond on each row's dozen values. Everything printed
goes through `escape`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from html import escape
from typing import Any

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe

from cybercap.core.templatetags.numbers import one_decimal_formatter
from cybercap.regional.queries import Comparison

_NONE = "—"


def country_rows(result: Comparison, *, year: str) -> SafeString:
    """The countries table's body: name (linking to that country against the median), round
    (linking to its results), mean stage per dimension, overall, and change since the round
    before."""
    year_query = f"year={escape(year)}&amp;" if year else ""
    number = one_decimal_formatter()
    # One reversed address for every row, with a slot for the assessment's number.
    results = reverse("assessments:results", args=[_SLOT])
    months: dict[dt.date, str] = {}
    parts = []
    for row in result.rows:
        code = escape(row.country.pk)
        when = ""
        if row.round_date:
            month = row.round_date.replace(day=1)
            if month not in months:
                months[month] = escape(date_format(month, "M Y"))
            when = f" · {months[month]}"
        means = "".join(f'<td class="num">{number(m) or _NONE}</td>' for m in row.dimension_means)
        url = results.replace(str(_SLOT), str(row.assessment.pk))
        parts.append(
            f'<tr><th scope="row"><a href="?{year_query}country={code}#position">'
            f"{escape(row.country.localized_name)}</a></th>"
            f'<td class="small"><a href="{escape(url)}">{escape(row.assessment.round_label)}</a>'
            f"{when}</td>{means}"
            f'<td class="num"><strong>{number(row.mean) or _NONE}</strong></td>'
            f'<td class="num">{_change(row.change, number)}</td></tr>\n'
        )
    return mark_safe("".join(parts))  # noqa: S308 (every value is escaped above)


_SLOT = 987654321  # stands for the assessment's number in the reversed results address


def _change(change: float | None, number: Callable[[Any], str]) -> str:
    if change is None:
        return f'<span class="muted">{_NONE}</span>'
    if change > 0:
        return f'<span class="change change--up">▲ {number(change)}</span>'
    if change < 0:
        return f'<span class="change change--down">▼ {number(change)}</span>'
    return "＝"


def country_options(result: Comparison, *, chosen: str) -> SafeString:
    """The <option>s of the country picker, the chosen one selected."""
    parts = []
    for row in result.rows:
        code, name = row.country.pk, escape(row.country.localized_name)
        selected = " selected" if code == chosen else ""
        parts.append(f'<option value="{escape(code)}"{selected}>{name}</option>')
    return mark_safe("".join(parts))  # noqa: S308 (escaped above)
