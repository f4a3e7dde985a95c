"""Reading the one row a unique lookup finds."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import connection
from django.db.models import ForeignKey, Model, QuerySet
from django.db.models.expressions import Col

M = TypeVar("M", bound=Model)


def unique_row(queryset: QuerySet[M]) -> M | None:
    """The row of a lookup that matches at most one (a primary or unique key), or None.

    Unlike `.first()` it adds no ORDER BY: on a model with a default ordering across a relation
    (assessments sort by country name) that was a join and a good part of compiling the query,
    on paths that run on every request (the assessment, the API token, the rating being saved)."""
    return next(iter(queryset.order_by()[:1]), None)


@dataclass(frozen=True)
class _Part:
    """One model's columns in the statement, and how the ORM converts each value it reads."""

    model: type[Model]
    attnames: tuple[str, ...]
    columns: tuple[Col, ...]
    converters: tuple[tuple[Callable[..., Any], ...], ...]

    def instance(self, values: Sequence[Any]) -> Model:
        converted = []
        for value, column, converters in zip(values, self.columns, self.converters, strict=True):
            for convert in converters:
                value = convert(value, column, connection)
            converted.append(value)
        return self.model.from_db(connection.alias, list(self.attnames), converted)


@functools.cache
def _plan(model: type[Model], relations: tuple[str, ...], vendor: str) -> tuple[str, list[_Part]]:
    """The statement reading a row of `model` and its required to-one `relations`, built from
    the models' own field lists, and the parts to rebuild instances from its values (kept per
    database vendor, whose converters differ)."""
    quote = connection.ops.quote_name
    tables: list[tuple[type[Model], str]] = [(model, "t0")]
    joins = ""
    for number, name in enumerate(relations, 1):
        field = model._meta.get_field(name)
        if not isinstance(field, ForeignKey) or field.null:
            raise ValueError(f"{model.__name__}.{name} is not a required foreign key")
        related: type[Model] = field.related_model  # type: ignore[assignment]
        tables.append((related, f"t{number}"))
        joins += (
            f" JOIN {quote(related._meta.db_table)} t{number} ON t{number}."
            f"{quote(field.target_field.column)} = t0.{quote(field.column)}"
        )
    parts, selected = [], []
    for table_model, alias in tables:
        fields = table_model._meta.concrete_fields
        columns = tuple(field.get_col(table_model._meta.db_table) for field in fields)
        converters = tuple(
            tuple(connection.ops.get_db_converters(column))
            + tuple(column.get_db_converters(connection))
            for column in columns
        )
        parts.append(_Part(table_model, tuple(f.attname for f in fields), columns, converters))
        selected += [f"{alias}.{quote(field.column)}" for field in fields]
    sql = (
        f"SELECT {', '.join(selected)} FROM {quote(model._meta.db_table)} t0{joins} "  # noqa: S608
        f"WHERE t0.{quote(model._meta.pk.column)} = %s"
    )
    return sql, parts


def row_with_relations(model: type[M], pk: Any, relations: Sequence[str]) -> M | None:
    """The row of `model` with this primary key, with its required to-one `relations` loaded,
    as `model.objects.select_related(*relations).filter(pk=pk)` reads it, or None.

    One statement written from the models' field lists, its values converted by the same
    converters the ORM uses: loading an assessment with its country and framework is the first
    read of every assessment page and API call, and building that query with the ORM took
    about a tenth of a rating save."""
    key = model._meta.pk.get_prep_value(pk)
    if isinstance(key, int):
        low, high = connection.ops.integer_field_range(model._meta.pk.get_internal_type())
        if (low is not None and key < low) or (high is not None and key > high):
            return None  # no row can have it (the ORM answers the same without asking)
    sql, parts = _plan(model, tuple(relations), connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, [key])
        values = cursor.fetchone()
    if values is None:
        return None
    start, instances = 0, []
    for part in parts:
        instances.append(part.instance(values[start : start + len(part.attnames)]))
        start += len(part.attnames)
    row, *related = instances
    for name, instance in zip(relations, related, strict=True):
        setattr(row, name, instance)
    return row  # type: ignore[return-value]
