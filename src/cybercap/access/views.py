"""Audit pages and the person's own API tokens."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import validate_email
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cybercap.access import rules, scopes, services
from cybercap.access.models import ApiToken, Invitation, Membership, Role
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


def _country_managed(request: HttpRequest, code: str) -> Country:
    country = get_object_or_404(Country, pk=code.upper())
    if not rules.can_manage_people(request.user, country):
        raise Http404
    return country


@login_required
def people(request: HttpRequest, code: str) -> HttpResponse:
    """A country's people: country roles, assessment teams, open invitations."""
    country = _country_managed(request, code)
    memberships = (
        Membership.objects.filter(country=country)
        .select_related("user")
        .order_by("role", "user__username")
    )
    teams = (
        Membership.objects.filter(assessment__country=country)
        .select_related("user", "assessment")
        .order_by("assessment__round_label", "role")
    )
    invitations = Invitation.objects.filter(country=country, accepted_at__isnull=True)
    return render(
        request,
        "access/people.html",
        {
            "country": country,
            "memberships": memberships,
            "teams": teams,
            "invitations": invitations,
            "roles": [(r.value, r.label) for r in COUNTRY_ROLES_ORDER],
        },
    )


COUNTRY_ROLES_ORDER = [Role.NATIONAL_COORDINATOR, Role.COUNTRY_VIEWER]


@login_required
@require_POST
def people_invite(request: HttpRequest, code: str) -> HttpResponse:
    country = _country_managed(request, code)
    email, role = request.POST.get("email", "").strip(), request.POST.get("role", "")
    try:
        validate_email(email)
        services.invitation_create(
            by=_person(request),
            country=country,
            email=email,
            role=role,
            accept_url=request.build_absolute_uri(reverse("access:invitation", args=["x"]))[:-2],
        )
    except ValidationError:
        messages.error(request, _("Enter a valid e-mail address."))
    except services.AccessError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Invitation sent to %(email)s.") % {"email": email})
    return redirect("access:people", code=country.pk)


@login_required
@require_POST
def people_grant(request: HttpRequest, code: str) -> HttpResponse:
    country = _country_managed(request, code)
    user = User.objects.filter(
        username=request.POST.get("username", "").strip(), is_active=True
    ).first()
    if user is None:
        messages.error(request, _("No active person has that username; invite them instead."))
        return redirect("access:people", code=country.pk)
    try:
        services.membership_give(
            by=_person(request), user=user, country=country, role=request.POST.get("role", "")
        )
    except services.AccessError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Role given."))
    return redirect("access:people", code=country.pk)


@login_required
@require_POST
def people_revoke(request: HttpRequest, code: str, membership_id: int) -> HttpResponse:
    country = _country_managed(request, code)
    membership = get_object_or_404(Membership, pk=membership_id, country=country)
    try:
        services.membership_revoke(by=_person(request), membership=membership)
    except services.AccessError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Role removed."))
    return redirect("access:people", code=country.pk)


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Accept an invitation: signed-in people accept it; others create their account here."""
    found = services.invitation_find(token)
    if found is None:
        return render(request, "access/invitation.html", {"invalid": True}, status=404)
    form: UserCreationForm[User] | None = (
        None if request.user.is_authenticated else UserCreationForm(request.POST or None)
    )
    if request.method == "POST" and (form is None or form.is_valid()):
        user = _person(request) if form is None else form.save()
        if form is not None:
            user.email = found.email
            user.save(update_fields=["email"])
        services.invitation_accept(invitation=found, user=user)
        if form is not None:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request,
            _("Welcome: you are now %(role)s for %(country)s.")
            % {"role": found.get_role_display(), "country": found.country.name},
        )
        return redirect("places:country-detail", code=found.country_id)
    return render(request, "access/invitation.html", {"invitation": found, "form": form})
