"""Small filters for strategy pages: mapping look-ups and money/number formatting."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

register = template.Library()


@register.filter
def get(mapping: Any, key: Any) -> Any:
    """`mapping|get:key`, for dictionaries keyed by a variable."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def money(value: Decimal | int | None) -> str:
    """Whole amounts with thousands separators: 1250000 -> 1,250,000."""
    if value is None:
        return "—"
    return f"{Decimal(value):,.0f}"


@register.filter
def number(value: Decimal | None) -> str:
    """A decimal without trailing zeros: 12.50 -> 12.5, 40.00 -> 40."""
    if value is None:
        return "—"
    text = f"{Decimal(value).normalize():f}"
    return text
