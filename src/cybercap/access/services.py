"""Writes for access: memberships and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cybercap.access import rules
from cybercap.access.audit import audit_record
from cybercap.access.models import (
    COUNTRY_ROLES,
    GROUP_ROLES,
    SYSTEM_ROLES,
    ApiToken,
    Invitation,
    Membership,
    Role,
)
from cybercap.core.rows import unique_row
from cybercap.places.models import Country, Group

TOKEN_PREFIX = "cc_"  # noqa: S105 - a marker, not a secret
LAST_USED_RESOLUTION = timedelta(minutes=1)


class AccessError(ValueError):
    """A request that the access rules do not allow, with a message for the person."""


def token_hash(raw: str) -> str:
    """Tokens carry 256 bits of randomness, so a plain SHA-256 is a safe way to store them."""
    return hashlib.sha256(raw.encode()).hexdigest()


def membership_grant(
    *,
    user: User,
    role: Role,
    group: Group | None = None,
    country: Country | None = None,
) -> Membership:
    """Give a person a role over a scope that fits the role; granting twice changes nothing.
    A building block for services (and the demo); it records no audit entry itself."""
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
    token = unique_row(
        ApiToken.objects.select_related("user").filter(
            key_hash=token_hash(raw), user__is_active=True
        )
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
        audit_record(
            actor=token.user,
            action="token.revoke",
            obj=token,
            after={"revoked_at": str(token.revoked_at)},
        )
    return token


INVITATION_DAYS = 14


@transaction.atomic
def invitation_create(
    *, by: User, country: Country, email: str, role: str, accept_url: str
) -> tuple[Invitation, str]:
    """Invite someone by e-mail to a country role; the link in the e-mail works once.
    `accept_url` is the absolute address of the acceptance page, ending with a slash."""
    if not rules.can_manage_people(by, country):
        raise AccessError(_("You cannot invite people to this country."))
    if role not in COUNTRY_ROLES:
        raise AccessError(_("Invite people as national coordinator or country viewer."))
    raw = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        email=email.strip().lower(),
        role=role,
        country=country,
        token_hash=token_hash(raw),
        invited_by=by,
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
    )
    link = f"{accept_url}{raw}/"
    transaction.on_commit(
        lambda: send_mail(
            _("You are invited to Cybercap"),
            _(
                "%(name)s invites you to Cybercap as %(role)s for %(country)s.\n\n"
                "Open this link within %(days)s days to accept (it works once):\n%(link)s\n"
            )
            % {
                "name": by.get_full_name() or by.username,
                "role": invitation.get_role_display(),
                "country": country.name,
                "days": INVITATION_DAYS,
                "link": link,
            },
            settings.DEFAULT_FROM_EMAIL,
            [invitation.email],
        )
    )
    audit_record(
        actor=by,
        action="invitation.create",
        obj=invitation,
        country=country,
        after={"email": invitation.email, "role": role},
    )
    return invitation, raw


def invitation_find(raw: str) -> Invitation | None:
    """The open invitation a link refers to, or None when unknown, used or expired."""
    invitation = (
        Invitation.objects.select_related("country").filter(token_hash=token_hash(raw)).first()
    )
    return invitation if invitation is not None and invitation.is_open else None


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """Give the invited role to the person who opened the link; the link then stops working."""
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not locked.is_open:
        raise AccessError(_("This invitation has already been used or has expired."))
    membership = membership_grant(user=user, role=Role(locked.role), country=locked.country)
    locked.accepted_at, locked.accepted_by = timezone.now(), user
    locked.save(update_fields=["accepted_at", "accepted_by"])
    audit_record(
        actor=user,
        action="invitation.accept",
        obj=locked,
        country=locked.country,
        after={"user": user.username, "role": locked.role},
    )
    return membership


@transaction.atomic
def membership_give(*, by: User, user: User, country: Country, role: str) -> Membership:
    """A coordinator gives an existing person a role in their country."""
    if not rules.can_manage_people(by, country):
        raise AccessError(_("You cannot manage people in this country."))
    if role not in COUNTRY_ROLES:
        raise AccessError(_("Country roles are national coordinator and country viewer."))
    membership = membership_grant(user=user, role=Role(role), country=country)
    rules.forget_grants(user)
    audit_record(
        actor=by,
        action="membership.grant",
        obj=membership,
        country=country,
        after={"user": user.username, "role": role},
    )
    return membership


@transaction.atomic
def membership_revoke(*, by: User, membership: Membership) -> None:
    """Take a country role away; coordinators cannot remove their own coordinator role."""
    country = membership.country
    if country is None or not rules.can_manage_people(by, country):
        raise AccessError(_("You cannot manage people in this country."))
    if membership.user_id == by.pk and membership.role == Role.NATIONAL_COORDINATOR:
        raise AccessError(
            _(
                "Ask another coordinator or a program administrator to remove "
                "your own coordinator role."
            )
        )
    audit_record(
        actor=by,
        action="membership.revoke",
        obj=membership,
        country=country,
        before={"user": membership.user.username, "role": membership.role},
    )
    membership.delete()
    rules.forget_grants(membership.user)
