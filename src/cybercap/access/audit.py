"""Recording writes in the audit log, inside the transaction of the write itself."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models

from cybercap.access.models import AuditEntry


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The current values of some fields, as JSON-friendly text."""
    values: dict[str, Any] = {}
    for name in fields:
        value = getattr(obj, f"{name}_id" if _is_relation(obj, name) else name)
        values[name] = value if isinstance(value, int | float | bool | type(None)) else str(value)
    return values


def _is_relation(obj: models.Model, name: str) -> bool:
    field = obj._meta.get_field(name)
    return bool(field.is_relation and field.many_to_one)


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    country: Any = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Add an audit entry; `before`/`after` are reduced to the fields that changed."""
    before = dict(before or {})
    after = dict(after or {})
    changed = {
        name: [before.get(name), after.get(name)]
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name)
    }
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_label=str(obj)[:300],
        country=country,
        changes=changed,
    )
