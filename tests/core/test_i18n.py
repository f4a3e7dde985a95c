"""Translations: complete catalogs for Spanish, French and Portuguese, and language choice."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

LANGUAGES = ["es", "fr", "pt"]
PACKAGE = Path(settings.PACKAGE_DIR)


def test_every_catalog_is_complete_and_compiled():
    for language in LANGUAGES:
        po_path = PACKAGE / "locale" / language / "LC_MESSAGES" / "django.po"
        catalog = polib.pofile(str(po_path))
        assert catalog.untranslated_entries() == [], f"{language}: untranslated"
        assert catalog.fuzzy_entries() == [], f"{language}: fuzzy"
        compiled = polib.mofile(str(po_path.with_suffix(".mo")))
        assert {e.msgid for e in compiled} >= {e.msgid for e in catalog.translated_entries()}, (
            f"{language}: django.mo is older than django.po (run make messages)"
        )


@pytest.mark.skipif(
    shutil.which("xgettext") is None,
    reason="xgettext missing: install Debian's gettext to check the catalogs cover every string",
)
def test_every_string_in_the_code_is_in_the_catalogs(tmp_path):
    copy = tmp_path / "cybercap"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "static"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "--no-obsolete",
            "--no-location",
            *[f"-l{language}" for language in LANGUAGES],
        ],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    for language in LANGUAGES:
        catalog = polib.pofile(str(copy / "locale" / language / "LC_MESSAGES" / "django.po"))
        missing = [entry.msgid for entry in catalog.untranslated_entries()]
        fuzzy = [entry.msgid for entry in catalog.fuzzy_entries()]
        assert missing == [] and fuzzy == [], (
            f"{language}: strings without translation {missing[:10]} fuzzy {fuzzy[:10]}: "
            "run `make messages` and translate them"
        )


@pytest.mark.django_db
def test_accept_language_picks_the_interface_language(client, reference):
    response = client.get(reverse("frameworks:list"), HTTP_ACCEPT_LANGUAGE="es")
    assert '<html lang="es">' in response.text
    assert "Marcos" in response.text or "Marco" in response.text


@pytest.mark.django_db
def test_the_language_switcher_remembers_the_choice(client, reference):
    response = client.post(reverse("set_language"), {"language": "fr", "next": "/countries/"})
    assert response.status_code == 302
    page = client.get("/countries/")
    assert '<html lang="fr">' in page.text
    assert "Dominique" in page.text
