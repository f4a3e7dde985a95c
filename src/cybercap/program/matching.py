"""The collaboration blueprint: each country's gaps against what partners offer, and which
requests for help are covered and which are orphaned. Reads result snapshots of approved or
published rounds only, through the access layer."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from cybercap.access import scopes
from cybercap.assessments.queries import latest_snapshots
from cybercap.places.models import Country
from cybercap.program.models import AssistanceOffer, AssistanceRequest

REFERENCE_MODEL = "national-capacity"


@dataclass
class Need:
    country: Country
    factor_code: str
    stage: int
    offers: list[AssistanceOffer] = field(default_factory=list)
    requests: list[AssistanceRequest] = field(default_factory=list)

    @property
    def covered(self) -> bool:
        return any(r.covered for r in self.requests)

    @property
    def orphaned(self) -> bool:
        """Nobody offers help in this area."""
        return not self.offers


@dataclass
class OfferReach:
    offer: AssistanceOffer
    countries: list[tuple[Country, list[str]]]  # countries needing it, with the factors


@dataclass
class Blueprint:
    target: int
    needs: list[Need]
    reach: list[OfferReach]
    requests: list[AssistanceRequest]
    factor_titles: dict[str, str]

    @property
    def orphaned(self) -> list[Need]:
        return [n for n in self.needs if n.orphaned]

    @property
    def with_offers(self) -> int:
        return sum(1 for n in self.needs if n.offers)

    @property
    def requests_open(self) -> list[AssistanceRequest]:
        return [r for r in self.requests if r.status == AssistanceRequest.Status.OPEN]

    @property
    def requests_covered(self) -> list[AssistanceRequest]:
        return [r for r in self.requests if r.covered]

    @property
    def requests_orphaned(self) -> list[AssistanceRequest]:
        """Open requests that no offer could cover."""
        return [
            r
            for r in self.requests_open
            if not any(r.factor_code in o.offer.factor_codes for o in self.reach)
        ]


def blueprint(user: Any, *, target: int = 3, country: str = "") -> Blueprint:
    """Needs are factors below `target` in each visible country's latest approved or published
    round on the reference model (a fixed number of queries)."""
    countries = {c.pk: c for c in scopes.program_countries(user)}
    visible = scopes.final_assessments_visible(user).filter(
        framework__slug=REFERENCE_MODEL, country_id__in=list(countries)
    )
    if country:
        visible = visible.filter(country_id=country)
    snapshots = latest_snapshots(visible)
    offers = list(AssistanceOffer.objects.select_related("partner"))
    by_factor: dict[str, list[AssistanceOffer]] = defaultdict(list)
    for offer in offers:
        for code in offer.factor_codes:
            by_factor[code].append(offer)
    requests = list(
        scopes.assistance_requests_visible(user).select_related("country", "offer__partner")
    )
    if country:
        requests = [r for r in requests if r.country_id == country]
    asked: dict[tuple[str, str], list[AssistanceRequest]] = defaultdict(list)
    for request in requests:
        asked[(request.country_id, request.factor_code)].append(request)
    needs: list[Need] = []
    titles: dict[str, str] = {}
    for code, snapshot in sorted(snapshots.items(), key=lambda i: countries[i[0]].localized_name):
        framework_nodes = snapshot.nodes
        for factor, data in framework_nodes.items():
            if factor.count(".") != 1:  # factors only (D1.2), not dimensions or aspects
                continue
            stage = data.get("stage") or 1
            if stage < target:
                needs.append(
                    Need(
                        countries[code],
                        factor,
                        stage,
                        by_factor.get(factor, []),
                        asked.get((code, factor), []),
                    )
                )
    from cybercap.frameworks.models import Node

    titles = dict(
        Node.objects.filter(framework__slug=REFERENCE_MODEL, depth=1).values_list("code", "title")
    )
    reach = []
    for offer in offers:
        needing: dict[str, list[str]] = defaultdict(list)
        for need in needs:
            if need.factor_code in offer.factor_codes:
                needing[need.country.pk].append(need.factor_code)
        reach.append(
            OfferReach(
                offer,
                sorted(
                    ((countries[c], f) for c, f in needing.items()),
                    key=lambda item: item[0].localized_name,
                ),
            )
        )
    return Blueprint(target, needs, reach, requests, titles)
