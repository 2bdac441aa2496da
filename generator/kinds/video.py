"""Short vertical videos for Reels, TikTok, YouTube Shorts and Facebook Reels (kind ``video``).

Plan: on every selected preset of the ``video`` group, one job per FAQ (the
question first, then the answer revealed line by line, a page of the answer at a
time) and one per recurring issue with steps (the carousel's slides, one scene each,
with transitions). Video presets are built only when named (``platforms:`` or
``--platform``): a video takes seconds to encode, a card milliseconds.

Render: each scene is drawn once by the card engine on the preset's canvas and
safe area (so burned-in text stays clear of each app's buttons and captions), its
length set by reading speed in the item's language (render/video/timing.py). A
story longer than the platform takes is split into parts of even length, each
saying "Part 1 of 2" on screen. Per part: ``<id>.mp4`` (or ``<id>-part-N.mp4``), a
WebVTT file and a JPEG cover beside it, the latter two listed in the manifest as
companions of the video.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import Problem, SelfserveError
from generator.i18n.locales import is_rtl
from generator.i18n.words import words
from generator.kinds import AssetKind, register
from generator.kinds.carousel import Slide, _too_long, slide_alt, slide_item
from generator.kinds.carousel import _number as num
from generator.kinds.carousel import AUTO_CAROUSEL
from generator.kinds.faq import auto_designs, pick_design
from generator.load.audio import AudioError
from generator.load.design.loader import AUTO, load_design
from generator.load.model import FAQ, Config, RecurringIssue
from generator.load.platforms import PlatformPreset
from generator.plan.looks import faq_look
from generator.plan.jobs import PlanInput, RenderContext, RenderJob, file_fingerprint, job_config, make_key
from generator.render.alt import shorten
from generator.render.card import card_context, draw_card, theme_for
from generator.render.design.engine import render_design
from generator.render.encode import encode
from generator.render.lint import lint_card
from generator.render.markdown import markdown_plain
from generator.render.result import RenderedFile, RenderResult
from generator.render.video.audio import SAMPLE_RATE, audio_samples
from generator.render.video.encode import SETTINGS, encode_mp4, rgb_to_yuv, settings_key
from generator.render.video.frames import REVEAL_FADE, TRANSITION, Reveal, Scene, frame_count, render_frames
from generator.render.video.timing import (
    END_HOLD,
    MAX_SCENE,
    MIN_SCENE,
    SETTLE,
    cps,
    fits_scene,
    reading_seconds,
    scene_seconds,
    split_by_duration,
)
from generator.render.video.vtt import Cue, webvtt

KIND = "video"
#: Part of every video's key: change it when scene, timing or layout rules change.
VIDEO_RULES = "1"
#: Text layers revealed line by line, by design: the FAQ answer, a FAQ's steps.
REVEAL_LAYERS = ("answer", "steps")
TRANSPARENT = "#00000000"


@dataclass(frozen=True)
class FaqStory:
    faq: FAQ


@dataclass(frozen=True)
class HowToStory:
    issue: RecurringIssue


# -- planning -------------------------------------------------------------------------------
def video_presets(pi: PlanInput) -> list[PlatformPreset]:
    return [p for p in pi.platforms if p.group == "video"]


def audio_key(cfg: Config, root) -> dict[str, Any]:  # noqa: ANN001 - Path
    v = cfg.video
    return {"transition": v.transition, "audio": v.audio, "licence": v.audio_licence,
            "volume": v.audio_volume, "audio_sha256": file_fingerprint(root, v.audio)}


def plan_videos(pi: PlanInput) -> list[RenderJob]:
    presets = video_presets(pi)
    if not presets:
        return []


    cfg = pi.project.config
    root = pi.project.root
    brand_fp = make_key(cfg.brand, file_fingerprint(root, cfg.brand.logo), cfg.locale, cfg.timezone,
                        cfg.contact)
    common = make_key(VIDEO_RULES, settings_key(), audio_key(cfg, root), brand_fp)
    jobs: list[RenderJob] = []
    auto: dict[str, str] | None = None
    for preset in presets:
        for faq in pi.project.faqs:
            design = pick_design(cfg.designs, KIND, preset.name, faq.design, "steps" if faq.steps else "faq")
            if design == AUTO:  # the FAQ's card design, as the rotation picked it
                if auto is None:
                    auto = auto_designs(pi.project, list(pi.project.faqs))
                design = auto[faq.id]
            out = f"{preset.name}/{KIND}/faq/{faq.id}.mp4"
            # The story wraps the FAQ (named here as well) and shows its card's look.
            key = make_key(faq, faq_look(faq, cfg).fingerprint(root), common)
            jobs.append(RenderJob(KIND, faq.id, preset.name, out, "mp4", key, faq.source, FaqStory(faq),
                                  design=design, locale=faq.locale))
        for n, issue in enumerate(i for i in pi.project.issues if i.steps):
            design = pick_design(cfg.designs, "carousel", preset.name, None, "carousel")
            if design == AUTO:  # the how-to's carousel design, as the carousel kind picks it
                design = AUTO_CAROUSEL[n % len(AUTO_CAROUSEL)]
            out = f"{preset.name}/{KIND}/howto/{issue.id}.mp4"
            steps = [file_fingerprint(root, s.image) for s in issue.steps]
            key = make_key(issue, steps, common)
            jobs.append(RenderJob(KIND, issue.id, preset.name, out, "mp4", key, issue.source,
                                  HowToStory(issue), design=design, locale=cfg.locale))
    return jobs


# -- FAQ answers in pages -------------------------------------------------------------------
_LIST_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,3}[.)])\s+")
_SENTENCE = re.compile(r"(?<=[.!?…])\s+(?=\S)|(?<=[。！？])")
# Split before the space after a comma (the space stays with the next piece, so joining
# pieces back gives the text unchanged); CJK commas have no space after them.
_CLAUSE = re.compile(r"(?<=[,;:،])(?=\s)|(?<=[、，；])")


@dataclass(frozen=True)
class Unit:
    """A piece of an answer that is never split across scenes: a sentence or a list item."""

    text: str  # Markdown
    block: int  # index of the paragraph or list it belongs to
    listed: bool


def _split_long(text: str, locale: str | None, level: int = 0) -> list[str]:
    """``text`` in pieces that each fit a scene's reading time: at clauses, then at
    spaces, then (CJK, no spaces) every so many characters."""

    if fits_scene(text, locale):
        return [text]
    patterns = (_CLAUSE, re.compile(r"(?=\s)"))
    for depth in range(level, len(patterns)):
        pieces = [p for p in patterns[depth].split(text) if p.strip()]
        if len(pieces) < 2:
            continue
        joined: list[str] = []
        for p in pieces:
            if joined and fits_scene(joined[-1] + p, locale):
                joined[-1] += p
            else:
                joined.append(p)
        return [q.strip() for p in joined for q in _split_long(p, locale, depth + 1)]
    n = max(1, int((MAX_SCENE - SETTLE) * cps(locale)))
    return [text[i: i + n] for i in range(0, len(text), n)]


def answer_units(markdown: str, locale: str | None) -> list[Unit]:
    blocks = [b for b in re.split(r"\n\s*\n", markdown.strip()) if b.strip()]
    units: list[Unit] = []
    for bi, block in enumerate(blocks):
        lines = block.splitlines()
        if _LIST_ITEM.match(lines[0]):
            items: list[str] = []
            for ln in lines:
                if _LIST_ITEM.match(ln) or not items:
                    items.append(ln.strip())
                else:
                    items[-1] += " " + ln.strip()
            units += [Unit(i, bi, True) for i in items]
            continue
        para = " ".join(ln.strip() for ln in lines)
        for sentence in (s for s in _SENTENCE.split(para) if s.strip()):
            units += [Unit(p, bi, False) for p in _split_long(sentence.strip(), locale)]
    return units


def page_markdown(units: list[Unit]) -> str:
    out = ""
    for i, u in enumerate(units):
        if i:
            prev = units[i - 1]
            out += (" " if u.block == prev.block and not u.listed else
                    "\n" if u.block == prev.block else "\n\n")
        out += u.text
    return out


def answer_pages(units: list[Unit], locale: str | None) -> list[list[Unit]]:
    """Units grouped into pages that each read within one scene's maximum."""

    pages: list[list[Unit]] = []
    for u in units:
        if pages and fits_scene(markdown_plain(page_markdown(pages[-1] + [u])), locale):
            pages[-1].append(u)
        else:
            pages.append([u])
    return pages


