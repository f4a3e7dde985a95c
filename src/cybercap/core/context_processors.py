"""Values every page's navigation needs."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from cybercap.access.rules import can_see_program


def navigation(request: HttpRequest) -> dict[str, Any]:
    return {"show_program": can_see_program(getattr(request, "user", None))}
