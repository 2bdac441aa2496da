"""Charts, infographics and hours cards: numbers read back from the SVG text, exact
sizes, text inside the safe box, the locale's numbers and weekday names."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest
import yaml
from PIL import Image

from generator.i18n import localefmt as lf
from generator.kinds import all_kinds
from generator.load.platforms import resolve_presets, select_platforms
from generator.load.project import load_project
from generator.plan.jobs import PlanInput, RenderContext
from tests.cldr import fold_spaces

SVG = "{http://www.w3.org/2000/svg}"


def _plan(root: Path, kind: str):
    project = load_project(root)
    presets = resolve_presets(project.config.presets)
    pi = PlanInput(project, presets, tuple(select_platforms(presets, project.config.platforms, ())))
    ctx = RenderContext(project.root, project.config, presets, project)
    k = all_kinds()[kind]
    return project, k.plan(pi), k.render, ctx


def _svg_texts(data: bytes) -> dict[str, str]:
    """gid -> text of every labelled <g> in a matplotlib SVG (text kept as text)."""
    root = ET.fromstring(data)
    out = {}
    for g in root.iter(f"{SVG}g"):
        gid = g.get("id", "")
        texts = ["".join(t.itertext()) for t in g.iter(f"{SVG}text")]
        if texts:
            out[gid] = " ".join(texts)
    return out


def _minutes(number: str, unit: str) -> float:
    value = float(number.replace(",", "."))
    return value * 60 if unit.startswith(("hr", "hour", "Std")) else value


@pytest.fixture(scope="module")
def sample_charts(tmp_path_factory):
    from tests.conftest import copy_sample

    root = copy_sample(tmp_path_factory.mktemp("charts") / "sample")
    project, jobs, render, ctx = _plan(root, "chart")
    return root, project, {j.item_id: render(j, ctx) for j in jobs}


def test_chart_numbers_read_back_from_the_svg_equal_stats_yaml(sample_charts):
    root, _project, results = sample_charts
    stats = yaml.safe_load((root / "content" / "stats.yaml").read_text())
    assert sorted(results) == ["first-reply", "satisfaction", "volume-by-topic", "volume-by-week"]
    files = {f.rel: f for r in results.values() for f in r.files}
    assert sorted(files) == sorted(f"charts/{n}.{e}" for n in results for e in ("png", "svg"))

    texts = _svg_texts(files["charts/first-reply.svg"].data)
    for ci, row in enumerate(stats["first_reply"]):
        for si, key in enumerate(("median_minutes", "p90_minutes")):
            shown = _minutes(texts[f"value-{si}-{ci}"], texts.get(f"unit-{si}-{ci}", "min"))
            # Under 90 minutes to the tenth of a minute, above in tenths of an hour.
            assert abs(shown - row[key]) <= (0.05 if row[key] < 90 else 3), (row, key, shown)

    texts = _svg_texts(files["charts/volume-by-topic.svg"].data)
    assert [int(texts[f"value-0-{i}"].replace(",", "")) for i in range(len(stats["volume_by_topic"]))] \
        == [t["value"] for t in stats["volume_by_topic"]]
    texts = _svg_texts(files["charts/volume-by-week.svg"].data)
    assert [int(texts[f"value-0-{i}"]) for i in range(len(stats["volume_by_week"]))] == \
        [t["value"] for t in stats["volume_by_week"]]
    texts = _svg_texts(files["charts/satisfaction.svg"].data)
    assert texts["value-0-0"] == f"{stats['satisfaction']['percent']}%"


def test_chart_files_have_exact_sizes_alt_text_with_figures_and_stable_bytes(sample_charts):
    root, project, results = sample_charts
    for r in results.values():
        png, svg = r.files
        with Image.open(io.BytesIO(png.data)) as im:
            assert im.size == (1600, 900) == (png.width, png.height)
            assert "Software" not in im.info
        assert b"<dc:date>" not in svg.data
        assert png.meta["alt"] == svg.meta["alt"]
    alt = results["first-reply"].files[0].meta["alt"]
    assert alt.startswith("Bar chart of median and 90th-percentile first reply time by channel")
    assert "Phone median 1.5 mins, 9 in 10 within 6 mins" in alt
    assert "Delivery 612" in results["volume-by-topic"].files[0].meta["alt"]
    # Same inputs, same bytes (SVG ids from a fixed salt, no dates).
    _p, jobs, render, ctx = _plan(root, "chart")
    again = render(next(j for j in jobs if j.item_id == "first-reply"), ctx)
    assert [f.data for f in again.files] == [f.data for f in results["first-reply"].files]


def test_infographics_tall_landscape_square_keep_text_in_the_safe_box(sample: Path):
    project, jobs, render, ctx = _plan(sample, "infographic")
    assert sorted(j.platform for j in jobs) == sorted(
        ["facebook-link", "instagram-square", "instagram-story", "pinterest", "x"])
    for job in jobs:
        result = render(job, ctx)
        preset = ctx.presets[job.platform]
        (file,) = result.files
        with Image.open(io.BytesIO(file.data)) as im:
            assert im.size == (preset.width, preset.height)
        assert not [f for f in result.findings if f.code in ("contrast", "safe-zone", "truncated")], \
            (job.platform, [str(f) for f in result.findings])
        from generator.render.card import draw_card

        card = draw_card(job, ctx, job.payload.item)
        sl, st, sr, sb = preset.safe_box
        for t in card.texts:
            il, it, ir, ib = t.ink
            assert sl <= il and st <= it and ir <= sr and ib <= sb, (job.platform, t.layer, t.ink)
        drawn = " ".join(s for t in card.texts for s in t.texts)
        assert "94.2%" in drawn and "October 2026" in drawn
        if preset.aspect == "square":
            assert "When will my coffee arrive?" in drawn and "341" in drawn
        if preset.aspect == "tall":  # two charts and the figures row
            assert file.meta["charts"] == ["first-reply", "volume-by-week"]
            assert {"n1-value", "n2-value", "n3-value"} <= {t.layer for t in card.texts}
        if preset.aspect == "landscape":  # no questions drawn, none claimed; medians only where the slot is small
            assert "Most asked" not in file.meta["alt"]
            assert "Phone, median 1.5 mins" in file.meta["alt"]
        assert "94.2% satisfied customers" in file.meta["alt"] or preset.alt_limit == 100
        # A row of figures shares one size and one baseline (each figure's top and
        # height are the same), whatever each figure's width or its label's length.
        figures = [t for t in card.texts if t.layer in ("n1-value", "n2-value", "n3-value")]
        if preset.aspect != "landscape":  # landscape stacks its figures in a column
            assert len({t.size for t in figures}) == 1, [(t.layer, t.size) for t in figures]
            assert len({t.box[1] for t in figures}) == 1, [(t.layer, t.box) for t in figures]


@pytest.mark.parametrize("locale", ["en-GB", "de-DE"])
def test_a_long_channel_name_in_the_figures_row_is_set_in_full(sample: Path, locale: str):
    """The reply figure is labelled with the fastest channel's name; "Median der ersten
    Antwort per Telephone hotline" needs three lines, and the story's figures row had
    room for two (cut with an ellipsis) until the row took the panel's whole height."""
    stats = sample / "content" / "stats.yaml"
    stats.write_text(stats.read_text().replace("{channel: Phone,", "{channel: Telephone hotline,"))
    cfg = (sample / "selfserve.yaml").read_text().replace("locale: en-GB", f"locale: {locale}")
    (sample / "selfserve.yaml").write_text(cfg)
    _project, jobs, render, ctx = _plan(sample, "infographic")
    from generator.render.card import draw_card

    for job in jobs:
        card = draw_card(job, ctx, job.payload.item)
        label = next(t for t in card.texts if t.layer == "n2-label")
        assert "Telephone hotline" in " ".join(label.texts) and not label.truncated, \
            (job.platform, label.texts)
        assert not [t.layer for t in card.texts if t.truncated], job.platform


