"""Every label of every chart lands where it can be read, at every size it is drawn at.

Checked on ink, not on text boxes: matplotlib's boxes include a line's ascent and
descent, so a number and the unit under it "overlap" by design. Each text is drawn
alone on a transparent canvas; two texts may not share a pixel, a text may not touch
a bar other than the one it is written inside, and no text may run off the figure.
The frames are the ones selfserve draws at: the chart kind's 1600x900, the guide's
half-page panel, and each of the sample's infographic slots; the charts are the
sample's in three locales and ones written to be hard (long names, many categories).
"""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path
from typing import Any

import matplotlib
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from matplotlib.backends.backend_agg import RendererAgg

from generator.load.project import load_project
from generator.render.charts.draw import DPI, Frame, _Painter, _rc, draw_chart, drawn_alt
from generator.render.charts.from_stats import stats_charts
from generator.render.charts.model import Chart, Series
from generator.render.charts.theme import chart_theme
from generator.render.guide.view import CHART_PANEL
from tests.charts.test_charts import _plan

ROOT = Path(__file__).resolve().parents[2]
CLEAR = 2  # px a label keeps from a bar it is not written inside


def _texts(fig: Any) -> list[Any]:
    out = list(fig.texts)
    for ax in fig.axes:
        out += list(ax.texts)
        out += [t for t in ax.get_xticklabels() + ax.get_yticklabels()
                if t.get_visible() and t.get_text()]
    return out


def _ink(artist: Any, w: int, h: int) -> np.ndarray:
    r = RendererAgg(w, h, DPI)
    artist.draw(r)
    return np.asarray(r.buffer_rgba())[:, :, 3] > 60  # rows from the top


def problems(chart: Chart, theme: Any, frame: Frame) -> list[str]:
    """What is wrong with ``chart`` drawn at ``frame``, one line each (empty: nothing)."""
    w, h = frame.width, frame.height
    out: list[str] = []
    with matplotlib.rc_context(_rc(theme)):
        fig = draw_chart(chart, theme, frame)
        fig.canvas.draw()
        r = fig.canvas.get_renderer()
        texts = [(t.get_text().replace("\n", " "), t, _ink(t, w, h)) for t in _texts(fig)]
        bars = [p.get_window_extent(r) for ax in fig.axes for p in ax.patches]
    for s, _t, ink in texts:
        if not ink.any():
            out.append(f"not drawn: {s!r}")
            continue
        rows, cols = np.nonzero(ink)
        edge = np.zeros_like(ink)
        edge[0, :] = edge[-1, :] = edge[:, 0] = edge[:, -1] = True
        if (ink & edge).any():
            out.append(f"runs off the figure: {s!r} (ink x {cols.min()}-{cols.max()}, "
                       f"y {rows.min()}-{rows.max()} of {w}x{h})")
    for (s1, _t1, a), (s2, _t2, b) in itertools.combinations(texts, 2):
        if (a & b).any():
            out.append(f"overlap: {s1!r} and {s2!r} share {int((a & b).sum())} px")
    for s, t, ink in texts:
        box = t.get_window_extent(r)
        for bar in bars:
            inside = (box.x0 >= bar.x0 - 1 and box.x1 <= bar.x1 + 1 and box.y0 >= bar.y0 - 1
                      and box.y1 <= bar.y1 + 1)
            if inside:
                continue
            top, bottom = int(h - bar.y1) - CLEAR, int(h - bar.y0) + CLEAR
            left, right = int(bar.x0) - CLEAR, int(bar.x1) + CLEAR
            if bar.width < 1 or bar.height < 1:  # a zero bar is a line on the axis
                continue
            n = int(ink[max(0, top):max(0, bottom), max(0, left):max(0, right)].sum())
            if n:
                out.append(f"on a bar: {s!r} ({n} px within {CLEAR} px of a bar)")
    return out


def _theme(locale: str, charts: list[Chart]) -> Any:
    return chart_theme(load_project(ROOT).config, "#FFFFFF", locale,
                       text=" ".join(c.text() for c in charts))


