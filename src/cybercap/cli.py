"""The `cybercap` command: demo, serve, worker, load-framework, load-recommendations, and
Django's own commands via `manage`."""

from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys
from collections.abc import Callable, Sequence


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cybercap.settings")
    import django

    django.setup()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cybercap", description="National cyber security capacity building platform."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = commands.add_parser("demo", help="set up the demo database and serve it")
    demo.add_argument("--seed-only", action="store_true", help="set up, then exit without serving")
    demo.add_argument("--host", default="127.0.0.1")
    demo.add_argument("--port", type=int, default=8000)

    serve = commands.add_parser("serve", help="run the production web server (granian)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=2)

    worker = commands.add_parser("worker", help="render requested reports in the background")
    worker.add_argument("--interval", type=float, default=1.0, help="seconds between polls")

    load = commands.add_parser("load-framework", help="check and load framework/crosswalk files")
    load.add_argument("files", nargs="+", metavar="FILE")

    recommend = commands.add_parser(
        "load-recommendations", help="check and load recommendation library files"
    )
    recommend.add_argument("files", nargs="+", metavar="FILE")

    manage = commands.add_parser("manage", help="run a Django management command", add_help=False)
    manage.add_argument("arguments", nargs=argparse.REMAINDER)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "demo":
        # The demo serves plain HTTP on this machine; production keeps HTTPS-only cookies.
        os.environ.setdefault("CYBERCAP_HTTPS", "false")
        # Demo logins work without an authenticator app; production requires one of admins.
        os.environ.setdefault("CYBERCAP_REQUIRE_2FA", "false")
    _setup_django()
    handler = {
        "demo": _demo,
        "serve": _serve,
        "load-framework": _load_framework,
        "load-recommendations": _load_recommendations,
        "worker": _worker,
        "manage": _manage,
    }[args.command]
    return handler(args)


def _demo(args: argparse.Namespace) -> int:
    from django.conf import settings
    from django.core.management import call_command

    from cybercap.core.demo import demo_seed

    print(f"Data directory: {settings.DATA_DIR}")
    call_command("migrate", interactive=False, verbosity=0)
    demo_seed()
    if args.seed_only:
        return 0
    print(f"\nServing Cybercap on http://{args.host}:{args.port}/  (Ctrl+C stops it)")
    # Reports render in a worker process beside the server, as in production.
    worker = subprocess.Popen([sys.executable, "-m", "cybercap.cli", "worker"])
    try:
        return _run_server(args.host, args.port, workers=1)
    finally:
        worker.terminate()
        worker.wait(timeout=10)


def _worker(args: argparse.Namespace) -> int:
    from cybercap.reports.jobs import work_forever

    print("Report worker started; it renders the documents people ask for.", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        work_forever(interval=args.interval)
    return 0


def _serve(args: argparse.Namespace) -> int:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        print(
            "The database is not up to date: run `cybercap manage migrate` first.", file=sys.stderr
        )
        return 1
    return _run_server(args.host, args.port, workers=args.workers)


def _run_server(host: str, port: int, *, workers: int) -> int:
    from granian import Granian
    from granian.constants import Interfaces

    # A few threads per worker, as many as cores: more would only queue on the interpreter.
    # Backpressure stays at granian's default: capping it at the thread count let a browser's
    # idle pre-opened connections hold every slot, so its real request never got served.
    threads = os.cpu_count() or 2
    Granian(
        "cybercap.wsgi:application",
        address=host,
        port=port,
        interface=Interfaces.WSGI,
        workers=workers,
        blocking_threads=threads,
    ).serve()
    return 0


def _load_framework(args: argparse.Namespace) -> int:
    from cybercap.frameworks.services import load_file

    return _load_files(args.files, load_file)


def _load_recommendations(args: argparse.Namespace) -> int:
    from cybercap.strategies.library import library_load

    return _load_files(args.files, library_load)


def _load_files(names: Sequence[str], load: Callable[[str], object]) -> int:
    """Load each file, printing what it did or every problem with its file and line."""
    from django.core.management import call_command

    from cybercap.frameworks.yaml_lines import FileRejected

    call_command("migrate", interactive=False, verbosity=0)
    status = 0
    for name in names:
        try:
            print(load(name))
        except FileRejected as rejected:
            for problem in rejected.problems:
                print(problem, file=sys.stderr)
            print(
                f"{name}: rejected, nothing was loaded ({len(rejected.problems)} problem(s))",
                file=sys.stderr,
            )
            status = 1
    return status


def _manage(args: argparse.Namespace) -> int:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["cybercap manage", *args.arguments])
    return 0


if __name__ == "__main__":
    sys.exit(main())
