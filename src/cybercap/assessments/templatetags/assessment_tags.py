"""Display helpers for assessment pages."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def label_of(value: str | None, labels: dict[str, str]) -> str:
    """The scale label of a rating value."""
    if value is None:
        return ""
    return labels.get(value, value)


@register.filter
def percent(value: float | None) -> str:
    return "—" if value is None else f"{round(value * 100)}%"


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key) if mapping else None
