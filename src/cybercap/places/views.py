"""Country and group pages."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from cybercap.core.http import HtmxHttpRequest
from cybercap.places import queries
from cybercap.places.models import Country, Group


def country_list(request: HtmxHttpRequest) -> HttpResponse:
    search = request.GET.get("q", "").strip()
    group_slug = request.GET.get("group", "")
    group = Group.objects.filter(slug=group_slug).first() if group_slug else None
    context = {
        "countries": queries.country_list(search=search, group=group),
        "groups": queries.group_list(),
        "search": search,
        "group": group,
    }
    template = (
        "places/partials/country_rows.html"
        if request.htmx and request.htmx.target == "country-rows"
        else "places/country_list.html"
    )
    return render(request, template, context)


def country_detail(request: HttpRequest, code: str) -> HttpResponse:
    from cybercap.access import scopes
    from cybercap.assessments.queries import country_overview
    from cybercap.reports import charts

    country = get_object_or_404(Country.objects.prefetch_related("groups"), code=code.upper())
    overview = country_overview(country.code, scopes.assessments_visible(request.user))
    trend = ""
    if len([point for point in overview.trend if point[1] is not None]) >= 2:
        trend = charts.trend(
            overview.trend,
            max_value=5,
            title=_("Mean stage per round"),
            chart_id=f"trend-{country.code.lower()}",
        )
    return render(
        request,
        "places/country_detail.html",
        {"country": country, "overview": overview, "trend": trend},
    )


def group_list(request: HttpRequest) -> HttpResponse:
    return render(request, "places/group_list.html", {"groups": queries.group_list()})


def group_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        group, members = queries.group_with_members(slug)
    except Group.DoesNotExist:
        raise Http404 from None
    from cybercap.access.scopes import regional_plans_visible

    plans = regional_plans_visible(request.user).filter(group=group)
    return render(
        request,
        "places/group_detail.html",
        {"group": group, "members": members, "plans": plans},
    )
