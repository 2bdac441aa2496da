"""How-to carousels from recurring issues (kind ``carousel``).

Plan: for every issue with steps, one job per carousel platform drawing every slide
(a cover, one slide per fix step, a closing contact slide), and one job per issue for
the LinkedIn document preset (the same slides as one PDF). A platform that takes
fewer images per post than the carousel has slides gets the carousel in numbered
parts of even length, each opening with its own cover ("Part 2 of 2: <title>"); no
step is ever dropped. An issue without
steps gets no carousel (its notice card says what is known) and the build summary
says so.

Files: ``<platform>/carousel/<issue>/01.<ext>``...; a carousel in parts puts each
part in its own folder (``<issue>/part-1/01.<ext>``) so each folder is one post;
the document is ``linkedin-document/carousel/<issue>.pdf``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from generator.errors import Problem, SelfserveError
from generator.i18n.words import words
from generator.kinds import AssetKind, register
from generator.kinds.faq import AUTO, image_format, pick_design
from generator.load.hours import duration_text, hours_text, zone_text
from generator.load.model import Config, RecurringIssue
from generator.load.platforms import PlatformPreset
from generator.plan.jobs import PlanInput, RenderContext, RenderJob, file_fingerprint, job_config, make_key
from generator.plan.looks import issue_look
from generator.render.alt import shorten
from generator.render.card import CardRender, draw_card
from generator.render.encode import EXTENSIONS, encode
from generator.render.lint import lint_card
from generator.render.result import Finding, RenderedFile, RenderResult
from generator.render.slides_pdf import slides_pdf

KIND = "carousel"
DESIGN = "carousel"
#: ``designs: {carousel: auto}``: the carousel designs, alternated from one issue to the
#: next in content order, so two how-tos posted in a row do not look alike.
AUTO_CAROUSEL = ("carousel", "carousel-cards")


@dataclass(frozen=True)
class Slide:
    """One slide's place in the carousel (its words are made at render time)."""

    slide: str  # cover | step | closing
    index: int  # 1-based within its part
    count: int  # slides in its part
    part: int  # 1-based
    parts: int
    step: int = 0  # 1-based step number (step slides)
    rel: str = ""  # output path


@dataclass(frozen=True)
class Carousel:
    issue: RecurringIssue
    slides: tuple[Slide, ...]


def is_carousel_platform(preset: PlatformPreset) -> bool:
    """Feeds that take several images per post, and stories (a sequence of frames)."""
    return preset.group == "story" or (preset.group == "feed" and preset.images_per_post > 1)


def slide_cap(preset: PlatformPreset) -> int | None:
    """Most slides in one post; ``None`` when a sequence has no cap (stories)."""
    if preset.group in ("story", "document"):
        return None
    return max(1, preset.images_per_post)


