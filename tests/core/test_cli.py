"""The `cybercap` command: load-framework and the demo set-up, run as a person would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.frameworks.test_loader import VALID


def cybercap(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "CYBERCAP_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
    }
    return subprocess.run(
        [sys.executable, "-m", "cybercap.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):  # type: ignore[no-untyped-def]
    directory = tmp_path_factory.mktemp("demo")
    result = cybercap(directory, "demo", "--seed-only")
    assert result.returncode == 0, result.stderr
    return directory, result


def test_the_demo_seeds_reference_data_and_prints_its_users(seeded):
    _, result = seeded
    assert "Countries: 249" in result.stdout
    assert "national-capacity 2021.1: created" in result.stdout
    for username in ["program", "dominica", "assessor", "reviewer", "analyst", "jamaica"]:
        assert f"  {username}" in result.stdout
    assert "cybercap-demo" in result.stdout


def test_running_the_demo_again_changes_nothing(seeded):
    directory, _ = seeded
    again = cybercap(directory, "demo", "--seed-only")
    assert again.returncode == 0, again.stderr
    assert "created" not in again.stdout and "unchanged" in again.stdout


def test_load_framework_reports_problems_and_exits_non_zero(seeded):
    directory, _ = seeded
    broken = directory / "broken.yaml"
    broken.write_text(VALID.replace("stage: 3", "stage: 7"))
    result = cybercap(directory, "load-framework", str(broken))
    assert result.returncode == 1
    assert f"{broken}:21: unknown stage 7 (stages are 1-3)" in result.stderr
    assert "nothing was loaded" in result.stderr


def test_load_framework_loads_a_good_file(seeded):
    directory, _ = seeded
    good = directory / "tiny.yaml"
    good.write_text(VALID)
    result = cybercap(directory, "load-framework", str(good))
    assert result.returncode == 0, result.stderr
    assert "tiny-model 1.0: created (3 nodes, 3 indicators)" in result.stdout


def test_manage_passes_through_to_django(seeded):
    directory, _ = seeded
    result = cybercap(directory, "manage", "showmigrations", "frameworks")
    assert result.returncode == 0 and "[X] 0001_initial" in result.stdout


def test_serve_refuses_a_database_that_is_not_migrated(tmp_path):
    result = cybercap(tmp_path, "serve", "--port", "8799")
    assert result.returncode == 1
    assert "cybercap manage migrate" in result.stderr


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_idle_connections_do_not_starve_the_production_server(seeded):
    """Browsers open spare connections before they need them; a request must still be served
    while more idle connections are open than the server has threads."""
    import socket
    import time
    import urllib.request

    directory, _ = seeded
    port = _free_port()
    env = {
        **os.environ,
        "CYBERCAP_DATA_DIR": str(directory),
        "DATABASE_URL": f"sqlite:///{directory / 'cli.sqlite3'}",
        "CYBERCAP_HTTPS": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "cybercap.cli", "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    idle: list[socket.socket] = []
    try:
        for _ in range(100):  # wait for the server to listen
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(8)]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=10) as response:
            assert response.status == 200
    finally:
        for connection in idle:
            connection.close()
        server.terminate()
        server.wait(timeout=10)
