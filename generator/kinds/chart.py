"""Support-stats charts (kind ``chart``): ``output/charts/<name>.png`` and ``.svg``.

Plan: one job per chart that ``content/stats.yaml`` has data for (first reply by
channel, volume by topic, volume by week, satisfaction tile); each job writes the
PNG (for posts and previews) and the SVG (for the guide and the web). Charts belong
to no platform (``platform`` is ``charts`` in the manifest) and are planned whatever
``--platform`` selects. An empty series plans no chart; the loader already warned.
Render: :mod:`generator.render.charts` at :data:`SIZE`, the alt text states the figures.
"""

from __future__ import annotations

from generator.kinds import AssetKind, register
from generator.load.model import Source
from generator.plan.jobs import PlanInput, RenderContext, RenderJob, job_config, make_key
from generator.render.card import use_brand_fonts
from generator.render.charts.draw import Frame, chart_bytes
from generator.render.charts.from_stats import stats_charts
from generator.render.charts.theme import chart_theme
from generator.render.result import RenderedFile, RenderResult

KIND = "chart"
PLATFORM = "charts"
#: Standalone chart size: 16:9 at the width X and link previews use.
SIZE = (1600, 900)


def chart_path(name: str, ext: str) -> str:
    return f"{PLATFORM}/{name}.{ext}"


def plan_charts(pi: PlanInput) -> list[RenderJob]:
    stats = pi.project.stats
    cfg = pi.project.config
    charts, _skipped = stats_charts(stats, cfg.locale)
    if stats is None:
        return []
    jobs = []
    for chart in charts:
        src = Source(stats.source.file, stats.source.line, chart.source_path)
        key = make_key(cfg.brand.colors, cfg.brand.fonts, SIZE)  # the chart itself: its payload
        jobs.append(RenderJob(KIND, chart.name, PLATFORM, chart_path(chart.name, "png"), "png",
                              key, src, payload=chart, locale=cfg.locale))
    return jobs


def render_chart(job: RenderJob, ctx: RenderContext) -> RenderResult:
    chart = job.payload
    use_brand_fonts(job_config(job, ctx), ctx.root)
    theme = chart_theme(job_config(job, ctx), locale=job.locale, text=chart.text())
    w, h = SIZE
    frame = Frame(w, h, w / 1080)
    meta = {"alt": chart.alt, "title": chart.title, "chart": chart.kind}
    files = tuple(
        RenderedFile(chart_path(chart.name, fmt), chart_bytes(chart, theme, frame, fmt), w, h, fmt,
                     meta=dict(meta))
        for fmt in ("png", "svg"))
    return RenderResult(job, files)


register(AssetKind(name=KIND, description="support-stats charts as PNG and SVG", label="Charts",
                   order=60, posted=True, post_rank=50, plan=plan_charts, render=render_chart,
                   weight=6.0))
