"""Profile banners and covers (kind ``banner``): brand, channels, staffed hours, reply time.

Plan: one ``default`` banner per banner preset, plus one per changed-hours period
(``<platform>/banner/<first day>.<ext>``) saying that the hours differ. The
default banner's key leaves the changed hours out, so adding a holiday adds its
own banners and leaves every other file untouched. Banner presets are not in the
default platform list: a build makes all of them unless ``--platform`` (or the
config's ``platforms``) names some platforms, in which case only the banner
presets among them. Render: the ``banner`` design with a :class:`BannerText` as
``item``. When to put each variant up is :func:`generator.load.hours.banner_switches`.
"""

from __future__ import annotations

from generator.i18n.words import words
from generator.kinds import AssetKind, register
from generator.kinds.faq import image_format, pick_design
from generator.load.hours import DEFAULT_VARIANT, banner_text, variant_name
from generator.load.model import ChangedHours, Source
from generator.load.platforms import PlatformPreset, select_platforms
from generator.plan.jobs import PlanInput, RenderContext, RenderJob, file_fingerprint, job_config, make_key
from generator.render.alt import shorten
from generator.render.card import draw_card, finish_card
from generator.render.encode import EXTENSIONS

KIND = "banner"


def banner_path(platform: str, variant: str, ext: str) -> str:
    return f"{platform}/{KIND}/{variant}.{ext}"


def banner_presets(pi: PlanInput) -> list[PlatformPreset]:
    """The banner presets among the selected platforms; every banner preset when the
    selection is the default one (no ``--platform``, no banners named in the config)."""
    chosen = [p for p in pi.platforms if p.group == "banner"]
    if chosen:
        return chosen
    default = select_platforms(pi.presets, pi.project.config.platforms, ())
    if [p.name for p in pi.platforms] == [p.name for p in default]:
        return [p for p in pi.presets.values() if p.group == "banner"]
    return []


def plan_banners(pi: PlanInput) -> list[RenderJob]:
    cfg = pi.project.config
    root = pi.project.root
    contact = cfg.contact
    # Everything a banner shows except the changed hours, which only dated variants show.
    common = (cfg.brand, file_fingerprint(root, cfg.brand.logo), contact.channels, contact.hours,
              cfg.timezone, cfg.locale)
    src = Source(cfg.file, None, "contact")
    jobs: list[RenderJob] = []
    variants: list[tuple[str, ChangedHours | None]] = [(DEFAULT_VARIANT, None)]
    variants += [(variant_name(ch), ch) for ch in contact.changed_hours]
    # The words of a variant are the same on every platform: worded once (they were
    # worded per platform, 0.12 s of the sample's 0.17 s plan, on every edit's build).
    texts = {variant: banner_text(cfg, changed) for variant, changed in variants}
    for preset in banner_presets(pi):
        fmt = image_format(preset, pi.forced_format)
        design = pick_design(cfg.designs, KIND, preset.name, None)
        for variant, changed in variants:
            text = texts[variant]
            # The words drawn (the payload) are keyed by project_keyed with the design and
            # preset; the other periods are not (a new holiday leaves this banner alone).
            key = make_key(changed, common)
            out = banner_path(preset.name, variant, EXTENSIONS[fmt])
            jobs.append(RenderJob(KIND, variant, preset.name, out, fmt, key, src, payload=text,
                                  design=design, locale=cfg.locale))
    return jobs


def render_banner(job: RenderJob, ctx: RenderContext):
    text = job.payload
    card = draw_card(job, ctx, text.as_item())
    preset = ctx.presets[job.platform]

    said = words(job.locale or job_config(job, ctx).locale)["alt_banner"].format(brand=text.name)
    parts = [said, text.notice, text.reply, text.hours, text.channels]
    alt = shorten(" ".join(p if p.endswith(".") or not p else p + "." for p in parts if p),
                  preset.alt_limit or 1000)
    return finish_card(job, ctx, card, title=f"{text.name}: {text.notice or text.hours}", alt=alt,
                       meta={"variant": job.item_id})


register(AssetKind(name=KIND, description="profile banners and covers with hours and reply times",
                   label="Profile banners and covers", order=80,
                   posted=False,  # a profile banner is set on the profile, not posted
                   plan=plan_banners, render=render_banner, designs=("banner",), caption="banner"))
