"""Reading the one row a unique lookup finds."""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)


def unique_row(queryset: QuerySet[M]) -> M | None:
    """The row of a lookup that matches at most one (a primary or unique key), or None.

    Unlike `.first()` it adds no ORDER BY: on a model with a default ordering across a relation
    (assessments sort by country name) that was a join and a good part of compiling the query,
    on paths that run on every request (the assessment, the API token, the rating being saved)."""
    return next(iter(queryset.order_by()[:1]), None)