def test_german_locale_numbers_and_weekdays():
    assert lf.number(1.5, "de-DE") == "1,5"
    assert lf.weekday("mon", "de-DE") == "Montag"
    assert lf.weekday("mon", "de-DE", "abbreviated") == "Mo."
    assert lf.count(1286, "de-DE") == "1.286"
    assert fold_spaces(lf.percent(94.2, "de-DE")) == "94,2 %"
    assert lf.clock("17:00", "de-DE") == "17:00"
    assert fold_spaces(lf.clock("17:00", "en-US")) == "5:00 PM"
    assert lf.minutes(1.5, "de-DE") == "1,5 Min."
    # Arabic: whatever CLDR says, through Babel, not a hand rule.
    from babel.numbers import format_decimal

    assert lf.number(1.5, "ar") == format_decimal(1.5, locale="ar")
    assert lf.weekday("mon", "ar") == "الاثنين"


def test_german_project_charts_and_hours_cards(sample: Path):
    cfg = (sample / "selfserve.yaml").read_text().replace("locale: en-GB", "locale: de-DE")
    (sample / "selfserve.yaml").write_text(cfg)
    _project, jobs, render, ctx = _plan(sample, "chart")
    result = render(next(j for j in jobs if j.item_id == "first-reply"), ctx)
    texts = _svg_texts(result.files[1].data)
    phone = 1  # stats.yaml order: Live chat, Phone, ...
    assert texts[f"value-0-{phone}"] == "1,5"
    assert texts[f"unit-0-{phone}"] == "Min."
    _project, jobs, render, ctx = _plan(sample, "hours")
    job = next(j for j in jobs if j.platform == "instagram-portrait" and j.item_id == "default")
    card = job.payload
    assert card.title == "Wann wir antworten"
    assert card.hours.startswith("Mo.–Fr. 08:00–18:00") and card.channels[2].hours == "Mo.–Fr. 09:00–17:00"


