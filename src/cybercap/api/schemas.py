"""Response and request shapes of the public API (one schema per use, never shared loosely)."""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema
from pydantic import ConfigDict, model_validator


class Input(Schema):
    """What clients send: a field the endpoint does not know is refused (422) rather than
    silently dropped, and text loses surrounding whitespace (a title of spaces is empty)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @model_validator(mode="before")
    @classmethod
    def _no_nul_characters(cls, data: Any) -> Any:
        """NUL characters are refused: PostgreSQL cannot store them in text."""
        where = _nul_in(data, ())
        if where is not None:
            place = ".".join(str(part) for part in where)
            raise ValueError(f"{place}: text may not contain NUL (\\u0000) characters")
        return data


def _nul_in(data: Any, path: tuple[Any, ...]) -> tuple[Any, ...] | None:
    """Where the first string containing a NUL character is in parsed JSON, if anywhere."""
    if isinstance(data, str):
        return path if "\x00" in data else None
    if isinstance(data, dict):
        items: Any = data.items()
    elif isinstance(data, list):
        items = enumerate(data)
    else:
        return None
    for key, value in items:
        found = _nul_in(key, (*path, key)) or _nul_in(value, (*path, key))
        if found is not None:
            return found
    return None


class Detail(Schema):
    detail: str


class TokenRequest(Schema):
    username: str
    password: str
    code: str = Field(
        "",
        description="For accounts that sign in with a second factor: the authenticator app's "
        "current code, or a recovery code.",
    )


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
