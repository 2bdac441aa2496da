"""The platform preset table: one row of data per place a card can be posted.

Values and their sources come from ``docs/platforms.md`` (checked November 2026;
confidence D = documented by the platform, W = widely reported, U = uncertain).
Platforms change these often, so they live in this one table and a project may
override any value, or add a preset, under ``presets:`` in ``selfserve.yaml``.
Renderers never hard-code a size: they read it from the preset.
"""

from __future__ import annotations

import dataclasses
import difflib
from dataclasses import dataclass, field
from typing import Any, Literal, TypedDict

from generator.errors import Problem, SelfserveError
from generator.load.filenames import filename_problem
from generator.load.model import Config
from generator.load.yamlsource import Document

Group = Literal["feed", "story", "link", "document", "thumbnail", "banner", "video"]
Counting = Literal["chars", "x-weighted", "graphemes"]
FORMATS = ("png", "jpeg", "webp", "pdf", "mp4")
#: Groups never built unless named (``platforms:`` or ``--platform``): banners are set
#: once, not posted, and videos take seconds each, not milliseconds.
OPT_IN_GROUPS = ("banner", "video")
MB = 1024 * 1024


@dataclass(frozen=True)
class SafeZone:
    """Margins in pixels that UI, crops or rounded corners may cover."""

    top: int
    right: int
    bottom: int
    left: int


@dataclass(frozen=True)
class PlatformPreset:
    name: str
    label: str
    width: int
    height: int
    formats: tuple[str, ...]  # accepted by the publishing path; the first is the default
    max_bytes: int
    safe: SafeZone
    group: Group = "feed"
    caption_limit: int | None = None
    caption_counting: Counting = "chars"
    hashtag_limit: int | None = None
    title_limit: int | None = None
    alt_limit: int | None = None
    images_per_post: int = 1
    #: How its captions read: the caption templates ``<kind>@<voice>.txt.j2`` (see
    #: publish/captions.py): "short" (X), "professional" (LinkedIn), "visual" (no clickable
    #: links in captions: a call to action instead), "plain" (text and the link).
    voice: str = "plain"
    #: Hashtags customary in one post there (``hashtag_limit`` is the hard cap).
    hashtag_count: int = 3
    source: str = ""
    builtin: bool = True
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    #: Rectangles (left, top, right, bottom) in px that the platform's UI covers inside
    #: the canvas, such as the profile picture over a banner's lower left corner. The
    #: safe zone's margins already keep text clear of them; they are kept as data for
    #: previews, the lint and projects that override the margins.
    avoid: tuple[tuple[int, int, int, int], ...] = ()
    #: Video presets: the longest video the platform takes (longer stories are posted
    #: in parts) and whether it wants a silent audio track when the project has no audio.
    max_seconds: int | None = None
    silent_track: bool = False

    @property
    def default_format(self) -> str:
        return self.formats[0]

    @property
    def ratio(self) -> float:
        return self.width / self.height

    @property
    def aspect(self) -> str:
        """Layout family: ``square``, ``portrait`` (4:5-3:4), ``tall`` (2:3 and taller),
        ``landscape`` (up to 2:1) or ``wide`` (banners, wider than 2:1)."""
        r = self.ratio
        if r > 2.2:
            return "wide"
        if r > 1.1:
            return "landscape"
        if r >= 0.9:
            return "square"
        if r >= 0.72:
            return "portrait"
        return "tall"

    @property
    def safe_box(self) -> tuple[int, int, int, int]:
        """(left, top, right, bottom) of the area text may use."""
        s = self.safe
        return (s.left, s.top, self.width - s.right, self.height - s.bottom)


def _feed(w: int, h: int, side: float = 0.05) -> SafeZone:
    """About 5% on each side keeps text clear of rounded corners and crops (W)."""
    return SafeZone(round(h * side), round(w * side), round(h * side), round(w * side))


class _SharedFields(TypedDict):
    """The fields Instagram's feed presets share (spread into each with ``**``)."""

    caption_limit: int
    hashtag_limit: int
    alt_limit: int
    images_per_post: int
    max_bytes: int
    formats: tuple[str, ...]
    source: str


_IG = _SharedFields(caption_limit=2200, hashtag_limit=5, alt_limit=100, images_per_post=10,
           max_bytes=8 * MB, formats=("jpeg",),
           source="Instagram Graph API content publishing: JPEG only, 8 MB (D); 2,200-char "
                  "caption, 5 hashtags (W, late 2025); 10 items per API carousel (D)")

