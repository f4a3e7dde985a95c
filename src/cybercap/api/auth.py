"""Bearer-token authentication for the API; the token acts as its owner."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from cybercap.access.services import token_authenticate


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = token_authenticate(token)
        if found is None:
            return None
        request.user = found.user
        return found.user


def optional_user(request: HttpRequest) -> Any:
    """The person behind a bearer token or a session, or an anonymous visitor."""
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value:
        found = token_authenticate(value.strip())
        if found is not None:
            request.user = found.user
    return request.user


def anonymous_reader(request: HttpRequest) -> bool:
    """Lets a request without credentials through to read endpoints, as an anonymous visitor:
    the access layer then shows it only what countries published."""
    return True


READ_AUTH = [TokenAuth(), SessionAuth(), anonymous_reader]
WRITE_AUTH = [TokenAuth(), SessionAuth()]
