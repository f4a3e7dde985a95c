"""What a locked-out sign-in gets: a page for people, `{"detail": ...}` for API clients."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

LOCKED_STATUS = 429


def lockout_response(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": "Too many failed attempts; try again later."}, status=LOCKED_STATUS
        )
    return render(request, "access/locked_out.html", status=LOCKED_STATUS)