PRESETS: dict[str, PlatformPreset] = {
    p.name: p
    for p in [
        PlatformPreset(
            "instagram-square", "Instagram square post", 1080, 1080,
            # The profile grid crops feed posts to 3:4: keep text in the centre 810 px (W).
            safe=SafeZone(54, 135, 54, 135), **_IG),
        PlatformPreset("instagram-portrait", "Instagram portrait post", 1080, 1350,
                       safe=_feed(1080, 1350), **_IG),
        PlatformPreset("instagram-grid", "Instagram 3:4 grid post", 1080, 1440,
                       safe=_feed(1080, 1440), **_IG),
        PlatformPreset(
            "instagram-story", "Instagram story", 1080, 1920, formats=("jpeg", "png"),
            max_bytes=30 * MB, group="story", images_per_post=1,
            # Top 14% (~250 px) and bottom 20% (~340 px) are covered by UI (D, Meta ads guide).
            safe=SafeZone(250, 54, 340, 54),
            source="Meta story safe zones (D); 30 MB (U)"),
        PlatformPreset(
            "facebook-feed", "Facebook feed post", 1080, 1350, formats=("png", "jpeg"),
            max_bytes=30 * MB, safe=_feed(1080, 1350), caption_limit=63206, images_per_post=10,
            source="Facebook feed 4:5 (W); caption 63,206 (W); size limit (U)"),
        PlatformPreset(
            "facebook-link", "Facebook link preview", 1200, 630, formats=("png", "jpeg"),
            max_bytes=8 * MB, group="link", safe=_feed(1200, 630), caption_limit=63206,
            source="Open Graph image 1.91:1 (W)"),
        PlatformPreset(
            "x", "X (Twitter) post", 1600, 900, formats=("png", "jpeg", "webp"), max_bytes=5 * MB,
            safe=_feed(1600, 900), caption_limit=280, caption_counting="x-weighted",
            alt_limit=1000, images_per_post=4,
            source="X media upload: 5 MB images, 4 per post, 1,000-char alt text; 280 weighted (D)"),
        PlatformPreset(
            "linkedin", "LinkedIn post", 1200, 627, formats=("png", "jpeg"), max_bytes=5 * MB,
            safe=_feed(1200, 627), caption_limit=3000, alt_limit=300, images_per_post=20,
            source="LinkedIn 1.91:1 (W); 3,000 caption, 300 alt (W); 5 MB (U)"),
        PlatformPreset(
            "linkedin-square", "LinkedIn portrait post", 1080, 1350, formats=("png", "jpeg"),
            max_bytes=5 * MB, safe=_feed(1080, 1350), caption_limit=3000, alt_limit=300,
            images_per_post=20, source="LinkedIn 4:5 (W); 5 MB (U)"),
        PlatformPreset(
            "linkedin-document", "LinkedIn document (PDF)", 1080, 1350, formats=("pdf",),
            max_bytes=100 * MB, group="document", safe=_feed(1080, 1350), caption_limit=3000,
            images_per_post=300, source="LinkedIn document posts: PDF, 100 MB, 300 pages (D)"),
        PlatformPreset(
            "pinterest", "Pinterest pin", 1000, 1500, formats=("png", "jpeg"), max_bytes=20 * MB,
            safe=_feed(1000, 1500), caption_limit=500, title_limit=100, alt_limit=500,
            source="Pinterest 2:3 (W); title 100, description 500 (D); alt 500 (U)"),
        PlatformPreset(
            "threads", "Threads post", 1080, 1350, formats=("png", "jpeg"), max_bytes=8 * MB,
            safe=_feed(1080, 1350), caption_limit=500, alt_limit=1000, images_per_post=20,
            source="Threads 500-char posts (D); 20 images (W); 8 MB (U)"),
        PlatformPreset(
            "bluesky", "Bluesky post", 1200, 675, formats=("png", "jpeg", "webp"),
            max_bytes=2_000_000, safe=_feed(1200, 675), caption_limit=300,
            caption_counting="graphemes", alt_limit=2000, images_per_post=4,
            source="Bluesky lexicon: 2,000,000-byte blobs, 4 images, 300 graphemes (D)"),
        PlatformPreset(
            "mastodon", "Mastodon post", 1200, 675, formats=("png", "jpeg", "webp"),
            max_bytes=16 * MB, safe=_feed(1200, 675), caption_limit=500, alt_limit=1500,
            images_per_post=4, source="Mastodon defaults, per server (D)"),
        PlatformPreset(
            "tiktok-photo", "TikTok photo post", 1080, 1920, formats=("jpeg", "webp"),
            max_bytes=20 * MB, group="story", caption_limit=4000, images_per_post=35,
            # Top ~150 px, bottom ~480 px and a right strip of ~150 px hold UI (W).
            safe=SafeZone(150, 150, 480, 65),
            source="TikTok photo API: JPEG/WebP, 35 photos, 4,000 description (D); UI zones (W)"),
        PlatformPreset(
            "youtube-thumbnail", "YouTube thumbnail", 1280, 720, formats=("png", "jpeg"),
            max_bytes=2 * MB, group="thumbnail",
            # The duration badge sits in the lower right corner.
            safe=SafeZone(36, 64, 80, 64), source="YouTube thumbnails: 1280x720, 2 MB (D)"),
        # -- short vertical video (group "video": built only when named) --
        # H.264 yuv420p 30 fps 1080x1920 MP4 with the moov atom first suits all four.
        PlatformPreset(
            "instagram-reels", "Instagram Reel", 1080, 1920, formats=("mp4",), max_bytes=300 * MB,
            group="video", caption_limit=2200, hashtag_limit=5, max_seconds=180, silent_track=True,
            # Top 14% and bottom 35% (caption, buttons) hold UI, 6% each side (D, Meta).
            safe=SafeZone(269, 65, 672, 65),
            source="Instagram Graph API reels: MP4 H.264, moov first, 300 MB, 3 s-15 min, AAC "
                   "48 kHz (D); Reels in the app up to 3 min (W, 2025); safe zones (D, Meta ads "
                   "guide); a silent AAC track is the safer upload (U)"),
        PlatformPreset(
            "facebook-reels", "Facebook Reel", 1080, 1920, formats=("mp4",), max_bytes=1024 * MB,
            group="video", caption_limit=63206, max_seconds=90, silent_track=True,
            safe=SafeZone(269, 65, 672, 65),
            source="Facebook Reels publishing API: 3-90 s, 9:16, H.264 (D); 1 GB (W); safe zones "
                   "as Instagram (D, Meta)"),
        PlatformPreset(
            "tiktok-video", "TikTok video", 1080, 1920, formats=("mp4",), max_bytes=4096 * MB,
            group="video", caption_limit=2200, max_seconds=600,
            # Top ~150 px, bottom ~480 px (caption, music) and a right strip of ~150 px
            # (like, comment, share buttons) hold UI (W).
            safe=SafeZone(150, 150, 480, 65),
            source="TikTok Content Posting API: MP4 H.264, 4 GB, 3 s-10 min, 23-60 fps (D); "
                   "2,200-character caption (D); UI zones (W)"),
        PlatformPreset(
            "youtube-shorts", "YouTube Short", 1080, 1920, formats=("mp4",), max_bytes=2048 * MB,
            group="video", caption_limit=5000, title_limit=100, max_seconds=180,
            # Title, channel and subscribe button over the bottom ~26%, action buttons in
            # a right strip of ~170 px, search and menu over the top ~12% (W).
            safe=SafeZone(230, 190, 500, 65),
            source="YouTube Shorts up to 3 min, square or vertical (D, YouTube Help, Oct 2024); "
                   "title 100, description 5,000 (D); UI zones (W); 2 GB kept well under the "
                   "256 GB upload limit (D)"),
        # -- profile banners and covers (group "banner": never in the default card list) --
        # The profile picture overlaps the lower left of most banners; the left margin
        # ends right of it, so nothing is ever drawn under it (avoid = its bounding box).
        PlatformPreset(
            "facebook-cover", "Facebook page cover", 1640, 624, formats=("jpeg", "png"),
            max_bytes=100 * 1000, group="banner",
            # Desktop shows 820x312 (2x); mobile shows the centre 640x360, i.e. the centre
            # 1280 px of the upload: 180 px sides are cropped (W). The page picture covers
            # the lower left on desktop, about 0-190 of 820 px wide (W, measured on a page).
            safe=SafeZone(40, 180, 60, 400), avoid=((0, 250, 380, 624),),
            source="Facebook cover 1640x624, centre 640x312 on mobile (W); JPEG under 100 KB "
                   "loads fastest (D)"),
        PlatformPreset(
            "x-header", "X (Twitter) header", 1500, 500, formats=("jpeg", "png"),
            max_bytes=5 * MB, group="banner",
            # Top and bottom ~60 px are cropped on some screens; the 134 px avatar of a
            # 600 px wide header (x2.5) covers about x 40-375, y 330-500 (W).
            safe=SafeZone(60, 60, 60, 420), avoid=((0, 320, 400, 500),),
            source="X header 1500x500 (W); crops and avatar (W)"),
        PlatformPreset(
            "linkedin-page-cover", "LinkedIn page cover", 1128, 191, formats=("png", "jpeg"),
            max_bytes=3 * MB, group="banner",
            # The company logo covers the lower left, about x 0-180 (W).
            safe=SafeZone(14, 28, 14, 200), avoid=((0, 60, 184, 191),),
            source="LinkedIn page cover 1128x191 (D); logo position (W); 3 MB (U)"),
        PlatformPreset(
            "linkedin-profile-banner", "LinkedIn profile banner", 1584, 396, formats=("png", "jpeg"),
            max_bytes=8 * MB, group="banner",
            # The profile photo covers the lower left, about x 40-350, y 200-396 (W).
            safe=SafeZone(30, 48, 30, 390), avoid=((0, 190, 370, 396),),
            source="LinkedIn profile banner 1584x396 (D); photo position (W); 8 MB (U)"),
        PlatformPreset(
            "youtube-banner", "YouTube channel banner", 2560, 1440, formats=("jpeg", "png"),
            max_bytes=6 * MB, group="banner",
            # Only the centre 1546x423 shows on every device (D): text and logos go there.
            safe=SafeZone(508, 507, 509, 507),
            source="YouTube banner 2560x1440, safe centre 1546x423, 6 MB (D)"),
        PlatformPreset(
            "bluesky-banner", "Bluesky profile banner", 3000, 1000, formats=("jpeg", "png"),
            max_bytes=1_000_000, group="banner",
            # 3:1; the avatar covers the lower left, about x 60-560, y 700-1000 (W).
            safe=SafeZone(70, 90, 70, 620), avoid=((0, 680, 600, 1000),),
            source="Bluesky lexicon: banner PNG or JPEG, 1,000,000 bytes (D); 3000x1000 (W)"),
        PlatformPreset(
            "mastodon-header", "Mastodon header", 1500, 500, formats=("jpeg", "png"),
            max_bytes=2 * MB, group="banner",
            # The web UI shows the header about 4:1 (top and bottom ~62 px cropped) and the
            # avatar over the lower left, about x 40-290, y 300-500 (W).
            safe=SafeZone(70, 60, 70, 330), avoid=((0, 290, 310, 500),),
            source="Mastodon header 1500x500 (D), 2 MB default per server (W); UI crop (W)"),
    ]
}

