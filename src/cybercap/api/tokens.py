"""`POST /api/v1/auth/token`: trade a username and password for a bearer token."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Router, Status

from cybercap.access.services import token_create
from cybercap.api.schemas import Detail, TokenRequest, TokenResponse

router = Router(tags=["auth"])


@router.post("/token", response={200: TokenResponse, 401: Detail, 429: Detail}, auth=None)
def token_obtain(request: HttpRequest, payload: TokenRequest):
    try:
        user = authenticate(request, username=payload.username, password=payload.password)
    except PermissionDenied:
        return Status(429, {"detail": "Too many failed attempts; try again later."})
    if user is None:
        return Status(401, {"detail": "Unknown username or wrong password."})
    token, raw = token_create(user=user, name="API login", days=settings.CYBERCAP_API_TOKEN_DAYS)
    expires = token.expires_at.isoformat() if token.expires_at else None
    return Status(200, {"token": raw, "expires_at": expires})
