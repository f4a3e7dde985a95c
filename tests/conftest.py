"""Shared fixtures: the reference data loaded once per test database, and named personas."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.utils import translation

from cybercap.access.models import Role
from cybercap.access.services import membership_grant
from cybercap.core.demo import reference_data_load
from cybercap.frameworks.models import Framework
from cybercap.places.models import Country, Group

PASSWORD = "a-long-test-password"

pytest_plugins = ["tests.world"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """Countries, groups and bundled frameworks, loaded once into each test database."""
    with django_db_blocker.unblock():
        reference_data_load(say=lambda _message: None)


@pytest.fixture
def reference(db):  # type: ignore[no-untyped-def]
    """The reference data, reloaded when a transactional test flushed it."""
    if not Framework.objects.exists():
        reference_data_load(say=lambda _message: None)


@pytest.fixture
def capacity_model(reference) -> Framework:  # type: ignore[no-untyped-def]
    return Framework.objects.get(slug="national-capacity")


@dataclass
class Personas:
    program_admin: AbstractBaseUser
    coordinator_a: AbstractBaseUser
    coordinator_b: AbstractBaseUser
    analyst: AbstractBaseUser


def _user(username: str) -> AbstractBaseUser:
    return get_user_model().objects.create_user(username=username, password=PASSWORD)


@pytest.fixture
def personas(reference) -> Personas:  # type: ignore[no-untyped-def]
    """Program admin, coordinator of country A (Dominica), of B (Jamaica), regional analyst."""
    people = Personas(
        _user("admin-person"), _user("coord-a"), _user("coord-b"), _user("analyst-person")
    )
    membership_grant(user=people.program_admin, role=Role.PROGRAM_ADMIN)
    membership_grant(
        user=people.coordinator_a,
        role=Role.NATIONAL_COORDINATOR,
        country=Country.objects.get(code="DMA"),
    )
    membership_grant(
        user=people.coordinator_b,
        role=Role.NATIONAL_COORDINATOR,
        country=Country.objects.get(code="JAM"),
    )
    membership_grant(
        user=people.analyst,
        role=Role.REGIONAL_ANALYST,
        group=Group.objects.get(slug="caribbean-14"),
    )
    return people


@pytest.fixture(autouse=True)
def _default_language():  # type: ignore[no-untyped-def]
    """A request in another language leaves it active on the thread; the next test starts afresh."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _plain_http(settings, tmp_path):  # type: ignore[no-untyped-def]
    """Tests talk plain HTTP to the app; production keeps HTTPS-only cookies and redirects."""
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    # Two-factor sign-in has its own tests; elsewhere sessions act as already verified people.
    settings.CYBERCAP_REQUIRE_2FA = False
    # Argon2 is deliberately slow; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Uploaded evidence and rendered reports go to the test's own directory, never var/.
    settings.MEDIA_ROOT = tmp_path / "media"
