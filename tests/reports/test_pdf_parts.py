"""Long PDFs laid out in parts side by side: order, page numbers, bookmarks and links kept, and a
part whose process fails or hangs laid out again in the parent."""

from __future__ import annotations

import io
import os
import re
import time

import pytest
from pypdf import PdfReader

from cybercap.reports.documents import pdf

PAGE = """<!doctype html><html lang="fr"><head><title>{title}</title><style>
@page {{ size: A5;
  @bottom-right {{ content: "{prefix}" counter(page) "/{prefix}" counter(pages) }} }}
h1 {{ break-before: page }}</style></head><body>{body}</body></html>"""


def _part(title: str, prefix: str, chapters: int, link: str = "") -> str:
    body = "".join(
        f'<h1 id="{title}-{n}">{title} chapter {n}</h1><p>Laid out by process PID. {link}</p>'
        for n in range(1, chapters + 1)
    )
    return PAGE.format(title=title, prefix=prefix, body=body)


def _pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


@pytest.fixture
def pids(monkeypatch):  # type: ignore[no-untyped-def]
    """Each part says which process laid it out (PID in its text becomes that process's id)."""
    lay_out = pdf._pdf
    monkeypatch.setattr(pdf, "_pdf", lambda html: lay_out(html.replace("PID", str(os.getpid()))))
    return os.getpid()


def test_parts_are_laid_out_side_by_side_and_joined_in_order(pids: int):
    data, count = pdf.pdf_from_parts(
        [
            _part("report", "", 3, link='<a href="#annex-2">see the annex</a>'),
            _part("annex", "A-", 2),
        ]
    )
    pages = _pages(data)
    assert count == len(pages) == 5
    assert [re.search(r"\w+ chapter \d", text)[0] for text in pages] == [  # type: ignore[index]
        "report chapter 1",
        "report chapter 2",
        "report chapter 3",
        "annex chapter 1",
        "annex chapter 2",
    ]
    assert "3/3" in pages[2] and "A-1/A-2" in pages[3]  # each part numbers its own pages
    assert f"process {pids}." in pages[0]
    assert f"process {pids}." not in pages[3] and re.search(r"process \d+\.", pages[3])
    reader = PdfReader(io.BytesIO(data))
    titles = [item.title for item in reader.outline]
    assert titles == [f"report chapter {n}" for n in (1, 2, 3)] + [
        "annex chapter 1",
        "annex chapter 2",
    ]
    assert {"report-1", "annex-2"} <= set(reader.named_destinations)
    assert reader.metadata.title == "report" and reader.root_object["/Lang"] == "fr"


def test_a_part_whose_process_fails_is_laid_out_here(pids: int, monkeypatch, caplog):
    lay_out = pdf._pdf

    def only_here(html: str) -> tuple[bytes, int]:
        if os.getpid() != pids:
            raise RuntimeError("the other process breaks")
        return lay_out(html)

    monkeypatch.setattr(pdf, "_pdf", only_here)
    data, count = pdf.pdf_from_parts([_part("report", "", 1), _part("annex", "A-", 2)])
    pages = _pages(data)
    assert count == 3 and "annex chapter 2" in pages[2]
    assert all(f"process {pids}." in text for text in pages)
    assert "laid out again" in caplog.text


def test_a_part_whose_process_hangs_is_stopped_and_laid_out_here(pids: int, monkeypatch):
    lay_out = pdf._pdf

    def slow_elsewhere(html: str) -> tuple[bytes, int]:
        if os.getpid() != pids:
            time.sleep(600)
        return lay_out(html)

    monkeypatch.setattr(pdf, "_pdf", slow_elsewhere)
    monkeypatch.setattr(pdf, "PART_TIMEOUT", 1.0)
    data, count = pdf.pdf_from_parts([_part("report", "", 1), _part("annex", "A-", 1)])
    assert count == 2 and f"process {pids}." in _pages(data)[1]


def test_a_failure_in_the_first_part_stops_the_others(pids: int, monkeypatch):
    started: list[int] = []
    fork = pdf._fork

    def remember(html: str):  # type: ignore[no-untyped-def]
        child = fork(html)
        assert child is not None
        started.append(child[0])
        return child

    def broken_here(html: str) -> tuple[bytes, int]:
        if os.getpid() == pids:
            raise ValueError("the first part breaks")
        time.sleep(600)
        raise AssertionError("not reached: the process is stopped")

    monkeypatch.setattr(pdf, "_fork", remember)
    monkeypatch.setattr(pdf, "_pdf", broken_here)
    with pytest.raises(ValueError, match="first part"):
        pdf.pdf_from_parts([_part("report", "", 1), _part("annex", "A-", 1)])
    assert len(started) == 1
    with pytest.raises(ChildProcessError):  # stopped and reaped: no such child any more
        os.waitpid(started[0], os.WNOHANG)
