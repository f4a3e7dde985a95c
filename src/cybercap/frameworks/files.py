"""Reading framework and crosswalk files into checked specifications, with every problem listed.

Nothing here touches the database: `services.py` writes what these functions return.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from cybercap.frameworks.schema import (
    CROSSWALK_FORMAT,
    DEFAULT_LEVELS,
    DEFAULT_SCALES,
    FRAMEWORK_KEYS,
    KINDS,
    RESERVED_VALUES,
    BodyIn,
    CrosswalkIn,
    HeaderIn,
    IndicatorIn,
    NodeIn,
    PairIn,
    ScaleIn,
    StageIn,
)
from cybercap.frameworks.yaml_lines import FileRejected, Located, Path, Problem, read_located

M = TypeVar("M", bound=BaseModel)

_MESSAGES = {
    "missing": "is required",
    "extra_forbidden": "unknown key",
    "string_too_short": "must not be empty",
    "string_type": "must be text (put values such as 1.0 or yes in quotes)",
    "int_type": "must be a whole number",
    "bool_type": "must be true or false",
    "list_type": "must be a list",
    "dict_type": "must be a mapping of keys to values",
    "model_type": "must be a mapping of keys to values",
    "greater_than": "must be greater than 0",
}
_PATTERNS = {
    "slug": "use lower-case letters, digits and single hyphens (e.g. national-capacity)",
    "value": "use lower-case letters, digits and '_'",
    "language": "use a language code such as en, es, fr or pt",
}
_CODE_PATTERN = "use letters, digits, '.', '_' and '-', starting with a letter or digit"


@dataclass
class IndicatorSpec:
    code: str
    text: str
    title: str
    guidance: str
    stage: int | None
    weight: float
    line: int


@dataclass
class NodeSpec:
    code: str
    parent: str | None
    title: str
    description: str
    depth: int
    line: int
    indicators: list[IndicatorSpec] = field(default_factory=list)


@dataclass
class FrameworkSpec:
    slug: str
    version: str
    title: str
    kind: str
    language: str
    description: str
    source: str
    licence: str
    levels: list[str]
    stages: list[dict[str, Any]]
    scale: list[dict[str, Any]]
    nodes: list[NodeSpec]
    version_line: int = 1

    @property
    def content_hash(self) -> str:
        content = asdict(self)
        content.pop("version_line")
        for node in content["nodes"]:
            node.pop("line")
            for indicator in node["indicators"]:
                indicator.pop("line")
        encoded = json.dumps(content, sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(encoded).hexdigest()

    @property
    def indicator_count(self) -> int:
        return sum(len(node.indicators) for node in self.nodes)


@dataclass
class PairSpec:
    source: str
    target: str
    line: int


@dataclass
class CrosswalkSpec:
    source_slug: str
    source_version: str
    target_slug: str
    target_version: str
    title: str
    note: str
    nodes: list[PairSpec]
    indicators: list[PairSpec]
    lines: dict[str, int]

    @property
    def content_hash(self) -> str:
        content = asdict(self)
        content.pop("lines")
        encoded = json.dumps(content, sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(encoded).hexdigest()


class Reader:
    """Validates parts of a located document and collects problems with their lines."""

    def __init__(self, located: Located, filename: str):
        self.located = located
        self.filename = filename
        self.problems: list[Problem] = []

    def add(self, path: Path, message: str) -> None:
        self.problems.append(Problem(self.filename, self.located.line(path), message))

    def validate(self, model: type[M], data: Any, path: Path) -> M | None:
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            for error in exc.errors():
                location = (*path, *error["loc"])
                name = ".".join(str(part) for part in error["loc"] if isinstance(part, str))
                message = _MESSAGES.get(error["type"], error["msg"])
                if error["type"] == "string_pattern_mismatch":
                    last = name.rsplit(".", 1)[-1]
                    message = _PATTERNS.get(last, _CODE_PATTERN)
                self.add(location, f"{name}: {message}" if name else message)
            return None

    def finish(self) -> None:
        if self.problems:
            raise FileRejected(self.problems)


def file_kind(text: str, filename: str) -> tuple[str, Located]:
    """Whether a file is a framework or a crosswalk, from its `format` key."""
    located = read_located(text, filename)
    if not isinstance(located.data, dict):
        raise FileRejected([Problem(filename, 1, "the file must be a mapping of keys to values")])
    if located.data.get("format") == CROSSWALK_FORMAT:
        return "crosswalk", located
    return "framework", located


def parse_framework(located: Located, filename: str) -> FrameworkSpec:
    """Check a framework document completely; raises FileRejected listing every problem."""
    reader = Reader(located, filename)
    data = located.data
    for key in data:
        if key not in FRAMEWORK_KEYS:
            reader.add((key,), f"{key}: unknown key")
    header = reader.validate(HeaderIn, data, ())
    body = reader.validate(BodyIn, data, ())
    kind = header.kind if header else data.get("kind") if data.get("kind") in KINDS else None
    if body is not None:
        levels = body.levels or DEFAULT_LEVELS[kind or "maturity"]
        stages = _read_stages(reader, kind, body.stages)
        scale = _read_scale(reader, kind, body.scale)
        nodes = _read_nodes(reader, kind, body.nodes, levels, stages)
    reader.finish()
    assert header is not None and body is not None and kind is not None
    return FrameworkSpec(
        slug=header.slug,
        version=header.version,
        title=header.title,
        kind=kind,
        language=header.language,
        description=header.description,
        source=header.source,
        licence=header.licence,
        levels=list(levels),
        stages=stages,
        scale=scale,
        nodes=nodes,
        version_line=located.line(("version",)),
    )


def _read_stages(
    reader: Reader, kind: str | None, raw_stages: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    if kind != "maturity":
        if raw_stages and kind is not None:
            reader.add(("stages",), "stages: only maturity frameworks have stages")
        return []
    if len(raw_stages) < 2:
        reader.add(("stages",), "stages: a maturity framework needs at least two stages")
    stages = []
    broken = False
    for index, raw in enumerate(raw_stages):
        stage = reader.validate(StageIn, raw, ("stages", index))
        if stage is None:
            broken = True
            continue
        if stage.level != index + 1:
            reader.add(
                ("stages", index, "level"),
                f"stages: expected level {index + 1} here, found {stage.level} "
                "(levels run 1, 2, 3 ... in order)",
            )
        stages.append(stage.model_dump())
    # With a broken stage list, indicator stages cannot be checked: report the list only.
    return [] if broken else stages


def _read_scale(
    reader: Reader, kind: str | None, raw_scale: list[dict[str, Any]] | None
) -> list[dict[str, Any]]:
    if raw_scale is None:
        return [dict(entry) for entry in DEFAULT_SCALES[kind or "maturity"]]
    scale: list[dict[str, Any]] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_scale):
        entry = reader.validate(ScaleIn, raw, ("scale", index))
        if entry is None:
            continue
        if entry.value in RESERVED_VALUES:
            reader.add(
                ("scale", index, "value"),
                f"scale: '{entry.value}' is always available and must not be listed",
            )
        elif entry.value in seen:
            reader.add(("scale", index, "value"), f"scale: duplicate value '{entry.value}'")
        seen.add(entry.value)
        scale.append(entry.model_dump())
    if not scale:
        reader.add(("scale",), "scale: list at least one value")
    elif not any(entry["met"] for entry in scale):
        reader.add(("scale",), "scale: mark at least one value with 'met: true'")
    return scale


def _read_nodes(
    reader: Reader,
    kind: str | None,
    raw_nodes: list[dict[str, Any]],
    levels: list[str],
    stages: list[dict[str, Any]],
) -> list[NodeSpec]:
    if not raw_nodes:
        reader.add(("nodes",), "nodes: the framework has no nodes")
    nodes: dict[str, NodeSpec] = {}
    indicator_lines: dict[str, int] = {}
    parents: set[str] = set()
    listed_indicators: set[str] = set()
    for index, raw in enumerate(raw_nodes):
        path: Path = ("nodes", index)
        node = reader.validate(NodeIn, raw, path)
        if node is None:
            continue
        line = reader.located.line(path)
        if node.code in nodes:
            reader.add(
                (*path, "code"),
                f"duplicate code '{node.code}' (first used on line {nodes[node.code].line})",
            )
            continue
        depth = 0
        orphan = False
        if node.parent is not None:
            parent = nodes.get(node.parent)
            if parent is None:
                reader.add(
                    (*path, "parent"),
                    f"unknown parent '{node.parent}' (parents must be listed above their children)",
                )
                orphan = True
            else:
                depth = parent.depth + 1
                parents.add(node.parent)
        if depth >= len(levels):
            reader.add(
                path,
                f"node '{node.code}' is too deep: the framework names "
                f"{len(levels)} level(s) ({', '.join(levels)})",
            )
        spec = NodeSpec(node.code, node.parent, node.title, node.description, depth, line)
        if node.indicators:
            listed_indicators.add(node.code)
        for position, raw_indicator in enumerate(node.indicators):
            indicator = _read_indicator(
                reader,
                kind,
                stages,
                raw_indicator,
                (*path, "indicators", position),
                indicator_lines,
            )
            if indicator is not None:
                spec.indicators.append(indicator)
        if not orphan:
            nodes[node.code] = spec
    for spec in nodes.values():
        if spec.code in parents and spec.code in listed_indicators:
            reader.problems.append(
                Problem(
                    reader.filename,
                    spec.line,
                    f"node '{spec.code}' has both child nodes and indicators; "
                    "put the indicators on a child",
                )
            )
        if spec.code not in parents and spec.code not in listed_indicators:
            reader.problems.append(
                Problem(
                    reader.filename,
                    spec.line,
                    f"node '{spec.code}' has no indicators and no children",
                )
            )
    return list(nodes.values())


def _read_indicator(
    reader: Reader,
    kind: str | None,
    stages: list[dict[str, Any]],
    raw: Any,
    path: Path,
    seen: dict[str, int],
) -> IndicatorSpec | None:
    indicator = reader.validate(IndicatorIn, raw, path)
    if indicator is None:
        return None
    line = reader.located.line(path)
    ok = True
    if indicator.code in seen:
        reader.add(
            (*path, "code"),
            f"duplicate code '{indicator.code}' (first used on line {seen[indicator.code]})",
        )
        ok = False
    seen.setdefault(indicator.code, line)
    if kind == "maturity":
        ok = _check_stage(reader, stages, indicator, path) and ok
    elif indicator.stage is not None and kind is not None:
        reader.add((*path, "stage"), "stage: only indicators of maturity frameworks have a stage")
        ok = False
    if indicator.weight is not None and kind not in ("weighted", None):
        reader.add(
            (*path, "weight"), "weight: only indicators of weighted frameworks have a weight"
        )
        ok = False
    if not ok:
        return None
    return IndicatorSpec(
        code=indicator.code,
        text=indicator.text,
        title=indicator.title,
        guidance=indicator.guidance,
        stage=indicator.stage,
        weight=indicator.weight if indicator.weight is not None else 1.0,
        line=line,
    )


def _check_stage(
    reader: Reader, stages: list[dict[str, Any]], indicator: IndicatorIn, path: Path
) -> bool:
    if not stages:
        return True  # the stages themselves are already reported
    if indicator.stage is None:
        reader.add(path, "stage: is required in a maturity framework")
        return False
    levels = [stage["level"] for stage in stages]
    if indicator.stage not in levels:
        reader.add(
            (*path, "stage"),
            f"unknown stage {indicator.stage} (stages are {levels[0]}-{levels[-1]})",
        )
        return False
    if indicator.stage == levels[0]:
        reader.add(
            (*path, "stage"),
            f"stage {levels[0]} ({stages[0]['name']}) is the floor every country starts "
            "from and takes no indicators",
        )
        return False
    return True


def parse_crosswalk(located: Located, filename: str) -> CrosswalkSpec:
    """Check a crosswalk document's form; the codes are checked against the database later."""
    reader = Reader(located, filename)
    header = reader.validate(CrosswalkIn, located.data, ())
    if header is None:
        reader.finish()
    assert header is not None
    pairs: dict[str, list[PairSpec]] = {"nodes": [], "indicators": []}
    for section, entries in (("nodes", header.nodes), ("indicators", header.indicators)):
        seen: set[tuple[str, str]] = set()
        for index, raw in enumerate(entries):
            pair = reader.validate(PairIn, raw, (section, index))
            if pair is None:
                continue
            line = located.line((section, index))
            if (pair.source, pair.target) in seen:
                reader.add((section, index), f"duplicate pair {pair.source} → {pair.target}")
                continue
            seen.add((pair.source, pair.target))
            pairs[section].append(PairSpec(pair.source, pair.target, line))
    if not pairs["nodes"] and not pairs["indicators"]:
        reader.add((), "the crosswalk maps nothing: add 'nodes' or 'indicators'")
    reader.finish()
    return CrosswalkSpec(
        source_slug=header.source.slug,
        source_version=header.source.version,
        target_slug=header.target.slug,
        target_version=header.target.version,
        title=header.title,
        note=header.note,
        nodes=pairs["nodes"],
        indicators=pairs["indicators"],
        lines={"from": located.line(("from",)), "to": located.line(("to",))},
    )
