"""Open data: what countries chose to publish, as JSON and CSV in a documented format
(docs/open-data.md, `schema.json`). Only published assessments and their public evidence, read
through the access layer as an anonymous visitor, so nothing else can slip in."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from cybercap.access import scopes
from cybercap.assessments import queries
from cybercap.assessments.models import Assessment, ResultSnapshot

FORMAT = "cybercap-open-data/1"
INDICATOR_COLUMNS = [
    "country",
    "country_name",
    "assessment_id",
    "round",
    "framework",
    "framework_version",
    "indicator",
    "dimension",
    "factor",
    "aspect",
    "stage",
    "value",
]
RESULT_COLUMNS = [
    "country",
    "country_name",
    "assessment_id",
    "round",
    "mission_start",
    "published_at",
    "framework",
    "framework_version",
    "node",
    "level",
    "title",
    "stage",
    "progress",
]


def published() -> QuerySet[Assessment]:
    """Published assessments, as the public sees them."""
    return (
        scopes.assessments_visible(AnonymousUser())
        .select_related("country", "framework")
        .order_by("country__name", "mission_start", "pk")
    )


def _levels(assessment: Assessment) -> list[str]:
    return list(assessment.framework.levels or ["dimension", "factor", "aspect"])


def _chain(node: Any, by_id: dict[int, Any]) -> list[Any]:
    chain = [node]
    while chain[-1].parent_id is not None:
        chain.append(by_id[chain[-1].parent_id])
    return list(reversed(chain))


def assessment_document(assessment: Assessment) -> dict[str, Any]:
    """One published assessment: results per node, the value of every indicator, and its
    public evidence."""
    _shape, nodes, indicators = queries.framework_parts(assessment.framework)
    values = queries.assessment_values(assessment)
    snapshot = ResultSnapshot.objects.filter(assessment=assessment).first()
    results = snapshot.nodes if snapshot else {}
    levels = _levels(assessment)
    by_id = {node.pk: node for node in nodes.values()}
    return {
        "format": FORMAT,
        "country": {"code": assessment.country_id, "name": assessment.country.name},
        "assessment": {
            "id": assessment.pk,
            "title": assessment.title,
            "round": assessment.round_label,
            "mission_start": assessment.mission_start,
            "mission_end": assessment.mission_end,
            "published_at": assessment.published_at,
            "framework": {
                "slug": assessment.framework.slug,
                "version": assessment.framework.version,
                "title": assessment.framework.title,
            },
        },
        "nodes": [
            {
                "code": node.code,
                "level": levels[min(node.depth, len(levels) - 1)],
                "title": node.title,
                "stage": results.get(node.code, {}).get("stage"),
                "progress": results.get(node.code, {}).get("progress"),
            }
            for node in nodes.values()
        ],
        "indicators": [
            {
                "code": indicator.code,
                "node": by_id[indicator.node_id].code,
                "stage": indicator.stage,
                "value": values.get(indicator.code, "not_assessed"),
            }
            for indicator in indicators
        ],
        "evidence": [
            {
                "title": item.title,
                "source": item.source,
                "url": item.url,
                "effective_date": item.effective_date,
                "indicators": [i.code for i in item.indicators.all()],
            }
            for item in assessment.evidence.filter(is_public=True).prefetch_related("indicators")
        ],
    }


def indicator_rows(assessment: Assessment) -> list[list[Any]]:
    _shape, nodes, indicators = queries.framework_parts(assessment.framework)
    values = queries.assessment_values(assessment)
    by_id = {node.pk: node for node in nodes.values()}
    rows = []
    for indicator in indicators:
        codes = [n.code for n in _chain(by_id[indicator.node_id], by_id)] + ["", "", ""]
        rows.append(
            [
                assessment.country_id,
                assessment.country.name,
                assessment.pk,
                assessment.round_label,
                assessment.framework.slug,
                assessment.framework.version,
                indicator.code,
                codes[0],
                codes[1],
                codes[2],
                indicator.stage,
                values.get(indicator.code, "not_assessed"),
            ]
        )
    return rows


def result_rows(assessments: list[Assessment]) -> list[list[Any]]:
    """Stage and progress per node of every published assessment (read from snapshots)."""
    snapshots = {
        s.assessment_id: s.nodes
        for s in ResultSnapshot.objects.filter(assessment__in=[a.pk for a in assessments])
    }
    rows = []
    for assessment in assessments:
        _shape, nodes, _indicators = queries.framework_parts(assessment.framework)
        levels = _levels(assessment)
        data = snapshots.get(assessment.pk, {})
        for node in nodes.values():
            result = data.get(node.code, {})
            rows.append(
                [
                    assessment.country_id,
                    assessment.country.name,
                    assessment.pk,
                    assessment.round_label,
                    assessment.mission_start,
                    assessment.published_at.date() if assessment.published_at else None,
                    assessment.framework.slug,
                    assessment.framework.version,
                    node.code,
                    levels[min(node.depth, len(levels) - 1)],
                    node.title,
                    result.get("stage"),
                    result.get("progress"),
                ]
            )
    return rows


SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Cybercap open data: one published assessment",
    "type": "object",
    "required": ["format", "country", "assessment", "nodes", "indicators", "evidence"],
    "properties": {
        "format": {"const": FORMAT},
        "country": {
            "type": "object",
            "required": ["code", "name"],
            "properties": {
                "code": {"type": "string", "description": "ISO 3166-1 alpha-3"},
                "name": {"type": "string"},
            },
        },
        "assessment": {
            "type": "object",
            "required": ["id", "title", "round", "framework"],
            "properties": {
                "id": {"type": "integer"},
                "title": {"type": "string"},
                "round": {"type": "string"},
                "mission_start": {"type": ["string", "null"], "format": "date"},
                "mission_end": {"type": ["string", "null"], "format": "date"},
                "published_at": {"type": ["string", "null"], "format": "date-time"},
                "framework": {
                    "type": "object",
                    "required": ["slug", "version", "title"],
                    "properties": {
                        "slug": {"type": "string"},
                        "version": {"type": "string"},
                        "title": {"type": "string"},
                    },
                },
            },
        },
        "nodes": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["code", "level", "title", "stage"],
                "properties": {
                    "code": {"type": "string"},
                    "level": {"type": "string", "description": "dimension, factor, aspect..."},
                    "title": {"type": "string"},
                    "stage": {"type": ["integer", "null"], "description": "stage reached (1-5)"},
                    "progress": {"type": ["number", "null"], "description": "0-1 toward next"},
                },
            },
        },
        "indicators": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["code", "node", "value"],
                "properties": {
                    "code": {"type": "string"},
                    "node": {"type": "string"},
                    "stage": {"type": ["integer", "null"]},
                    "value": {
                        "type": "string",
                        "description": "a value of the framework's scale, not_assessed or "
                        "not_applicable",
                    },
                },
            },
        },
        "evidence": {
            "type": "array",
            "description": "public evidence only",
            "items": {
                "type": "object",
                "required": ["title", "source"],
                "properties": {
                    "title": {"type": "string"},
                    "source": {"type": "string"},
                    "url": {"type": "string"},
                    "effective_date": {"type": ["string", "null"], "format": "date"},
                    "indicators": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
    },
}
