"""Framework browser: list, tree with search, stage matrix."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from cybercap.core.http import HtmxHttpRequest
from cybercap.frameworks import queries
from cybercap.frameworks.models import Framework


def framework_list(request: HttpRequest) -> HttpResponse:
    search = request.GET.get("q", "").strip()
    context = {
        "frameworks": queries.framework_list(),
        "search": search,
        "results": list(queries.indicator_search(search)) if search else None,
        "limit": queries.SEARCH_LIMIT,
    }
    return render(request, "frameworks/framework_list.html", context)


def framework_detail(request: HtmxHttpRequest, slug: str, version: str) -> HttpResponse:
    framework = get_object_or_404(Framework, slug=slug, version=version)
    search = request.GET.get("q", "").strip()
    context = {"framework": framework, "search": search, "limit": queries.SEARCH_LIMIT}
    if search:
        context["results"] = list(queries.indicator_search(search, framework))
        context["paths"] = queries.node_paths(framework)
    if request.htmx and request.htmx.target == "framework-content":
        template = "frameworks/partials/framework_content.html"
    else:
        template = "frameworks/framework_detail.html"
    if not search:
        # Called by the template only when the tree is not in the cache yet.
        context["tree"] = lambda: queries.framework_tree(framework)
    return render(request, template, context)


def framework_matrix(request: HttpRequest, slug: str, version: str) -> HttpResponse:
    framework = get_object_or_404(Framework, slug=slug, version=version)
    if framework.kind != Framework.Kind.MATURITY:
        return redirect("frameworks:detail", slug=slug, version=version)
    context = {
        "framework": framework,
        "floor": framework.stages[0],
        "stages": framework.stages[1:],
        "rows": queries.stage_matrix(framework),
    }
    return render(request, "frameworks/framework_matrix.html", context)
