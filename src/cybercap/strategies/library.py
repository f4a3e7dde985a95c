"""The recommendation library: reading recommendation files (checked, every problem with its
line) and storing them. Files are YAML in the format `cybercap-recommendations/1`, documented in
docs/recommendations.md; the bundled one sits in `data/`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from django.db import transaction
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from cybercap.access.audit import audit_record
from cybercap.frameworks.files import Reader
from cybercap.frameworks.models import Framework, Node
from cybercap.frameworks.schema import Code, OptionalText, Slug, Text
from cybercap.frameworks.yaml_lines import FileRejected, Problem, read_located
from cybercap.strategies.models import CostBand, LeadType, Recommendation

FORMAT = "cybercap-recommendations/1"
DATA_DIR = Path(__file__).resolve().parent / "data"
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class LibraryIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    format: Literal["cybercap-recommendations/1"]
    framework: Slug
    title: Text
    licence: OptionalText = ""
    # Checked one by one so that every bad entry is reported.
    recommendations: list[dict[str, Any]] = Field(min_length=1)


class RecommendationIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    code: Code
    factor: Code
    stage: int
    title: Title
    action: Text
    rationale: Text
    lead: Literal[tuple(LeadType.values)]  # type: ignore[valid-type]
    months: Annotated[int, Field(ge=1, le=120)]
    cost: Literal[tuple(CostBand.values)]  # type: ignore[valid-type]


@dataclass(frozen=True)
class LibraryResult:
    source: str
    framework: str
    created: int
    updated: int
    unchanged: int

    def __str__(self) -> str:
        if not (self.created or self.updated):
            return f"{self.source}: unchanged ({self.unchanged} recommendations, {self.framework})"
        return (
            f"{self.source}: {self.created} new, {self.updated} updated, "
            f"{self.unchanged} unchanged ({self.framework})"
        )


_FIELDS = ("factor_code", "stage", "title", "action", "rationale", "lead_type", "months", "cost")


def parse_library(text: str, filename: str) -> tuple[str, list[dict[str, Any]]]:
    """Check a recommendation file against its format and the framework it names; raises
    FileRejected listing every problem. Returns the framework slug and the entries."""
    located = read_located(text, filename)
    if not isinstance(located.data, dict):
        raise FileRejected([Problem(filename, 1, "the file must be a mapping of keys to values")])
    reader = Reader(located, filename)
    library = reader.validate(LibraryIn, located.data, ())
    reader.finish()
    assert library is not None
    factors, stages = _framework_factors(library.framework)
    if factors is None:
        reader.add(("framework",), f"framework: no framework '{library.framework}' is loaded")
        reader.finish()
    entries: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(library.recommendations):
        path = ("recommendations", index)
        item = reader.validate(RecommendationIn, raw, path)
        if item is None:
            continue
        if item.code in seen:
            reader.add((*path, "code"), f"code: '{item.code}' is used twice")
            continue
        seen[item.code] = index
        if factors is not None and item.factor not in factors:
            reader.add(
                (*path, "factor"), f"factor: '{item.factor}' is not a factor of the framework"
            )
        if item.stage not in stages:
            allowed = ", ".join(str(stage) for stage in sorted(stages))
            reader.add((*path, "stage"), f"stage: must be one of {allowed}")
        entries.append(
            {
                "code": item.code,
                "factor_code": item.factor,
                "stage": item.stage,
                "title": item.title,
                "action": item.action,
                "rationale": item.rationale,
                "lead_type": item.lead,
                "months": item.months,
                "cost": item.cost,
            }
        )
    reader.finish()
    return library.framework, entries


def _framework_factors(slug: str) -> tuple[set[str] | None, set[int]]:
    """Factor codes across the loaded versions of a framework, and the stages one can reach."""
    versions = list(Framework.objects.filter(slug=slug))
    if not versions:
        return None, set()
    stages = {s["level"] for version in versions for s in version.stages}
    stages.discard(min(stages, default=0))  # nobody aims for the floor
    codes: set[str] = set()
    for version in versions:
        depths = set(Node.objects.filter(framework=version).values_list("depth", flat=True))
        depth = 1 if 1 in depths else 0
        codes |= set(
            Node.objects.filter(framework=version, depth=depth).values_list("code", flat=True)
        )
    return codes, stages


def library_load(path: Path | str, *, by: Any = None) -> LibraryResult:
    """Check and store a recommendation file; nothing is written when it has any problem.
    Entries are matched by code: new ones are added, changed ones updated, none deleted."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FileRejected([Problem(str(path), 1, f"cannot read the file: {exc}")]) from None
    return library_load_text(text, filename=str(path), source=path.name, by=by)


@transaction.atomic
def library_load_text(text: str, *, filename: str, source: str, by: Any = None) -> LibraryResult:
    slug, entries = parse_library(text, filename)
    existing = {item.code: item for item in Recommendation.objects.filter(framework_slug=slug)}
    created, updated, unchanged = [], [], 0
    for entry in entries:
        current = existing.get(entry["code"])
        if current is None:
            created.append(Recommendation(framework_slug=slug, source=source, **entry))
            continue
        if all(getattr(current, name) == entry[name] for name in _FIELDS):
            unchanged += 1
            continue
        for name in _FIELDS:
            setattr(current, name, entry[name])
        current.source = source
        updated.append(current)
    Recommendation.objects.bulk_create(created)
    Recommendation.objects.bulk_update(updated, [*_FIELDS, "source"])
    result = LibraryResult(source, slug, len(created), len(updated), unchanged)
    if created or updated:
        framework = Framework.objects.filter(slug=slug).order_by("-pk").first()
        if framework is not None:  # checked above; the entry is recorded against the framework
            audit_record(
                actor=by,
                action="recommendations.load",
                obj=framework,
                after={"file": source, "created": len(created), "updated": len(updated)},
            )
    return result


def bundled_libraries() -> list[Path]:
    return sorted(DATA_DIR.glob("*.yaml"))