# -- drawing ------------------------------------------------------------------------------
def _hidden(layers: tuple, ids: tuple[str, ...]) -> tuple:
    out = []
    for layer in layers:
        if layer.id in ids and layer.type == "text":
            layer = dataclasses.replace(layer, color=TRANSPARENT)
        if layer.children:
            layer = dataclasses.replace(layer, children=_hidden(layer.children, ids))
        out.append(layer)
    return tuple(out)


def without_reveal(design):  # noqa: ANN001, ANN201 - Design
    """``design`` with the revealed layers laid out as usual but drawn in no colour: the
    scene's first state has every other layer exactly where the full scene has it."""
    return dataclasses.replace(design, layers=_hidden(design.layers, REVEAL_LAYERS),
                               variants={k: _hidden(v, REVEAL_LAYERS) for k, v in design.variants.items()})


def draw(job: RenderJob, ctx: RenderContext, item: dict[str, Any], design=None):  # noqa: ANN001, ANN201

    preset = ctx.presets[job.platform]
    design = design or load_design(job.design or "faq", ctx.root)
    locale = job.locale or job_config(job, ctx).locale
    context = card_context(job_config(job, ctx), preset, item, locale)
    return render_design(design, preset.aspect, (preset.width, preset.height), preset.safe_box,
                         theme_for(job_config(job, ctx), locale), context, ctx.root)


