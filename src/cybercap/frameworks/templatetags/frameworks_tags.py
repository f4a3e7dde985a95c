"""Display helpers for framework pages."""

from __future__ import annotations

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from cybercap.frameworks.models import Framework, Node

register = template.Library()


@register.filter
def stage_name(framework: Framework, level: int) -> str:
    return framework.stage_name(level)


@register.filter
def level_name(framework: Framework, depth: int) -> str:
    return framework.level_name(depth)


@register.filter
def node_path(paths: dict[int, list[Node]], node_id: int) -> str:
    return " › ".join(node.title for node in paths.get(node_id, []))


@register.filter
def highlight(text: str, search: str) -> SafeString:
    """The text, escaped, with every case-insensitive occurrence of the search marked."""
    escaped = str(escape(text))
    if not search:
        return mark_safe(escaped)  # noqa: S308 - escaped above
    pattern = re.compile(re.escape(str(escape(search))), re.IGNORECASE)
    return mark_safe(pattern.sub(lambda match: f"<mark>{match.group(0)}</mark>", escaped))  # noqa: S308
