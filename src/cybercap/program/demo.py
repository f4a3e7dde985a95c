"""Demo program records: partners, missions and national CSIRTs of the Caribbean states.

Dominica's five-day needs-assessment mission of April 2014 is there; the rest comes from a seeded
generator and is labelled as demo data.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import transaction

from cybercap.places.models import Group
from cybercap.program.models import Csirt, Mission, Partner

PARTNERS = [
    ("Regional cyber security program (demo)", Partner.Kind.REGIONAL),
    ("Council of Europe cybercrime office (demo)", Partner.Kind.INTERNATIONAL),
    ("University capacity centre (demo)", Partner.Kind.ACADEMIA),
    ("Telecommunications union (demo)", Partner.Kind.INTERNATIONAL),
    ("Regional crime and security agency (demo)", Partner.Kind.REGIONAL),
]
LADDER = [
    Csirt.Status.NONE,
    Csirt.Status.PLANNED,
    Csirt.Status.IN_ESTABLISHMENT,
    Csirt.Status.OPERATIONAL,
    Csirt.Status.INTERNATIONAL,
]


def demo_program_create(say: Any = print) -> int:
    """Create the demo program records once; returns the number of missions created."""
    if Mission.objects.filter(title__endswith="(demo)").exists():
        return 0
    with transaction.atomic():
        count = _create()
    say(f"Demo program: {count} missions, CSIRT records for the Caribbean framework states")
    return count


def _create() -> int:
    rng = random.Random(2012)
    partners = [
        Partner.objects.get_or_create(name=name, defaults={"kind": kind})[0]
        for name, kind in PARTNERS
    ]
    count = 0
    for index, country in enumerate(
        Group.objects.get(slug="caribbean-14").members.order_by("code")
    ):
        if country.code == "DMA":
            mission = Mission.objects.create(
                country=country,
                purpose=Mission.Purpose.NEEDS_ASSESSMENT,
                title="Needs-assessment mission to Dominica (demo)",
                start=dt.date(2014, 4, 7),
                end=dt.date(2014, 4, 11),
                activities="Five days of consultations with government, critical infrastructure, "
                "police and justice, the private sector and academia.",
                outcomes="Advice on a national cyber security strategy and on setting up its "
                "working group.",
                follow_ups="Send the draft report to the national coordinator, program, June 2014"
                "\nOffer support for the strategy working group, program, 2015",
            )
            mission.partners.set(partners[:3])
            count += 1
        for number in range(rng.randint(1, 3)):
            start = dt.date(2013 + number * 3 + index % 3, rng.randint(1, 11), rng.randint(1, 20))
            purpose = rng.choice([p for p in Mission.Purpose.values if p != "other"])
            mission = Mission.objects.create(
                country=country,
                purpose=purpose,
                start=start,
                end=start + dt.timedelta(days=rng.randint(1, 4)),
                title=f"{Mission.Purpose(purpose).label}: {country.name} (demo)",
                activities="Demo activities.",
                outcomes="Demo outcomes.",
            )
            mission.partners.set(rng.sample(partners, 2))
            count += 1
        status = rng.choices(LADDER, weights=[1, 2, 2, 4, 2])[0]
        operational = status in (Csirt.Status.OPERATIONAL, Csirt.Status.INTERNATIONAL)
        Csirt.objects.create(
            country=country,
            name=f"National CSIRT of {country.name} (demo)" if status != Csirt.Status.NONE else "",
            status=status,
            established_on=dt.date(2013 + index % 6, 6, 1) if status in LADDER[2:] else None,
            operational_on=dt.date(2015 + index % 6, 1, 15) if operational else None,
            networks="FIRST" if status == Csirt.Status.INTERNATIONAL else "",
        )
    return count