def line_bands(full, masked, drawn, height: int) -> list[tuple[int, int]]:  # noqa: ANN001
    """Row bands (top, bottom), one per drawn line of the revealed layer, found where the
    full scene differs from its first state inside the layer's box."""
    import numpy as np

    x0, y0, x1, y1 = drawn.box
    a = np.asarray(full.crop((x0, y0, x1, y1)), dtype=np.int16)
    b = np.asarray(masked.crop((x0, y0, x1, y1)), dtype=np.int16)
    rows = np.flatnonzero((np.abs(a - b) > 6).any(axis=2).any(axis=1))
    if rows.size == 0:
        return []
    runs: list[list[int]] = [[int(rows[0]), int(rows[0]) + 1]]
    for r in rows[1:]:
        if r <= runs[-1][1] + 1:
            runs[-1][1] = int(r) + 1
        else:
            runs.append([int(r), int(r) + 1])
    want = max(1, len([t for t in drawn.texts if t.strip()]))
    while len(runs) > want:  # accents or a split glyph: join across the smallest gap
        gaps = [runs[i + 1][0] - runs[i][1] for i in range(len(runs) - 1)]
        i = gaps.index(min(gaps))
        runs[i: i + 2] = [[runs[i][0], runs[i + 1][1]]]
    bands = []
    for i, (top, bottom) in enumerate(runs):
        lo = (runs[i - 1][1] + top) // 2 if i else max(0, top - 4)
        hi = (bottom + runs[i + 1][0]) // 2 if i + 1 < len(runs) else bottom + 4
        lo, hi = y0 + lo, min(height, y0 + hi)
        bands.append((lo - lo % 2, min(height, hi + hi % 2)))
    return bands


@dataclass(frozen=True)
class Shot:
    """One scene before encoding: what it shows and says, and for how long."""

    seconds: float
    cues: tuple[tuple[float, float, str], ...]  # (start, end, text) relative to the scene
    image: Any  # PIL image of the final state (cover, tests)
    scene: Any  # frames.Scene
    findings: tuple = ()  # lint of the scene's fully drawn card (contrast, sizes, safe zone)


