"""Draw a :class:`Chart` with matplotlib: no legend, no box, every figure written on it.

In: a chart, a :class:`ChartTheme` and a :class:`Frame` (pixel size, the text scale of
the canvas it will sit on, whether the figure carries its own title). Out: a matplotlib
``Figure`` (object API only: no pyplot, no global state, safe in worker processes) and
PNG/SVG bytes from it. Byte-stable: the SVG ids come from a fixed hash salt and the
metadata has no date; the PNG has no Software or date chunk.

Why it does not look like matplotlib: no top/right/left spines, no ticks, no legend
(series are named on the bars themselves), no y axis where every value is printed,
brand fonts and colours, generous margins measured in pixels rather than fractions.
Text sizes are "design pixels" at a 1080 px wide canvas, as in the card designs.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from generator.i18n import localefmt as lf
from generator.i18n.locales import is_rtl
from generator.i18n.words import words
from generator.render.charts.from_stats import partial_alt
from generator.render.charts.model import Chart, Series
from generator.render.charts.theme import ChartTheme
from generator.render.color import contrast, luminance, parse_color

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

#: Design px (at a 1080 px wide canvas) of each text role.
SIZES = {"title": 46, "subtitle": 28, "category": 28, "value": 32, "unit": 22, "series": 24,
         "big": 230, "note": 36}
DPI = 100
SVG_SALT = "selfserve"


@dataclass(frozen=True)
class Frame:
    width: int  # px
    height: int  # px
    scale: float  # canvas width / 1080: text sizes follow the canvas, not the chart box
    titles: bool = True  # False when an infographic draws the title as a card text layer
    #: The least share of ``scale`` a bar chart's text may shrink to so its groups sit side
    #: by side; below it the chart is drawn as horizontal bars. A screen tolerates 80%; a
    #: printed guide, whose half-page panel is already at its smallest legible size, none.
    min_scale: float = 0.8


def _pt(frame: Frame, role: str, k: float = 1.0) -> float:
    """Design px -> matplotlib points at DPI."""
    return SIZES[role] * frame.scale * k * 72 / DPI


def _px(frame: Frame, design_px: float) -> float:
    return design_px * frame.scale


def _split(label: str, value_text: str | None = None) -> tuple[str, str]:
    """``1.5 mins`` -> (``1.5``, ``mins``): the number large, its unit small beneath."""
    parts = label.replace("\u00a0", " ").replace("\u202f", " ").split(" ", 1)
    if len(parts) == 2 and any(ch.isdigit() for ch in parts[0]):
        return parts[0], parts[1]
    if len(parts) == 2 and any(ch.isdigit() for ch in parts[1]):
        return parts[1], parts[0]
    return label, ""


class _Painter:
    def __init__(self, chart: Chart, theme: ChartTheme, frame: Frame):
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        self.chart, self.theme, self.frame = chart, theme, frame
        self.fig = Figure(figsize=(frame.width / DPI, frame.height / DPI), dpi=DPI,
                          facecolor=theme.background)
        self.canvas = FigureCanvasAgg(self.fig)  # measures text (Agg's renderer)
        self.W, self.H = frame.width, frame.height
        self.font = {"family": list(theme.families)}

        self.rtl = is_rtl(theme.locale)

    # -- helpers ----------------------------------------------------------------------
    def color(self, tone: str) -> str:
        return {"primary": self.theme.primary, "light": self.theme.light,
                "accent": self.theme.accent}.get(tone, self.theme.primary)

    def text(self, x: float, y: float, s: str, role: str, *, color: str | None = None,
             bold: bool = False, ha: str = "left", va: str = "baseline", gid: str | None = None,
             transform: Any = None, k: float = 1.0, **kw: Any):
        t = self.fig.text(x, y, s, fontsize=_pt(self.frame, role, k), color=color or self.theme.text,
                          fontweight="bold" if bold else "normal", ha=ha, va=va,
                          transform=transform or self.fig.transFigure, fontfamily=self.font["family"],
                          **kw)
        if gid:
            t.set_gid(gid)
        return t

    def header(self) -> float:
        """Draw title and subtitle; return the px from the top they use."""
        f = self.frame
        pad = _px(f, 40)
        if not f.titles:
            return header_px(self.chart, f)
        top = pad + _px(f, SIZES["title"])
        # Right-to-left locales read the title from the right edge.
        x, ha = (1 - _px(f, 48) / self.W, "right") if self.rtl else (_px(f, 48) / self.W, "left")
        self.text(x, 1 - top / self.H, self.chart.title, "title", bold=True, gid="title", ha=ha)
        y = top
        if self.chart.subtitle:
            y += _px(f, SIZES["subtitle"] * 1.6)
            self.text(x, 1 - y / self.H, self.chart.subtitle, "subtitle", color=self.theme.muted,
                      gid="subtitle", ha=ha)
        return header_px(self.chart, f)

    def axes(self, left: float, top: float, right: float, bottom: float):
        """An axes at pixel margins, stripped of everything but the baseline."""
        ax = self.fig.add_axes((left / self.W, bottom / self.H, (self.W - left - right) / self.W,
                                (self.H - top - bottom) / self.H))
        ax.set_facecolor(self.theme.background)
        for side in ("top", "right", "left", "bottom"):
            ax.spines[side].set_visible(False)
        ax.tick_params(length=0, colors=self.theme.muted, labelsize=_pt(self.frame, "category"))
        for lab in ax.get_xticklabels() + ax.get_yticklabels():
            lab.set_fontfamily(self.font["family"])
        return ax

    def label_font(self, ax: Any) -> None:
        for lab in ax.get_xticklabels() + ax.get_yticklabels():
            lab.set_fontfamily(self.font["family"])
            lab.set_color(self.theme.muted)

    # -- kinds ------------------------------------------------------------------------
    def bar(self) -> None:
        f, ch = self.frame, self.chart
        # Room above the tallest bar for its value, unit and (when named there) series name.
        top = self.header() + _px(f, 24 + SIZES["value"] * 1.25 + SIZES["unit"] * 1.15
                                  + (SIZES["series"] * 1.3 if len(ch.series) > 1 else 0))
        bottom = _px(f, 40 + SIZES["category"] * 1.2 * 2)
        ax = self.axes(_px(f, 48), top, _px(f, 48), bottom)
        n, m = len(ch.categories), len(ch.series)
        width = 0.8 / max(1, m)
        peak = max((v for s in ch.series for v in s.values), default=1) or 1
        ax.set_xlim((n - 0.5, -0.5) if self.rtl else (-0.5, n - 0.5))
        ax.set_ylim(0, peak * 1.02)
        ax.set_yticks([])
        ax.set_xticks(range(n), [_wrap(c) for c in ch.categories])
        self.label_font(ax)
        ax.spines["bottom"].set_visible(True)
        ax.spines["bottom"].set_color(self.theme.grid)
        ax.spines["bottom"].set_linewidth(max(1.0, _px(f, 2)) * 72 / DPI)
        ax.tick_params(axis="x", pad=_px(f, 12) * 72 / DPI)
        # Name the series on the bars of the group with the most room inside its bars.
        named = max(range(n), key=lambda i: min(s.values[i] for s in ch.series)) if n else 0
        px_per_unit = (self.H - top - bottom) / (peak * 1.02)
        columns = []
        for si, s in enumerate(ch.series):
            xs = [i + (si - (m - 1) / 2) * width for i in range(n)]
            color = self.color(s.tone)
            ax.bar(xs, s.values, width=width * 0.92, color=color, zorder=2,
                   gid=f"bars-{si}")
            for ci, (x, v, lab) in enumerate(zip(xs, s.values, s.labels)):
                num, unit = _split(lab)
                gap = _px(f, 8) * 72 / DPI
                columns.append(((si, ci), x, v, self._value(ax, x, v, num, unit, si, ci, gap)))
        if m > 1:
            for si, s in enumerate(ch.series):
                self._series_name(ax, si, s, named, columns, px_per_unit, width)

    def _value(self, ax: Any, x: float, v: float, num: str, unit: str, si: int, ci: int,
               gap: float) -> list[Any]:
        """Draw a bar's number with its unit beneath; return the texts drawn."""
        f = self.frame
        t = ax.annotate(num, (x, v), xytext=(0, gap + (_px(f, SIZES["unit"] * 1.15) * 72 / DPI
                                                         if unit else 0)),
                        textcoords="offset points", ha="center", va="bottom",
                        fontsize=_pt(f, "value"), fontweight="bold", color=self.theme.text,
                        fontfamily=self.font["family"], annotation_clip=False)
        t.set_gid(f"value-{si}-{ci}")
        if not unit:
            return [t]
        u = ax.annotate(unit, (x, v), xytext=(0, gap), textcoords="offset points",
                        ha="center", va="bottom", fontsize=_pt(f, "unit"),
                        color=self.theme.muted, fontfamily=self.font["family"],
                        annotation_clip=False)
        u.set_gid(f"unit-{si}-{ci}")
        return [t, u]

    def _series_name(self, ax: Any, si: int, s: Series, named: int,
                     columns: list[tuple[tuple[int, int], float, float, list[Any]]],
                     px_per_unit: float, width: float) -> None:
        """Name series ``si`` once: inside its bar in the group ``named`` when the bar is
        tall enough, else above one of its bars' values where the name clears every other
        bar and label (beside a taller neighbour, "Median" ran into its bar)."""
        f = self.frame
        mine = {ci: (x, v) for (sj, ci), x, v, _t in columns if sj == si}
        x, v = mine[named]
        need = _px(f, SIZES["series"]) * (len(s.name) * 0.62) + _px(f, 24)
        fill = parse_color(self.color(s.tone))
        ink = "#FFFFFF" if contrast(fill, (255, 255, 255)) >= contrast(fill, parse_color(
            self.theme.text)) else self.theme.text
        if v * px_per_unit >= need:
            t = ax.annotate(s.name, (x, 0), xytext=(0, _px(f, 14) * 72 / DPI),
                            textcoords="offset points", rotation=90, ha="center", va="bottom",
                            fontsize=_pt(f, "series"), fontweight="bold", color=ink,
                            fontfamily=self.font["family"], zorder=3)
            t.set_gid(f"series-{s.name}")
            return
        # No room inside the bar: the name goes above a value, muted and small.
        r = self.canvas.get_renderer()
        clear = _px(f, 6)
        bars = [p.get_window_extent(r) for p in ax.patches]
        above = _px(f, 8 + SIZES["value"] * 1.25 + SIZES["unit"] * 1.15) * 72 / DPI
        order = [named] + sorted((ci for ci in mine if ci != named), key=lambda ci: -mine[ci][1])
        labels = [(key, o.get_window_extent(r)) for key, _x, _v, texts in columns for o in texts]
        names = [o.get_window_extent(r) for o in ax.texts if str(o.get_gid()).startswith("series-")]

        def place(ci: int) -> Any:
            x, v = mine[ci]
            t = ax.annotate(s.name, (x, v), xytext=(0, above), textcoords="offset points",
                            ha="center", va="bottom", fontsize=_pt(f, "series", 0.9),
                            color=self.theme.muted, fontfamily=self.font["family"],
                            annotation_clip=False)
            t.set_gid(f"series-{s.name}")
            return t

        for ci in order:
            t = place(ci)
            box = t.get_window_extent(r)
            near = bars + names + [b for key, b in labels if key != (si, ci)]
            if not any(_near(box, b, clear, clear) for b in near):
                return
            t.remove()
        place(named)  # none is clear: where the bars have the most room, as before

    def hbar(self) -> None:
        """Horizontal bars: one per category, or a group per category for several series
        (then the row with the most room names each series after its value)."""
        fit = rows_fit(self.chart, self.frame, lambda text: self.extent(text, "category"))
        self.frame = fit.frame
        f, ch = self.frame, self.chart
        top = self.header()
        m, n = len(ch.series), len(ch.categories)
        # One series reads best sorted; grouped series keep the author's order. Rows that
        # do not fit (12 topics in a story's slot) are counted on a line of their own.
        order = _row_order(ch)[:fit.rows]
        dropped, n = n - len(order), len(order)
        bottom = _px(f, 32) + (_more_px(f) if dropped else 0)
        cats = [ch.categories[i] for i in order]
        r = self.canvas.get_renderer()
        width = self.width
        # Grouped rows put their category above the bars, so the bars get the full width.
        above = m > 1
        # A long category goes on up to three even lines, and smaller (or, past three
        # quarters, shortened with an ellipsis) where a line is still wider than its column:
        # a 54-letter topic made the bars' width negative, and the chart failed.
        labels, k_cat = self.row_labels(cats, [fit.lines[i] for i in order],
                                        f.width * LABEL_SHARE, above)
        widest = 0.0 if above else max((width(line, "category", k_cat) for c in labels
                                        for line in c.split("\n")), default=0)
        # A grouped row's value is as tall as its bar at most, or it reaches over the longer
        # bar beside it (Arabic letters, deeper than Latin ones, touched it in the guide).
        vk = 1.0
        if above:
            row_px, label_frac = _rows(f, top, n, bottom)
            pitch = (0.92 - label_frac) / fit.series * row_px
            vk = min(0.8, 0.75 * pitch / _px(f, SIZES["value"]))
        value_w = max((width(lab, "value", bold=True) * vk for s in ch.series
                       for lab in s.labels), default=0)
        left = _px(f, 48) + (widest + _px(f, 20) if widest else 0)
        # The bars keep a fifth of the width whatever the labels and values need.
        right = min(_px(f, 48) + value_w + _px(f, 14), max(0.0, self.W * 0.8 - left))
        if self.rtl:  # mirrored: labels on the right, bars grow leftwards
            left, right = right, left
        ax = self.axes(left, top, right, bottom)
        # Row i is units[i] tall (a label on two lines makes its row taller, not every
        # row), centred at rows[i]; with one-line rows these are 0, 1, 2 ... as ever.
        units = [1.0] * n if above else [
            _row_need(f, 1, False, fit.lines[i], fit.tall) / _row_need(f, 1, False, 1, fit.tall)
            for i in order]
        rows = [sum(units[:i]) + units[i] / 2 - 0.5 for i in range(n)]
        ax.set_ylim(sum(units) - 0.5, -0.5)
        peak = max((s.values[i] for s in ch.series for i in order), default=1) or 1
        ax.set_xlim((peak, 0) if self.rtl else (0, peak))
        ax.set_xticks([])
        if self.rtl:
            ax.yaxis.tick_right()
        if above:
            ax.set_yticks([])
            # Row fractions from pixels: the label takes its line height, bars the rest.
            row_px, label_frac = _rows(f, top, n, bottom)
            for i, (cat, k, deep) in enumerate(self.line_labels(cats, self.W - 2 * _px(f, 48))):
                # On the label band's baseline; a label whose line box is deeper than
                # Latin's (Arabic's descending letters touched the bar below) sits on the
                # band's bottom instead.
                y = i - 0.5 + label_frac * (0.97 if deep else 0.78)
                t = ax.annotate(cat, (1.0 if self.rtl else 0.0, y),
                                xycoords=("axes fraction", "data"), ha="right" if self.rtl else "left",
                                va="bottom" if deep else "baseline", fontsize=_pt(f, "category", k),
                                color=self.theme.text, fontfamily=self.font["family"],
                                annotation_clip=False)
                t.set_gid(f"category-{order[i]}")
        else:
            ax.set_yticks(rows, labels)
            self.label_font(ax)
            for lab in ax.get_yticklabels():
                lab.set_color(self.theme.text)
                lab.set_fontsize(_pt(f, "category", k_cat))
            ax.tick_params(axis="y", pad=_px(f, 20) * 72 / DPI)
        series = list(ch.series)
        if above:  # grouped rows: bars fill the row below their category label
            band = 0.92 - label_frac
            series = series[:fit.series]
            height = band / len(series)
            centre = -0.5 + label_frac + 0.02 + band / 2
        else:
            height, centre = 0.72 / m, 0.0
        m = len(series)
        peak = max((s.values[i] for s in series for i in order), default=1) or 1
        ax.set_xlim((peak, 0) if self.rtl else (0, peak))
        named = min(range(n), key=lambda i: max(s.values[order[i]] for s in ch.series)) \
            if len(ch.series) > 1 else -1
        if dropped:
            more = words(self.theme.locale)["chart_more"].format(
                count=lf.count(dropped, self.theme.locale))
            x, ha = (1 - _px(f, 48) / self.W, "right") if self.rtl else (_px(f, 48) / self.W, "left")
            self.text(x, (_px(f, 24) + _px(f, SIZES["category"]) * 0.3) / self.H, more,
                      "category", color=self.theme.muted, ha=ha, gid="more", k=k_cat)
        sign = -1 if self.rtl else 1
        for si, s in enumerate(series):
            ys = [rows[i] + centre + (si - (m - 1) / 2) * height for i in range(n)]
            vals = [s.values[i] for i in order]
            ax.barh(ys, vals, height=height * 0.9, color=self.color(s.tone), zorder=2,
                    gid=f"bars-{si}")
            for i, (y, v) in enumerate(zip(ys, vals)):
                lab = s.labels[order[i]]
                t = ax.annotate(lab, (v, y), xytext=(sign * _px(f, 14) * 72 / DPI, 0),
                                textcoords="offset points", ha="right" if self.rtl else "left",
                                va="center", fontsize=_pt(f, "value", vk),
                                fontweight="bold", color=self.theme.text,
                                fontfamily=self.font["family"], annotation_clip=False)
                t.set_gid(f"value-{si}-{order[i]}")
                if i == named:
                    gap = t.get_window_extent(r).width * 72 / DPI + _px(f, 26) * 72 / DPI
                    name = ax.annotate(s.name, (v, y), xytext=(sign * gap, 0),
                                       textcoords="offset points",
                                       ha="right" if self.rtl else "left", va="center",
                                       fontsize=_pt(f, "series"), color=self.theme.muted,
                                       fontfamily=self.font["family"], annotation_clip=False)
                    name.set_gid(f"series-{s.name}")
                    self._name_clear(ax, name, s, i, label_frac if above else None)

    def _name_clear(self, ax: Any, name: Any, s: Series, row: int, label_frac: float | None) -> None:
        """A series name after the value of a full-length bar (every channel 24 hours)
        runs off the figure: it moves to the far end of its row's label line where that is
        free, and is left out where it is not (the bars' colours still tell them apart)."""
        r = self.canvas.get_renderer()
        box, edge = name.get_window_extent(r), _px(self.frame, 8)
        if box.x0 >= edge and box.x1 <= self.W - edge:
            return
        name.remove()
        if label_frac is None:
            return
        moved = ax.annotate(s.name, (0.0 if self.rtl else 1.0, row - 0.5 + label_frac * 0.78),
                            xycoords=("axes fraction", "data"), ha="left" if self.rtl else "right",
                            va="baseline", fontsize=_pt(self.frame, "series"),
                            color=self.theme.muted, fontfamily=self.font["family"],
                            annotation_clip=False)
        moved.set_gid(f"series-{s.name}")
        mine = moved.get_window_extent(r)
        others = [o.get_window_extent(r) for o in ax.texts if o is not moved]
        if mine.x0 < edge or mine.x1 > self.W - edge or any(_near(mine, b, edge) for b in others):
            moved.remove()


    def line(self) -> None:
        f, ch = self.frame, self.chart
        top = self.header() + _px(f, 70)
        s = ch.series[0]
        n = len(ch.categories)
        bottom = _px(f, 40 + SIZES["category"] * 1.3)
        side = _px(f, 48 + SIZES["value"] * 1.4)
        ax = self.axes(side, top, side, bottom)
        lo, hi = min(s.values), max(s.values)
        # An area's height is read as the amount: its floor is zero, or a week of 388 looks
        # like a quarter of a week of 531. Negative values (a change) get their own floor.
        floor = min(0.0, lo)
        ax.set_ylim(floor, floor + (max(hi, 1) - floor) * 1.12)
        # Time runs the way the text reads: right to left in Arabic, Hebrew and Persian.
        ax.set_xlim((n - 0.85, -0.15) if self.rtl else (-0.15, n - 0.85))
        ax.set_yticks([])
        xs = list(range(n))
        color = self.color(s.tone)
        ax.fill_between(xs, s.values, 0, color=self.theme.light, alpha=0.35,
                        linewidth=0, zorder=1)
        ax.plot(xs, s.values, color=color, linewidth=_px(f, 6) * 72 / DPI, zorder=2,
                solid_capstyle="round", solid_joinstyle="round", gid="line-0")
        ax.scatter(xs, s.values, s=(_px(f, 16) * 72 / DPI) ** 2, color=color, zorder=3,
                   edgecolors=self.theme.background, linewidths=_px(f, 3) * 72 / DPI)
        ax.spines["bottom"].set_visible(True)
        ax.spines["bottom"].set_color(self.theme.grid)
        # Every label where they fit; else every k-th (always the last, the newest week).
        slot = (self.W - 2 * side) / max(1, n)
        r = self.canvas.get_renderer()
        need = self.width(max(ch.categories, key=len), "category") + _px(f, 16)
        step = max(1, -(-int(need) // max(1, int(slot))))
        ticks = [i for i in xs if (n - 1 - i) % step == 0]
        kept = self.inside(ax, [(i, ch.categories[i]) for i in ticks], _px(f, 8))
        ax.set_xticks([i for i, _t, _ha in kept], [t for _i, t, _ha in kept])
        self.label_font(ax)
        for lab, (_i, _t, ha) in zip(ax.get_xticklabels(), kept):
            lab.set_horizontalalignment(ha)
        ax.tick_params(axis="x", pad=_px(f, 14) * 72 / DPI)
        vneed = self.width(max(s.labels, key=len), "value", k=0.8, bold=True) + _px(f, 8)
        vstep = max(1, -(-int(vneed) // max(1, int(slot))))
        # The newest week, the peak and the low are labelled first, then every vstep-th;
        # a label that would touch one already placed is left out (at a narrow width the
        # low beside the first week printed 402 over 388).
        hi_i, lo_i = s.values.index(hi), s.values.index(lo)
        wanted = [n - 1, hi_i, lo_i] + [i for i in reversed(xs) if (n - 1 - i) % vstep == 0]
        placed: list[Any] = []
        pad = _px(f, 8)
        for i in sorted(set(wanted), key=wanted.index):
            v, lab = s.values[i], s.labels[i]
            t = ax.annotate(lab, (i, v), xytext=(0, _px(f, 20) * 72 / DPI),
                            textcoords="offset points", ha="center", va="bottom",
                            fontsize=_pt(f, "value", 0.8), fontweight="bold",
                            color=self.theme.text, fontfamily=self.font["family"],
                            annotation_clip=False)
            box = t.get_window_extent(r)
            if any(_near(box, b, pad) for b in placed):
                t.remove()
                continue
            placed.append(box)
            t.set_gid(f"value-0-{i}")

    def tile(self) -> None:
        f, ch = self.frame, self.chart
        top = self.header()
        room = self.H - top - _px(f, 40)
        # The note is set in lines that fit the width (a long note in German or Arabic
        # was wider than a half-page panel and lost its ends); its height comes first.
        note, k_note = self.wrapped(ch.note, "note", self.W * 0.9) if ch.note else ("", 1.0)
        line_px = _px(f, SIZES["note"]) * k_note * 1.3
        note_px = line_px * (note.count("\n") + 1) if note else 0
        big_px = min(_px(f, SIZES["big"]), (room - note_px) * 0.62)
        k = big_px / _px(f, SIZES["big"])
        r = self.canvas.get_renderer()
        cy = top + (room - big_px - note_px - _px(f, 48)) / 2 + big_px
        t = self.text(0.5, 1 - cy / self.H, ch.big, "big", bold=True, ha="center",
                      color=self.theme.primary if _is_dark(self.theme.primary) else self.theme.text,
                      gid="value-0-0", k=k)
        w = t.get_window_extent(r).width
        if w > self.W * 0.9:
            t.set_fontsize(t.get_fontsize() * self.W * 0.9 / w)
        if note:
            self.text(0.5, 1 - (cy + _px(f, 48)) / self.H, note, "note", ha="center", va="top",
                      color=self.theme.muted, gid="note", k=k_note, linespacing=1.3,
                      multialignment="center")

    def inside(self, ax: Any, ticks: list[tuple[int, str]],
               edge: float) -> list[tuple[int, str, str]]:
        """Tick labels under a line chart kept inside the figure, newest first, as (tick,
        text, alignment): one that would run off an edge ends (or starts) at its point
        instead, one still too wide is shortened, and one that would then touch a label
        already kept is left out (a 40-letter week under the newest point ran 280 px off
        the right edge)."""
        placed: list[tuple[float, float]] = []
        kept = []
        for i, text in reversed(ticks):
            x = float(ax.transData.transform((i, 0))[0])
            w = self.width(text, "category")
            ha, x0, x1 = "center", x - w / 2, x + w / 2
            if x1 > self.W - edge:
                ha, x0, x1 = "right", x - w, x
            elif x0 < edge:
                ha, x0, x1 = "left", x, x + w
            if x0 < edge or x1 > self.W - edge:
                room = (self.W - edge - x) if ha == "left" else (x - edge)
                text = self.shortened(text, "category", 1.0, max(1.0, room))
                w = self.width(text, "category")
                x0, x1 = (x, x + w) if ha == "left" else (x - w, x)
            if any(x0 < b1 + edge and b0 < x1 + edge for b0, b1 in placed):
                continue
            placed.append((x0, x1))
            kept.append((i, text, ha))
        return sorted(kept)

    def row_labels(self, cats: list[str], lines: list[int], budget: float,
                   above: bool) -> tuple[list[str], float]:
        """Horizontal bars' category labels beside their bars (not ``above`` them), each
        in its ``lines`` (:func:`rows_fit` decided) of even length, and the share of the
        category size they all take so every line fits ``budget`` px: the least any label
        needs, but three quarters at least (a label that needs less is shortened with an
        ellipsis rather than every label made small for it)."""
        if above:
            return cats, 1.0
        sets = [self.wrapped(c, "category", budget, most=n) if n > 1 else
                (c, min(1.0, 0.98 * budget / max(1.0, self.width(c, "category"))))
                for c, n in zip(cats, lines)]
        k = max(0.75, min((k for _t, k in sets), default=1.0))
        if k >= 1.0:
            return [t for t, _k in sets], 1.0
        return ["\n".join(self.shortened(line, "category", k, budget) for line in t.split("\n"))
                for t, _k in sets], k

    def line_labels(self, cats: list[str], budget: float) -> list[tuple[str, float, bool]]:
        """Grouped rows' category labels, each on its line above its bars: a label wider
        than ``budget`` px is set smaller (to half size at least), then shortened; and
        whether what is drawn has a line box deeper than Latin's (descending Arabic)."""
        latin = self.extent("Ag", "category")[1]
        out = []
        for c in cats:
            w, h = self.extent(c, "category")
            k = 1.0 if w <= budget else max(0.5, 0.98 * budget / w)
            text = self.shortened(c, "category", k, budget)
            if text != c:  # the depth of what is drawn
                h = self.extent(text, "category")[1]
            out.append((text, k, h > latin * 1.05))
        return out

    def shortened(self, text: str, role: str, k: float, budget: float) -> str:
        """``text``, or its longest start that fits ``budget`` px with an ellipsis."""
        if self.width(text, role, k) <= budget:
            return text
        lo, hi = 0, len(text)
        while lo < hi:  # the longest prefix that fits, by bisection (each probe is a layout)
            mid = (lo + hi + 1) // 2
            if self.width(text[:mid].rstrip() + "…", role, k) <= budget:
                lo = mid
            else:
                hi = mid - 1
        return text[:lo].rstrip() + "…"

    def extent(self, text: str, role: str, k: float = 1.0,
               bold: bool = False) -> tuple[float, float]:
        """The drawn width and height in px of ``text`` in ``role`` (measured by Agg,
        shaped by raqm; the height is its line box, deeper for descending Arabic)."""
        t = self.text(0, 0, text, role, k=k, bold=bold)
        box = t.get_window_extent(self.canvas.get_renderer())
        t.remove()
        return float(box.width), float(box.height)

    def width(self, text: str, role: str, k: float = 1.0, bold: bool = False) -> float:
        """The drawn width in px of ``text`` in ``role``."""
        return self.extent(text, role, k, bold)[0]

    def wrapped(self, text: str, role: str, limit: float, most: int = 3) -> tuple[str, float]:
        """``text`` broken at spaces into at most ``most`` lines no wider than ``limit`` px,
        evenly long (no lone last word), and the share of the role's size it needs: 1.0
        unless one word alone is wider than ``limit`` or ``most`` lines are not enough."""
        words = text.split()
        k = 1.0
        while True:
            lines = self._greedy(words, role, limit, k)
            widest = max(self.width(line, role, k) for line in lines)
            if len(lines) <= most and widest <= limit or k <= 0.5:
                break
            k = max(0.5, k * min(0.92, limit / widest))
        if len(lines) > 1:  # the narrowest limit that still needs no more lines
            lo, hi = widest / len(lines), widest
            for _ in range(8):
                mid = (lo + hi) / 2
                if len(self._greedy(words, role, mid, k)) <= len(lines):
                    hi = mid
                else:
                    lo = mid
            lines = self._greedy(words, role, hi, k)
        return "\n".join(lines), k

    def _greedy(self, words: list[str], role: str, limit: float, k: float) -> list[str]:
        lines: list[str] = []
        for word in words:
            if lines and self.width(lines[-1] + " " + word, role, k) <= limit:
                lines[-1] += " " + word
            else:
                lines.append(word)
        return lines or [""]


def _near(a: Any, b: Any, dx: float, dy: float = 0.0) -> bool:
    """Whether boxes ``a`` and ``b`` (display px) come within ``dx`` across and ``dy`` down."""
    return a.x0 < b.x1 + dx and b.x0 < a.x1 + dx and a.y0 < b.y1 + dy and b.y0 < a.y1 + dy


def _is_dark(color: str) -> bool:
    return luminance(parse_color(color)) < 0.3


def _wrap(label: str, limit: int = 12) -> str:
    """A two-word category that would crowd its neighbours goes on two lines."""
    if len(label) <= limit or " " not in label:
        return label
    words = label.split(" ")
    best = min(range(1, len(words)), key=lambda i: abs(len(" ".join(words[:i])) - len(label) / 2))
    return " ".join(words[:best]) + "\n" + " ".join(words[best:])


def header_px(chart: Chart, frame: Frame) -> float:
    """Pixels from the top that the title and subtitle take (a slot chart has none)."""
    if not frame.titles:
        return _px(frame, 16)
    y = _px(frame, 40 + SIZES["title"])
    if chart.subtitle:
        y += _px(frame, SIZES["subtitle"] * 1.6)
    return y + _px(frame, 36)


def _rows(frame: Frame, top: float, n: int, bottom: float) -> tuple[float, float]:
    """Row height in px of grouped horizontal bars, and the share its label line takes
    (:func:`rows_fit` keeps only as many rows as leave the bars room for their values)."""
    row_px = (frame.height - top - bottom) / max(1, n)
    return row_px, min(0.6, _px(frame, SIZES["category"]) * 1.3 / row_px)


def _more_px(frame: Frame) -> float:
    """The height of the line that counts the rows left out (with room for the deep
    letters of an Arabic label in the last row above it)."""
    return _px(frame, SIZES["category"] * 1.6)


def _row_order(chart: Chart) -> list[int]:
    """The categories in the order horizontal bars draw them: one series largest first,
    grouped series in the author's order."""
    n = len(chart.categories)
    if len(chart.series) != 1:
        return list(range(n))
    first = chart.series[0]
    return sorted(range(n), key=lambda i: -first.values[i])


#: The share of a chart's width the category labels beside horizontal bars may take.
LABEL_SHARE = 0.42


def _label_lines(category: str, frame: Frame, width: float) -> int:
    """The lines (1 to 3) a category label beside horizontal bars is set in: as many as
    its ``width`` px on one line (at ``frame``'s scale) fills of its column, where it has
    spaces to break at."""
    if " " not in category.strip():
        return 1
    return max(1, min(3, -(-int(width) // max(1, int(frame.width * LABEL_SHARE)))))


def _row_need(frame: Frame, m: int, grouped: bool, lines: int = 1, tall: bool = False) -> float:
    """The px one row needs so its text touches neither the next row nor another bar:
    ``lines`` category lines or, for grouped rows, the category above ``m`` bars each as
    thick as their value's text. A line's ink is about as tall as the type in Latin;
    ``tall`` labels (Arabic letters that descend, Japanese that fill the em) need more:
    random labels in mixed scripts touched row on row at 1.15 of the type."""
    cat = _px(frame, SIZES["category"])
    if not grouped:
        return cat * ((1.3 + 1.7 * (lines - 1)) if tall else (1.15 + 1.35 * (lines - 1)))
    return (cat * 1.3 + m * _px(frame, SIZES["value"] * 0.8)) / 0.92


def _tall(text: str, height: float, latin: float) -> bool:
    """Whether a label's ink stands taller than Latin's: its line box is deeper (the
    fallback font of descending Arabic letters), or it holds wide (CJK) characters."""
    return height > latin * 1.02 or any(unicodedata.east_asian_width(ch) in "WF" for ch in text)


@dataclass(frozen=True)
class RowsFit:
    """How horizontal bars fit a frame: the text scale, series and rows drawn."""

    frame: Frame  # text scale reduced (down to ``min_scale``) before anything is left out
    series: int  # the first ``series`` of a grouped chart (a link preview keeps the median)
    rows: int  # the first ``rows`` categories in :func:`_row_order`; the rest are counted
    lines: tuple[int, ...] = ()  # each category's lines beside its bars (1 above them)
    tall: bool = False  # some label's ink stands taller than Latin's: every row is taller


def rows_fit(chart: Chart, frame: Frame,
             extent: Callable[[str], tuple[float, float]]) -> RowsFit:
    """What horizontal bars of ``chart`` show at ``frame``, preferring every row at full
    size, then every row with the first series only, then smaller text, and only then
    fewer rows (12 topics in a 283 px story slot had rows 20 px apart under 28 px text).
    ``extent``: a category's width and height in px on one line at ``frame``'s scale (its
    text scales with it)."""
    n, m = len(chart.categories), len(chart.series)
    grouped = m > 1
    ks = (1.0, frame.min_scale) if frame.min_scale < 1 else (1.0,)
    one_line = [(0.0, 0.0) if grouped else extent(c) for c in chart.categories]
    latin = 0.0 if grouped else extent("Ag")[1]
    tall = not grouped and any(_tall(c, h, latin) for c, (_w, h) in zip(chart.categories, one_line))

    def label_lines(k: float, f: Frame) -> tuple[int, ...]:
        return tuple(1 if grouped else _label_lines(c, f, one_line[i][0] * k)
                     for i, c in enumerate(chart.categories))

    order = _row_order(chart)
    for k in ks:
        f = replace(frame, scale=frame.scale * k)
        lines = label_lines(k, f)
        room = f.height - header_px(chart, f) - _px(f, 32)
        for kept in ((m, 1) if grouped else (1,)):
            if sum(_row_need(f, kept, grouped, lines[i], tall) for i in order) <= room:
                return RowsFit(f, kept if grouped else m, n, lines, tall)
    k = ks[-1]
    f = replace(frame, scale=frame.scale * k)
    lines = label_lines(k, f)
    room = f.height - header_px(chart, f) - _px(f, 32) - _more_px(f)
    rows, used = 0, 0.0
    for i in order:  # the largest rows first, as many as fit
        used += _row_need(f, 1, grouped, lines[i], tall)
        if used > room:
            break
        rows += 1
    return RowsFit(f, 1 if grouped else m, max(1, rows), lines, tall)


def drawn(chart: Chart, theme: ChartTheme, frame: Frame) -> tuple[tuple[Series, ...], list[int]]:
    """The series and the categories (indices, in drawing order) :func:`draw_chart` draws
    at ``frame``: what the alt text may claim."""
    rows = list(range(len(chart.categories)))
    if chart.kind == "bar" and fitted(chart, frame).scale >= frame.scale * frame.min_scale:
        return chart.series, rows
    if chart.kind not in ("bar", "hbar"):
        return chart.series, rows
    import matplotlib

    with matplotlib.rc_context(_rc(theme)):
        painter = _Painter(chart, theme, frame)
        fit = rows_fit(chart, frame, lambda text: painter.extent(text, "category"))
    return chart.series[:fit.series], _row_order(chart)[:fit.rows]


def drawn_alt(chart: Chart, theme: ChartTheme, frame: Frame) -> str:
    """``chart``'s alt text claiming only the figures drawn at ``frame`` with ``theme``
    (a small slot may keep the medians only, or the largest topics and a count of the rest)."""
    series, rows = drawn(chart, theme, frame)
    if len(series) == len(chart.series) and len(rows) == len(chart.categories):
        return chart.alt
    return partial_alt(chart, series, rows, theme.locale)


def fitted(chart: Chart, frame: Frame) -> Frame:
    """``frame`` with its text scale reduced until a bar chart's groups fit side by side.

    Text follows the canvas width (legible on a phone), but a chart slot in a landscape
    infographic is narrower than the canvas: four channels with two labelled bars each
    would overlap. An estimate (0.58 em per character, Noto Sans' average) is enough."""
    if chart.kind != "bar" or not chart.categories:
        return frame

    def em(n: int, role: str) -> float:
        return n * SIZES[role] * 0.58

    per = 0.0
    for ci, cat in enumerate(chart.categories):
        words = max(len(line) for line in _wrap(cat).split("\n"))
        bars = sum(max(em(len(_split(s.labels[ci])[0]), "value"),
                       em(len(_split(s.labels[ci])[1]), "unit")) + 14 for s in chart.series)
        per = max(per, em(words, "category") + 24, bars + 24)
    need = per * len(chart.categories) + 96  # design px
    have = frame.width / frame.scale
    if need <= have:
        return frame
    return replace(frame, scale=frame.scale * have / need)


def draw_chart(chart: Chart, theme: ChartTheme, frame: Frame):  # noqa: ANN201 - Figure
    """The figure of ``chart`` at ``frame`` size (not yet encoded).

    A bar chart whose groups would need their text shrunk below ``frame.min_scale`` of
    the canvas's size to sit side by side (a narrow slot in a landscape infographic) is drawn as
    horizontal bars instead: rows need height, not width, and text stays legible."""
    fit = fitted(chart, frame)
    kind = chart.kind
    if kind == "bar" and fit.scale < frame.scale * frame.min_scale:
        kind, fit = "hbar", frame
    painter = _Painter(chart, theme, fit)
    getattr(painter, kind)()
    return painter.fig


def _rc(theme: ChartTheme, svg_text: bool = True) -> dict[RcKeyType, Any]:
    lang = theme.locale.replace("_", "-")
    return {"svg.hashsalt": SVG_SALT, "svg.fonttype": "none" if svg_text else "path",
            "font.family": list(theme.families), "text.language": lang,
            "axes.unicode_minus": False, "path.simplify": False}


def chart_bytes(chart: Chart, theme: ChartTheme, frame: Frame, fmt: str,
                svg_text: bool = True) -> bytes:
    """PNG or SVG bytes, identical for identical inputs.

    An SVG keeps its labels as text (searchable, selectable) unless ``svg_text`` is
    False: then they are glyph outlines as matplotlib shaped them, for a reader that
    cannot shape the script itself (WeasyPrint sets SVG text letter by letter)."""
    import matplotlib

    with matplotlib.rc_context(_rc(theme, svg_text)):
        fig = draw_chart(chart, theme, frame)
        buf = io.BytesIO()
        if fmt == "svg":
            fig.savefig(buf, format="svg", dpi=DPI, facecolor=theme.background,
                        metadata={"Date": None, "Creator": None, "Title": chart.title,
                                  "Description": chart.alt})
        else:
            fig.savefig(buf, format="png", dpi=DPI, facecolor=theme.background,
                        metadata={"Software": None})
    return buf.getvalue()


def chart_image(chart: Chart, theme: ChartTheme, frame: Frame):  # noqa: ANN201 - PIL Image
    """The chart as an RGBA Pillow image of exactly ``frame`` size (for infographics)."""
    from PIL import Image

    return Image.open(io.BytesIO(chart_bytes(chart, theme, frame, "png"))).convert("RGBA")
