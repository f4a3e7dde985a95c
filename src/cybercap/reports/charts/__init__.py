"""Charts drawn on the server as self-contained SVG strings, using only the standard library.

The same SVG is embedded inline in HTML pages under a strict Content-Security-Policy (so only
presentation attributes, never `style` or scripts) and in PDFs rendered by WeasyPrint. Every chart
carries a <title> and a <desc> that states its data in words for screen-reader users.
"""

from ._svg import STAGE_COLOURS
from .gantt import STATUS_COLOURS, GanttBar, gantt
from .heatmap import heatmap
from .png import svg_png
from .radar import RadarSeries, radar
from .trend import trend
from .wheel import WheelDimension, WheelFactor, stage_wheel

__all__ = [
    "STAGE_COLOURS",
    "STATUS_COLOURS",
    "GanttBar",
    "RadarSeries",
    "WheelDimension",
    "WheelFactor",
    "gantt",
    "heatmap",
    "radar",
    "stage_wheel",
    "svg_png",
    "trend",
]
