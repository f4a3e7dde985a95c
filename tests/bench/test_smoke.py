"""The benchmark, run small (scale 1, few repetitions, no targets) so it never rots."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def test_the_benchmark_runs_and_records_every_measurement(tmp_path: Path):
    output = tmp_path / "results.json"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench",
            "--smoke",
            "--data-dir",
            str(tmp_path / "data"),
            "--output",
            str(output),
        ],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    data = json.loads(output.read_text())["1"]
    expected = {
        "framework browser",
        "ratings workspace",
        "results",
        "country page",
        "regional heatmap",
        "strategy timeline",
        "rating save",
        "rating save API",
        "results API",
        "comparison API",
    }
    assert set(data["timings"]) == expected
    assert all(t["queries"] > 0 and t["median_ms"] > 0 for t in data["timings"].values())
    assert set(data["load"]) == {"hello world", "ratings workspace", "results", "rating save"}
    assert data["load"]["hello world"]["rps"] > 0 and data["load"]["rating save"]["rps"] > 0
    assert set(data["reports"]) == {"assessment PDF", "regional PDF"}
    assert data["memory_mb"]["server worker peak"] > 0
    assert "framework browser" in result.stdout and "req/s" in result.stdout


def test_a_measurement_can_be_profiled(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench",
            "--scale",
            "1",
            "--reps",
            "2",
            "--data-dir",
            str(tmp_path / "data"),
            "--profile",
            "rating save",
        ],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SQL of one call" in result.stdout and "UPDATE" in result.stdout
    assert "rating_set" in result.stdout  # the profile names our own functions
    assert list((tmp_path / "data").glob("profile-*.html"))