def test_hours_cards_for_every_faq_platform_with_the_weeks_changed_hours(sample: Path):
    project, jobs, render, ctx = _plan(sample, "hours")
    _p, faq_jobs, _r, _c = _plan(sample, "faq")
    faq_platforms = {j.platform for j in faq_jobs} - {p for p in ctx.presets
                                                       if ctx.presets[p].group == "document"}
    assert {j.platform for j in jobs} == faq_platforms
    variants = sorted({j.item_id for j in jobs})
    assert variants == ["default", "week-2026-12-21", "week-2026-12-28"]
    xmas = next(j for j in jobs if j.item_id == "week-2026-12-21" and j.platform == "x")
    # The date words are CLDR's (Babel 2.19 writes '25 – 26 Dec' with thin spaces, older
    # releases '25–26 Dec'): expect what the installed Babel says for the same dates.
    from babel.dates import format_interval, format_skeleton

    eve = format_skeleton("MMMd", date(2026, 12, 24), locale="en_GB")
    closed = format_interval(date(2026, 12, 25), date(2026, 12, 26), "MMMd", locale="en_GB")
    assert xmas.payload.notices == (f"Changed hours on {eve}: 08:00–12:00, Christmas Eve",
                                    f"Closed on {closed}: Christmas and Boxing Day")
    for job in [j for j in jobs if j.platform in ("x", "instagram-story", "instagram-square")]:
        result = render(job, ctx)
        (file,) = result.files
        preset = ctx.presets[job.platform]
        with Image.open(io.BytesIO(file.data)) as im:
            assert im.size == (preset.width, preset.height)
        assert not [f for f in result.findings if f.code in ("contrast", "safe-zone", "truncated")], \
            (job.platform, [str(f) for f in result.findings])
        assert re.search(r"Live chat: replies within "
                         r"5 minutes", file.meta["alt"]) or preset.alt_limit == 100


def test_an_empty_series_builds_the_rest_and_says_what_was_skipped(sample: Path):
    stats = sample / "content" / "stats.yaml"
    stats.write_text(re.sub(r"first_reply:\n(  - .*\n)+", "first_reply: []\n", stats.read_text()))
    project, jobs, render, ctx = _plan(sample, "chart")
    assert [str(w) for w in project.warnings] == [
        "content/stats.yaml:3:14: first_reply: empty series: its chart and infographic panel "
        "are skipped"]
    assert sorted(j.item_id for j in jobs) == ["satisfaction", "volume-by-topic", "volume-by-week"]
    _p, jobs, render, ctx = _plan(sample, "infographic")
    tall = render(next(j for j in jobs if j.platform == "pinterest"), ctx)
    # The main slot falls back to the next chart with data, the second slot keeps its trend;
    # three numbers still fill the row.
    assert tall.files[0].meta["charts"] == ["volume-by-topic", "volume-by-week"]
    assert [n["value"] for n in jobs[0].payload.item["numbers"]] == ["94.2%", "1,879", "455"]
    assert not [f for f in tall.findings if f.code in ("contrast", "safe-zone", "truncated")]