#: The caption voices a preset may have (built-in templates exist for each).
CAPTION_VOICES = ("short", "professional", "visual", "plain")
#: platform -> (voice, customary hashtag count). Instagram and TikTok captions cannot hold a
#: clickable link; X posts are short and end with the link; LinkedIn reads as a short
#: article; Threads shows one topic tag; Bluesky and X read best with one or two tags (W).
VOICES: dict[str, tuple[str, int]] = {
    "x": ("short", 2),
    "linkedin": ("professional", 3), "linkedin-square": ("professional", 3),
    "linkedin-document": ("professional", 3),
    "instagram-square": ("visual", 5), "instagram-portrait": ("visual", 5),
    "instagram-grid": ("visual", 5), "instagram-story": ("visual", 3), "tiktok-photo": ("visual", 5),
    "pinterest": ("visual", 2),
    "threads": ("plain", 1), "bluesky": ("plain", 2), "mastodon": ("plain", 3),
    "facebook-feed": ("plain", 2), "facebook-link": ("plain", 2),
}
PRESETS = {n: dataclasses.replace(p, voice=VOICES[n][0], hashtag_count=VOICES[n][1]) if n in VOICES else p
           for n, p in PRESETS.items()}

#: Field names a project may override, with the type each must have.
OVERRIDABLE: dict[str, type] = {
    "label": str, "width": int, "height": int, "formats": list, "max_bytes": int,
    "safe": dict, "group": str, "caption_limit": int, "caption_counting": str,
    "hashtag_limit": int, "title_limit": int, "alt_limit": int, "images_per_post": int,
    "voice": str, "hashtag_count": int, "source": str, "extends": str, "max_seconds": int,
    "silent_track": bool,
}


