"""`python -m bench [--scale 1|world]`: seed a database of its own, measure, print a table and
pass/fail lines for the targets, and write bench/results.json. See bench/README.md."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--scale", choices=["1", "world"], default="1")
    parser.add_argument("--reps", type=int, default=None, help="requests per measurement")
    parser.add_argument("--load-seconds", type=float, default=None)
    parser.add_argument("--smoke", action="store_true", help="few repetitions, no targets")
    parser.add_argument("--data-dir", default=None, help="where the benchmark database lives")
    parser.add_argument("--output", default=str(HERE / "results.json"))
    parser.add_argument(
        "--parts",
        default="pages,load,reports",
        help="what to measure, comma-separated (default: pages,load,reports)",
    )
    parser.add_argument(
        "--profile",
        metavar="NAME",
        help='profile one measurement with pyinstrument instead, e.g. "ratings workspace"',
    )
    args = parser.parse_args(argv)
    reps = args.reps or (3 if args.smoke else 30 if args.scale == "1" else 20)
    load_seconds = (
        args.load_seconds if args.load_seconds is not None else (0.5 if args.smoke else 3.0)
    )

    data_dir = Path(args.data_dir or HERE / "var" / f"scale-{args.scale}").resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    os.environ.update(
        {
            "CYBERCAP_DATA_DIR": str(data_dir),
            "DATABASE_URL": f"sqlite:///{data_dir / 'bench.sqlite3'}",
            "CYBERCAP_HTTPS": "false",
            "CYBERCAP_REQUIRE_2FA": "false",
            "CYBERCAP_BENCH": "true",
            "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "DJANGO_SETTINGS_MODULE": "cybercap.settings",
        }
    )
    os.environ.pop("DEBUG", None)
    import django

    django.setup()
    from django.core.management import call_command

    from bench import measure
    from bench.generate import generate

    started = time.perf_counter()
    print(f"Benchmark at scale {args.scale} (database in {data_dir})", flush=True)
    call_command("migrate", interactive=False, verbosity=0)
    subjects = generate(args.scale, say=lambda message: print(f"  {message}", flush=True))
    if args.profile:
        html = data_dir / f"profile-{args.profile.replace(' ', '-')}.html"
        print(measure.profile(subjects, args.profile, args.reps or 5, html))
        print(f"HTML profile written to {html}")
        return 0
    results = measure.Results(args.scale)
    parts = set(args.parts.split(","))
    if "pages" in parts:
        print("Measuring pages and API calls in-process...", flush=True)
        results.timings = measure.in_process(subjects, reps)
    if "load" in parts:
        print("Measuring throughput under load against `cybercap serve`...", flush=True)
        results.load, worker_peak = measure.under_load(subjects, load_seconds)
        results.memory_mb["server worker peak"] = worker_peak
    if "reports" in parts:
        print("Rendering reports...", flush=True)
        results.reports = measure.render_reports(subjects)
    results.memory_mb["benchmark process peak"] = measure.process_peak_mb()

    output = Path(args.output)
    earlier = json.loads(output.read_text()) if output.exists() else {}
    if not args.smoke:
        measure.check_targets(results, earlier)
    if parts != {"pages", "load", "reports"}:  # a partial run: print it, keep the results file
        _print(results)
        return 0 if all(passed for _name, passed, _measured in results.checks) else 1
    _print(results)
    print(f"\nFinished in {time.perf_counter() - started:.0f} s.")
    earlier[args.scale] = measure.as_json(results)
    output.write_text(json.dumps(earlier, indent=1, default=str) + "\n")
    print(f"Results written to {output}")
    return 0 if all(passed for _name, passed, _measured in results.checks) else 1


def _print(results) -> None:  # type: ignore[no-untyped-def]
    print(f"\n{'page or call':<22} {'queries':>7} {'median ms':>10} {'p95 ms':>9}")
    for t in results.timings:
        print(f"{t.name:<22} {t.queries:>7} {t.median_ms:>10.1f} {t.p95_ms:>9.1f}")
    print(f"\n{'under load':<22} {'req/s':>9} {'of hello':>9}")
    for item in results.load:
        print(f"{item.name:<22} {item.rps:>9.1f} {item.ratio:>9.1%}")
    print()
    for name, seconds in results.reports.items():
        print(f"{name:<22} {seconds:>7.2f} s")
    for name, mb in results.memory_mb.items():
        print(f"{name:<22} {mb:>7.1f} MB")
    if results.checks:
        print()
        for name, passed, measured in results.checks:
            print(f"{'PASS' if passed else 'FAIL'}  {name} ({measured})")


if __name__ == "__main__":
    sys.exit(main())
