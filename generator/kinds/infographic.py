"""Support-stats infographics (kind ``infographic``): headline, big numbers, charts, the
most asked questions and how to reach support, on one image.

Plan: one infographic per infographic platform among the selected ones (tall for
Pinterest 2:3 and the 9:16 story, landscape for link previews and X, a square summary
for the Instagram feed: see :data:`PLATFORMS`), when ``content/stats.yaml`` exists.
Output ``<platform>/infographic/support-stats.<ext>``.

Render: the ``infographic`` design (one file, a variant per aspect) draws every text,
panel and the logo, so text fitting and the contrast / safe-zone lint are the cards';
each visible ``rect`` layer whose id is ``chart-<chart name>`` (or ``chart-main``: the
first chart of :data:`MAIN_ORDER` with data; ``chart-second``: the next of
:data:`SECOND_ORDER`) is a slot: the chart is
drawn by matplotlib at the slot's exact pixel size (text scaled to the canvas, on the
panel's own colour) and pasted into it. The alt text states every figure shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.i18n import localefmt as lf
from generator.i18n.locales import is_rtl
from generator.i18n.words import words
from generator.kinds import AssetKind, register
from generator.kinds.faq import image_format, pick_design
from generator.load.design.loader import load_design
from generator.load.hours import _lang, hours_text, zone_text
from generator.load.model import Project, Source
from generator.plan.jobs import PlanInput, RenderContext, RenderJob, file_fingerprint, job_config, make_key
from generator.render.alt import shorten
from generator.render.card import draw_card, finish_card
from generator.render.charts.draw import Frame, chart_image, drawn_alt
from generator.render.charts.from_stats import stats_charts
from generator.render.charts.theme import chart_theme
from generator.render.color import to_hex
from generator.render.encode import EXTENSIONS

KIND = "infographic"
ITEM_ID = "support-stats"
#: Platforms that get an infographic, and why: tall pins and stories, landscape link
#: previews and X posts, a square summary for the Instagram feed.
PLATFORMS = ("pinterest", "instagram-story", "facebook-link", "x", "instagram-square")
#: The built-in design per aspect; ``designs: {infographic: ...}`` in the config wins.
DESIGNS = {"tall": "infographic", "portrait": "infographic", "landscape": "infographic-landscape",
           "square": "infographic-square"}
#: Which chart the ``chart-main`` slot shows: the first of these with data.
MAIN_ORDER = ("first-reply", "volume-by-topic", "volume-by-week")
#: Which chart the ``chart-second`` slot of tall designs shows: the first of these with
#: data that ``chart-main`` does not already show (a trend reads well in a wide, low slot).
SECOND_ORDER = ("volume-by-week", "volume-by-topic", "first-reply")
#: Slot padding inside a chart panel, in design px at a 1080 px wide canvas.
SLOT_PAD = 18


@dataclass(frozen=True)
class Infographic:
    """What the design may show; charts are drawn into slots by name."""

    item: dict  # plain strings and lists for the design's Jinja2 expressions
    charts: tuple  # generator.render.charts.Chart records, by name in item["charts"]
    alt: str
    title: str


def infographic_for(project: Project) -> Infographic | None:
    """The content of the infographic, in the project's words and locale."""

    stats = project.stats
    if stats is None:
        return None
    cfg = project.config
    loc = cfg.locale
    w = words(loc)
    charts, _skipped = stats_charts(stats, loc)
    numbers: list[dict[str, str]] = []
    if stats.satisfaction is not None:
        numbers.append({"value": lf.percent(stats.satisfaction.percent, loc),
                        "label": w["info_satisfied"]})
    if stats.first_reply:
        fastest = min(stats.first_reply, key=lambda r: r.median_minutes)
        numbers.append({"value": lf.minutes(fastest.median_minutes, loc),
                        "label": w["info_fastest"].format(channel=fastest.channel)})
    if stats.volume_by_topic:
        total = sum(c.value for c in stats.volume_by_topic)
        numbers.append({"value": lf.count(total, loc), "label": w["info_conversations"]})
    if stats.volume_by_week:
        # Fills the third place when a series above is empty.
        mean = sum(c.value for c in stats.volume_by_week) / len(stats.volume_by_week)
        numbers.append({"value": lf.count(round(mean), loc), "label": w["info_weekly"]})
    numbers = numbers[:3]
    faqs = {f.id: f for f in project.faqs}
    questions = [{"question": faqs[q.faq].question, "asked": lf.count(q.asked, loc),
                  "asked_text": w["info_asked"].format(count=lf.count(q.asked, loc))}
                 for q in stats.top_questions if q.faq in faqs]
    channels = " · ".join(c.name for c in cfg.contact.channels)

    hours = hours_text(cfg.contact.hours, _lang(cfg))
    item = {
        "kicker": w["info_kicker"],
        "headline": w["info_headline"].format(period=stats.period),
        "period": stats.period,
        "numbers": numbers,
        "charts": {c.name: {"title": c.title, "subtitle": c.subtitle} for c in charts},
        # The chart of the main slot: first reply when there is data for it, else the next.
        "main": next(({"name": c.name, "title": c.title, "subtitle": c.subtitle}
                      for name in MAIN_ORDER for c in charts if c.name == name), None),
        "second": None,
        "questions": questions,
        "questions_title": w["info_top_questions"],
        "contact": {"title": w["info_contact"], "channels": channels,
                    "hours": f"{hours}, {zone_text(cfg)}" if hours else "",
                    "website": cfg.brand.website or ""},
    }
    main_name = item["main"]["name"] if item["main"] else None
    item["second"] = next(({"name": c.name, "title": c.title, "subtitle": c.subtitle}
                           for name in SECOND_ORDER for c in charts
                           if c.name == name and name != main_name), None)
    parts = [w["info_alt"].format(brand=cfg.brand.name, period=stats.period) + "."]
    parts += [f"{n['value']} {n['label']}." for n in numbers]
    return Infographic(item, tuple(charts), " ".join(parts), item["headline"])