def card_platforms() -> list[str]:
    """Presets that get image cards by default (everything but banners and videos)."""
    return [n for n, p in PRESETS.items() if p.group not in OPT_IN_GROUPS]


def _suggest(name: str, names: list[str]) -> str:
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.5)
    return f"; did you mean '{close[0]}'?" if close else "; run 'selfserve platforms' to list them"


def _apply(base: PlatformPreset, name: str, values: dict[str, Any]) -> PlatformPreset:
    changes: dict[str, Any] = {}
    for k, v in values.items():
        if k == "extends":
            continue
        if k == "formats":
            v = tuple(str(x).lower().replace("jpg", "jpeg") for x in v)
        if k == "safe":
            v = SafeZone(**{**dataclasses.asdict(base.safe), **v})
        changes[k] = v
    return dataclasses.replace(base, name=name, **changes)


def resolve_presets(overrides: dict[str, dict[str, Any]]) -> dict[str, PlatformPreset]:
    """The built-in table with a project's overrides and own presets applied."""
    table = dict(PRESETS)
    for name, values in overrides.items():
        if name in table:
            table[name] = _apply(table[name], name, values)
        else:
            base = table.get(values.get("extends", ""))
            if base is None:
                base = PlatformPreset(name, name, 1080, 1080, ("png",), 8 * MB, _feed(1080, 1080))
            table[name] = dataclasses.replace(_apply(base, name, values), builtin=False,
                                              label=values.get("label", name))
    return table


