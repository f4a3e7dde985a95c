"""Display helpers for regional pages."""

from __future__ import annotations

from collections import Counter

from django import template

register = template.Library()


@register.filter
def count_of(counter: Counter[int], level: int) -> int:
    return counter.get(level, 0)


@register.filter
def minus(value: float | None, other: float | None) -> float | None:
    if value is None or other is None:
        return None
    return value - other
