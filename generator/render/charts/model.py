"""What a chart shows, as plain data: categories, series of numbers, their printed labels.

In: nothing but values (built from :class:`~generator.load.model.Stats` by
:mod:`generator.render.charts.from_stats`). Out: frozen, picklable records that the
drawing code turns into pixels and SVG, and that alt text and tests read. A value's
printed label (``1.5 min``, ``1,5 Min.``) is decided here, once, in the project's
locale, so the figure, the alt text and the infographic all say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass

#: The chart kinds :func:`generator.render.charts.draw.draw_chart` knows.
CHART_KINDS = ("bar", "hbar", "line", "tile")


@dataclass(frozen=True)
class Series:
    """One row of numbers over the chart's categories, with each value's printed label."""

    name: str  # "Median", "90% answered within"
    values: tuple[float, ...]
    labels: tuple[str, ...]
    tone: str = "primary"  # primary | light | accent: a theme colour role, not a hex


@dataclass(frozen=True)
class Chart:
    """One figure. ``tile`` charts show ``big`` (a figure such as ``94.2%``) and ``note``."""

    name: str  # file stem under output/charts/
    kind: str  # one of CHART_KINDS
    title: str
    subtitle: str
    categories: tuple[str, ...] = ()
    series: tuple[Series, ...] = ()
    big: str = ""
    note: str = ""
    alt: str = ""  # states the figures: "Bar chart of ...: Phone 1.5 min, ..."
    source_path: str = ""  # the stats field it shows, e.g. "first_reply"

    def text(self) -> str:
        """Every string the chart may draw: what its fonts must cover."""
        parts = [self.title, self.subtitle, self.big, self.note, *self.categories]
        for s in self.series:
            parts += [s.name, *s.labels]
        return " ".join(parts)
