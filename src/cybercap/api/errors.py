"""Every answer under /api/ is JSON, errors included: Django's own 400/404/405/500 pages become
`{"detail": ...}` with the same status, and a body over the upload limit is a 413."""

from __future__ import annotations

from collections.abc import Callable
from http import HTTPStatus

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults

API_PREFIX = "/api/"


def too_large_detail() -> str:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024)
    return f"The request body is larger than the limit of {limit:g} MB."


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django's 400 handler: a request body over the limit is 413, on pages and in the API."""
    if isinstance(exception, RequestDataTooBig):
        if request.path.startswith(API_PREFIX):
            return JsonResponse({"detail": too_large_detail()}, status=413)
        return HttpResponse(too_large_detail(), status=413, content_type="text/plain")
    return defaults.bad_request(request, exception)


class JsonErrorsMiddleware:
    """Turns the HTML error pages Django answers under /api/ (an unknown path, a method the
    endpoint does not take, a server error) into the API's error shape."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code < 400
            or not request.path.startswith(API_PREFIX)
            or response.get("Content-Type", "").startswith("application/json")
        ):
            return response
        detail = HTTPStatus(response.status_code).phrase
        if response.status_code == 405:
            detail = f"{detail}; this endpoint takes {response.get('Allow', '')}."
        elif response.status_code == 500:
            detail = "Something went wrong on the server; it has been logged."
        answer = JsonResponse({"detail": detail}, status=response.status_code)
        for header in ("Allow", "Retry-After"):
            if header in response:
                answer[header] = response[header]
        return answer