def _found(charts: list[Chart], locale: str, frames: dict[str, Frame]) -> list[str]:
    """Every problem of ``charts`` (one theme for all, as a build makes) in ``frames``."""
    theme = _theme(locale, charts)
    return [f"{c.name} at {name}: {p}" for c in charts for name, frame in frames.items()
            for p in problems(c, theme, frame)]


def _frames(sample: Path) -> dict[str, Frame]:
    frames = {"chart kind 1600x900": Frame(1600, 900, 1600 / 1080),
              "guide panel": Frame(**CHART_PANEL)}
    from generator.kinds.infographic import SLOT_PAD, chart_slots

    _project, jobs, _render, ctx = _plan(sample, "infographic")
    for job in jobs:
        preset = ctx.presets[job.platform]
        scale = preset.width / 1080
        pad = round(SLOT_PAD * scale)
        for name, (l, t, r, b) in chart_slots(job, ctx):
            frames[f"{job.platform} {name} slot"] = Frame(r - l - 2 * pad, b - t - 2 * pad,
                                                          scale, titles=False)
    return frames


@pytest.fixture(scope="module")
def frames(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Frame]:
    from tests.conftest import copy_sample

    return _frames(copy_sample(tmp_path_factory.mktemp("layout") / "sample"))


@pytest.mark.parametrize("locale", ["en-GB", "de-DE", "ar"])
def test_the_sample_charts_are_legible_in_every_frame(frames: dict[str, Frame], locale: str):
    charts, _skipped = stats_charts(load_project(ROOT).stats, locale)
    found = _found(charts, locale, frames)
    assert not found, "\n".join(found)


def _hard_charts() -> list[Chart]:
    def series(name: str, values: tuple[float, ...], unit: str, tone: str) -> Series:
        return Series(name, values, tuple(f"{v:g} {unit}" for v in values), tone)

    channels = ("Live chat", "Telephone hotline", "Instagram direct messages", "Email",
                "WhatsApp Business", "Contact form")
    median = (3, 1.5, 48, 2.4, 20, 5)
    p90 = (11, 6, 190, 7.7, 95, 26)
    weeks = tuple(f"2026-W{n:02d}" for n in range(14, 40))
    counts = tuple(float(300 + (n * 37) % 260) for n in range(len(weeks)))
    topics = ("Orders and delivery", "Subscriptions", "Billing and refunds", "Brewing advice",
              "Account and sign-in", "Returns", "Damaged in transit", "Grinder settings",
              "Gift cards", "Wholesale", "Press", "Other")
    return [
        Chart("channels", "bar", "How fast we reply", "By channel", categories=channels,
              series=(series("Median first reply", median, "mins", "primary"),
                      series("Nine in ten answered within", p90, "mins", "light"))),
        Chart("weeks", "line", "Conversations", "26 weeks", categories=weeks,
              series=(Series("Conversations", counts, tuple(f"{v:g}" for v in counts)),)),
        Chart("topics", "hbar", "Topics", "", categories=topics,
              series=(Series("Conversations", tuple(float(600 - 45 * i) for i in range(12)),
                             tuple(str(600 - 45 * i) for i in range(12))),)),
        Chart("rating", "tile", "Satisfaction", "", big="94.2%",
              note="of 1,286 customers who answered our survey after their conversation "
                   "closed rated the help they got as good or very good (Supercalifragilistic"
                   "expialidociously thorough)"),
    ]


def test_charts_written_to_be_hard_are_legible_in_every_frame(frames: dict[str, Frame]):
    """Six channels, 26 weeks, 12 topics, a note of 30 words: as files, in the guide and
    in every infographic slot (12 topics in a 283 px story slot overlapped until rows that
    do not fit were counted on a line of their own)."""
    charts = _hard_charts()
    found = _found(charts, "en-GB", frames)
    assert not found, "\n".join(found)


