"""``content/stats.yaml`` -> the charts it supports, with labels and alt text in the locale.

In: validated :class:`~generator.load.model.Stats` and the project locale. Out: a list of
:class:`Chart` (first reply by channel, volume by topic, volume by week, satisfaction
tile) and the names of the series that were empty, so the caller can say what it
skipped. Every printed number goes through :mod:`generator.i18n.localefmt`.
"""

from __future__ import annotations

from generator.i18n import localefmt as lf
from generator.i18n.locales import is_rtl
from generator.i18n.words import words
from generator.load.model import Stats
from generator.render.charts.model import Chart, Series

#: Chart file stems, in the order the sample shows them.
FIRST_REPLY, TOPICS, WEEKLY, SATISFACTION = "first-reply", "volume-by-topic", "volume-by-week", \
    "satisfaction"


def _iso(text: str, locale: str) -> str:
    """``text`` set in a sentence of a right-to-left locale, as a bidi isolate (FSI..PDI):
    otherwise "2026-W36" inside Arabic is shown as "W36-2026" by the bidi algorithm."""

    return f"\u2068{text}\u2069" if is_rtl(locale) else text


def first_reply_chart(stats: Stats, locale: str) -> Chart:
    w = words(locale)
    cats = tuple(r.channel for r in stats.first_reply)
    med = tuple(r.median_minutes for r in stats.first_reply)
    p90 = tuple(r.p90_minutes for r in stats.first_reply)
    med_l = tuple(lf.minutes(v, locale) for v in med)
    p90_l = tuple(lf.minutes(v, locale) for v in p90)
    parts = [f"{c} {w['chart_median'].lower()} {a}, {w['chart_p90'].lower()} {b}"
             for c, a, b in zip(cats, med_l, p90_l)]
    alt = w["chart_first_reply_alt"].format(period=stats.period) + ": " + "; ".join(parts) + "."
    return Chart(FIRST_REPLY, "bar", w["chart_first_reply_title"],
                 w["chart_first_reply_sub"].format(period=_iso(stats.period, locale)), cats,
                 (Series(w["chart_median"], med, med_l, "primary"),
                  Series(w["chart_p90"], p90, p90_l, "light")), alt=alt, source_path="first_reply")


def topics_chart(stats: Stats, locale: str) -> Chart:
    w = words(locale)
    cats = tuple(c.label for c in stats.volume_by_topic)
    vals = tuple(float(c.value) for c in stats.volume_by_topic)
    labs = tuple(lf.count(c.value, locale) for c in stats.volume_by_topic)
    order = sorted(range(len(cats)), key=lambda i: -vals[i])
    alt = w["chart_topics_alt"].format(period=stats.period) + ": " + \
        ", ".join(f"{cats[i]} {labs[i]}" for i in order) + "."
    return Chart(TOPICS, "hbar", w["chart_topics_title"],
                 w["chart_topics_sub"].format(period=_iso(stats.period, locale)), cats,
                 (Series(w["chart_conversations"], vals, labs, "primary"),), alt=alt,
                 source_path="volume_by_topic")


def weekly_chart(stats: Stats, locale: str) -> Chart:
    w = words(locale)
    cats = tuple(lf.digits(c.label, locale) for c in stats.volume_by_week)
    vals = tuple(float(c.value) for c in stats.volume_by_week)
    labs = tuple(lf.count(c.value, locale) for c in stats.volume_by_week)
    sub = w["chart_weeks_sub"].format(first=_iso(cats[0], locale), last=_iso(cats[-1], locale)) \
        if cats else ""
    alt = w["chart_weeks_alt"].format(first=cats[0], last=cats[-1]) + ": " + \
        ", ".join(f"{c} {v}" for c, v in zip(cats, labs)) + "."
    return Chart(WEEKLY, "line", w["chart_weeks_title"], sub, cats,
                 (Series(w["chart_conversations"], vals, labs, "primary"),), alt=alt,
                 source_path="volume_by_week")


def satisfaction_chart(stats: Stats, locale: str) -> Chart:
    w = words(locale)
    sat = stats.satisfaction
    assert sat is not None
    big = lf.percent(sat.percent, locale)
    note = w["chart_satisfaction_note"].format(responses=lf.count(sat.responses, locale)) \
        if sat.responses else ""
    alt = w["chart_satisfaction_alt"].format(period=stats.period, percent=big) + \
        (f" ({note})." if note else ".")
    return Chart(SATISFACTION, "tile", w["chart_satisfaction_title"], stats.period,
                 series=(Series(w["chart_satisfaction_title"], (sat.percent,), (big,)),),
                 big=big, note=note, alt=alt, source_path="satisfaction")


def partial_alt(chart: Chart, series: tuple[Series, ...], rows: list[int], locale: str) -> str:
    """Alt text for ``chart`` drawn with only ``series`` over the categories ``rows`` (a
    small infographic slot keeps the median, or the largest topics): the title, subtitle
    and each shown figure in the chart's own words, and the count of rows left out."""
    parts = [f"{chart.categories[i]}, {s.name.lower()} {s.labels[i]}" for i in rows
             for s in series]
    if len(rows) < len(chart.categories):
        parts.append(words(locale)["chart_more"].format(
            count=lf.count(len(chart.categories) - len(rows), locale)))
    head = f"{chart.title} ({chart.subtitle})" if chart.subtitle else chart.title
    return head + ": " + "; ".join(parts) + "."


def stats_charts(stats: Stats | None, locale: str) -> tuple[list[Chart], list[str]]:
    """The charts ``stats`` has data for, and the stats fields skipped because empty."""
    if stats is None:
        return [], []
    charts: list[Chart] = []
    skipped: list[str] = []
    for field, make in (("first_reply", first_reply_chart), ("volume_by_topic", topics_chart),
                        ("volume_by_week", weekly_chart)):
        if getattr(stats, field):
            charts.append(make(stats, locale))
        else:
            skipped.append(field)
    if stats.satisfaction is not None:
        charts.append(satisfaction_chart(stats, locale))
    else:
        skipped.append("satisfaction")
    return charts, skipped
