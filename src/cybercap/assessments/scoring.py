"""Scoring rules: pure functions from ratings to results. No database, no Django.

Rules (see docs/scoring.md for worked examples):
- Only values the framework's scale marks as `met` count as met; `partial` never does.
- `not_applicable` items are left out of stages, coverage and points alike.
- `not_assessed` (or no rating at all) counts as not met, and every result says how many items
  were not assessed, so an unfinished assessment is never mistaken for a weak country.
- Maturity: a node is at stage S when every applicable indicator beneath it of stages 2..S is met;
  the first stage is the floor. Progress is the share of the next stage's indicators met.
- Coverage: share of applicable items met. Weighted points: scale points times indicator weight.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

NOT_ASSESSED = "not_assessed"
NOT_APPLICABLE = "not_applicable"


@dataclass(frozen=True)
class ScaleValue:
    value: str
    points: float | None
    met: bool


@dataclass(frozen=True)
class NodeShape:
    code: str
    parent: str | None
    depth: int
    title: str = ""


@dataclass(frozen=True)
class ItemShape:
    code: str
    node: str
    stage: int | None = None
    weight: float = 1.0


@dataclass(frozen=True)
class ModelShape:
    """What scoring needs to know of a framework version."""

    kind: str
    stages: tuple[int, ...]
    scale: Mapping[str, ScaleValue]
    nodes: tuple[NodeShape, ...]
    items: tuple[ItemShape, ...]

    @property
    def max_points(self) -> float:
        return max((entry.points or 0.0) for entry in self.scale.values()) if self.scale else 0.0

    @property
    def factor_depth(self) -> int:
        """The level that charts and comparisons use: factors (depth 1) when there are any."""
        return 1 if any(node.depth == 1 for node in self.nodes) else 0


@dataclass
class Tally:
    """Counts of items by value, with met/applicable totals and weighted points."""

    counts: Counter[str] = field(default_factory=Counter)
    met: int = 0
    points: float = 0.0
    max_points: float = 0.0

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def not_assessed(self) -> int:
        return self.counts[NOT_ASSESSED]

    @property
    def applicable(self) -> int:
        return self.total - self.counts[NOT_APPLICABLE]

    @property
    def coverage(self) -> float | None:
        """Share of applicable items met, or None when nothing is applicable."""
        return self.met / self.applicable if self.applicable else None

    @property
    def score(self) -> float | None:
        """Weighted points as a share of the maximum, or None when nothing is applicable."""
        return self.points / self.max_points if self.max_points else None

    def add(self, value: str, entry: ScaleValue | None, weight: float, top: float) -> None:
        self.counts[value] += 1
        if value == NOT_APPLICABLE:
            return
        self.max_points += top * weight
        if entry is not None:
            self.points += (entry.points or 0.0) * weight
            self.met += entry.met


@dataclass
class NodeResult:
    code: str
    depth: int
    tally: Tally
    stage: int | None = None
    next_stage: int | None = None
    progress: float | None = None


@dataclass
class DimensionSummary:
    code: str
    stage_counts: dict[int, int]
    mean_stage: float | None


@dataclass
class Results:
    kind: str
    overall: Tally
    nodes: dict[str, NodeResult]
    dimensions: list[DimensionSummary]

    def at_depth(self, depth: int) -> list[NodeResult]:
        return [result for result in self.nodes.values() if result.depth == depth]


def effective_value(value: str | None, scale: Mapping[str, ScaleValue]) -> str:
    """A rating value as scoring reads it: unknown or missing values are not assessed."""
    if value == NOT_APPLICABLE:
        return NOT_APPLICABLE
    return value if value is not None and value in scale else NOT_ASSESSED


def score(model: ModelShape, ratings: Mapping[str, str | None]) -> Results:
    """Results of an assessment from its ratings (indicator code → value)."""
    values = {
        item.code: effective_value(ratings.get(item.code), model.scale) for item in model.items
    }
    items_under = _items_under(model)
    overall = _tally(model, model.items, values)
    nodes = {}
    for node in model.nodes:
        items = items_under[node.code]
        result = NodeResult(node.code, node.depth, _tally(model, items, values))
        if model.kind == "maturity":
            result.stage, result.next_stage, result.progress = _stage(model, items, values)
        nodes[node.code] = result
    return Results(model.kind, overall, nodes, _dimensions(model, nodes))


_UNDER: dict[int, tuple[ModelShape, dict[str, list[ItemShape]]]] = {}


def _items_under(model: ModelShape) -> dict[str, list[ItemShape]]:
    """Each node's items, its descendants' included; worked out once per model object (models
    in use are frozen and kept, and a results page scores two rounds per request)."""
    kept = _UNDER.get(id(model))
    if kept is not None and kept[0] is model:
        return kept[1]
    parents = {node.code: node.parent for node in model.nodes}
    under: dict[str, list[ItemShape]] = defaultdict(list)
    for item in model.items:
        code: str | None = item.node
        while code is not None:
            under[code].append(item)
            code = parents.get(code)
    if len(_UNDER) >= 64:
        _UNDER.clear()
    _UNDER[id(model)] = (model, under)
    return under


def _tally(model: ModelShape, items: Sequence[ItemShape], values: Mapping[str, str]) -> Tally:
    tally = Tally()
    top = model.max_points
    for item in items:
        value = values[item.code]
        tally.add(value, model.scale.get(value), item.weight, top)
    return tally


def _stage(
    model: ModelShape, items: Sequence[ItemShape], values: Mapping[str, str]
) -> tuple[int | None, int | None, float | None]:
    """(stage reached, next stage, share of the next stage's indicators met)."""
    by_stage: dict[int, list[bool]] = defaultdict(list)
    for item in items:
        value = values[item.code]
        if value != NOT_APPLICABLE and item.stage is not None:
            entry = model.scale.get(value)
            by_stage[item.stage].append(bool(entry and entry.met))
    if not by_stage:
        return None, None, None
    reached = model.stages[0]
    for level in model.stages[1:]:
        if not all(by_stage.get(level, [])):
            break
        reached = level
    if reached == model.stages[-1]:
        return reached, None, None
    following = model.stages[model.stages.index(reached) + 1]
    needed = by_stage.get(following, [])
    return reached, following, (sum(needed) / len(needed) if needed else 1.0)


def _dimensions(model: ModelShape, nodes: Mapping[str, NodeResult]) -> list[DimensionSummary]:
    """Per top-level node: how many of its factors sit at each stage, and their mean stage."""
    depth = model.factor_depth
    factors_of: dict[str, list[NodeResult]] = defaultdict(list)
    parents = {node.code: node.parent for node in model.nodes}
    for node in model.nodes:
        if node.depth == depth:
            root = node.code
            while parents.get(root) is not None:
                root = parents[root]  # type: ignore[assignment]
            factors_of[root].append(nodes[node.code])
    summaries = []
    for node in model.nodes:
        if node.depth != 0:
            continue
        stages = [f.stage for f in factors_of[node.code] if f.stage is not None]
        counts = {level: stages.count(level) for level in model.stages} if model.stages else {}
        mean = sum(stages) / len(stages) if stages else None
        summaries.append(DimensionSummary(node.code, counts, mean))
    return summaries


@dataclass
class StageChange:
    before_code: str | None
    after_code: str
    before: int | None
    after: int | None
    note: str = ""

    @property
    def delta(self) -> int | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


@dataclass
class Diff:
    changes: list[StageChange]
    not_mapped_before: list[str]
    not_mapped_after: list[str]


def stages_of(results: Results) -> dict[str, int | None]:
    """The stage of every node: what `diff` compares."""
    return {code: result.stage for code, result in results.nodes.items()}


def diff(
    before: Mapping[str, int | None],
    after: Mapping[str, int | None],
    *,
    after_model: ModelShape,
    before_model: ModelShape,
    node_map: Mapping[str, Sequence[str]] | None = None,
) -> Diff:
    """Stage change per factor of the later assessment, from the stage of every node of each
    (`stages_of` results, or a snapshot's stages). `node_map` maps each later factor code to
    the earlier codes it corresponds to (a crosswalk); None means the same framework. A factor with
    no counterpart is reported as not mapped, never guessed."""
    after_depth = after_model.factor_depth
    before_depth = before_model.factor_depth
    before_codes = {n.code for n in before_model.nodes if n.depth == before_depth}
    used: set[str] = set()
    changes: list[StageChange] = []
    unmapped_after: list[str] = []
    for node in after_model.nodes:
        if node.depth != after_depth:
            continue
        sources = [node.code] if node_map is None else list(node_map.get(node.code, []))
        sources = [code for code in sources if code in before]
        if not sources:
            unmapped_after.append(node.code)
            continue
        used.update(sources)
        stages = [before[code] for code in sources]
        known = [stage for stage in stages if stage is not None]
        earlier = min(known) if known else None
        note = "" if len(sources) == 1 else f"from {', '.join(sources)} (lowest stage)"
        changes.append(
            StageChange(
                sources[0] if len(sources) == 1 else None,
                node.code,
                earlier,
                after.get(node.code),
                note,
            )
        )
    unmapped_before = sorted(before_codes - used)
    return Diff(changes, unmapped_before, unmapped_after)
