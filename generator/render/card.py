"""Shared by every card-like kind: the theme and Jinja2 context from the config,
drawing a design on a preset, encoding it, linting it.

In: a job, the render context and the item as a dict. Out: a RenderResult with
one file. Kinds (faq, tip, notice, hours...) differ only in their context.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from generator.i18n.locales import is_rtl
from generator.load.design.loader import load_design
from generator.load.model import Config
from generator.load.platforms import PlatformPreset
from generator.plan.jobs import RenderContext, RenderJob, job_config
from generator.render.color import contrast, parse_color, to_hex
from generator.render.design.engine import CardRender, Theme, render_design
from generator.render.encode import encode
from generator.render.lint import lint_card
from generator.render.result import RenderedFile, RenderResult
from generator.render.text.bidi import base_direction
from generator.render.text.fonts import use_project_fonts


def use_brand_fonts(config: Config, root) -> None:  # noqa: ANN001 - Path
    """Register the project's font files (``brand.fonts.files``) in this process, so the
    families they hold are found like installed ones (every worker calls this)."""

    files = config.brand.fonts.files
    if root is not None:
        use_project_fonts(tuple(str((root / f).resolve()) for f in files))


def theme_for(config: Config, locale: str | None = None) -> Theme:
    fonts = config.brand.fonts
    return Theme(fonts={"heading": fonts.heading, "body": fonts.body, "label": fonts.heading},
                 text_color=config.brand.colors.text, locale=locale or config.locale,
                 style=config.brand.theme)


def _on(color: str, light: str, dark: str) -> str:
    """The readable text colour on ``color``: the brand text colour or white."""
    c = parse_color(color)
    return light if contrast(parse_color(light), c) >= contrast(parse_color(dark), c) else dark


def colors_for(config: Config) -> dict[str, str]:
    c = config.brand.colors
    out = {k: v for k, v in dataclasses.asdict(c).items() if v}
    out["on_primary"] = _on(c.primary, "#FFFFFF", c.text)
    out["on_accent"] = _on(c.accent, "#FFFFFF", c.text)
    out["on_background"] = c.text
    out.setdefault("secondary", c.primary)
    out.setdefault("muted", to_hex(parse_color(c.text)))
    return out


def card_context(config: Config, preset: PlatformPreset, item: dict[str, Any],
                 locale: str | None, **extra: Any) -> dict[str, Any]:
    """What design expressions can see. Values are data, never templates."""
    brand = dataclasses.asdict(config.brand)
    loc = locale or config.locale
    return {
        "item": item,
        "brand": brand,
        "colors": colors_for(config),
        "platform": {"name": preset.name, "width": preset.width, "height": preset.height,
                     "aspect": preset.aspect, "label": preset.label},
        "locale": loc,
        "rtl": is_rtl(loc) or reads_rtl(item),
        **extra,
    }


def reads_rtl(item: dict[str, Any]) -> bool:
    """Whether the content's own headline (an FAQ's question, an issue's title) is written
    right to left: a Persian FAQ in an English project gets a mirrored card, as the
    project's right-to-left locales do (its text was right-aligned, but the badge, the rule
    under the question and the logo stayed on the left). Only ever added to the locale's
    direction: an Arabic question opening with a Latin product name stays mirrored."""
    headline = item.get("question") or item.get("title")
    return isinstance(headline, str) and base_direction(headline) == "rtl"


def draw_card(job: RenderJob, ctx: RenderContext, item: dict[str, Any], **extra: Any) -> CardRender:
    preset = ctx.presets[job.platform]
    use_brand_fonts(job_config(job, ctx), ctx.root)
    design = load_design(job.design or job.kind, ctx.root)
    locale = job.locale or item.get("locale") or job_config(job, ctx).locale
    context = card_context(job_config(job, ctx), preset, item, locale, **extra)
    return render_design(design, preset.aspect, (preset.width, preset.height), preset.safe_box,
                         theme_for(job_config(job, ctx), locale), context, ctx.root)


def finish_card(job: RenderJob, ctx: RenderContext, card: CardRender, *, title: str,
                alt: str, meta: dict[str, Any] | None = None,
                texts: tuple[tuple[str, tuple[str, ...]], ...] = ()) -> RenderResult:
    """Encode under the preset's limit, lint, and package as a RenderResult."""
    preset = ctx.presets[job.platform]
    data, settings = encode(card.pixels, job.fmt, preset.max_bytes, title=title,
                            author=job_config(job, ctx).brand.name)
    findings = lint_card(card, preset, job)
    warnings = tuple(str(f) for f in findings if f.code in ("truncated", "missing-glyphs"))
    file = RenderedFile(job.out, data, preset.width, preset.height, job.fmt,
                        meta={"alt": alt, "title": title, **settings, **(meta or {})},
                        texts=texts or tuple((t.layer, t.texts) for t in card.texts))
    return RenderResult(job, (file,), tuple(findings), warnings)
