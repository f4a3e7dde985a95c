"""Framework endpoints: the list, and one version's full tree with indicator codes."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Router

from cybercap.api.schemas import Detail, FrameworkOut, FrameworkSummary
from cybercap.frameworks import queries
from cybercap.frameworks.models import Framework
from cybercap.frameworks.queries import TreeNode

router = Router(tags=["frameworks"])


@router.get("", response=list[FrameworkSummary])
def framework_list(request: HttpRequest):
    return [
        {
            "slug": f.slug,
            "version": f.version,
            "title": f.title,
            "kind": f.kind,
            "indicator_count": f.indicator_count,  # type: ignore[attr-defined]
            "frozen": f.is_frozen,
            "url": reverse("api:framework_version", args=[f.slug, f.version]),
        }
        for f in queries.framework_list()
    ]


@router.get(
    "/{slug}/versions/{version}",
    response={200: FrameworkOut, 404: Detail},
    url_name="framework_version",
)
def framework_version(request: HttpRequest, slug: str, version: str):
    framework = get_object_or_404(Framework, slug=slug, version=version)
    tree = queries.framework_tree(framework)
    return {
        "slug": framework.slug,
        "version": framework.version,
        "title": framework.title,
        "kind": framework.kind,
        "language": framework.language,
        "description": framework.description,
        "source": framework.source_note,
        "licence": framework.licence_note,
        "levels": framework.levels,
        "stages": framework.stages,
        "scale": framework.scale,
        "indicator_count": sum(node.indicator_count for node in tree),
        "nodes": [_node(framework, node) for node in tree],
    }


def _node(framework: Framework, tree_node: TreeNode) -> dict[str, object]:
    node = tree_node.node
    return {
        "code": node.code,
        "level": framework.level_name(node.depth),
        "title": node.title,
        "description": node.description,
        "children": [_node(framework, child) for child in tree_node.children],
        "indicators": [
            {
                "code": i.code,
                "title": i.title,
                "text": i.text,
                "guidance": i.guidance,
                "stage": i.stage,
                "weight": float(i.weight),
            }
            for i in tree_node.indicators
        ],
    }
