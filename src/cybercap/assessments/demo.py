"""Demo assessments for the 14 Caribbean framework states, from a seeded generator.

Every title says it is demo data. Two rounds per country on the reference model: a baseline and
a follow-up. Dominica's baseline is its April 2014 five-day mission (published); its follow-up is
being scored by the demo assessor and a second expert, with a few disagreements for the reviewer.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from cybercap.access.models import Membership, Role
from cybercap.assessments import queries
from cybercap.assessments.models import (
    Assessment,
    Cluster,
    Consultation,
    Evidence,
    Rating,
    ResultSnapshot,
    Status,
)
from cybercap.frameworks.models import Framework, Indicator, Node
from cybercap.frameworks.services import framework_freeze
from cybercap.places.models import Group

DEMO_ORGANISATION = "Regional cyber security program (demo)"
SEED = 2014
EVIDENCE_TITLES = [
    ("document", "National ICT policy"),
    ("document", "Draft cybercrime bill"),
    ("document", "Telecommunications act"),
    ("document", "Data protection act"),
    ("desk", "Review of government incident reports"),
    ("desk", "Survey of university courses"),
    ("interview", "Interview with the telecommunications regulator"),
    ("interview", "Interview with the police cybercrime unit"),
    ("consultation", "Notes of the private sector consultation"),
    ("document", "National disaster and crisis plan"),
]
CLUSTERS = list(Cluster.values)


def demo_assessments_create(say: Any = print) -> int:
    """Create the demo assessments once; returns how many were created (0 when present)."""
    if Assessment.objects.filter(lead_organisation=DEMO_ORGANISATION).exists():
        return 0
    framework = Framework.objects.get(slug="national-capacity")
    with transaction.atomic():
        count = _create_all(framework)
    say(f"Demo assessments: {count} for the Caribbean framework states")
    return count


def _create_all(framework: Framework) -> int:
    framework_freeze(framework=framework)
    rng = random.Random(SEED)
    users = get_user_model().objects
    assessor, reviewer = users.get(username="assessor"), users.get(username="reviewer")
    second, _created = users.get_or_create(
        username="expert", defaults={"first_name": "Sam", "last_name": "Expert"}
    )
    if _created:
        second.set_unusable_password()
        second.save()
    indicators = list(Indicator.objects.filter(framework=framework).select_related("node"))
    leaves = sorted({i.node_id for i in indicators})
    dimensions = list(Node.objects.filter(framework=framework, depth=0))
    countries = Group.objects.get(slug="caribbean-14").members.order_by("code")
    created = 0
    for index, country in enumerate(countries):
        base_year = 2014 + index % 3
        profile = {leaf: rng.choices([1, 2, 3, 4], weights=[35, 40, 20, 5])[0] for leaf in leaves}
        dominica = country.code == "DMA"
        start = dt.date(2014, 4, 7) if dominica else dt.date(base_year, rng.randint(2, 11), 3)
        first = _assessment(
            country,
            framework,
            "baseline",
            start,
            Status.PUBLISHED if dominica or index % 2 else Status.APPROVED,
        )
        _fill(first, indicators, profile, rng, dimensions, reviewer)
        grown = {
            leaf: min(5, stage + rng.choice([0, 0, 1, 1, 2])) for leaf, stage in profile.items()
        }
        second_start = (
            dt.date(2020, 10, 12) if dominica else dt.date(base_year + 5, rng.randint(2, 11), 3)
        )
        status = (
            Status.SCORING if dominica else (Status.PUBLISHED if index % 3 else Status.APPROVED)
        )
        follow_up = _assessment(country, framework, "follow-up", second_start, status, first)
        if dominica:
            _team(first, assessor, reviewer)
            _team(follow_up, assessor, reviewer, second)
            _fill_in_progress(follow_up, indicators, grown, rng, dimensions, assessor, second)
        else:
            _fill(follow_up, indicators, grown, rng, dimensions, reviewer)
        created += 2
    created += _legislative_reviews(rng, countries, reviewer)
    return created


def _legislative_reviews(rng: random.Random, countries: Any, reviewer: Any) -> int:
    """Approved Budapest checklist reviews for half of the states, most articles covered."""
    framework = Framework.objects.get(slug="budapest-checklist")
    framework_freeze(framework=framework)
    articles = list(Indicator.objects.filter(framework=framework))
    reviewed = list(countries)[::2]
    for country in reviewed:
        strength = rng.choice([0.5, 0.7, 0.85, 0.95])
        review = Assessment.objects.create(
            country=country,
            framework=framework,
            status=Status.APPROVED,
            title=f"Cybercrime legislation review of {country.name} (demo data)",
            round_label="2019 legislative review",
            lead_organisation=DEMO_ORGANISATION,
            mission_start=dt.date(2019, 9, 2),
            approved_at=dt.datetime(2019, 11, 1, tzinfo=dt.UTC),
        )
        Rating.objects.bulk_create(
            [
                Rating(
                    assessment=review,
                    indicator=article,
                    kind=Rating.Kind.RECONCILED,
                    rater=reviewer,
                    value="full" if rng.random() < strength else rng.choice(["partial", "none"]),
                )
                for article in articles
            ]
        )
        ResultSnapshot.objects.create(assessment=review, **queries.snapshot_build(review))
    return len(reviewed)


def _assessment(
    country: Any,
    framework: Framework,
    kind: str,
    start: dt.date,
    status: str,
    previous: Assessment | None = None,
) -> Assessment:
    label = f"{start.year} {kind}"
    return Assessment.objects.create(
        country=country,
        framework=framework,
        previous=previous,
        status=status,
        title=f"Cyber security capacity review of {country.name} (demo data)",
        round_label=label,
        lead_organisation=DEMO_ORGANISATION,
        mission_start=start,
        mission_end=start + dt.timedelta(days=4),
        summary="Demo data generated for trying Cybercap; it describes no real country.",
        approved_at=dt.datetime(start.year, 12, 1, tzinfo=dt.UTC)
        if status in (Status.APPROVED, Status.PUBLISHED)
        else None,
        published_at=dt.datetime(start.year + 1, 2, 1, tzinfo=dt.UTC)
        if status == Status.PUBLISHED
        else None,
    )


def _team(assessment: Assessment, assessor: Any, reviewer: Any, second: Any = None) -> None:
    members = [(assessor, Role.LEAD_ASSESSOR), (assessor, Role.ASSESSOR), (reviewer, Role.REVIEWER)]
    if second is not None:
        members.append((second, Role.ASSESSOR))
    Membership.objects.bulk_create(
        [Membership(user=user, role=role, assessment=assessment) for user, role in members]
    )


def _value(stage: int | None, target: int, rng: random.Random) -> str:
    """A plausible rating for an indicator of `stage` in an aspect that sits near `target`."""
    if rng.random() < 0.02:
        return "not_assessed"
    if stage is None or stage <= target:
        return "met" if rng.random() < 0.97 else "partial"
    if stage == target + 1:
        return rng.choices(["met", "partial", "not_met"], weights=[35, 30, 35])[0]
    return "met" if rng.random() < 0.05 else "not_met"


def _context(
    assessment: Assessment, rng: random.Random, dimensions: list[Node], indicators: list[Indicator]
) -> list[Evidence]:
    """Consultations over the mission days and evidence linked to some indicators."""
    start = assessment.mission_start or dt.date.today()
    for number, cluster in enumerate(rng.sample(CLUSTERS, 7)):
        consultation = Consultation.objects.create(
            assessment=assessment,
            cluster=cluster,
            date=start + dt.timedelta(days=number // 2),
            start_time=dt.time(9 + 4 * (number % 2), 0),
            location="Ministry conference room",
            participants={cluster: rng.randint(4, 14)},
            notes="Demo notes. Participants described current practice and gaps; "
            "no statement is attributed to a person.",
        )
        consultation.dimensions.set(rng.sample(dimensions, 2))
    evidence = []
    for number, (source, title) in enumerate(EVIDENCE_TITLES):
        item = Evidence.objects.create(
            assessment=assessment,
            source=source,
            title=f"{title} (demo)",
            summary="Demo evidence summary.",
            effective_date=start - dt.timedelta(days=30 * number),
            is_public=number % 2 == 0,
        )
        item.indicators.set(rng.sample(indicators, 6))
        evidence.append(item)
    return evidence


def _fill(
    assessment: Assessment,
    indicators: list[Indicator],
    profile: dict[int, int],
    rng: random.Random,
    dimensions: list[Node],
    rater: Any,
) -> None:
    evidence = _context(assessment, rng, dimensions, indicators)
    ratings = Rating.objects.bulk_create(
        [
            Rating(
                assessment=assessment,
                indicator=i,
                kind=Rating.Kind.RECONCILED,
                rater=rater,
                value=_value(i.stage, profile[i.node_id], rng),
                confidence="medium",
                rationale="Demo rationale based on the mission's evidence.",
            )
            for i in indicators
        ]
    )
    _link(ratings, evidence, rng)
    if assessment.status in (Status.APPROVED, Status.PUBLISHED):
        ResultSnapshot.objects.create(assessment=assessment, **queries.snapshot_build(assessment))


def _fill_in_progress(
    assessment: Assessment,
    indicators: list[Indicator],
    profile: dict[int, int],
    rng: random.Random,
    dimensions: list[Node],
    first: Any,
    second: Any,
) -> None:
    """Two assessors have rated most indicators, disagreeing on a few; nothing reconciled yet."""
    evidence = _context(assessment, rng, dimensions, indicators)
    ratings = []
    for indicator in indicators:
        if rng.random() < 0.12:
            continue  # not rated yet
        value = _value(indicator.stage, profile[indicator.node_id], rng)
        ratings.append(
            Rating(
                assessment=assessment,
                indicator=indicator,
                rater=first,
                value=value,
                rationale="Demo rationale.",
            )
        )
        other = value if rng.random() > 0.08 else rng.choice(["met", "partial", "not_met"])
        ratings.append(
            Rating(
                assessment=assessment,
                indicator=indicator,
                rater=second,
                value=other,
                rationale="Demo rationale from the second expert.",
            )
        )
    _link(Rating.objects.bulk_create(ratings), evidence, rng)


def _link(ratings: list[Rating], evidence: list[Evidence], rng: random.Random) -> None:
    through = Rating.evidence.through
    through.objects.bulk_create(
        [
            through(rating_id=rating.pk, evidence_id=rng.choice(evidence).pk)
            for rating in ratings
            if rng.random() < 0.3
        ]
    )
