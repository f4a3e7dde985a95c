"""HTML to PDF with WeasyPrint; templates carry their own print CSS (pages, headers, TOC).

WeasyPrint lays pages out in Python at roughly a tenth of a second a page of dense text, so the
templates are written for it: fixed table layouts, inline stage badges, list markers inside,
charts drawn with few elements (see base.html and charts.heatmap(printed=True))."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe


def css_string(text: str) -> SafeString:
    """Text for a double-quoted CSS string, e.g. a page header's `content`; safe inside <style>."""
    escaped = "".join(
        f"\\{ord(char):x} " if char in '"\\<>&' or ord(char) < 32 else char for char in text
    )
    return mark_safe(escaped)  # noqa: S308 - every character that could end the string is escaped


def pdf_from_template(template: str, context: dict[str, Any]) -> tuple[bytes, int]:
    """Render a template to PDF; returns the bytes and the page count."""
    import weasyprint

    html = render_to_string(template, _with_headers(context))
    document = weasyprint.HTML(string=html, base_url=".").render()
    return document.write_pdf(), len(document.pages)


def _with_headers(context: dict[str, Any]) -> dict[str, Any]:
    """The page headers' text: the running title and the edition (classification)."""
    return {
        **context,
        "header_title": css_string(str(context.get("running_title", ""))),
        "header_edition": css_string(str(context["edition_label"]).upper()),
    }
