"""The group comparison page and its exports."""

from __future__ import annotations

import functools

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cybercap.access import scopes
from cybercap.places.models import Group
from cybercap.regional import comparison_html, exports
from cybercap.regional.queries import Comparison, group_comparison
from cybercap.reports import charts
from cybercap.reports.tables import csv_bytes, xlsx_bytes


def _comparison(request: HttpRequest, slug: str) -> Comparison:
    group = get_object_or_404(Group, slug=slug)
    year = request.GET.get("year", "")
    subgroup_slug = request.GET.get("subgroup", "")
    subgroup = Group.objects.filter(slug=subgroup_slug).first() if subgroup_slug else None
    return group_comparison(
        group,
        scopes.final_assessments_visible(request.user),
        year=int(year) if year.isdigit() else None,
        dimension=request.GET.get("dimension", ""),
        subgroup=subgroup,
    )


def comparison(request: HttpRequest, slug: str) -> HttpResponse:
    result = _comparison(request, slug)
    heatmap = ""
    if result.rows:
        heatmap = _heatmap(
            tuple(row.country.localized_name for row in result.rows),
            tuple(factor.code for factor in result.factors),
            tuple(tuple(row.stages) for row in result.rows),
            tuple(factor.title for factor in result.factors),
            _("Stage per factor and country"),
            f"heatmap-{result.group.slug}",
        )
    focus = request.GET.get("country", "").upper()
    focus_row = next((row for row in result.rows if row.country.pk == focus), None)
    year = request.GET.get("year", "")
    context = {
        "comparison": result,
        "country_rows": comparison_html.country_rows(result, year=year),
        "country_options": comparison_html.country_options(
            result, chosen=focus_row.country.pk if focus_row else ""
        ),
        "heatmap": heatmap,
        "focus": focus_row,
        "focus_pairs": list(zip(result.factors, focus_row.stages, result.medians, strict=True))
        if focus_row
        else [],
        "factor_stats": list(zip(result.factors, result.medians, result.distribution, strict=True)),
        "groups": Group.objects.exclude(pk=result.group.pk).order_by("name"),
        "filters": request.GET,
        "report_choices": [("pdf", "public", _("Regional report (PDF)"))],
    }
    return render(request, "regional/comparison.html", context)


@functools.lru_cache(maxsize=32)
def _heatmap(
    rows: tuple[str, ...],
    columns: tuple[str, ...],
    values: tuple[tuple[int | None, ...], ...],
    column_titles: tuple[str, ...],
    title: str,
    chart_id: str,
) -> SafeString:
    """The heatmap drawn once per distinct content: it changes only when a round is approved,
    and a world-wide group's has thousands of cells."""
    return mark_safe(  # noqa: S308 (the chart module escapes everything it writes)
        charts.heatmap(
            rows, columns, values, title=title, chart_id=chart_id, column_titles=column_titles
        )
    )


def comparison_export(request: HttpRequest, slug: str, extension: str) -> HttpResponse:
    result = _comparison(request, slug)
    header, rows = exports.matrix_header(result), exports.matrix_rows(result)
    name = f"{slugify(result.group.slug)}-comparison"
    if extension == "csv":
        response = HttpResponse(csv_bytes(header, rows), content_type="text/csv; charset=utf-8")
    else:
        body = xlsx_bytes(_("Comparison"), header, rows, exports.matrix_notes(result))
        response = HttpResponse(
            body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
    return response