def _faq_item(faq: FAQ, answer: str, label: str, step_offset: int = 0) -> dict[str, Any]:
    item = {f.name: getattr(faq, f.name) for f in dataclasses.fields(faq) if f.name != "source"}
    item["answer"] = answer
    if faq.steps:
        # A page of the steps; the design numbers them on from the previous pages.
        item["steps"] = tuple(s for s in answer.split("\n") if s)
        item["step_offset"] = step_offset
        # The steps design draws ``body`` (the answer and its numbered steps on cards):
        # a video page carries only its own steps, numbered on from the previous pages.
        item["body"] = "\n".join(f"{step_offset + i}. {s}" for i, s in enumerate(item["steps"], 1))
    if label:
        item["category"] = f"{faq.category} · {label}" if faq.category else label
    return item


def _faq_pages(faq: FAQ, locale: str) -> list[str]:
    if faq.steps:
        units = [Unit(" ".join(s.split()), 0, True) for s in faq.steps]  # one line per step
        pages = answer_pages(units, locale)
        return ["\n".join(u.text for u in p) for p in pages]
    return [page_markdown(p) for p in answer_pages(answer_units(faq.answer, locale), locale)]


def _faq_page_seconds(question: str, answer_md: str, first: bool, locale: str) -> tuple[float, float]:
    """(seconds before the first line appears, seconds of the whole page)."""

    lead = SETTLE + reading_seconds(question, locale) if first else SETTLE
    body = reading_seconds(markdown_plain(answer_md), locale)
    return lead, max(MIN_SCENE, lead + body + END_HOLD)


def faq_shots(job: RenderJob, ctx: RenderContext, faq: FAQ, part_pages: list[list[str]]
              ) -> list[list[Shot]]:
    """Every part's shots: per page, the question alone, then the answer line by line."""

    locale = job.locale or job_config(job, ctx).locale
    preset = ctx.presets[job.platform]
    design = load_design(job.design or "faq", ctx.root)
    masked_design = without_reveal(design)
    # The icon and picture its card shows (a chat design's agent icon, a photo panel).
    look = faq_look(faq, job_config(job, ctx)).as_item()
    parts = len(part_pages)
    out: list[list[Shot]] = []
    offset = 0  # steps shown on earlier pages
    for p, pages in enumerate(part_pages, 1):
        label = words(locale)["carousel_part"].format(part=_number(p, locale), parts=_number(parts, locale)) \
            if parts > 1 else ""
        shots = []
        for i, page in enumerate(pages):
            item = {**_faq_item(faq, page, label, offset), **look}
            offset += len(item.get("steps", ()))
            full = draw(job, ctx, item, design)
            layer = next((t for t in full.texts if t.layer in REVEAL_LAYERS), None)
            if layer is not None and layer.truncated:
                raise _answer_too_long(faq, job.platform)
            masked = draw(job, ctx, item, masked_design)
            lead, seconds = _faq_page_seconds(faq.question, page, i == 0, locale)
            reveal = None
            if layer is not None:
                bands = line_bands(full.image, masked.image, layer, preset.height)
                texts = [t for t in layer.texts if t.strip()] or [""]
                weights = [max(1, len(t)) for t in texts][: len(bands)] or [1]
                span = max(0.1, seconds - lead - 0.5 - REVEAL_FADE)
                total = sum(weights)
                starts, acc = [], lead
                for w in weights:
                    starts.append(round(acc, 3))
                    acc += span * w / total
                reveal = Reveal(rgb_to_yuv(full.image), tuple(bands[: len(starts)]), tuple(starts))
            cues = []
            if i == 0:
                cues.append((0.0, lead, faq.question))
            cues.append((lead if i == 0 else 0.0, seconds, markdown_plain(page)))
            shots.append(Shot(seconds, tuple(cues), full.image,
                              Scene(rgb_to_yuv(masked.image), seconds, reveal), _lint(full, preset, job)))
        out.append(shots)
    return out


def _lint(card, preset: PlatformPreset, job: RenderJob) -> tuple:  # noqa: ANN001 - CardRender

    return tuple(lint_card(card, preset, job))


