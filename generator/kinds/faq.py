"""FAQ cards: one card per FAQ per selected platform (kind ``faq``).

Plan: every FAQ x every image platform; the design is the FAQ's own ``design``,
else ``designs: {<platform>: ...}`` or ``designs: {faq: ...}`` in the config, else
``faq``. Render: the design drawn with the FAQ as ``item``.
"""

from __future__ import annotations

import dataclasses
import re

from generator.i18n.words import words
from generator.kinds import AssetKind, register
from generator.load.design.loader import AUTO
from generator.load.model import FAQ
from generator.plan.jobs import PlanInput, RenderContext, RenderJob, file_fingerprint, job_config, make_key
from generator.plan.looks import faq_look
from generator.plan.rotation import rotation_order
from generator.render.alt import card_alt
from generator.render.card import draw_card, finish_card
from generator.render.completeness import CONTINUED, FULL, SUMMARY, first_sentences, paginate
from generator.render.encode import EXTENSIONS
from generator.render.filters import display_url
from generator.render.result import Finding

KIND = "faq"
#: ``design: auto`` for a FAQ: the built-in designs it rotates through, in this order.
#: The picture designs only for a FAQ with a picture, ``tip`` only for a short answer.
AUTO_FAQ = ("faq", "faq-question", "faq-photo", "faq-chat", "faq-cover", "faq-inset", "tip")
PHOTO_DESIGNS = ("faq-photo", "faq-cover", "faq-inset")
AUTO_STEPS = ("steps", "steps-cards")


def pick_design(designs: dict[str, str], kind: str, platform: str, own: str | None,
                fallback: str | None = None) -> str:
    """The item's own design, else ``kind@platform``, ``platform`` or ``kind`` from the
    config's ``designs:``, else ``fallback`` (e.g. ``steps`` for a FAQ with steps)."""
    return (own or designs.get(f"{kind}@{platform}") or designs.get(platform) or designs.get(kind)
            or fallback or kind)

#: An answer this short (characters, Markdown included) reads best as a tip card.
TIP_CHARS = 160


def _fits(design: str, faq: FAQ, look_image: str | None) -> bool:
    if design in PHOTO_DESIGNS:
        return bool(look_image)
    if design == "tip":
        return len(faq.answer) <= TIP_CHARS and "\n" not in faq.answer.strip()
    return True


def auto_designs(project, faqs: list[FAQ]) -> dict[str, str]:
    """FAQ id -> design for every FAQ whose design is ``auto``: the next fitting design
    of :data:`AUTO_FAQ` (:data:`AUTO_STEPS` for FAQs with steps) in the order the
    schedule posts FAQs (:func:`generator.plan.rotation.rotation_order`), never the one of
    the FAQ posted just before, nor (for the last) the first's: a feed that cycles
    through the FAQs never shows one layout twice in a row."""

    by_id = {f.id: f for f in faqs}
    order = [by_id[i.split(":", 1)[1]] for i, _r in
             rotation_order(project, {f"faq:{f.id}" for f in faqs})]
    out: dict[str, str] = {}
    prev = {"steps": "", "faq": ""}
    first = {"steps": "", "faq": ""}
    turn = {"steps": 0, "faq": 0}
    prev_photo = ""
    last_of = {("steps" if f.steps else "faq"): f.id for f in order}
    for faq in order:
        group = "steps" if faq.steps else "faq"
        pool = AUTO_STEPS if faq.steps else AUTO_FAQ
        image = faq_look(faq, project.config).image
        fitting = [d for d in pool if _fits(d, faq, image)]
        banned = {prev[group]} | ({first[group]} if faq.id == last_of[group] else set())
        n = len(fitting)
        # A FAQ with a picture shows it (the photo designs alternate), the others rotate.
        photo = next((d for d in PHOTO_DESIGNS if d in fitting and d not in banned
                      and d != prev_photo), None) if image else None
        pick = photo or next((fitting[(turn[group] + k) % n] for k in range(n)
                              if fitting[(turn[group] + k) % n] not in banned
                              and fitting[(turn[group] + k) % n] not in PHOTO_DESIGNS),
                             fitting[turn[group] % n])
        if photo:
            prev_photo = photo
        else:
            turn[group] = (fitting.index(pick) + 1) % n if n else 0
        out[faq.id] = pick
        prev[group] = pick
        first[group] = first[group] or pick
    return out