def split_parts(n: int, cap: int | None) -> list[int]:
    """Sizes of the parts ``n`` slides are posted in: as few as the cap allows, as even
    as possible (14 slides, cap 10 -> 7 + 7, not 10 + 4)."""
    if cap is None or n <= cap:
        return [n]
    parts = -(-n // cap)
    return [n // parts + (1 if i < n % parts else 0) for i in range(parts)]


def plan_slides(issue: RecurringIssue, cap: int | None, folder: str, ext: str) -> tuple[Slide, ...]:
    """Slides in posts of at most ``cap`` images: every part opens with its own cover
    ("Part 2 of 3: <title>"), then its share of the steps (as even as the cap allows);
    the last part ends with the contact slide. No step is ever dropped."""
    items = ["step"] * len(issue.steps) + ["closing"]
    sizes = split_parts(len(items), None if cap is None else max(1, cap - 1))
    out: list[Slide] = []
    pos = 0
    for p, size in enumerate(sizes, 1):
        base = folder if len(sizes) == 1 else f"{folder}/part-{p}"
        out.append(Slide("cover", 1, size + 1, p, len(sizes), rel=f"{base}/01.{ext}"))
        for i in range(2, size + 2):
            kind = items[pos]
            pos += 1
            out.append(Slide(kind, i, size + 1, p, len(sizes), step=pos if kind == "step" else 0,
                             rel=f"{base}/{i:02d}.{ext}"))
    return tuple(out)


def _step_images(pi: PlanInput, issue: RecurringIssue) -> list[str]:
    return [file_fingerprint(pi.project.root, s.image) for s in issue.steps]


def plan_carousels(pi: PlanInput) -> list[RenderJob]:
    cfg = pi.project.config
    root = pi.project.root
    brand_fp = make_key(cfg.brand, file_fingerprint(root, cfg.brand.logo), cfg.locale, cfg.timezone,
                        cfg.contact)
    jobs: list[RenderJob] = []
    with_steps = [i for i in pi.project.issues if i.steps]
    for issue in pi.project.issues:
        if not issue.steps:
            pi.notes.append(f"{issue.source.file}:{issue.source.line}: issue '{issue.id}' has no steps: "
                            "notice card only, no carousel")
    presets = [p for p in pi.platforms if is_carousel_platform(p) or p.group == "document"]
    # The issue and its slides are the payload; the step images' bytes and the brand (with
    # contact details for the last slide) are read besides: hashed once per issue.
    keys = {i.id: make_key(_step_images(pi, i), brand_fp) for i in with_steps}
    for preset in presets:
        fmt = image_format(preset, pi.forced_format)
        for n, issue in enumerate(with_steps):
            design = pick_design(cfg.designs, KIND, preset.name, None, DESIGN)
            if design == AUTO:
                design = AUTO_CAROUSEL[n % len(AUTO_CAROUSEL)]
            if preset.group == "document":
                slides = plan_slides(issue, None, f"{preset.name}/{KIND}/{issue.id}", "pdf")
                out = f"{preset.name}/{KIND}/{issue.id}.pdf"
            else:
                slides = plan_slides(issue, slide_cap(preset), f"{preset.name}/{KIND}/{issue.id}",
                                     EXTENSIONS[fmt])
                out = slides[0].rel
            jobs.append(RenderJob(KIND, issue.id, preset.name, out, fmt, keys[issue.id], issue.source,
                                  Carousel(issue, slides), design=design, locale=cfg.locale))
    return jobs


# -- words on the slides ------------------------------------------------------------

def _number(n: int, locale: str) -> str:
    from babel.numbers import format_decimal

    return format_decimal(n, locale=locale.replace("-", "_"))


def slide_item(issue: RecurringIssue, slide: Slide, config: Config, locale: str) -> dict[str, Any]:
    """What the ``carousel`` design draws on one slide: plain strings in ``locale``."""

    w = words(locale)
    loc = locale.replace("-", "_")
    item: dict[str, Any] = {
        "slide": slide.slide,
        "title": issue.title,
        # One position indicator per slide: a step slide says which step of how many
        # (agreeing with its big number); a cover says which part; the closing, nothing.
        "progress": w["faq_page"].format(n=_number(slide.step, locale),
                                         total=_number(len(issue.steps), locale))
        if slide.slide == "step" else "",
        "part": "",
        "link": issue.link or "",
    }
    if slide.slide == "cover":
        if slide.parts > 1:
            item["title"] = w["carousel_part_title"].format(
                part=_number(slide.part, locale), parts=_number(slide.parts, locale),
                title=issue.title)
        item.update(
            badge=w.get(f"status_{issue.status}", issue.status),
            summary=issue.summary,
            reported=w["carousel_reported"].format(count=_number(issue.tickets, locale))
            if issue.show_count and issue.tickets else "",
            swipe=w["carousel_swipe"], icon=issue_look(issue).icon)
    elif slide.slide == "step":
        step = issue.steps[slide.step - 1]
        item.update(number=_number(slide.step, locale), text=step.text, image=step.image or "",
                    step_label=w["carousel_step"].format(n=_number(slide.step, locale)))
    else:
        contact = config.contact
        hours = hours_text(contact.hours, loc)
        item.update(
            help=w["carousel_help"],
            channels=[{"name": c.name, "address": c.address or "",
                       "reply": w["carousel_reply"].format(time=duration_text(c.reply_minutes, loc))
                       if c.reply_minutes is not None else "",
                       "hours": hours_text(c.hours, loc) if c.hours else ""}
                      for c in contact.channels],
            hours=w["carousel_hours"].format(hours=f"{hours}, {zone_text(config)}") if hours else "")
    return item


def slide_alt(issue: RecurringIssue, slide: Slide, item: dict[str, Any], locale: str,
              limit: int | None) -> str:
    """What a screen reader says for a slide, in the slide's language."""

    total = len(issue.steps)
    if slide.slide == "cover":
        text = f"{issue.title}. {item['badge']}. {issue.summary} {item['reported']}".strip()
    elif slide.slide == "step":
        step_of = words(locale)["alt_step_of"].format(n=_number(slide.step, locale),
                                                      total=_number(total, locale))
        text = f"{step_of}: {item['text']}"
    else:
        chans = "; ".join(f"{c['name']} {c['address']} {c['reply']}".strip() for c in item["channels"])
        text = f"{item['help']}. {chans}. {item['hours']} {issue.link or ''}".strip()
    return shorten(text, limit or 1000)


# -- rendering ------------------------------------------------------------------------

def _too_long(issue: RecurringIssue, slide: Slide, platform: str):
    src = issue.step_sources[slide.step - 1] if len(issue.step_sources) >= slide.step else issue.source
    n = len(issue.steps[slide.step - 1].text)
    return SelfserveError(Problem(
        src.file, f"step {slide.step} of '{issue.id}' ({n} characters) does not fit a {platform} slide "
        "even at the smallest text size; split it into two shorter steps",
        src.line, path=src.path))


def draw_slides(job: RenderJob, ctx: RenderContext) -> Iterator[tuple[Slide, dict[str, Any], CardRender]]:
    """Every slide of ``job``, drawn one at a time: ``(slide, item, CardRender)``; a step
    text that does not fit at the design's smallest size is a located error.

    A generator, so a caller encodes each slide and drops its canvas before the next is
    drawn: a story carousel of a dozen slides held as RGBA canvases was some 100 MB of a
    worker's peak (issue 25), for pixels that are needed once."""

    carousel: Carousel = job.payload
    issue = carousel.issue
    locale = job.locale or job_config(job, ctx).locale
    for slide in carousel.slides:
        item = slide_item(issue, slide, job_config(job, ctx), locale)
        card = draw_card(job, ctx, item)
        if slide.slide == "step" and any(t.truncated and t.layer == "text" for t in card.texts):
            raise _too_long(issue, slide, job.platform)
        yield slide, item, card


def render_carousel(job: RenderJob, ctx: RenderContext) -> RenderResult:
    preset = ctx.presets[job.platform]
    issue: RecurringIssue = job.payload.issue
    drawn = draw_slides(job, ctx)
    if preset.group == "document":
        return slides_pdf(job, ctx, drawn)
    files = []
    findings: list[Finding] = []
    for slide, item, card in drawn:
        slide_job = dataclasses.replace(job, out=slide.rel)
        data, settings = encode(card.image, job.fmt, preset.max_bytes, title=issue.title,
                                author=job_config(job, ctx).brand.name)
        findings += lint_card(card, preset, slide_job)
        del card  # the canvas goes before the next slide is drawn (the loop rebinds it only then)
        alt = slide_alt(issue, slide, item, job.locale or job_config(job, ctx).locale, preset.alt_limit)
        files.append(RenderedFile(slide.rel, data, preset.width, preset.height, job.fmt, meta={
            "alt": alt, "title": issue.title, "slide": slide.index, "slides": slide.count,
            "part": slide.part, "parts": slide.parts, "role": slide.slide,
            "status": issue.status, **settings}))
    warnings = tuple(str(f) for f in findings if f.code in ("truncated", "missing-glyphs"))
    return RenderResult(job, tuple(files), tuple(findings), warnings)


register(AssetKind(name=KIND, reads=("contact",),
                   description="how-to carousels (cover, one slide per step, contact) and document PDFs",
                   label="Carousels", order=20, posted=True, post_rank=30, plan=plan_carousels,
                   render=render_carousel, designs=(DESIGN,), auto_designs=AUTO_CAROUSEL,
                   weight=12.0))
