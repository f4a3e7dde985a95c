"""Writes for places: the ISO 3166-1 country list and the bundled groups."""

from __future__ import annotations

import gettext
from pathlib import Path

import pycountry
import yaml
from django.db import transaction

from cybercap.places.models import Country, Group, GroupMembership

GROUPS_FILE = Path(__file__).resolve().parent / "data" / "groups.yaml"
NAME_LANGUAGES = ("es", "fr", "pt")


def _translations() -> dict[str, gettext.NullTranslations]:
    return {
        language: gettext.translation(
            "iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True
        )
        for language in NAME_LANGUAGES
    }


@transaction.atomic
def countries_sync() -> int:
    """Create or refresh every ISO 3166-1 country with its names in the UI languages."""
    translations = _translations()
    rows = []
    for record in pycountry.countries:
        english = getattr(record, "common_name", None) or record.name
        names = {f"name_{lang}": tr.gettext(record.name) for lang, tr in translations.items()}
        rows.append(
            Country(
                code=record.alpha_3,
                alpha2=record.alpha_2,
                numeric=record.numeric,
                name=english,
                **names,
            )
        )
    Country.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["alpha2", "numeric", "name", "name_es", "name_fr", "name_pt"],
    )
    return len(rows)


@transaction.atomic
def groups_sync(path: Path = GROUPS_FILE) -> int:
    """Create or refresh the groups of a groups file; members not listed are removed."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    known = set(Country.objects.values_list("code", flat=True))
    for entry in data["groups"]:
        unknown = sorted(set(entry["members"]) - known)
        if unknown:
            raise ValueError(f"{path}: group {entry['slug']}: unknown country codes {unknown}")
        group, _ = Group.objects.update_or_create(
            slug=entry["slug"],
            defaults={
                "name": entry["name"],
                "kind": entry["kind"],
                "description": entry.get("description", "").strip(),
                "source": entry.get("source", "").strip(),
            },
        )
        GroupMembership.objects.filter(group=group).exclude(
            country_id__in=entry["members"]
        ).delete()
        GroupMembership.objects.bulk_create(
            [GroupMembership(group=group, country_id=code) for code in entry["members"]],
            ignore_conflicts=True,
        )
    return len(data["groups"])
