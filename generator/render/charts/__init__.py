"""Support-stats charts drawn with matplotlib, themed from the brand.

Modules in pipeline order: ``model`` (what a chart shows, as data), ``from_stats``
(stats.yaml -> charts, labels in the locale), ``theme`` (brand colours and the card
font chain for matplotlib), ``draw`` (figure -> deterministic PNG/SVG bytes, or a
Pillow image for infographics). Heavy imports (matplotlib) happen inside functions,
so importing this package stays cheap.
"""

from generator.render.charts.model import CHART_KINDS, Chart, Series

__all__ = ["CHART_KINDS", "Chart", "Series"]