def photo_format(preset, forced: str | None, fmt: str) -> str:
    """A card that is mostly photograph goes out as JPEG where the platform takes it
    (unless ``--format`` says otherwise): a photo as PNG is several times the bytes and
    the encoding time, for no visible gain."""
    if forced or fmt == "jpeg" or "jpeg" not in preset.formats:
        return fmt
    return "jpeg"


def image_format(preset, forced: str | None) -> str:
    if forced and forced in preset.formats:
        return forced
    return preset.default_format


def plan_faq_cards(pi: PlanInput) -> list[RenderJob]:
    cfg = pi.project.config
    root = pi.project.root
    # What the renderer reads besides its job (the FAQ, design and preset are keyed by
    # project_keyed): the brand with the logo's bytes, the FAQ's look with its image's.
    brand_fp = make_key(cfg.brand, file_fingerprint(root, cfg.brand.logo), cfg.locale)
    looks = {faq.id: make_key(faq_look(faq, cfg).fingerprint(root), brand_fp)
             for faq in pi.project.faqs}
    jobs: list[RenderJob] = []
    auto: dict[str, str] | None = None
    # Banner presets are profile covers, not posts: `--platform x-header` makes its banner only.
    for preset in (p for p in pi.platforms if p.group not in ("banner", "video")):
        fmt = image_format(preset, pi.forced_format)
        for faq in pi.project.faqs:
            design = pick_design(cfg.designs, KIND, preset.name, faq.design,
                                 "steps" if faq.steps else None)
            if design == AUTO:
                if auto is None:
                    auto = auto_designs(pi.project, list(pi.project.faqs))
                design = auto[faq.id]
            card_fmt = photo_format(preset, pi.forced_format, fmt) if design in PHOTO_DESIGNS else fmt
            out = f"{preset.name}/{KIND}/{faq.id}.{EXTENSIONS[card_fmt]}"
            jobs.append(RenderJob(KIND, faq.id, preset.name, out, card_fmt, looks[faq.id], faq.source, faq,
                                  design=design, locale=faq.locale))
    return jobs


def faq_body(faq: FAQ) -> str:
    """What a FAQ's cards must carry besides the question: the answer, then its steps
    as a numbered list (a steps card used to drop the answer)."""
    if not faq.steps:
        return faq.answer
    steps = "\n".join(f"{i}. {' '.join(s.split())}" for i, s in enumerate(faq.steps, 1))
    return f"{faq.answer}\n\n{steps}"


def full_answer_link(faq: FAQ, config) -> str | None:  # noqa: ANN001 - Config
    """Where the whole answer is read: the FAQ's link (relative ones against its source
    site, else the brand's website), else the brand's website."""
    from urllib.parse import urljoin

    website = config.brand.website or None
    link = faq.link
    if link and not link.startswith("#") and not re.match(r"^[a-z][a-z0-9+.-]*:", link, re.I):
        base = faq.base_url or website
        if base:
            base = base if re.match(r"^[a-z]+://", base, re.I) else f"https://{base}"
            link = urljoin(base if base.endswith("/") else base + "/", link)
    elif link and link.startswith("#"):
        link = None  # "#" is a placeholder in many site FAQ files, not an address
    return link or website


def _lost(card) -> bool:  # noqa: ANN001 - CardRender
    """Text of the question or the answer did not fit (labels such as the brand name
    are the lint's business, not the completeness rule's)."""
    return any(t.truncated for t in card.texts if t.role != "label")


def _suffix(out: str, n: int) -> str:
    """``x/faq/id.png`` -> ``x/faq/id_02.png``: sorts right after the first image."""
    stem, dot, ext = out.rpartition(".")
    return f"{stem}_{n:02d}{dot}{ext}"


