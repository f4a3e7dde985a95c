"""Response and request shapes of the public API (one schema per use, never shared loosely)."""

from __future__ import annotations

from ninja import Schema


class Detail(Schema):
    detail: str


class TokenRequest(Schema):
    username: str
    password: str


class TokenResponse(Schema):
    token: str
    expires_at: str | None


class FrameworkSummary(Schema):
    slug: str
    version: str
    title: str
    kind: str
    indicator_count: int
    frozen: bool
    url: str


class Stage(Schema):
    level: int
    name: str
    description: str


class ScaleValue(Schema):
    value: str
    label: str
    points: float | None
    met: bool
    description: str


class IndicatorOut(Schema):
    code: str
    title: str
    text: str
    guidance: str
    stage: int | None
    weight: float


class NodeOut(Schema):
    code: str
    level: str
    title: str
    description: str
    children: list[NodeOut]
    indicators: list[IndicatorOut]


class FrameworkOut(Schema):
    slug: str
    version: str
    title: str
    kind: str
    language: str
    description: str
    source: str
    licence: str
    levels: list[str]
    stages: list[Stage]
    scale: list[ScaleValue]
    indicator_count: int
    nodes: list[NodeOut]


class CountryOut(Schema):
    code: str
    alpha2: str
    numeric: str
    name: str
    names: dict[str, str]
    groups: list[str]


class GroupOut(Schema):
    slug: str
    name: str
    kind: str
    description: str
    members: list[CountryOut]
