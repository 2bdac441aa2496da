"""Font discovery: family name + weight -> font file, and the fallback chain per style.

In: a family name as a design names it ("Noto Sans", "Inter"), a CSS-like weight and a
BCP 47 locale. Out: :class:`FontFace` records (file, collection index) and loaded
Pillow fonts. fontconfig is asked once per process (one ``fc-list`` call, cached),
because spawning it per card would dominate a build of thousands of cards.

A family the design names but the system lacks is an error naming the package to
install, never a silent substitution: a card set in the wrong typeface is a bug the
author should see. Fallback families (scripts, emoji, symbols) that are not installed
are skipped; the missing-glyph lint reports characters nothing can draw.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from typing import NoReturn

from PIL import ImageFont, features

from generator.errors import SelfserveError

#: Noto Color Emoji is a CBDT bitmap font: FreeType only loads it at its strike size.
EMOJI_STRIKE = 109

#: fontconfig weight -> CSS weight (fontconfig uses its own 0..215 scale).
_FC_TO_CSS = ((0, 100), (40, 200), (50, 300), (55, 350), (75, 400), (80, 400), (100, 500),
              (180, 600), (200, 700), (205, 800), (210, 900), (215, 950))

#: Families appended after the brand family, in order. Not installed ones are skipped.
#: "CJK" is replaced by the Noto Sans CJK variant the locale asks for.
FALLBACK_FAMILIES = (
    "Noto Sans", "Noto Sans Arabic", "Noto Sans Hebrew", "Noto Sans Thai", "CJK",
    "Noto Sans Devanagari", "Noto Sans Bengali", "Noto Sans Tamil", "Noto Sans Telugu",
    "Noto Sans Kannada", "Noto Sans Malayalam", "Noto Sans Gujarati", "Noto Sans Gurmukhi",
    "Noto Sans Oriya", "Noto Sans Sinhala", "Noto Sans Armenian", "Noto Sans Georgian",
    "Noto Sans Ethiopic", "Noto Sans Khmer", "Noto Sans Lao", "Noto Sans Myanmar",
    "Noto Sans Syriac", "Noto Sans Thaana", "Noto Naskh Arabic",
    "Noto Color Emoji", "Noto Sans Symbols", "Noto Sans Symbols2", "Noto Sans Math",
    "DejaVu Sans",
)

#: Monospace families for code spans, first installed wins (Debian's fonts-noto-core
#: has no Noto Sans Mono; fonts-noto-mono does).
MONO_FAMILIES = ("Noto Sans Mono", "DejaVu Sans Mono", "Liberation Mono", "Noto Sans Mono CJK JP")


@dataclass(frozen=True, order=True)
class FontFace:
    """One font inside one file (``index`` selects a face of a .ttc collection)."""

    path: str
    index: int = 0
    family: str = ""
    weight: int = 400
    italic: bool = False

    @property
    def bitmap(self) -> bool:
        """True for colour bitmap fonts, which load only at :data:`EMOJI_STRIKE`."""
        return _has_bitmap_strikes(self.path, self.index)


@dataclass(frozen=True)
class _Installed:
    path: str
    index: int
    names: tuple[str, ...]  # casefolded family names
    weight: int
    italic: bool
    variable: bool


def missing_font_error(family: str) -> NoReturn:
    """Raise the user-facing error for a family the design names but fontconfig lacks."""
    raise SelfserveError(
        f"font family '{family}' is not installed; install fonts-noto-core "
        "(apt-get install fonts-noto-core) or name an installed family (fc-list : family)"
    )


@lru_cache(maxsize=1)
def require_raqm() -> None:
    """Fail early, naming the packages, when Pillow lacks raqm (no shaping, no bidi)."""
    if not features.check("raqm"):
        raise SelfserveError(
            "Pillow was built without raqm, so Arabic, Hebrew and Indic text cannot be shaped; "
            "install libraqm0 and libfribidi0 (apt-get install libraqm0 libfribidi0)"
        )


def _css_weight(fc: float) -> int:
    return min(_FC_TO_CSS, key=lambda p: (abs(p[0] - fc), -p[1]))[1]


@lru_cache(maxsize=1)
def installed_fonts() -> tuple[_Installed, ...]:
    """Every installed face, from one ``fc-list`` call per process."""
    if shutil.which("fc-list") is None:
        raise SelfserveError("fontconfig's fc-list is missing; install fontconfig "
                             "(apt-get install fontconfig)")
    fmt = "%{file}\t%{index}\t%{family}\t%{weight}\t%{slant}\n"
    try:
        out = subprocess.run(["fc-list", "--format", fmt], capture_output=True, text=True,
                             check=True).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        raise SelfserveError(f"fontconfig's fc-list failed ({exc}); check the fontconfig "
                             "installation (fc-cache -f)") from exc
    fonts: list[_Installed] = []
    for row in out.splitlines():
        parts = row.split("\t")
        if len(parts) != 5 or not parts[0]:
            continue
        path, index, family, weight, slant = parts
        variable = weight.startswith("[")
        try:
            w = float(weight.strip("[]").split()[0]) if weight else 80.0
            s = int(slant or 0)
            i = int(index or 0)
        except ValueError:
            continue
        names = tuple(n.strip().casefold() for n in family.split(",") if n.strip())
        fonts.append(_Installed(path, i, names, _css_weight(w), s > 0, variable))
    # Sorting makes the choice independent of fontconfig's listing order.
    return tuple(sorted(fonts, key=lambda f: (f.path, f.index)))


#: Faces of the project's own font files (``brand.fonts.files``), searched before the
#: installed ones; set by :func:`use_project_fonts`.
_PROJECT_FONTS: tuple[_Installed, ...] = ()


def use_project_fonts(paths: tuple[str, ...]) -> None:
    """Make the families of these font files (absolute paths inside the project) count
    as installed, ahead of fontconfig's; idempotent, so every worker may call it."""
    global _PROJECT_FONTS
    faces = _project_faces(tuple(paths))
    if faces != _PROJECT_FONTS:
        _PROJECT_FONTS = faces
        find_face.cache_clear()
        font_chain.cache_clear()


