"""FAQ cards: one card per FAQ per selected platform (kind ``faq``).

Plan: every FAQ x every image platform; the design is the FAQ's own ``design``,
else ``designs: {<platform>: ...}`` or ``designs: {faq: ...}`` in the config, else
``faq``. Render: the design drawn with the FAQ as ``item``.
"""

from __future__ import annotations

import dataclasses

from generator.kinds import AssetKind, register
from generator.load.model import FAQ
from generator.plan.jobs import PlanInput, RenderContext, RenderJob, file_fingerprint, make_key
from generator.render.encode import EXTENSIONS

KIND = "faq"


def pick_design(designs: dict[str, str], kind: str, platform: str, own: str | None,
                fallback: str | None = None) -> str:
    """The item's own design, else ``kind@platform``, ``platform`` or ``kind`` from the
    config's ``designs:``, else ``fallback`` (e.g. ``steps`` for a FAQ with steps)."""
    return (own or designs.get(f"{kind}@{platform}") or designs.get(platform) or designs.get(kind)
            or fallback or kind)


def image_format(preset, forced: str | None) -> str:
    if forced and forced in preset.formats:
        return forced
    return preset.default_format


def plan_faq_cards(pi: PlanInput) -> list[RenderJob]:
    from generator.render.design.load import design_digest

    cfg = pi.project.config
    root = pi.project.root
    # Digest each input once; a job's key then hashes a handful of short strings.
    brand_fp = make_key(cfg.brand, file_fingerprint(root, cfg.brand.logo), cfg.locale)
    faq_digests = {faq.id: make_key(faq) for faq in pi.project.faqs}
    jobs: list[RenderJob] = []
    digests: dict[str, str] = {}
    # Banner presets are profile covers, not posts: `--platform x-header` makes its banner only.
    for preset in (p for p in pi.platforms if p.group not in ("banner", "video")):
        fmt = image_format(preset, pi.forced_format)
        preset_fp = make_key(preset)
        for faq in pi.project.faqs:
            design = pick_design(cfg.designs, KIND, preset.name, faq.design,
                                 "steps" if faq.steps else None)
            if design not in digests:
                digests[design] = design_digest(design, root)
            out = f"{preset.name}/{KIND}/{faq.id}.{EXTENSIONS[fmt]}"
            key = make_key(KIND, faq_digests[faq.id], preset_fp, design, digests[design], brand_fp, fmt)
            jobs.append(RenderJob(KIND, faq.id, preset.name, out, fmt, key, faq.source, faq,
                                  design=design, locale=faq.locale))
    return jobs


def render_faq_card(job: RenderJob, ctx: RenderContext):
    from generator.render.alt import card_alt
    from generator.render.card import draw_card, finish_card

    faq: FAQ = job.payload
    item = {f.name: getattr(faq, f.name) for f in dataclasses.fields(faq) if f.name != "source"}
    card = draw_card(job, ctx, item)
    preset = ctx.presets[job.platform]
    # A short alt-text limit (Instagram shows about 100 characters) is spent on content.
    from generator.render.words import words

    said = words(job.locale or ctx.config.locale)["alt_faq_card"].format(brand=ctx.config.brand.name)
    prefix = f"{said} " if (preset.alt_limit or 1000) >= 300 else ""
    # "(2) ..." rather than "2. ...": a cut at a sentence end must not leave a stray "2.".
    body = faq.answer if not faq.steps else " ".join(f"({i}) {s}" for i, s in enumerate(faq.steps, 1))
    alt = card_alt(faq.question, body, preset.alt_limit, prefix=prefix)
    return finish_card(job, ctx, card, title=faq.question, alt=alt)


register(AssetKind(KIND, "one card per FAQ per platform", plan_faq_cards, render_faq_card))
