"""Pages that belong to no single area: the home page and the health check."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from cybercap.core.queries import home_summary


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"summary": home_summary()})


def health(request: HttpRequest) -> JsonResponse:
    """Liveness and database reachability, for a load balancer or a monitoring probe."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