def project_faces() -> tuple[_Installed, ...]:
    """The faces registered by :func:`use_project_fonts` (guides declare them as
    ``@font-face``)."""
    return _PROJECT_FONTS


@lru_cache(maxsize=16)
def _project_faces(paths: tuple[str, ...]) -> tuple[_Installed, ...]:
    from fontTools.ttLib import TTFont

    faces = []
    for path in paths:
        with TTFont(path, lazy=True) as font:
            name = font["name"]
            family = name.getDebugName(16) or name.getDebugName(1) or ""
            weight = font["OS/2"].usWeightClass if "OS/2" in font else 400
            italic = bool(font["head"].macStyle & 2) if "head" in font else False
            variable = "fvar" in font
        faces.append(_Installed(path, 0, (family.strip().casefold(),), weight, italic, variable))
    return tuple(sorted(faces, key=lambda f: f.path))


def _weight_rank(target: int, have: int) -> tuple[int, int]:
    """CSS font matching: nearest weight; ties go heavier for bold targets, lighter else."""
    return (abs(have - target), -have if target >= 500 else have)


@lru_cache(maxsize=512)
def find_face(family: str, weight: int = 400, italic: bool = False) -> FontFace | None:
    """The installed face of ``family`` nearest to ``weight`` (upright unless italic)."""
    key = family.strip().casefold()
    found = [f for f in _PROJECT_FONTS if key in f.names] or \
        [f for f in installed_fonts() if key in f.names]
    if not found:
        return None
    best = min(found, key=lambda f: (f.italic != italic, *_weight_rank(weight, f.weight),
                                     f.variable, f.path, f.index))
    return FontFace(best.path, best.index, family, best.weight, best.italic)


def has_family(family: str) -> bool:
    """Whether fontconfig knows ``family`` (case-insensitive, any of its names)."""
    return find_face(family) is not None


def cjk_family(locale: str | None) -> str:
    """The Noto Sans CJK variant for a locale: the same code point differs per region."""
    loc = (locale or "").replace("_", "-").casefold()
    parts = loc.split("-")
    if parts[0] == "ko":
        return "Noto Sans CJK KR"
    if parts[0] == "zh":
        rest = parts[1:]
        if "hk" in rest or "mo" in rest:
            return "Noto Sans CJK HK"
        if "hant" in rest or "tw" in rest:
            return "Noto Sans CJK TC"
        return "Noto Sans CJK SC"
    return "Noto Sans CJK JP"


@lru_cache(maxsize=256)
def font_chain(family: str, weight: int = 400, italic: bool = False, mono: bool = False,
               locale: str | None = None) -> tuple[FontFace, ...]:
    """The brand face followed by the installed fallbacks, each at the nearest weight.

    Raises :class:`SelfserveError` when ``family`` itself is not installed.
    """
    brand = find_face(family, weight, italic)
    if brand is None:
        missing_font_error(family)
    chain: list[FontFace] = []
    if mono:
        for name in MONO_FAMILIES:
            face = find_face(name, weight, italic)
            if face is not None:
                chain.append(face)
                break
    chain.append(brand)
    for name in FALLBACK_FAMILIES:
        face = find_face(cjk_family(locale) if name == "CJK" else name, weight)
        if face is not None and all((face.path, face.index) != (c.path, c.index) for c in chain):
            chain.append(face)
    return tuple(chain)


# A FreeType face holds its font file (CJK: 15-20 MB); 96 faces cover a build's sizes without
# 331 of them (144 MB of a worker, issue 25) staying alive.
@lru_cache(maxsize=96)
def load_font(face: FontFace, size: int) -> ImageFont.FreeTypeFont:
    """A raqm-shaped Pillow font; bitmap faces always load at their strike size."""
    px = EMOJI_STRIKE if face.bitmap else max(1, int(size))
    try:
        return ImageFont.truetype(face.path, px, index=face.index,
                                  layout_engine=ImageFont.Layout.RAQM)
    except OSError as exc:  # a damaged or truncated file that fontconfig still lists
        raise SelfserveError(
            f"font file {face.path} ({face.family or 'fallback'}) cannot be read: {exc}; reinstall "
            "the package that holds it (dpkg -S FILE names it, e.g. apt-get install --reinstall "
            "fonts-noto-core) and run fc-cache -f") from None


def font_for(family: str, weight: int = 400, size: int = 32,
             locale: str | None = None) -> ImageFont.FreeTypeFont:
    """The brand family's font at ``size`` (CJK generic names follow ``locale``)."""
    if family.casefold() in {"noto sans cjk", "cjk"}:
        family = cjk_family(locale)
    face = find_face(family, weight)
    if face is None:
        missing_font_error(family)
    return load_font(face, size)


@lru_cache(maxsize=64)
def _has_bitmap_strikes(path: str, index: int) -> bool:
    from fontTools.ttLib import TTFont

    try:
        font = TTFont(path, fontNumber=index & 0xFFFF, lazy=True)
    except Exception:  # noqa: BLE001 - an unreadable file is not a bitmap font
        return False
    return ("CBDT" in font or "sbix" in font) and "glyf" not in font and "CFF " not in font