def plan_infographics(pi: PlanInput) -> list[RenderJob]:
    info = infographic_for(pi.project)
    if info is None:
        return []
    cfg = pi.project.config
    root = pi.project.root
    stats = pi.project.stats
    assert stats is not None
    src = Source(stats.source.file, stats.source.line, "")
    brand = (cfg.brand, file_fingerprint(root, cfg.brand.logo), cfg.locale)
    # One name in every locale (the period is translated: "Oktober 2026", "أكتوبر 2026"),
    # so a publisher pairs the languages; the previous period's files go as stale.
    item_id = ITEM_ID
    key = make_key(brand)  # the infographic (payload), design and preset: project_keyed
    jobs: list[RenderJob] = []
    for preset in pi.platforms:
        if preset.name not in PLATFORMS:
            continue
        fmt = image_format(preset, pi.forced_format)
        design = pick_design(cfg.designs, KIND, preset.name, None, DESIGNS.get(preset.aspect))
        out = f"{preset.name}/{KIND}/{item_id}.{EXTENSIONS[fmt]}"
        jobs.append(RenderJob(KIND, item_id, preset.name, out, fmt, key, src, payload=info,
                              design=design, locale=cfg.locale))
    return jobs


def chart_slots(job: RenderJob, ctx: RenderContext) -> list[tuple[str, tuple[int, int, int, int]]]:
    """(chart name, pixel box) of every chart slot the design shows on this platform."""

    preset = ctx.presets[job.platform]
    design = load_design(job.design or KIND, ctx.root)
    names = {c.name for c in job.payload.charts}
    out = []
    for layer in design.layers_for(preset.aspect):
        if layer.type != "rect" or not layer.id.startswith("chart-") or layer.box is None:
            continue
        name = layer.id[len("chart-"):]
        if name in ("main", "second"):
            picked = job.payload.item.get(name)
            name = picked["name"] if picked else ""
        if name not in names:
            continue  # the series is empty: its panel is not drawn (see the design's when)
        area = (0, 0, preset.width, preset.height) if layer.area == "canvas" else preset.safe_box
        l, t, r, b = area
        x, y, fw, fh = layer.box
        if is_rtl(job.locale or job_config(job, ctx).locale):
            x = 1 - x - fw  # the design engine mirrors boxes in right-to-left layouts
        out.append((name, (round(l + x * (r - l)), round(t + y * (b - t)),
                           round(l + (x + fw) * (r - l)), round(t + (y + fh) * (b - t)))))
    return out


def render_infographic(job: RenderJob, ctx: RenderContext):
    info: Infographic = job.payload
    preset = ctx.presets[job.platform]
    card = draw_card(job, ctx, info.item)
    charts = {c.name: c for c in info.charts}
    scale = preset.width / 1080
    pad = round(SLOT_PAD * scale)
    shown = []
    for name, (l, t, r, b) in chart_slots(job, ctx):
        box = (l + pad, t + pad, r - pad, b - pad)
        if box[2] - box[0] < 40 or box[3] - box[1] < 40:
            continue
        # The chart is drawn on the panel's own colour, so its anti-aliasing matches.
        panel = to_hex(card.image.getpixel(((l + r) // 2, t + max(1, pad // 2))))
        theme = chart_theme(job_config(job, ctx), background=panel, locale=job.locale,
                            text=charts[name].text())
        frame = Frame(box[2] - box[0], box[3] - box[1], scale, titles=False)
        img = chart_image(charts[name], theme, frame)
        card.image.paste(img.convert("RGB"), box[:2])
        shown.append((charts[name], drawn_alt(charts[name], theme, frame)))
    alt = " ".join([info.alt] + [a for _c, a in shown])

    questions = info.item["questions"]
    # Only when the design drew them (the landscape variant has no room for questions).
    if questions and any(t.layer == "questions-list" for t in card.texts):
        alt += " " + info.item["questions_title"] + ": " + "; ".join(
            f"{q['question']} ({q['asked']})" for q in questions) + "."
    return finish_card(job, ctx, card, title=info.title, alt=shorten(alt, preset.alt_limit or 1000),
                       meta={"charts": [c.name for c, _a in shown]})


register(AssetKind(name=KIND, description="support-stats infographics: tall, landscape and square",
                   label="Infographics", order=50, posted=True, post_rank=40,
                   plan=plan_infographics, render=render_infographic,
                   designs=tuple(dict.fromkeys(DESIGNS.values())), weight=3.0))