def test_arabic_charts_are_mirrored_and_use_babel_numbers(sample: Path):
    cfg = (sample / "selfserve.yaml").read_text().replace("locale: en-GB", "locale: ar")
    (sample / "selfserve.yaml").write_text(cfg)
    _project, jobs, render, ctx = _plan(sample, "chart")
    import warnings

    with warnings.catch_warnings():
        # matplotlib warns "Glyph ... missing from font(s)" when a fallback is not set up.
        warnings.filterwarnings("error", message="Glyph .* missing", category=UserWarning)
        result = render(next(j for j in jobs if j.item_id == "volume-by-topic"), ctx)
    svg = ET.fromstring(result.files[1].data)
    title = next(g for g in svg.iter(f"{SVG}g") if g.get("id") == "title").find(f"{SVG}text")
    assert "text-anchor: end" in title.get("style") and float(title.get("x")) > 1152 / 2
    texts = _svg_texts(result.files[1].data)
    from babel.numbers import format_decimal

    assert texts["value-0-0"] == format_decimal(612, locale="ar")


@pytest.mark.parametrize("locale", ["en-GB", "ar"])
def test_charts_land_in_their_panels_also_when_the_layout_is_mirrored(sample: Path, locale: str):
    from generator.kinds.infographic import SLOT_PAD, chart_slots

    cfg = (sample / "selfserve.yaml").read_text().replace("locale: en-GB", f"locale: {locale}")
    (sample / "selfserve.yaml").write_text(cfg)
    _project, jobs, render, ctx = _plan(sample, "infographic")
    for job in [j for j in jobs if j.platform in ("x", "pinterest")]:
        (file,) = render(job, ctx).files
        slots = chart_slots(job, ctx)
        assert slots and file.meta["charts"] == [name for name, _box in slots]
        with Image.open(io.BytesIO(file.data)) as im:
            rgb = im.convert("RGB")
            pad = round(SLOT_PAD * ctx.presets[job.platform].width / 1080)
            for _name, (l, t, r, b) in slots:
                # The white panel's margin on both sides of the pasted chart: a chart pasted
                # at unmirrored coordinates would cover one of them or sit off the panel.
                for x in (l + pad // 2, r - pad // 2 - 1):
                    assert rgb.getpixel((x, (t + b) // 2)) == (255, 255, 255), (job.platform, x)
                # ...and the chart inside has ink (dark bars or text).
                inner = rgb.crop((l + pad, t + pad, r - pad, b - pad)).convert("L")
                assert inner.getextrema()[0] < 100


def _weeks_chart(locale: str | None = None):  # noqa: ANN202 - a matplotlib Figure
    """Four weeks of conversations as the sample's area chart, drawn in ``locale``."""
    import dataclasses

    import matplotlib

    from generator.load.project import load_project
    from generator.render.charts.draw import Frame, _rc, draw_chart
    from generator.render.charts.model import Chart, Series
    from generator.render.charts.theme import chart_theme

    theme = chart_theme(load_project(Path(__file__).resolve().parents[2]).config)
    if locale:
        theme = dataclasses.replace(theme, locale=locale)
    values = (402.0, 388.0, 421.0, 531.0)
    chart = Chart("weeks", "line", "Conversations per week", "W36 to W39",
                  categories=("W36", "W37", "W38", "W39"),
                  series=(Series("Conversations", values, tuple(str(int(v)) for v in values)),))
    with matplotlib.rc_context(_rc(theme)):
        return draw_chart(chart, theme, Frame(1200, 675, 1200 / 1080))


def test_an_area_chart_is_drawn_from_zero_so_its_height_reads_as_the_amount():
    """A week of 388 must not look like a quarter of a week of 531: the filled area's
    floor is the axis at zero, not a cut-off just below the smallest week."""
    (ax,) = _weeks_chart().axes
    lo, hi = ax.get_ylim()
    assert lo == 0 and hi >= 531
    (area,) = ax.collections[:1]
    floor = min(y for path in area.get_paths() for _x, y in path.vertices)
    assert floor == 0


@pytest.mark.parametrize("locale", ["en-GB", "ar"])
def test_weeks_run_the_way_the_text_reads(locale: str):
    """The newest week is at the end of the reading direction: right in English, left in Arabic."""
    fig = _weeks_chart(locale)
    (ax,) = fig.axes
    fig.canvas.draw()
    (line,) = [ln for ln in ax.get_lines() if ln.get_gid() == "line-0"]
    xs = ax.transData.transform(line.get_xydata())[:, 0]
    first, newest = xs[0], xs[-1]
    assert (newest < first) == (locale == "ar")