def _drawn_texts(chart: Chart, frame: Frame, locale: str = "en-GB") -> list[str]:
    theme = _theme(locale, [chart])
    with matplotlib.rc_context(_rc(theme)):
        fig = draw_chart(chart, theme, frame)
        fig.canvas.draw()
        return [t.get_text() for t in _texts(fig)]


@pytest.mark.parametrize("locale, more", [("en-GB", "+4 more"), ("de-DE", "+4 weitere"),
                                          ("ar", "+4 أخرى")])
def test_rows_without_room_are_counted_and_the_alt_text_claims_only_the_rows_drawn(
        frames: dict[str, Frame], locale: str, more: str):
    topics = _hard_charts()[2]
    frame = frames["instagram-story volume-by-week slot"]
    drawn = _drawn_texts(topics, frame, locale)
    kept = [c for c in topics.categories if c in drawn]
    # The largest eight, in order, then the count of the four left out.
    assert kept == list(topics.categories[:8]) and more in drawn
    alt = drawn_alt(topics, _theme(locale, [topics]), frame)
    assert all(c in alt for c in kept) and more in alt
    assert not any(c in alt for c in topics.categories[8:])
    # Where every row fits, nothing is counted and the alt text is the chart's own.
    roomy = frames["chart kind 1600x900"]
    assert all(c in _drawn_texts(topics, roomy) for c in topics.categories)
    assert drawn_alt(topics, _theme(locale, [topics]), roomy) == topics.alt


LONG = "Questions about our wholesale and office subscription programme"
COMPOUND = "Donaudampfschifffahrtsgesellschaftskapitänsmützenreinigungsdienstleistungen"


@pytest.mark.parametrize("label", [LONG, COMPOUND])
def test_a_very_long_category_is_wrapped_or_shortened_never_off_the_figure(
        frames: dict[str, Frame], label: str):
    """A 64-letter topic made the bars' width negative in the link preview's slot: the
    infographic failed and the guide left its stats section out. Now the label goes on up
    to three even lines, smaller where it must, and is shortened with an ellipsis rather
    than set under three quarters of its size; only its own row grows."""
    topics, channels = _hard_charts()[2], _hard_charts()[0]
    cats = list(topics.categories)
    cats[3] = label
    names = list(channels.categories)
    names[1] = label
    charts = [dataclasses.replace(topics, categories=tuple(cats)),
              dataclasses.replace(channels, categories=tuple(names))]
    found = _found(charts, "en-GB", frames)
    assert not found, "\n".join(found)
    if label == LONG:  # set whole, on three lines at full size in the guide (7 pt at least)
        drawn = _drawn_texts(charts[0], frames["guide panel"])
        assert "Questions about our\nwholesale and office\nsubscription programme" in drawn
        shown = [t for t in drawn if t.replace("\n", " ") in cats]
        assert len(shown) >= 8 and f"+{12 - len(shown)} more" in drawn


def test_long_week_and_mixed_script_labels_stay_inside_every_frame(frames: dict[str, Frame]):
    """Found by feeding the charts random labels of 5-60 letters in Latin and Japanese: the
    newest week's label, centred under its point, ran off the right edge (by 280 px for 40
    letters), and three-line topics with Japanese in them touched each other."""
    weeks, topics = _hard_charts()[1], _hard_charts()[2]
    long_weeks = tuple(f"Week of {n} September 2026, back to school rush" for n in
                       range(len(weeks.categories)))
    mixed = tuple(f"注文 配送について refund office delivery 問い合わせ telephone hotline {i}"
                  if i % 2 else f"Order {i}" for i in range(len(topics.categories)))
    charts = [dataclasses.replace(weeks, categories=long_weeks),
              dataclasses.replace(topics, categories=mixed)]
    found = _found(charts, "en-GB", frames)
    assert not found, "\n".join(found)
    # The newest week is always labelled (shortened where it must be), at the right end.
    drawn = _drawn_texts(charts[0], frames["guide panel"])
    assert any(t.startswith("Week of") and (t == long_weeks[-1] or t.endswith("…"))
               for t in drawn)


