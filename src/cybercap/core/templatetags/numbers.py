"""Number formatting for long tables."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import get_format

register = template.Library()


@register.filter
def decimal1(value: Any) -> str:
    """A number with one decimal in the active language's notation (2.5, 2,5), or "" for none.

    The same result as `floatformat:1` for the values our pages show (means of stages), at a
    twentieth of its cost: a 194-country comparison formats over a thousand of them."""
    if value is None or value == "":
        return ""
    return f"{float(value):.1f}".replace(".", str(get_format("DECIMAL_SEPARATOR")))
