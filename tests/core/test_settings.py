"""Settings come from the environment and fail loudly on bad values."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from cybercap.env import env_bool, env_int, env_list, env_str


def test_booleans_are_strict(monkeypatch):
    monkeypatch.setenv("FLAG", "true")
    assert env_bool("FLAG", False) is True
    monkeypatch.setenv("FLAG", "off")
    assert env_bool("FLAG", True) is False
    monkeypatch.setenv("FLAG", "flase")
    with pytest.raises(ImproperlyConfigured, match="not a boolean"):
        env_bool("FLAG", False)


def test_numbers_and_lists(monkeypatch):
    monkeypatch.setenv("COUNT", "12")
    assert env_int("COUNT", 1) == 12
    monkeypatch.setenv("COUNT", "twelve")
    with pytest.raises(ImproperlyConfigured):
        env_int("COUNT", 1)
    monkeypatch.setenv("HOSTS", "a.example, b.example,,")
    assert env_list("HOSTS", []) == ["a.example", "b.example"]


def test_a_secret_can_come_from_a_file(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("from-a-file\n")
    monkeypatch.setenv("SOMETHING_FILE", str(secret))
    assert env_str("SOMETHING") == "from-a-file"
    monkeypatch.setenv("SOMETHING", "also-set")
    with pytest.raises(ImproperlyConfigured, match="not both"):
        env_str("SOMETHING")


def run_settings(tmp_path: Path, code: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Import the settings in a fresh interpreter with a clean environment plus `env`."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DATABASE_URL",
            "SECRET_KEY",
            "DEBUG",
            "ALLOWED_HOSTS",
            "CYBERCAP_HTTPS",
            "CYBERCAP_DATA_DIR",
        }
    }
    clean.update(
        {"CYBERCAP_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "cybercap.settings", **env}
    )
    return subprocess.run(
        [sys.executable, "-c", code], env=clean, capture_output=True, text=True, check=False
    )


def test_the_demo_key_is_generated_once_and_kept_private(tmp_path):
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    first = run_settings(tmp_path, code)
    second = run_settings(tmp_path, code)
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout and len(first.stdout.strip()) >= 50
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_bad_values_stop_the_start_with_a_message(tmp_path):
    code = "from django.conf import settings; settings.DEBUG"
    result = run_settings(tmp_path, code, DEBUG="maybe")
    assert result.returncode != 0 and "DEBUG='maybe' is not a boolean" in result.stderr
    result = run_settings(tmp_path, code, SECRET_KEY="short")
    assert "at least 50 random characters" in result.stderr


def test_database_url_chooses_the_database(tmp_path):
    code = "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    assert "sqlite3" in run_settings(tmp_path, code).stdout
    result = run_settings(tmp_path, code, DATABASE_URL="postgres://u:p@db.example:5432/cc")
    assert "postgresql" in result.stdout


def test_production_settings_pass_the_deploy_check(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "cybercap.cli",
            "manage",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        env={
            **{
                k: v
                for k, v in os.environ.items()
                if k not in {"CYBERCAP_HTTPS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
            },
            "DEBUG": "false",
            "SECRET_KEY": "k3J9-vQ2_pX8wL5mZ1rT6yB4nC7hF0dS2aE9gU3iO5-Lw8Rt1Yq4Za7Xc0Vb",
            "ALLOWED_HOSTS": "cybercap.example",
            "CYBERCAP_DATA_DIR": str(tmp_path),
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_wsgi_application_loads_every_view_and_settles_the_garbage_collector(tmp_path):
    code = (
        "import gc, sys\n"
        "import cybercap.wsgi\n"
        "from cybercap.core.runtime import YOUNG_OBJECTS_BEFORE_COLLECTING\n"
        "assert gc.get_threshold()[0] == YOUNG_OBJECTS_BEFORE_COLLECTING, gc.get_threshold()\n"
        "assert gc.get_freeze_count() > 10_000, gc.get_freeze_count()\n"
        "assert 'cybercap.assessments.views.ratings' in sys.modules\n"
        "print('settled')\n"
    )
    result = run_settings(tmp_path, code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "settled"
