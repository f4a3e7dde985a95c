"""HTML to PDF with WeasyPrint; templates carry their own print CSS (pages, headers, TOC)."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string


def pdf_from_template(template: str, context: dict[str, Any]) -> tuple[bytes, int]:
    """Render a template to PDF; returns the bytes and the page count."""
    import weasyprint

    html = render_to_string(template, context)
    document = weasyprint.HTML(string=html, base_url=".").render()
    return document.write_pdf(), len(document.pages)