def test_long_arabic_labels_keep_clear_of_bars_and_of_each_other(frames: dict[str, Frame]):
    """The same random feeding in Arabic: a channel name with descending letters (ج, ي)
    touched the bar under it in grouped rows, three-line topics touched each other (their
    line box is deeper than Latin's), and the last one touched the "+N more" line."""
    channels, topics = _hard_charts()[0], _hard_charts()[2]
    names = ("الدردشة المباشرة", "الإرجاع", "Order Order الإرجاع التوصيل delivery الت",
             "البريد", "الهاتف", "نصائح")
    long_topics = tuple(f"الاشتراكات الدفع التوصيل البريد الإرجاع نصائح التحضير {i}"
                        if i % 3 == 0 else f"الحساب {i}" for i in range(len(topics.categories)))
    charts = [dataclasses.replace(channels, categories=names),
              dataclasses.replace(topics, categories=long_topics)]
    found = _found(charts, "ar", frames)
    assert not found, "\n".join(found)


_WORDS = ("Order", "delivery", "subscription", "refund", "account", "wholesale", "office",
          "Donaudampfschifffahrt", "配送について", "問い合わせ", "telephone", "hotline",
          "التوصيل", "الاشتراكات", "الإرجاع", "نصائح")
_LABEL = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=8).map(" ".join).map(
    lambda text: text[:60])  # stats.yaml's limit for a label


@settings(deadline=None, derandomize=True, database=None, max_examples=8,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_any_labels_the_schema_allows_stay_legible(frames: dict[str, Frame], data: Any):
    """Labels of 1-60 letters in Latin, German compounds, Japanese and Arabic, for every
    chart kind with categories, in the frames where room is least: nothing runs off,
    overlaps or touches a bar. (Bounded: eight examples, fixed by derandomize.)"""
    chosen = {name: frames[name] for name in ("guide panel", "facebook-link first-reply slot",
                                              "instagram-story volume-by-week slot")}
    locale = data.draw(st.sampled_from(["en-GB", "ar"]))
    found = []
    for chart in _hard_charts()[:3]:
        n = len(chart.categories)
        cats = data.draw(st.lists(_LABEL, min_size=n, max_size=n, unique=True))
        drawn = dataclasses.replace(chart, categories=tuple(cats))
        theme = _theme(locale, [drawn])
        found += [f"{chart.name} at {name}: {p}" for name, frame in chosen.items()
                  for p in problems(drawn, theme, frame)]
    assert not found, "\n".join(found)


def test_equal_full_length_bars_keep_their_series_name_inside_the_figure(
        frames: dict[str, Frame]):
    """Every channel answering in 24 hours: each bar is full length, and the series name
    set after the named row's value ran off the right edge in four infographic slots. It
    moves to the far end of the row's label line, or is left out where that is taken."""
    channels = _hard_charts()[0]
    flat = tuple(dataclasses.replace(s, values=(1440.0,) * len(channels.categories),
                                     labels=("24 hrs",) * len(channels.categories))
                 for s in channels.series)
    chart = dataclasses.replace(channels, series=flat)
    found = _found([chart], "en-GB", frames)
    assert not found, "\n".join(found)


def test_a_long_note_is_set_in_even_lines_and_shrinks_only_for_a_word_too_long():
    chart = _hard_charts()[-1]
    theme = _theme("en-GB", [chart])
    with matplotlib.rc_context(_rc(theme)):
        painter = _Painter(chart, theme, Frame(660, 470, 1.0, titles=False))
        text, k = painter.wrapped("of 1,286 customers rated our help good", "note", 600)
        assert text == "of 1,286 customers\nrated our help good" and k == 1.0
        # One word wider than the limit: the text shrinks until it fits, at most 3 lines.
        text, k = painter.wrapped(chart.note, "note", 600)
        assert k < 1.0 and text.count("\n") <= 2
        assert max(painter.width(line, "note", k) for line in text.split("\n")) <= 600
        assert text.replace("\n", " ") == chart.note
