"""Reading one row with its relations in SQL gives what the ORM's select_related gives."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cybercap.assessments.models import Assessment
from cybercap.core.rows import row_with_relations
from cybercap.frameworks.models import Framework
from cybercap.places.models import Country

pytestmark = pytest.mark.django_db


def _fields(instance) -> dict:  # type: ignore[no-untyped-def]
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def test_an_assessment_reads_as_the_orm_reads_it_with_its_country_and_framework(world):
    # Dates, times with a zone, empty and filled optional fields, JSON lists.
    Assessment.objects.filter(pk=world.draft_a.pk).update(
        mission_start=dt.date(2024, 3, 4),
        mission_end=None,
        approved_at=timezone.now().replace(microsecond=123456),
        summary="Ünïcode — summary",
    )
    assert Assessment.objects.count() > 1
    for expected in Assessment.objects.select_related("country", "framework"):
        with CaptureQueriesContext(connection) as captured:
            found = row_with_relations(Assessment, expected.pk, ["country", "framework"])
            country, framework = found.country, found.framework
        assert len(captured) == 1  # the relations came with the row
        assert _fields(found) == _fields(expected)
        assert _fields(country) == _fields(expected.country)
        assert _fields(framework) == _fields(expected.framework)
        assert isinstance(framework.scale, list) and framework.scale == expected.framework.scale
        assert found.approved_at is None or found.approved_at.tzinfo is not None
        assert not found._state.adding and found._state.db == "default"
    assert isinstance(country, Country) and isinstance(framework, Framework)


def test_a_missing_row_is_none_and_a_key_given_as_text_is_read(world):
    assert row_with_relations(Assessment, 999_999, ["country"]) is None
    assert row_with_relations(Assessment, str(world.draft_a.pk), []).pk == world.draft_a.pk


def test_only_required_foreign_keys_can_come_with_the_row():
    with pytest.raises(ValueError, match="not a required foreign key"):
        row_with_relations(Assessment, 1, ["previous"])  # may be empty: would need an outer join
    with pytest.raises(ValueError, match="not a required foreign key"):
        row_with_relations(Assessment, 1, ["ratings"])
