"""Two-factor sign-in: setting up an authenticator app, recovery codes, and verifying a code."""

from __future__ import annotations

import io
from typing import Any, cast

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from cybercap.access.audit import audit_record

RECOVERY_CODES = 10


def has_device(user: Any) -> bool:
    """Whether the person has a confirmed second factor (an authenticator app or recovery codes).

    Every signed-in request asks this, so it is one small statement rather than django-otp's
    `user_has_device`, which loads each kind of device in turn (a third of a bare page's time).
    Cybercap uses only these two kinds of device."""
    apps, codes = TOTPDevice._meta.db_table, StaticDevice._meta.db_table
    sql = (
        f"SELECT 1 FROM {apps} WHERE user_id = %s AND confirmed "  # noqa: S608 (our table names)
        f"UNION ALL SELECT 1 FROM {codes} WHERE user_id = %s AND confirmed LIMIT 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk, user.pk])
        return cursor.fetchone() is not None


def verified_device(user: Any, code: str) -> Any:
    """The person's device that accepts this code (a recovery code is used up), or None."""
    return match_token(user, code.replace(" ", ""))


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe else "/"


def _qr_svg(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


@transaction.atomic
def recovery_codes_create(user: User) -> list[str]:
    """Replace the person's recovery codes with new single-use ones."""
    device, _created = StaticDevice.objects.get_or_create(user=user, name="recovery")
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@login_required
def setup(request: HttpRequest) -> HttpResponse:
    """Scan the code with an authenticator app, then prove it works with one code."""
    user = cast(User, request.user)
    if has_device(user):
        return redirect("access:two-factor-verify")
    device = TOTPDevice.objects.filter(
        user=user, confirmed=False
    ).first() or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    error = ""
    if request.method == "POST":
        if device.verify_token(request.POST.get("code", "").replace(" ", "")):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            codes = recovery_codes_create(user)
            audit_record(actor=user, action="two_factor.enable", obj=user)
            return render(
                request, "access/two_factor_codes.html", {"codes": codes, "next": _next(request)}
            )
        error = _("That code did not match. Check the time on your phone and try the next code.")
    context: dict[str, Any] = {
        "qr": _qr_svg(device.config_url),
        "secret": _secret(device),
        "error": error,
        "next": _next(request),
    }
    return render(request, "access/two_factor_setup.html", context, status=400 if error else 200)


def _secret(device: TOTPDevice) -> str:
    from base64 import b32encode

    text = b32encode(device.bin_key).decode()
    return " ".join(text[index : index + 4] for index in range(0, len(text), 4))


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """Enter a code from the authenticator app, or one of the recovery codes."""
    user = cast(User, request.user)
    if not has_device(user):
        return redirect("access:two-factor-setup")
    error = ""
    if request.method == "POST":
        device = verified_device(user, request.POST.get("code", ""))
        if device is not None:
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                messages.warning(request, _("You used a recovery code; it cannot be used again."))
            return redirect(_next(request))
        error = _("That code is not valid.")
    return render(
        request,
        "access/two_factor_verify.html",
        {"error": error, "next": _next(request)},
        status=400 if error else 200,
    )


@login_required
@require_POST
def new_recovery_codes(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    if not user.is_verified():  # type: ignore[attr-defined]
        return redirect("access:two-factor-verify")
    codes = recovery_codes_create(user)
    audit_record(actor=user, action="two_factor.recovery_codes", obj=user)
    return render(request, "access/two_factor_codes.html", {"codes": codes, "next": "/"})
