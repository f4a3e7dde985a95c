"""What the benchmark measures: in-process page and API timings with their SQL query counts,
throughput of the production server under concurrent load next to a bare "hello world" page,
report render times, and peak memory."""

from __future__ import annotations

import http.client
import json
import os
import resource
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from bench.generate import Subjects


@dataclass
class Timing:
    name: str
    queries: int
    median_ms: float
    p95_ms: float
    samples: int


@dataclass
class Load:
    name: str
    rps: float
    ratio: float | None = None  # of the hello-world throughput


@dataclass
class Results:
    scale: str
    timings: list[Timing] = field(default_factory=list)
    load: list[Load] = field(default_factory=list)
    reports: dict[str, float] = field(default_factory=dict)
    memory_mb: dict[str, float] = field(default_factory=dict)
    checks: list[tuple[str, bool, str]] = field(default_factory=list)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _queries_of(call: Callable[[], Any]) -> list[dict[str, str]]:
    """The SQL statements one call runs."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    connection.queries_log.clear()  # a full log (it keeps 9000 entries) would count nothing
    with CaptureQueriesContext(connection) as captured:
        call()
    return list(captured.captured_queries)  # now: the log is a window later requests move on


def in_process(subjects: Subjects, reps: int) -> list[Timing]:
    """Time every page and call in `reps` rounds, one request of each per round, rather than
    `reps` requests of one and then the next: on a shared machine whose speed drifts from one
    second to the next, a slow spell then lands on every measurement a little instead of on one
    measurement entirely; and each request follows other pages, as on a running server."""
    from cybercap.core.runtime import settle_server_process

    settle_server_process()  # as the WSGI application does in every server worker
    calls = page_calls(subjects)
    for _name, call in calls:
        call()  # warm caches the way a running server has them
    queries = {name: len(_queries_of(call)) for name, call in calls}
    samples: dict[str, list[float]] = {name: [] for name, _call in calls}
    for _round in range(reps):
        for name, call in calls:
            started = time.perf_counter()
            call()
            samples[name].append((time.perf_counter() - started) * 1000)
    return [
        Timing(
            name,
            queries[name],
            round(statistics.median(samples[name]), 2),
            round(_percentile(samples[name], 0.95), 2),
            reps,
        )
        for name, _call in calls
    ]


def page_calls(subjects: Subjects) -> list[tuple[str, Callable[[], Any]]]:
    """The measured pages and API calls, each as a function that makes one request."""
    from django.contrib.auth import get_user_model
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections
    from django.test import Client
    from django.urls import reverse

    from cybercap.access.services import token_create
    from cybercap.assessments.models import Rating

    # One connection for the whole run, as the test runner does, so queries are counted.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    users = get_user_model().objects
    admin, assessor = Client(), Client()
    admin.force_login(users.get(username=subjects.admin))
    assessor.force_login(users.get(username=subjects.assessor))

    def get(client: Client, url: str) -> Callable[[], Any]:
        def call() -> Any:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response

        return call

    rating = (
        Rating.objects.filter(
            assessment_id=subjects.assessment_id, kind="assessor", rater__username=subjects.assessor
        )
        .select_related("indicator")
        .first()
    )
    code = (
        rating.indicator.code
        if rating
        else (
            Rating.objects.filter(assessment_id=subjects.assessment_id).first().indicator.code  # type: ignore[union-attr]
        )
    )
    save_url = reverse("assessments:rating-edit", args=[subjects.assessment_id, code])
    current = Rating.objects.filter(
        assessment_id=subjects.assessment_id,
        indicator__code=code,
        kind="assessor",
        rater__username=subjects.assessor,
    ).first()
    state = {"value": "met", "version": current.version if current else 0}

    def save() -> Any:
        # Only this person saves this rating, so each save moves its version on by one.
        state["value"] = "not_met" if state["value"] == "met" else "met"
        # Sent as htmx sends the rating form: URL-encoded, not multipart.
        response = assessor.post(
            save_url,
            urlencode(
                {
                    "value": state["value"],
                    "rationale": "Benchmark",
                    "confidence": "medium",
                    "expected_version": state["version"],
                }
            ),
            content_type="application/x-www-form-urlencoded",
            HTTP_HX_REQUEST="true",
        )
        assert response.status_code == 200, response.status_code
        state["version"] = int(state["version"]) + 1
        return response

    # The same save through the API with a bearer token, as the load test below sends it.
    _token, bearer = token_create(user=users.get(username=subjects.assessor), name="bench")
    api_url = f"/api/v1/assessments/{subjects.assessment_id}/ratings/{code}"

    def save_api() -> Any:
        state["value"] = "not_met" if state["value"] == "met" else "met"
        response = assessor.put(
            api_url,
            {"value": state["value"], "expected_version": state["version"]},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {bearer}",
        )
        assert response.status_code == 200, response.status_code
        state["version"] = response.json()["version"]
        return response

    pages = [
        (
            "framework browser",
            get(admin, reverse("frameworks:detail", args=["national-capacity", "2021.1"])),
        ),
        (
            "ratings workspace",
            get(assessor, reverse("assessments:workspace", args=[subjects.assessment_id])),
        ),
        ("results", get(admin, reverse("assessments:results", args=[subjects.final_id]))),
        ("country page", get(admin, reverse("places:country-detail", args=[subjects.country]))),
        ("regional heatmap", get(admin, reverse("regional:comparison", args=[subjects.group]))),
        (
            "strategy timeline",
            get(admin, reverse("strategies:timeline", args=[subjects.strategy_id])),
        ),
        ("rating save", save),
        ("rating save API", save_api),
        ("results API", get(admin, f"/api/v1/assessments/{subjects.final_id}/results")),
        ("comparison API", get(admin, f"/api/v1/groups/{subjects.group}/comparison")),
    ]
    return pages


def report_calls(subjects: Subjects) -> list[tuple[str, Callable[[], Any]]]:
    """The measured reports, each as a function that renders it once."""
    from django.contrib.auth import get_user_model

    from cybercap.reports.documents import RENDERERS
    from cybercap.reports.models import ReportJob

    admin = get_user_model().objects.get(username=subjects.admin)
    calls = []
    for name, kind, subject, edition in [
        ("assessment PDF", "assessment", str(subjects.final_id), "restricted"),
        ("regional PDF", "regional", subjects.group, "public"),
    ]:
        job = ReportJob(
            kind=kind, format="pdf", subject=subject, edition=edition, requested_by=admin
        )

        def call(job: ReportJob = job, kind: str = kind) -> Any:
            return RENDERERS[kind].render(job, lambda _percent, _step: None)

        calls.append((name, call))
    return calls


def render_reports(subjects: Subjects) -> dict[str, float]:
    from cybercap.reports.documents.pdf import warm_up

    warm_up()  # as the report worker does when it starts
    times = {}
    for name, call in report_calls(subjects):
        started = time.perf_counter()
        call()
        times[name] = round(time.perf_counter() - started, 2)
    return times


def profile(subjects: Subjects, name: str, reps: int, output: Path) -> str:
    """Profile one measured page, call or report with pyinstrument (after a warm-up call); write
    an HTML profile to `output` and return the text one, after the SQL that one call ran."""
    from pyinstrument import Profiler

    calls = dict(page_calls(subjects) + report_calls(subjects))
    if name not in calls:
        raise SystemExit(f"Nothing measured is called {name!r}; choose from: {', '.join(calls)}")
    call = calls[name]
    call()
    found = _queries_of(call)
    statements = "\n".join(
        f"{i:>3}. {q['time']:>6}s  {q['sql'][:300]}" for i, q in enumerate(found, 1)
    )
    profiler = Profiler(interval=0.0005)
    with profiler:
        for _ in range(reps):
            call()
    output.write_text(profiler.output_html())
    text = profiler.output_text(unicode=True, color=False)
    return f"SQL of one call ({len(found)} queries):\n{statements}\n{text}"


# Load against the production server ------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
                found += _children(int(entry.name))
    return found


def _peak_rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _hammer(
    port: int,
    request: Callable[[http.client.HTTPConnection, int], bool],
    seconds: float,
    threads: int,
) -> float:
    """Requests per second that `threads` keep-alive clients get through in `seconds`."""
    done = [0] * threads
    deadline = time.perf_counter() + seconds

    def run(index: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        count = 0
        while time.perf_counter() < deadline:
            if request(connection, index):
                count += 1
        done[index] = count
        connection.close()

    workers = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return sum(done) / (time.perf_counter() - started)


def under_load(subjects: Subjects, seconds: float, threads: int = 8) -> tuple[list[Load], float]:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from cybercap.access.services import token_create
    from cybercap.assessments.models import Rating

    users = get_user_model().objects
    cookies = {}
    for name in (subjects.admin, subjects.assessor):
        client = Client()
        client.force_login(users.get(username=name))
        cookies[name] = client.cookies["sessionid"].value
    _token, bearer = token_create(user=users.get(username=subjects.assessor), name="bench")
    codes = list(
        Rating.objects.filter(
            assessment_id=subjects.assessment_id, kind="assessor", rater__username=subjects.assessor
        ).values_list("indicator__code", "version")
    )
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "cybercap.cli", "serve", "--port", str(port), "--workers", "2"],
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(200):
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                connection.request("GET", "/health/")
                if connection.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("the server did not start")

        def page(path: str, user: str | None) -> Callable[[http.client.HTTPConnection, int], bool]:
            headers = {"Cookie": f"sessionid={cookies[user]}"} if user else {}

            def call(connection: http.client.HTTPConnection, _index: int) -> bool:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                return response.status == 200

            return call

        versions = {code: version for code, version in codes}
        owned = [list(versions)[i::threads] for i in range(threads)]
        flips = [0] * threads

        def save(connection: http.client.HTTPConnection, index: int) -> bool:
            code = owned[index][flips[index] % len(owned[index])]
            flips[index] += 1
            body = json.dumps(
                {
                    "value": "met" if flips[index] % 2 else "not_met",
                    "expected_version": versions[code],
                }
            )
            connection.request(
                "PUT",
                f"/api/v1/assessments/{subjects.assessment_id}/ratings/{code}",
                body=body,
                headers={"Authorization": f"Bearer {bearer}", "Content-Type": "application/json"},
            )
            response = connection.getresponse()
            payload = response.read()
            if response.status == 200:
                versions[code] = json.loads(payload)["version"]
                return True
            return False

        targets = [
            ("hello world", page("/bench/hello/", None)),
            (
                "ratings workspace",
                page(f"/assessments/{subjects.assessment_id}/ratings/", subjects.assessor),
            ),
            ("results", page(f"/assessments/{subjects.final_id}/results/", subjects.admin)),
            ("rating save", save),
        ]
        loads = []
        for name, call in targets:
            call(http.client.HTTPConnection("127.0.0.1", port, timeout=30), 0)  # warm up
            loads.append(Load(name, round(_hammer(port, call, seconds, threads), 1)))
        hello = loads[0].rps or 1.0
        for item in loads:
            item.ratio = round(item.rps / hello, 4)
        peak = max([_peak_rss_mb(pid) for pid in [server.pid, *_children(server.pid)]] or [0.0])
        return loads, round(peak, 1)
    finally:
        server.terminate()
        server.wait(timeout=20)


# Targets --------------------------------------------------------------------------------------


def check_targets(results: Results, earlier: dict[str, Any]) -> None:
    checks = results.checks
    timings = {t.name: t for t in results.timings}
    for timing in results.timings:
        checks.append(
            (f"{timing.name}: at most 15 queries", timing.queries <= 15, f"{timing.queries}")
        )
    for name in ("ratings workspace", "results"):
        if name in timings:
            t = timings[name]
            checks.append(
                (f"{name}: median at most 50 ms in-process", t.median_ms <= 50, f"{t.median_ms} ms")
            )
    if "rating save" in timings:
        save = timings["rating save"]
        checks.append(
            ("rating save: median at most 15 ms", save.median_ms <= 15, f"{save.median_ms} ms")
        )
    loads = {item.name: item for item in results.load}
    for name, share in (("ratings workspace", 0.03), ("results", 0.03), ("rating save", 0.10)):
        if name in loads and loads[name].ratio is not None:
            ratio = loads[name].ratio or 0.0
            checks.append(
                (
                    f"{name}: at least {share:.0%} of hello-world throughput",
                    ratio >= share,
                    f"{ratio:.1%}",
                )
            )
    small = earlier.get("1", {}).get("timings", {})
    for name in ("regional heatmap", "comparison API"):
        if results.scale != "world" or name not in timings:
            continue
        comparison = timings[name]
        checks.append(
            (
                f"regional comparison (world), {name}: median at most 150 ms",
                comparison.median_ms <= 150,
                f"{comparison.median_ms} ms",
            )
        )
        if name in small:
            same = small[name]["queries"] == comparison.queries
            checks.append(
                (
                    f"regional comparison, {name}: same query count at scale 1 and world",
                    same,
                    f"{small[name]['queries']} / {comparison.queries}",
                )
            )
    if "assessment PDF" in results.reports:
        seconds = results.reports["assessment PDF"]
        checks.append(("assessment PDF: at most 3 s", seconds <= 3, f"{seconds} s"))
    if "regional PDF" in results.reports:
        seconds = results.reports["regional PDF"]
        checks.append(("regional PDF: at most 8 s", seconds <= 8, f"{seconds} s"))
    if "server worker peak" in results.memory_mb:
        peak = results.memory_mb["server worker peak"]
        checks.append(("peak memory of a worker: at most 400 MB", peak <= 400, f"{peak} MB"))


def process_peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def as_json(results: Results) -> dict[str, Any]:
    data = asdict(results)
    data["timings"] = {t["name"]: t for t in data["timings"]}
    data["load"] = {item["name"]: item for item in data["load"]}
    data["checks"] = [{"target": c[0], "passed": c[1], "measured": c[2]} for c in results.checks]
    return data
