"""Reads for frameworks: the tree, indicator search and the stage matrix, each in fixed queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from cybercap.frameworks.models import Framework, Indicator, Node

SEARCH_LIMIT = 200


@dataclass
class TreeNode:
    """A node with its children and its indicators, ready to display or serialise."""

    node: Node
    children: list[TreeNode] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)

    @property
    def indicator_count(self) -> int:
        return len(self.indicators) + sum(child.indicator_count for child in self.children)

    def indicators_by_stage(self) -> list[tuple[int | None, list[Indicator]]]:
        grouped: dict[int | None, list[Indicator]] = defaultdict(list)
        for indicator in self.indicators:
            grouped[indicator.stage].append(indicator)
        return sorted(grouped.items(), key=lambda item: item[0] or 0)


@dataclass
class MatrixRow:
    path: list[Node]
    cells: list[list[Indicator]]

    @property
    def node(self) -> Node:
        return self.path[-1]


def framework_list() -> QuerySet[Framework]:
    """Every framework version with its node and indicator counts, newest version first."""
    return Framework.objects.annotate(
        indicator_count=Count("indicators", distinct=True),
    ).order_by("title", "-loaded_at")


def framework_tree(framework: Framework) -> list[TreeNode]:
    """The framework's roots with everything under them, from two queries."""
    by_id: dict[int, TreeNode] = {}
    roots: list[TreeNode] = []
    for node in Node.objects.filter(framework=framework).order_by("order"):
        tree_node = by_id[node.pk] = TreeNode(node)
        if node.parent_id is None:
            roots.append(tree_node)
        else:
            by_id[node.parent_id].children.append(tree_node)
    for indicator in Indicator.objects.filter(framework=framework).order_by("order"):
        by_id[indicator.node_id].indicators.append(indicator)
    return roots


def node_paths(framework: Framework) -> dict[int, list[Node]]:
    """For each node id, the nodes from its root down to itself."""
    nodes = {node.pk: node for node in Node.objects.filter(framework=framework)}
    paths: dict[int, list[Node]] = {}
    for node in sorted(nodes.values(), key=lambda item: item.depth):
        parent_path = paths[node.parent_id] if node.parent_id else []
        paths[node.pk] = [*parent_path, node]
    return paths


def indicator_search(text: str, framework: Framework | None = None) -> QuerySet[Indicator]:
    """Indicators whose code, title, text or guidance contains the text (at most 200)."""
    text = text.strip()
    matches = Indicator.objects.filter(
        Q(code__icontains=text)
        | Q(title__icontains=text)
        | Q(text__icontains=text)
        | Q(guidance__icontains=text)
    ).select_related("node", "framework")
    if framework is not None:
        matches = matches.filter(framework=framework)
    return matches.order_by("framework__title", "framework_id", "order")[:SEARCH_LIMIT]


def stage_matrix(framework: Framework) -> list[MatrixRow]:
    """One row per leaf node (aspect, or factor without aspects), one cell per stage above the
    floor (the first stage has no indicators)."""
    paths = node_paths(framework)
    levels = [stage["level"] for stage in framework.stages[1:]]
    cells: dict[int, dict[int, list[Indicator]]] = defaultdict(lambda: defaultdict(list))
    for indicator in Indicator.objects.filter(framework=framework).order_by("order"):
        cells[indicator.node_id][indicator.stage or 0].append(indicator)
    rows = [
        MatrixRow(paths[node_id], [by_stage.get(level, []) for level in levels])
        for node_id, by_stage in cells.items()
    ]
    return sorted(rows, key=lambda row: row.node.order)
