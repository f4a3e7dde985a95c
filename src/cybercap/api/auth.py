"""Bearer-token authentication for the API; the token acts as its owner."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth

from cybercap.access.services import token_authenticate


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`. A request that sends credentials which do not work (an
    unknown, revoked or expired token, another scheme) is answered 401 on every endpoint, reads
    included, rather than being served as an anonymous visitor: the client learns it must sign
    in again instead of seeing its own data vanish."""

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get(self.header)
        if header is None:
            return None
        scheme, _, token = header.strip().partition(" ")
        if scheme.lower() != self.openapi_scheme or not token.strip():
            raise AuthenticationError
        return self.authenticate(request, token.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = token_authenticate(token)
        if found is None:
            raise AuthenticationError
        request.user = found.user
        return found.user


class SignedInSession(SessionAuth):
    """The browser's own session, for the pages' scripts. Only a signed-in session goes on to the
    CSRF check: a call without any credentials gets 401, not a CSRF failure."""

    def __call__(self, request: HttpRequest) -> Any:
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)


def anonymous_reader(request: HttpRequest) -> bool:
    """Lets a request without credentials through to read endpoints, as an anonymous visitor:
    the access layer then shows it only what countries published."""
    return True


READ_AUTH = [TokenAuth(), SignedInSession(), anonymous_reader]
WRITE_AUTH = [TokenAuth(), SignedInSession()]
