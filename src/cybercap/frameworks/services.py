"""Writes for frameworks: loading framework and crosswalk files, freezing a used version."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from cybercap.access.audit import audit_record
from cybercap.frameworks.files import (
    CrosswalkSpec,
    FrameworkSpec,
    file_kind,
    parse_crosswalk,
    parse_framework,
)
from cybercap.frameworks.models import Crosswalk, CrosswalkLink, Framework, Indicator, Node
from cybercap.frameworks.yaml_lines import FileRejected, Problem

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass
class LoadResult:
    """What loading a file did: `created`, `replaced` or `unchanged`."""

    kind: str
    outcome: str
    label: str
    nodes: int = 0
    indicators: int = 0

    def __str__(self) -> str:
        counts = (
            f" ({self.nodes} nodes, {self.indicators} indicators)"
            if self.kind == "framework"
            else f" ({self.nodes} node links, {self.indicators} indicator links)"
        )
        return f"{self.label}: {self.outcome}{counts}"


def load_file(path: Path | str) -> LoadResult:
    """Load a framework or crosswalk file; raises FileRejected (nothing written) on any problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FileRejected([Problem(str(path), 1, f"cannot read the file: {exc}")]) from None
    return load_text(text, filename=str(path))


def load_text(text: str, *, filename: str) -> LoadResult:
    """Load a framework or crosswalk from its text; `filename` is used in problem reports."""
    kind, located = file_kind(text, filename)
    if kind == "crosswalk":
        return crosswalk_load(spec=parse_crosswalk(located, filename), filename=filename)
    return framework_load(spec=parse_framework(located, filename), filename=filename)


def bundled_files() -> list[Path]:
    """The framework files shipped with Cybercap, frameworks before crosswalks."""
    return sorted(DATA_DIR.glob("*.yaml"), key=lambda path: ("crosswalk" in path.name, path.name))


@transaction.atomic
def framework_load(*, spec: FrameworkSpec, filename: str) -> LoadResult:
    """Store a checked framework; replaces an unused version, refuses to change a frozen one."""
    content_hash = spec.content_hash
    existing = (
        Framework.objects.select_for_update().filter(slug=spec.slug, version=spec.version).first()
    )
    label = f"{spec.slug} {spec.version}"
    indicators = spec.indicator_count
    if existing is not None and existing.content_hash == content_hash:
        return LoadResult("framework", "unchanged", label, len(spec.nodes), indicators)
    if existing is not None and existing.is_frozen:
        raise FileRejected(
            [
                Problem(
                    filename,
                    spec.version_line,
                    f"version '{spec.version}' of '{spec.slug}' is used by assessments and can "
                    "no longer change; give the changed file a new version",
                )
            ]
        )
    outcome = "created"
    framework = existing or Framework(slug=spec.slug, version=spec.version)
    if existing is not None:
        outcome = "replaced"
        existing.nodes.all().delete()
        Crosswalk.objects.filter(source=existing).delete()
        Crosswalk.objects.filter(target=existing).delete()
    for attribute, value in {
        "title": spec.title,
        "kind": spec.kind,
        "language": spec.language,
        "description": spec.description,
        "source_note": spec.source,
        "licence_note": spec.licence,
        "levels": spec.levels,
        "stages": spec.stages,
        "scale": spec.scale,
        "content_hash": content_hash,
    }.items():
        setattr(framework, attribute, value)
    framework.save()
    _create_tree(framework, spec)
    audit_record(
        actor=None,
        action=f"framework.{outcome}",
        obj=framework,
        after={"file": filename, "content_hash": content_hash, "indicators": indicators},
    )
    return LoadResult("framework", outcome, label, len(spec.nodes), indicators)