def check_platform_config(cfg: Config, doc: Document) -> list[Problem]:
    """Located problems in ``platforms:`` and ``presets:`` of ``selfserve.yaml``."""
    problems: list[Problem] = []
    known = list(PRESETS) + [n for n in cfg.presets if n not in PRESETS]
    for name, values in cfg.presets.items():
        path = ("presets", name)
        bad_name = None if name in PRESETS else filename_problem(str(name))
        if bad_name:  # a preset's name is its output folder
            problems.append(doc.problem(path, f"{bad_name} (a preset's name is its output folder)",
                                        key=True))
        for key, value in values.items():
            if key not in OVERRIDABLE:
                problems.append(doc.problem(path + (key,), "unknown preset field"
                                            + _suggest(key, list(OVERRIDABLE)), key=True))
                continue
            want = OVERRIDABLE[key]
            if want is bool and not isinstance(value, bool):
                problems.append(doc.problem(path + (key,), "expected true or false"))
            elif want is int and (isinstance(value, bool) or not isinstance(value, int) or value <= 0):
                problems.append(doc.problem(path + (key,), "expected a positive whole number"))
            elif want is not int and not isinstance(value, want):
                problems.append(doc.problem(path + (key,), f"expected {want.__name__}"))
            elif key == "formats":
                for i, f in enumerate(value):
                    fmt = str(f).lower().replace("jpg", "jpeg")
                    if fmt not in FORMATS:
                        problems.append(doc.problem(path + (key, i), f"unknown format '{f}'"
                                                    + _suggest(fmt, list(FORMATS))))
            elif key == "safe":
                for side, px in value.items():
                    if side not in ("top", "right", "bottom", "left"):
                        problems.append(doc.problem(path + (key, side), "unknown side; use top, "
                                                    "right, bottom or left", key=True))
                    elif isinstance(px, bool) or not isinstance(px, int) or px < 0:
                        problems.append(doc.problem(path + (key, side), "expected pixels (0 or more)"))
            elif key == "voice" and value not in CAPTION_VOICES:
                problems.append(doc.problem(path + (key,), f"unknown voice '{value}'; use one of "
                                            f"{', '.join(CAPTION_VOICES)}"))
            elif key == "extends" and value not in PRESETS:
                problems.append(doc.problem(path + (key,), f"unknown preset '{value}'"
                                            + _suggest(value, list(PRESETS))))
        if name not in PRESETS and "extends" not in values and not {"width", "height"} <= set(values):
            problems.append(doc.problem(path, f"new preset '{name}' needs 'extends: <preset>' or "
                                              "'width' and 'height'"))
    for i, name in enumerate(cfg.platforms):
        if name not in known:
            problems.append(doc.problem(("platforms", i), f"unknown platform '{name}'"
                                        + _suggest(name, known)))
    return problems


def select_platforms(table: dict[str, PlatformPreset], configured: tuple[str, ...],
                     requested: tuple[str, ...] = ()) -> list[PlatformPreset]:
    """The presets a build renders: ``--platform`` beats the config, which beats all cards."""

    names = list(requested) or list(configured) or [n for n, p in table.items()
                                                     if p.group not in OPT_IN_GROUPS]
    out = []
    for n in names:
        if n not in table:
            raise SelfserveError(f"unknown platform '{n}'{_suggest(n, list(table))}")
        out.append(table[n])
    return out