def _answer_too_long(faq: FAQ, platform: str) -> SelfserveError:
    src = faq.source
    return SelfserveError(Problem(
        src.file, f"a sentence of the answer to '{faq.id}' does not fit a {platform} video page even "
        "at the smallest text size; shorten the question or split the sentence", src.line, path=src.path))


def _number(n: int, locale: str) -> str:
    return num(n, locale)


def plan_faq_parts(faq: FAQ, preset: PlatformPreset, locale: str) -> list[list[str]]:
    pages = _faq_pages(faq, locale)
    # Every part opens with the question, so count its reading time on every page: an
    # upper bound, and no part can run over the limit once it is split.
    seconds = [_faq_page_seconds(faq.question, pg, True, locale)[1] for pg in pages]
    groups = split_by_duration(seconds, float(preset.max_seconds or 10 ** 9))
    return [[pages[i] for i in g] for g in groups]


def plan_howto_parts(issue: RecurringIssue, config: Config, preset: PlatformPreset, locale: str
                     ) -> list[list[tuple[str, int, float]]]:
    """The how-to's slides as (role, step, seconds) per part: one scene per slide (cover,
    each step, contact), timed by what a screen reader would say of it, in parts no
    longer than the platform's longest video. Nothing is drawn here."""

    roles = ["cover"] + ["step"] * len(issue.steps) + ["closing"]
    steps = [i if r == "step" else 0 for i, r in enumerate(roles)]
    seconds = []
    for i, r in enumerate(roles):
        slide = Slide(r, i + 1, len(roles), 1, 1, step=steps[i])
        item = slide_item(issue, slide, config, locale)
        seconds.append(scene_seconds(slide_alt(issue, slide, item, locale, 1000), locale))
    # Each part's last slide holds END_HOLD longer: count it against the limit too.
    groups = split_by_duration([s + END_HOLD for s in seconds], float(preset.max_seconds or 10 ** 9))
    return [[(roles[i], steps[i], seconds[i] + (END_HOLD if n == len(g) - 1 else 0.0))
             for n, i in enumerate(g)] for g in groups]


def howto_shots(job: RenderJob, ctx: RenderContext, issue: RecurringIssue, preset: PlatformPreset
                ) -> list[list[Shot]]:
    """The carousel's slides drawn as scenes, part by part."""

    locale = job.locale or job_config(job, ctx).locale
    groups = plan_howto_parts(issue, job_config(job, ctx), preset, locale)
    out: list[list[Shot]] = []
    for p, group in enumerate(groups, 1):
        shots = []
        for n, (role, step, secs) in enumerate(group, 1):
            slide = Slide(role, n, len(group), p, len(groups), step=step)
            # A video plays on by itself: no "swipe for the fix" on its cover.
            item = {**slide_item(issue, slide, job_config(job, ctx), locale), "swipe": ""}
            card = draw_card(job, ctx, item)
            if slide.slide == "step" and any(t.truncated and t.layer == "text" for t in card.texts):
                raise _too_long(issue, slide, job.platform)
            text = slide_alt(issue, slide, item, locale, 1000)
            shots.append(Shot(secs, ((0.0, secs, text),), card.image, Scene(rgb_to_yuv(card.image), secs),
                              _lint(card, preset, job)))
        out.append(shots)
    return out


# -- rendering ------------------------------------------------------------------------------
def _part_path(out: str, part: int, parts: int) -> str:
    stem = out[: -len(".mp4")]
    return out if parts == 1 else f"{stem}-part-{part}.mp4"


def _audio_for(config: Config, root: Path, preset: PlatformPreset, seconds: float):  # noqa: ANN202
    """(samples or None, manifest description)."""
    import numpy as np

    v = config.video
    if v.audio:
        try:
            samples = audio_samples(root / v.audio, seconds, v.audio_volume)
        except AudioError as exc:
            raise SelfserveError(Problem(config.file, f"video.audio: '{v.audio}' {exc}")) from None
        return samples, {"file": v.audio, "licence": v.audio_licence or "", "codec": "aac"}
    if preset.silent_track:
        return np.zeros((2, int(round(seconds * SAMPLE_RATE))), dtype=np.float32), {"silent": True,
                                                                                      "codec": "aac"}
    return None, None


