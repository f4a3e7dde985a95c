"""HTML to PDF with WeasyPrint; templates carry their own print CSS (pages, headers, TOC).

WeasyPrint lays pages out in Python, on one core, at roughly a tenth of a second a page of dense
text, so the templates are written for it: fixed table layouts, inline stage badges, list markers
inside, few inline elements per line, charts drawn with few elements (see base.html and
charts.heatmap(printed=True)). A long document whose parts number their pages on their own (the
assessment report and its annex) is laid out one part per process and joined: see
`pdf_from_templates`."""

from __future__ import annotations

import io
import logging
import os
import select
import signal
import time
from collections.abc import Sequence
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

log = logging.getLogger(__name__)
PART_TIMEOUT = 300.0  # seconds a part's process may take; after that it is laid out here instead


def css_string(text: str) -> SafeString:
    """Text for a double-quoted CSS string, e.g. a page header's `content`; safe inside <style>."""
    escaped = "".join(
        f"\\{ord(char):x} " if char in '"\\<>&' or ord(char) < 32 else char for char in text
    )
    return mark_safe(escaped)  # noqa: S308 - every character that could end the string is escaped


def pdf_from_template(template: str, context: dict[str, Any]) -> tuple[bytes, int]:
    """Render a template to PDF; returns the bytes and the page count."""
    return _pdf(render_to_string(template, _with_headers(context)))


def pdf_from_templates(
    context: dict[str, Any], parts: Sequence[tuple[str, str]]
) -> tuple[bytes, int]:
    """Render several templates with one context as one PDF, in order; returns the bytes and
    the page count. Each part is a (template, page prefix) pair: the prefix comes before its page
    numbers ("A-" gives A-1, A-2...), as it numbers its pages on its own. See `pdf_from_parts`."""
    return pdf_from_parts(
        [
            render_to_string(template, _with_headers(context, page_prefix=prefix))
            for template, prefix in parts
        ]
    )


def pdf_from_parts(parts: Sequence[str]) -> tuple[bytes, int]:
    """Lay out several HTML documents side by side and join them into one PDF, in order.

    Each part is a document of its own (its own page numbers and page counter). Every part after
    the first is laid out in a forked process while this process lays out the first; then the
    files are joined with their bookmarks and named destinations (the `id`s of the HTML). A part
    whose process fails or takes longer than PART_TIMEOUT is laid out here instead, so the
    result never depends on the other process."""
    if len(parts) == 1:
        return _pdf(parts[0])
    children = [_fork(html) for html in parts[1:]]
    try:
        first, _count = _pdf(parts[0])
    except BaseException:
        for child in children:
            if child:
                _stop(*child)
        raise
    files = [first]
    for html, child in zip(parts[1:], children, strict=True):
        data = _collect(*child) if child else None
        files.append(data if data is not None else _pdf(html)[0])
    return _join(files)


def warm_up() -> None:
    """Lay out a one-line document, so that the first report a worker renders does not also pay
    for loading fonts and WeasyPrint's own stylesheets (about half a second here)."""
    _pdf("<!doctype html><p>Cybercap</p>")


def _pdf(html: str) -> tuple[bytes, int]:
    import weasyprint

    document = weasyprint.HTML(string=html, base_url=".").render()
    return document.write_pdf(), len(document.pages)


def _fork(html: str) -> tuple[int, int] | None:
    """Start laying `html` out in a child process; returns its pid and the pipe to read, or
    None where processes cannot be forked."""
    if not hasattr(os, "fork"):
        return None
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: lay out, write the file to the pipe, and leave without cleanup
        status = 1
        try:
            os.close(read_end)
            data, _count = _pdf(html)
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(data)
            status = 0
        except BaseException:
            log.exception("laying out a part of a PDF failed")
        finally:
            os._exit(status)
    os.close(write_end)
    return pid, read_end


def _collect(pid: int, read_end: int) -> bytes | None:
    """The file a child wrote, or None if it failed or ran out of time (then it is stopped)."""
    chunks = []
    deadline = time.monotonic() + PART_TIMEOUT
    with os.fdopen(read_end, "rb", buffering=0) as pipe:
        while (left := deadline - time.monotonic()) > 0:
            ready, _w, _x = select.select([pipe], [], [], left)
            if not ready:
                continue
            chunk = pipe.read(1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
        else:
            os.kill(pid, signal.SIGKILL)
    status = os.waitpid(pid, 0)[1]
    if status != 0 or not chunks:
        log.warning("a part of a PDF failed in its own process (status %s); laid out again", status)
        return None
    return b"".join(chunks)


def _stop(pid: int, read_end: int) -> None:
    os.kill(pid, signal.SIGKILL)
    os.close(read_end)
    os.waitpid(pid, 0)


def _join(files: list[bytes]) -> tuple[bytes, int]:
    """One PDF from several, in order, with their bookmarks, named destinations and links; the
    document information and language of the first."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    writer = PdfWriter()
    readers = [PdfReader(io.BytesIO(data)) for data in files]
    for reader in readers:
        writer.append(reader)
    first = readers[0]
    if first.metadata:
        writer.add_metadata(dict(first.metadata))
    language = first.root_object.get("/Lang")
    if language is not None:
        writer.root_object[NameObject("/Lang")] = language
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue(), len(writer.pages)


def _with_headers(context: dict[str, Any], *, page_prefix: str = "") -> dict[str, Any]:
    """The page headers' text: the running title, the edition (classification), and what comes
    before page numbers (e.g. "A-" in an annex)."""
    return {
        **context,
        "header_title": css_string(str(context.get("running_title", ""))),
        "header_edition": css_string(str(context["edition_label"]).upper()),
        "header_page_prefix": css_string(page_prefix),
    }