def _create_tree(framework: Framework, spec: FrameworkSpec) -> None:
    """Insert nodes level by level (parents first) and then all indicators, in bulk."""
    by_code: dict[str, Node] = {}
    order = {node.code: position for position, node in enumerate(spec.nodes)}
    for depth in range(max(node.depth for node in spec.nodes) + 1):
        level = [
            Node(
                framework=framework,
                code=node.code,
                title=node.title,
                description=node.description,
                depth=depth,
                order=order[node.code],
                parent=by_code[node.parent] if node.parent else None,
            )
            for node in spec.nodes
            if node.depth == depth
        ]
        for node in Node.objects.bulk_create(level):
            by_code[node.code] = node
    position = 0
    indicators = []
    for node_spec in spec.nodes:
        for item in node_spec.indicators:
            indicators.append(
                Indicator(
                    framework=framework,
                    node=by_code[node_spec.code],
                    code=item.code,
                    title=item.title,
                    text=item.text,
                    guidance=item.guidance,
                    stage=item.stage,
                    weight=item.weight,
                    order=position,
                )
            )
            position += 1
    Indicator.objects.bulk_create(indicators, batch_size=500)


@transaction.atomic
def crosswalk_load(*, spec: CrosswalkSpec, filename: str) -> LoadResult:
    """Store a crosswalk between two loaded frameworks; every unknown code is reported."""
    problems: list[Problem] = []
    source = _find_framework(
        spec.source_slug, spec.source_version, spec.lines["from"], filename, problems
    )
    target = _find_framework(
        spec.target_slug, spec.target_version, spec.lines["to"], filename, problems
    )
    if source is None or target is None:
        raise FileRejected(problems)
    nodes = {side.pk: {n.code: n for n in side.nodes.all()} for side in (source, target)}
    indicators = {side.pk: {i.code: i for i in side.indicators.all()} for side in (source, target)}
    links: list[CrosswalkLink] = []
    for section, table, field in (("node", nodes, "node"), ("indicator", indicators, "indicator")):
        for pair in spec.nodes if section == "node" else spec.indicators:
            found_source = table[source.pk].get(pair.source)
            found_target = table[target.pk].get(pair.target)
            if found_source is None:
                problems.append(
                    Problem(
                        filename,
                        pair.line,
                        f"bad crosswalk source: '{pair.source}'"
                        f" is not a {section} of {source.slug} {source.version}",
                    )
                )
            if found_target is None:
                problems.append(
                    Problem(
                        filename,
                        pair.line,
                        f"bad crosswalk target: '{pair.target}'"
                        f" is not a {section} of {target.slug} {target.version}",
                    )
                )
            if found_source is not None and found_target is not None:
                links.append(
                    CrosswalkLink(
                        **{f"source_{field}": found_source, f"target_{field}": found_target}
                    )
                )
    if problems:
        raise FileRejected(problems)
    label = f"crosswalk {source.slug} {source.version} → {target.slug} {target.version}"
    content_hash = spec.content_hash
    existing = Crosswalk.objects.filter(source=source, target=target).first()
    if existing is not None and existing.content_hash == content_hash:
        return LoadResult("crosswalk", "unchanged", label, len(spec.nodes), len(spec.indicators))
    if existing is not None:
        existing.delete()
    crosswalk = Crosswalk.objects.create(
        source=source, target=target, title=spec.title, note=spec.note, content_hash=content_hash
    )
    for link in links:
        link.crosswalk = crosswalk
    CrosswalkLink.objects.bulk_create(links, batch_size=500)
    outcome = "replaced" if existing is not None else "created"
    audit_record(
        actor=None,
        action=f"crosswalk.{outcome}",
        obj=crosswalk,
        after={"file": filename, "links": len(links)},
    )
    return LoadResult("crosswalk", outcome, label, len(spec.nodes), len(spec.indicators))


def _find_framework(
    slug: str, version: str, line: int, filename: str, problems: list[Problem]
) -> Framework | None:
    framework = Framework.objects.filter(slug=slug, version=version).first()
    if framework is None:
        problems.append(
            Problem(
                filename,
                line,
                f"framework '{slug}' version '{version}' is not "
                "loaded; load it before this crosswalk",
            )
        )
    return framework


@transaction.atomic
def framework_freeze(*, framework: Framework) -> Framework:
    """Mark a version as used by an assessment: from now on its content never changes."""
    if framework.frozen_at is None:
        framework.frozen_at = timezone.now()
        framework.save(update_fields=["frozen_at"])
        audit_record(
            actor=None,
            action="framework.freeze",
            obj=framework,
            after={"frozen_at": str(framework.frozen_at)},
        )
    return framework
