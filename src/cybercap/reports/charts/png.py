"""Charts as PNG, for documents that cannot embed SVG (Word)."""

from __future__ import annotations

import resvg_py


def svg_png(svg: str, zoom: float = 2.0) -> bytes:
    """Render one of our SVG charts on white, at `zoom` times its size for sharp printing."""
    return bytes(resvg_py.svg_to_bytes(svg_string=svg, background="#ffffff", zoom=zoom))
