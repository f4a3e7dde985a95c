"""`POST /api/v1/auth/token`: trade a username and password for a bearer token."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Router, Status

from cybercap.access.rules import must_use_two_factor
from cybercap.access.services import token_create
from cybercap.access.two_factor import has_device, verified_device
from cybercap.api.schemas import Detail, TokenRequest, TokenResponse

router = Router(tags=["auth"])


@router.post(
    "/token", response={200: TokenResponse, 401: Detail, 403: Detail, 429: Detail}, auth=None
)
def token_obtain(request: HttpRequest, payload: TokenRequest):
    """A token for a username and password, and for an account that signs in with a second
    factor, its current `code` too (as on the website)."""
    try:
        user = authenticate(request, username=payload.username, password=payload.password)
    except PermissionDenied:
        return Status(429, {"detail": "Too many failed attempts; try again later."})
    if user is None:
        return Status(401, {"detail": "Unknown username or wrong password."})
    if has_device(user):
        if not payload.code.strip():
            return Status(
                401,
                {"detail": "This account signs in with a second factor: send its code as `code`."},
            )
        if verified_device(user, payload.code) is None:
            return Status(401, {"detail": "That two-factor code is not valid."})
    elif settings.CYBERCAP_REQUIRE_2FA and must_use_two_factor(user):
        return Status(
            403,
            {"detail": "Set up two-factor sign-in on the website before asking for a token."},
        )
    token, raw = token_create(user=user, name="API login", days=settings.CYBERCAP_API_TOKEN_DAYS)
    expires = token.expires_at.isoformat() if token.expires_at else None
    return Status(200, {"token": raw, "expires_at": expires})
