"""The JSON API under /api/v1/ (django-ninja); every area adds its router here."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from cybercap.api import (
    assessments,
    frameworks,
    places,
    program,
    regional,
    regional_plans,
    strategies,
    tokens,
)
from cybercap.api.auth import TokenAuth


def build_api() -> NinjaAPI:
    api = NinjaAPI(
        title="Cybercap API",
        version="1.0.0",
        description=(
            "National cyber security capacity building: frameworks, places, assessments, "
            "strategies, regional comparison and program tracking. "
            "Authenticate with `POST /api/v1/auth/token` and send "
            "`Authorization: Bearer <token>`."
        ),
        auth=TokenAuth(),
        docs_url="/docs",
        urls_namespace="api",
    )
    api.add_router("/auth", tokens.router)
    api.add_router("/frameworks", frameworks.router, auth=None)
    api.add_router("", places.router, auth=None)
    api.add_router("/assessments", assessments.router)
    api.add_router("", regional.router)
    api.add_router("", program.router)
    api.add_router("", strategies.router)
    api.add_router("", regional_plans.router)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return api.create_response(request, {"detail": "Not Found"}, status=404)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
        return api.create_response(
            request, {"detail": "Authentication required: send a valid bearer token."}, status=401
        )

    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return api.create_response(request, {"detail": exc.errors}, status=422)

    return api


api = build_api()
