"""The demo: reference data every installation has, plus demo users, one per persona."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from cybercap.access.models import Role
from cybercap.access.services import membership_grant
from cybercap.frameworks.services import LoadResult, bundled_files, load_file
from cybercap.places.models import Country, Group
from cybercap.places.services import countries_sync, groups_sync

DEMO_PASSWORD = "cybercap-demo"  # noqa: S105 - printed to the person running the demo


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    description: str
    role: Role | None = None
    country: str | None = None
    group: str | None = None
    staff: bool = False


DEMO_USERS = [
    DemoUser(
        "program",
        "Pat Program",
        "program administrator (every country)",
        Role.PROGRAM_ADMIN,
        staff=True,
    ),
    DemoUser(
        "dominica",
        "Dana Dominica",
        "national coordinator of Dominica",
        Role.NATIONAL_COORDINATOR,
        country="DMA",
    ),
    DemoUser("assessor", "Alex Assessor", "assessor on Dominica's assessments"),
    DemoUser("reviewer", "Robin Reviewer", "reviewer on Dominica's assessments"),
    DemoUser(
        "secretariat", "Sandy Secretariat", "working-group secretariat, edits Dominica's strategy"
    ),
    DemoUser(
        "analyst",
        "Ana Analyst",
        "regional analyst of the 14 Caribbean states",
        Role.REGIONAL_ANALYST,
        group="caribbean-14",
    ),
    DemoUser(
        "jamaica",
        "Jordan Jamaica",
        "national coordinator of Jamaica",
        Role.NATIONAL_COORDINATOR,
        country="JAM",
    ),
]


def reference_data_load(say: Callable[[str], None] = print) -> list[LoadResult]:
    """Countries, groups, the bundled frameworks and recommendations; each step changes
    nothing when up to date."""
    say(f"Countries: {countries_sync()} from ISO 3166-1")
    say(f"Groups: {groups_sync()}")
    results = [load_file(path) for path in bundled_files()]
    for result in results:
        say(f"Framework {result}")
    from cybercap.strategies.library import bundled_libraries, library_load

    for path in bundled_libraries():
        say(f"Recommendations {library_load(path)}")
    return results


@transaction.atomic
def demo_users_create() -> None:
    """Create the demo users (password `cybercap-demo`) and their memberships, once."""
    user_model = get_user_model()
    for demo in DEMO_USERS:
        first, last = demo.full_name.split(" ", 1)
        user, created = user_model.objects.get_or_create(
            username=demo.username,
            defaults={
                "first_name": first,
                "last_name": last,
                "is_staff": demo.staff,
                "is_superuser": demo.staff,
                "email": f"{demo.username}@demo.invalid",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        if demo.role is not None:
            membership_grant(
                user=user,
                role=demo.role,
                country=Country.objects.get(code=demo.country) if demo.country else None,
                group=Group.objects.get(slug=demo.group) if demo.group else None,
            )


def demo_seed(say: Callable[[str], None] = print) -> None:
    from cybercap.assessments.demo import demo_assessments_create
    from cybercap.program.demo import demo_program_create
    from cybercap.regional.demo import demo_regional_create
    from cybercap.strategies.demo import demo_strategies_create

    reference_data_load(say)
    demo_users_create()
    demo_assessments_create(say)
    demo_program_create(say)
    demo_strategies_create(say)
    demo_regional_create(say)
    say("")
    say(f"Demo users (password: {DEMO_PASSWORD}):")
    for demo in DEMO_USERS:
        say(f"  {demo.username:<12} {demo.description}")
