"""Shapes of the assessment endpoints."""

from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field

from cybercap.api.schemas import Input
from cybercap.assessments.models import RATIONALE_MAX, Status


class FrameworkRef(Schema):
    slug: str
    version: str


class AssessmentOut(Schema):
    id: int
    country: str
    framework: FrameworkRef
    title: str
    round_label: str
    lead_organisation: str
    mission_start: dt.date | None
    mission_end: dt.date | None
    status: str
    previous_id: int | None
    created_at: dt.datetime
    approved_at: dt.datetime | None
    published_at: dt.datetime | None


class TeamMemberIn(Input):
    username: str
    role: str = Field(pattern="^(lead_assessor|assessor|reviewer)$")


class AssessmentIn(Input):
    country: str = Field(min_length=3, max_length=3, description="ISO 3166-1 alpha-3")
    framework: FrameworkRef
    title: str = Field(min_length=1, max_length=200)
    round_label: str = Field(min_length=1, max_length=100)
    lead_organisation: str = Field(default="", max_length=200)
    mission_start: dt.date | None = None
    mission_end: dt.date | None = None
    team: list[TeamMemberIn] = []
    previous_id: int | None = None
    carry_over: bool = False


class RatingIn(Input):
    value: str = Field(min_length=1, max_length=30)
    rationale: str = Field(default="", max_length=RATIONALE_MAX)
    confidence: str = Field(default="medium", pattern="^(low|medium|high)$")
    expected_version: int = Field(
        ge=0, strict=True, description="The version you last saw; 0 for a new rating"
    )
    reconciled: bool = Field(default=False, description="Set the reviewer's reconciled rating")


class RatingOut(Schema):
    indicator: str
    kind: str
    value: str
    rationale: str
    confidence: str
    version: int
    rater: str
    carried_over: bool
    updated_at: dt.datetime


class StaleOut(Schema):
    detail: str
    current: RatingOut | None  # None: no rating saved yet


class TransitionIn(Input):
    to: str = Field(pattern="^(" + "|".join(Status.values) + ")$")
    reason: str = ""


class NodeResultOut(Schema):
    code: str
    title: str
    depth: int
    stage: int | None
    stage_name: str
    next_stage: int | None
    progress: float | None
    met: int
    applicable: int
    not_assessed: int
    coverage: float | None
    score: float | None


class OverallOut(Schema):
    total: int
    applicable: int
    met: int
    not_assessed: int
    coverage: float | None
    score: float | None
    counts: dict[str, int]


class ResultsOut(Schema):
    assessment: int
    kind: str
    status: str
    provisional: bool
    overall: OverallOut
    nodes: list[NodeResultOut]


class ChangeOut(Schema):
    before_code: str | None
    after_code: str
    before: int | None
    after: int | None
    delta: int | None
    note: str


class DiffOut(Schema):
    before: int
    after: int
    changes: list[ChangeOut]
    not_mapped_before: list[str]
    not_mapped_after: list[str]
