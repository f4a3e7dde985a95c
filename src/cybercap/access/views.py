"""Audit pages and the person's own API tokens."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cybercap.access import rules, scopes, services
from cybercap.access.models import ApiToken
from cybercap.places.models import Country


def _person(request: HttpRequest) -> User:
    """The logged-in person (the views below all require a login)."""
    return cast(User, request.user)


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """Audit entries the person may see, filterable by country, object and action."""
    entries = scopes.audit_visible(request.user)
    country = request.GET.get("country", "").upper()
    if country:
        place = get_object_or_404(Country, pk=country)
        if not rules.can_see_audit(request.user, place):
            raise Http404
        entries = entries.filter(country=place)
    elif not (
        rules.grants_for(request.user).program_admin or rules.grants_for(request.user).coordinated
    ):
        raise Http404
    for key in ("object_type", "object_id"):
        if request.GET.get(key):
            entries = entries.filter(**{key: request.GET[key]})
    if request.GET.get("action"):
        entries = entries.filter(action__startswith=request.GET["action"])
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(
        request, "access/audit_log.html", {"page": page, "country": country, "filters": request.GET}
    )


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    created = request.session.pop("new_token", None)
    tokens = ApiToken.objects.filter(user=_person(request))
    return render(request, "access/token_list.html", {"tokens": tokens, "created": created})


@login_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    name = request.POST.get("name", "").strip()[:100] or _("Unnamed token")
    days = request.POST.get("days", "")
    if days and not days.isdigit():
        messages.error(request, _("Expiry must be a number of days."))
        return redirect("access:tokens")
    _token, raw = services.token_create(
        user=_person(request),
        name=name,
        days=int(days) if days else None,
    )
    request.session["new_token"] = raw
    return redirect("access:tokens")


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    services.token_revoke(token=token)
    messages.success(request, _("Token revoked."))
    return redirect("access:tokens")