def render_video(job: RenderJob, ctx: RenderContext):
    preset = ctx.presets[job.platform]
    locale = job.locale or job_config(job, ctx).locale
    story = job.payload
    if isinstance(story, FaqStory):
        faq = story.faq
        parts = faq_shots(job, ctx, faq, plan_faq_parts(faq, preset, locale))
        title = faq.question

        about = f"{faq.question} {markdown_plain(faq.answer)}"
    else:
        issue = story.issue
        parts = howto_shots(job, ctx, issue, preset)
        title = issue.title
        about = f"{issue.title}. {issue.summary}"
    transition = job_config(job, ctx).video.transition
    files: list[RenderedFile] = []
    for p, shots in enumerate(parts, 1):
        seconds = sum(s.seconds for s in shots)
        path = _part_path(job.out, p, len(parts))
        stem = path[: -len(".mp4")]
        samples, audio = _audio_for(job_config(job, ctx), ctx.root, preset, seconds)
        frames = render_frames([s.scene for s in shots], preset.width, preset.height, SETTINGS.fps,
                               transition, rtl=is_rtl(locale))
        data = encode_mp4(frames, samples, SETTINGS, width=preset.width, height=preset.height, title=title)
        cues, start = [], 0.0
        for n, s in enumerate(shots):
            # A cue starts when its scene has faded in.
            lead = TRANSITION if n else 0.0
            cues += [Cue(start + max(a, lead), start + b, text) for a, b, text in s.cues]
            start += s.seconds
        vtt = webvtt(cues, locale).encode("utf-8")
        cover, settings = encode(shots[0].image, "jpeg", 8 * 1024 * 1024, title=title,
                                 author=job_config(job, ctx).brand.name)
        part_label = {"part": p, "parts": len(parts)}
        frames_n = sum(_counts(shots))

        files.append(RenderedFile(path, data, preset.width, preset.height, "mp4", meta={
            "title": title, "alt": shorten(about, preset.alt_limit or 1000),
            "duration": round(frames_n / SETTINGS.fps, 3), "fps": SETTINGS.fps,
            "frames": frames_n, "codec": "h264", "profile": SETTINGS.profile,
            "pix_fmt": SETTINGS.pix_fmt, "keyframe_seconds": SETTINGS.keyframe_seconds,
            "audio": audio, "scenes": len(shots), "transition": transition,
            "cover": f"{stem}.cover.jpg", "subtitles": f"{stem}.vtt",
            # Where the video itself shows the cover (fully drawn first scene), for APIs that
            # pick a frame (Instagram's thumb_offset, TikTok's video_cover_timestamp_ms).
            "cover_ms": max(0, int(shots[0].seconds * 1000) - 200), **part_label}))
        files.append(RenderedFile(f"{stem}.vtt", vtt, preset.width, preset.height, "vtt", meta={
            "companion_of": path, "role": "subtitles", **part_label}))
        files.append(RenderedFile(f"{stem}.cover.jpg", cover, preset.width, preset.height, "jpeg", meta={
            "companion_of": path, "role": "cover", "title": title, **settings, **part_label}))
    # One finding per problem, not one per scene that repeats it (the brand line, say).
    findings = tuple({(f.code, f.layer, f.message): f for shots in parts for s in shots
                      for f in s.findings}.values())
    warnings = tuple(str(f) for f in findings if f.code in ("truncated", "missing-glyphs"))
    return RenderResult(job, tuple(files), findings, warnings)


def _counts(shots: list[Shot]) -> list[int]:
    return frame_count([s.seconds for s in shots], SETTINGS.fps)


register(AssetKind(name=KIND, reads=("contact", "video", "categories"),
                   description="short vertical videos (Reels, TikTok, Shorts) from FAQs and how-to carousels",
                   label="Short videos", order=30, posted=True, post_rank=70, plan=plan_videos,
                   render=render_video, designs=("faq", "steps", "carousel"),
                   weight=150.0))  # seconds each: scheduled with guides
