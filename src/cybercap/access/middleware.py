"""Sends people who must, or chose to, use a second factor through it before anything else."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from cybercap.access.rules import must_use_two_factor
from cybercap.access.two_factor import has_device

OPEN_PREFIXES = ("/static/", "/health/", "/i18n/", "/accounts/logout/", "/account/two-factor/")


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        step = self._pending_step(request)
        if step is None or request.path.startswith(OPEN_PREFIXES):
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": "Complete two-factor sign-in first."}, status=401)
        return redirect(f"{reverse(step)}?next={request.get_full_path()}")

    @staticmethod
    def _pending_step(request: HttpRequest) -> str | None:
        """The two-factor page this session still has to pass, if any."""
        user = request.user
        if not user.is_authenticated or user.is_verified():  # type: ignore[attr-defined]
            return None
        if has_device(user):
            return "access:two-factor-verify"
        if settings.CYBERCAP_REQUIRE_2FA and must_use_two_factor(user):
            return "access:two-factor-setup"
        return None
