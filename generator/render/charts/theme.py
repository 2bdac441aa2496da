"""Brand colours and fonts for matplotlib, so charts look like the cards beside them.

In: the validated :class:`~generator.load.model.Config` and the colour the chart sits on.
Out: a :class:`ChartTheme` (colour roles, font families) and, once per process, the
brand family and its fallbacks registered with matplotlib's font manager, so a label in
Arabic, Japanese or with an emoji renders with the same faces as the card text
(matplotlib falls back glyph by glyph through the family list and shapes with raqm).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from generator.load.model import Config
from generator.render.color import contrast, parse_color, to_hex
from generator.render.text.coverage import face_coverage
from generator.render.text.fonts import find_face, font_chain

#: Okabe & Ito's palette (2008): distinguishable with every common colour-vision
#: deficiency. Used after the brand colours when a chart needs more series.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442")


@dataclass(frozen=True)
class ChartTheme:
    background: str  # what the chart is drawn on
    text: str  # labels and values (checked for 4.5:1 against background)
    muted: str  # category labels, grid (still 4.5:1 for the labels)
    primary: str  # the main series
    light: str  # a second series of the same quantity (a tint of primary)
    accent: str  # one highlighted mark
    grid: str
    families: tuple[str, ...]  # matplotlib font.family list: brand first, then fallbacks
    heading_family: str
    locale: str


def _mix(a: str, b: str, t: float) -> str:
    """``t`` of the way from colour ``a`` to colour ``b``."""
    pa, pb = parse_color(a), parse_color(b)
    return to_hex(tuple(round(pa[i] + (pb[i] - pa[i]) * t) for i in range(3)))


def _readable(color: str, background: str, need: float) -> str:
    """``color``, darkened or lightened toward black/white until it reaches ``need``:1."""
    bg = parse_color(background)
    dark_bg = contrast(bg, (0, 0, 0)) < contrast(bg, (255, 255, 255))
    target = "#FFFFFF" if dark_bg else "#000000"
    for step in range(0, 21):
        c = _mix(color, target, step / 20)
        if contrast(parse_color(c), bg) >= need:
            return c
    return target


def _graphic(color: str, background: str) -> str:
    """A mark colour with 3:1 against the background (WCAG 1.4.11 for graphics)."""
    return _readable(color, background, 3.0)


def chart_theme(config: Config, background: str | None = None, locale: str | None = None,
                text: str = "") -> ChartTheme:
    """Colour roles for a chart drawn on ``background`` (default: the brand background),
    with the fonts needed for ``text`` (every string the chart shows)."""
    c = config.brand.colors
    bg = background or c.background
    ink = _readable(c.text, bg, 7.0)
    muted = _readable(c.muted or _mix(c.text, bg, 0.35), bg, 4.5)
    primary = _graphic(c.primary, bg)
    # The second series is the same quantity further out (90th percentile): a tint of
    # the first reads as "more of the same" to every reader, colour-blind or not.
    light = _mix(primary, bg, 0.55)
    accent = _graphic(c.accent, bg)
    grid = _mix(c.text, bg, 0.88)
    fams = font_families(config.brand.fonts.body, locale or config.locale, _needs(config, text))
    return ChartTheme(background=bg, text=ink, muted=muted, primary=primary, light=light,
                      accent=accent, grid=grid, families=fams,
                      heading_family=config.brand.fonts.heading, locale=locale or config.locale)


def _needs(config: Config, text: str) -> frozenset[str] | None:
    """The characters of ``text`` the brand font lacks (``None``: unknown, take the chain)."""
    if not text:
        return None

    face = find_face(config.brand.fonts.body)
    have = face_coverage(face) if face else frozenset()
    return frozenset(ch for ch in text if not ch.isspace() and ord(ch) not in have)


@lru_cache(maxsize=64)
def font_families(family: str, locale: str | None,
                  needs: frozenset[str] | None = None) -> tuple[str, ...]:
    """Register the brand face and the card fallbacks that draw ``needs`` (regular and
    bold) with matplotlib; return the family names in order, for ``font.family``.

    Only fallbacks that cover a needed character are registered: matplotlib loads every
    listed family for each text, and the whole chain (CJK collections included) costs
    seconds per process. ``needs=None`` takes the whole chain. Bitmap emoji fonts are
    left out: matplotlib's renderers cannot draw CBDT strikes.
    """
    import logging

    from matplotlib import font_manager


    # Fallback families without a bold face make matplotlib log "Failed to find font
    # weight bold" for every bold label; falling back to regular there is intended.
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)


    names: list[str] = []
    for weight in (400, 700):
        missing = set(needs) if needs is not None else None
        for i, face in enumerate(font_chain(family, weight, locale=locale)):
            if face.bitmap:
                continue
            if i and missing is not None:
                cover = {ch for ch in missing if ord(ch) in face_coverage(face)}
                if not cover:
                    continue
                missing -= cover
            _add_font(face.path)
            fm_name = font_manager.FontProperties(fname=face.path).get_name()
            if fm_name not in names:
                names.append(fm_name)
    return tuple(names)


@lru_cache(maxsize=256)
def _add_font(path: str) -> None:
    from matplotlib import font_manager

    _use_size_free_font_lookup()
    font_manager.fontManager.addfont(path)
    # A family that fell back before may resolve to this face now.
    _FOUND.clear()


#: findfont's answers by everything but the size (see _use_size_free_font_lookup).
_FOUND: dict[tuple, str | ValueError] = {}
#: The font manager whose findfont was replaced (once per process).
_patched: object | None = None
_RC_KEYS = ("family", "style", "variant", "weight", "stretch",
            "serif", "sans-serif", "cursive", "fantasy", "monospace")


def _use_size_free_font_lookup() -> None:
    """Make matplotlib's font lookup remember its answer for every text size at once.

    matplotlib caches findfont by the whole FontProperties, size included, and each
    miss scores all ~400 system fonts (33 ms here): a guide's charts, with labels at
    several sizes, spent 3.6 s of an 18 s profile there. Every font we register is
    scalable, and matplotlib scores a scalable font's size as 0, so the file chosen
    never depends on the size; one answer per family, style and weight is the same.
    """
    import matplotlib as mpl
    from matplotlib import font_manager

    global _patched
    manager = font_manager.fontManager
    if _patched is manager:
        return
    original = manager.findfont

    def findfont(prop, fontext="ttf", directory=None, fallback_to_default=True,
                 rebuild_if_missing=True):
        p = font_manager.FontProperties._from_any(prop)
        rc = tuple(tuple(v) if isinstance(v, list) else v
                   for v in (mpl.rcParams[f"font.{k}"] for k in _RC_KEYS))
        key = (tuple(p.get_family()), p.get_style(), p.get_variant(), p.get_weight(),
               p.get_stretch(), p.get_file(), fontext, directory, fallback_to_default, rc)
        found = _FOUND.get(key)
        if found is None:
            try:
                found = original(prop, fontext, directory, fallback_to_default, rebuild_if_missing)
            except ValueError as exc:  # not found without fallback: remembered as well
                found = exc
            _FOUND[key] = found
        if isinstance(found, ValueError):
            raise ValueError(*found.args)
        return found

    manager.findfont = findfont  # type: ignore[method-assign]  # the point: a remembering lookup
    font_manager.findfont = findfont  # the module's alias of the bound method
    _patched = manager
