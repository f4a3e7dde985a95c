"""Writes for access: memberships and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from cybercap.access.models import (
    COUNTRY_ROLES,
    GROUP_ROLES,
    SYSTEM_ROLES,
    ApiToken,
    Membership,
    Role,
)
from cybercap.places.models import Country, Group

TOKEN_PREFIX = "cc_"  # noqa: S105 - a marker, not a secret
LAST_USED_RESOLUTION = timedelta(minutes=1)


class AccessError(ValueError):
    """A request that the access rules do not allow, with a message for the person."""


def token_hash(raw: str) -> str:
    """Tokens carry 256 bits of randomness, so a plain SHA-256 is a safe way to store them."""
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def membership_grant(
    *,
    user: User,
    role: Role,
    group: Group | None = None,
    country: Country | None = None,
) -> Membership:
    """Give a person a role over a scope that fits the role; granting twice changes nothing."""
    if role in SYSTEM_ROLES and (group or country):
        raise AccessError(f"{role.label} is held over the whole system, not a group or country.")
    if role in GROUP_ROLES and (group is None or country is not None):
        raise AccessError(f"{role.label} is held over a group of countries.")
    if role in COUNTRY_ROLES and (country is None or group is not None):
        raise AccessError(f"{role.label} is held over one country.")
    membership, _ = Membership.objects.get_or_create(
        user=user, role=role, group=group, country=country
    )
    return membership


@transaction.atomic
def token_create(*, user: User, name: str, days: int | None = None) -> tuple[ApiToken, str]:
    """A new API token for its owner; the plain token is returned once and never stored."""
    prefix = secrets.token_hex(4)
    raw = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    expires_at = timezone.now() + timedelta(days=days) if days else None
    token = ApiToken.objects.create(
        user=user, name=name, prefix=prefix, key_hash=token_hash(raw), expires_at=expires_at
    )
    return token, raw


def token_authenticate(raw: str) -> ApiToken | None:
    """The usable token matching a presented bearer value, recording when it was last used."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=token_hash(raw), user__is_active=True)
        .first()
    )
    now = timezone.now()
    if token is None or not token.is_usable(now):
        return None
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


@transaction.atomic
def token_revoke(*, token: ApiToken) -> ApiToken:
    """Stop a token from working; it stays listed for its owner's records."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token
