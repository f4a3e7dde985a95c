"""The framework and crosswalk file formats (docs/frameworks.md), as pydantic models."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
OptionalText = Annotated[str, StringConstraints(strip_whitespace=True)]
Code = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, min_length=1, max_length=40, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
    ),
]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=50)]

FRAMEWORK_FORMAT = "cybercap-framework/1"
CROSSWALK_FORMAT = "cybercap-crosswalk/1"
RESERVED_VALUES = {"not_assessed", "not_applicable"}

DEFAULT_LEVELS = {
    "maturity": ["dimension", "factor", "aspect"],
    "checklist": ["section"],
    "weighted": ["category"],
}
DEFAULT_SCALES: dict[str, list[dict[str, Any]]] = {
    "maturity": [
        {"value": "met", "label": "Met", "points": 1, "met": True, "description": ""},
        {
            "value": "partial",
            "label": "Partially met",
            "points": 0.5,
            "met": False,
            "description": "",
        },
        {"value": "not_met", "label": "Not met", "points": 0, "met": False, "description": ""},
    ],
    "checklist": [
        {"value": "full", "label": "Full", "points": 1, "met": True, "description": ""},
        {"value": "partial", "label": "Partial", "points": 0.5, "met": False, "description": ""},
        {"value": "none", "label": "None", "points": 0, "met": False, "description": ""},
    ],
    "weighted": [
        {
            "value": str(level),
            "label": str(level),
            "points": level,
            "met": level >= 3,
            "description": "",
        }
        for level in range(5)
    ],
}


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class StageIn(Strict):
    level: int
    name: Text
    description: OptionalText = ""


class ScaleIn(Strict):
    value: Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+$", max_length=30)]
    label: Text
    points: float | None = Field(default=None, strict=False)
    met: bool = False
    description: OptionalText = ""


class IndicatorIn(Strict):
    code: Code
    text: Text
    title: OptionalText = ""
    guidance: OptionalText = ""
    stage: int | None = None
    weight: float | None = Field(default=None, gt=0, strict=False)


class NodeIn(Strict):
    code: Code
    parent: Code | None = None
    title: Text
    description: OptionalText = ""
    # Indicators are checked one by one so that every bad one is reported.
    indicators: list[dict[str, Any]] = []


class HeaderIn(BaseModel):
    """The descriptive keys of a framework file; the tree is checked by FrameworkIn."""

    model_config = ConfigDict(extra="ignore", strict=True)
    format: Literal["cybercap-framework/1"] = "cybercap-framework/1"
    slug: Slug
    version: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
    title: Text
    kind: Literal["maturity", "checklist", "weighted"]
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}(-[A-Za-z]{2,4})?$")] = "en"
    description: OptionalText = ""
    source: OptionalText = ""
    licence: OptionalText = ""


class BodyIn(BaseModel):
    """The structural keys of a framework file; each item is checked on its own later."""

    model_config = ConfigDict(extra="ignore", strict=True)
    levels: list[Text] | None = None
    stages: list[dict[str, Any]] = []
    scale: list[dict[str, Any]] | None = None
    nodes: list[dict[str, Any]]


FRAMEWORK_KEYS = set(HeaderIn.model_fields) | set(BodyIn.model_fields)
KINDS = ("maturity", "checklist", "weighted")


class FrameworkRef(Strict):
    slug: Slug
    version: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class PairIn(Strict):
    source: Code = Field(alias="from")
    target: Code = Field(alias="to")


class CrosswalkIn(Strict):
    format: Literal["cybercap-crosswalk/1"]
    source: FrameworkRef = Field(alias="from")
    target: FrameworkRef = Field(alias="to")
    title: OptionalText = ""
    note: OptionalText = ""
    nodes: list[dict[str, Any]] = []
    indicators: list[dict[str, Any]] = []