def render_faq_card(job: RenderJob, ctx: RenderContext):
    """The FAQ on one image when it fits; else on up to ``images_per_post`` images of
    one post (``continued``); else, on a one-image placement, a summary with a "Full
    answer" link (``summary``). Every file's manifest entry says which."""

    faq: FAQ = job.payload
    preset = ctx.presets[job.platform]
    locale = job.locale or job_config(job, ctx).locale
    w = words(locale, ctx.root)
    body = faq_body(faq)
    item = {f.name: getattr(faq, f.name) for f in dataclasses.fields(faq) if f.name != "source"}
    item["body"] = body

    item.update(faq_look(faq, job_config(job, ctx)).as_item())
    # A short alt-text limit (Instagram shows about 100 characters) is spent on content.
    said = w["alt_faq_card"].format(brand=job_config(job, ctx).brand.name)
    prefix = f"{said} " if (preset.alt_limit or 1000) >= 300 else ""
    # "(2) ..." rather than "2. ...": a cut at a sentence end must not leave a stray "2.".
    alt_body = faq.answer if not faq.steps else " ".join(
        f"({i}) {s}" for i, s in enumerate(faq.steps, 1))
    if faq.steps:
        alt_body = f"{faq.answer} {alt_body}"

    def draw(text: str, marker: str = ""):
        category = f"{faq.category} · {marker}" if marker else faq.category
        return draw_card(job, ctx, {**item, "answer": text, "body": text, "category": category})

    card = draw(body)
    if not _lost(card):
        return finish_card(job, ctx, card, title=faq.question,
                           alt=card_alt(faq.question, alt_body, preset.alt_limit, prefix=prefix),
                           meta={"completeness": FULL}, texts=_texts(card))
    pages = None
    # An answer the loader clipped cannot be shown whole anywhere: straight to its summary.
    if preset.images_per_post > 1 and not faq.clipped_from:
        # Pages are found with the widest position marker, then drawn with their own.
        widest = w["faq_page"].format(n=preset.images_per_post, total=preset.images_per_post)
        pages = paginate(body, lambda md: not _lost(draw(md, widest)), preset.images_per_post)
    if pages and len(pages) > 1:
        results = []
        for n, page in enumerate(pages, 1):
            marker = w["faq_page"].format(n=n, total=len(pages))
            page_job = job if n == 1 else dataclasses.replace(job, out=_suffix(job.out, n))
            card = draw(page, marker)
            alt = card_alt(f"{faq.question} ({marker})", page, preset.alt_limit, prefix=prefix)
            results.append(finish_card(page_job, ctx, card, title=faq.question, alt=alt, meta={
                "completeness": CONTINUED, "slide": n, "slides": len(pages), "part": 1,
                "parts": 1}, texts=_texts(card)))
        return dataclasses.replace(results[0], job=job,
                                   files=tuple(f for r in results for f in r.files),
                                   findings=tuple(x for r in results for x in r.findings),
                                   warnings=tuple(x for r in results for x in r.warnings))
    link = full_answer_link(faq, job_config(job, ctx))
    tail = "\n\n" + w["faq_full_answer"].format(link=display_url(link)) if link else ""
    authored = bool(faq.summary)
    short = faq.summary or first_sentences(body, lambda md: not _lost(draw(md + tail)))
    card = draw(short + tail)

    where = f"{faq.source.file}:{faq.source.line}" if faq.source.line else faq.source.file
    why = ("the answer is longer than selfserve lays out" if faq.clipped_from else
           f"the answer needs more than the {preset.images_per_post} images a post here takes"
           if preset.images_per_post > 1 else
           "the answer does not fit this one-image card even at the smallest text size")
    shows = "your summary" if authored else "its first sentences"
    note = Finding(
        "summary", f"{why}, so the card shows {shows}"
        + ("" if authored else "; write a 'summary:' for this FAQ")
        + (" (with a 'Full answer' link)" if link else "; add a 'link:' (or brand.website) so "
           "readers can find the rest"),
        job.out, job.item_id, job.platform, where, "answer", {"authored": authored})
    result = finish_card(job, ctx, card, title=faq.question,
                         alt=card_alt(faq.question, alt_body, preset.alt_limit, prefix=prefix),
                         meta={"completeness": SUMMARY, "summary": "authored" if authored
                               else "first-sentences"}, texts=_texts(card))
    if authored and link:  # the author chose this short form: listed in report.json only
        return result
    return dataclasses.replace(result, findings=result.findings + (note,),
                               warnings=result.warnings + (str(note),))


def _texts(card) -> tuple[tuple[str, tuple[str, ...]], ...]:  # noqa: ANN001 - CardRender
    """The laid-out lines of every text layer, for tests and the completeness check."""
    return tuple((t.layer, t.texts) for t in card.texts)


register(AssetKind(name=KIND, description="one card per FAQ per platform", label="FAQ cards",
                   reads=("categories",), order=10, posted=True, post_rank=10, plan=plan_faq_cards,
                   render=render_faq_card,
                   designs=("faq", "steps"), auto_designs=AUTO_FAQ + AUTO_STEPS, caption="faq"))
