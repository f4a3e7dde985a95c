"""The documents Cybercap renders: each kind says who may have it, how to render it, and what
its file is called."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cybercap.reports.documents import assessment, program, regional


@dataclass(frozen=True)
class Renderer:
    formats: tuple[str, ...]
    check: Callable[[Any, str, str, dict[str, Any]], str]  # -> title; raises ReportError
    render: Callable[[Any, Callable[[int, str], None]], tuple[bytes, int | None]]
    filename: Callable[[Any], str]


RENDERERS: dict[str, Renderer] = {
    "assessment": Renderer(
        ("pdf", "docx"), assessment.check, assessment.render, assessment.filename
    ),
    "regional": Renderer(("pdf",), regional.check, regional.render, regional.filename),
    "program": Renderer(("pdf",), program.check, program.render, program.filename),
}
