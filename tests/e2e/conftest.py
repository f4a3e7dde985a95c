"""Browser tests: Playwright drives Debian's Chromium against a live server."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# The live server runs in a thread beside Playwright's event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):  # type: ignore[no-untyped-def]
    for item in items:
        if "e2e" in item.path.parts:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):  # type: ignore[no-untyped-def]
    if not CHROMIUM.exists():
        pytest.skip(
            f"browser tests need Chromium at {CHROMIUM}: install Debian's chromium "
            "package (make test does it when run as root)"
        )
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
        ],
    }


@pytest.fixture(scope="session")
def live_server(request):  # type: ignore[no-untyped-def]
    """pytest-django's live server, built while plain HTTP is allowed: its middleware reads the
    HTTPS settings once, when the server starts."""
    from django.test.utils import override_settings
    from pytest_django.live_server_helper import LiveServer

    with override_settings(
        SECURE_SSL_REDIRECT=False, SESSION_COOKIE_SECURE=False, CSRF_COOKIE_SECURE=False
    ):
        server = LiveServer("localhost")
        yield server
        # The browser has closed (see `browser`): let the request threads finish closing their
        # connections while the test database is still shared with them.
        for thread in threading.enumerate():
            if "process_request_thread" in thread.name:
                thread.join(timeout=5)
        server.stop()


@pytest.fixture(scope="session")
def browser(live_server, browser):  # type: ignore[no-untyped-def]
    """pytest-playwright's browser, closed before the live server stops: closing it ends its
    keep-alive connections, and the server's request threads then close their database
    connection, which they may only do while the server still shares it."""
    yield browser


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
