"""Which characters a font can draw, and which Debian package adds the ones none can.

In: font faces and text. Out: code point sets (from the fontTools cmap, cached per
file and face for the whole process, since the CJK collection alone maps ~65k code
points) and package names for the missing-glyph lint.
"""

from __future__ import annotations

import hashlib
import os
import unicodedata
from array import array
from functools import lru_cache
from pathlib import Path

from generator.render.text.chars import ignorable, is_emoji_char
from generator.render.text.fonts import FontFace, font_chain

#: Cache layout version: part of the folder name, so a change never reads old entries.
CACHE_VERSION = 2
_MAGIC = b"SSCOV2\0\0"


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/selfserve/coverage-v<N>`` (default ``~/.cache``): documented,
    versioned, and only ever a speed-up (every entry is checked before it is used)."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "selfserve" / f"coverage-v{CACHE_VERSION}"


def _cache_file(face: FontFace) -> Path | None:
    """Where the coverage of one font file version is kept between runs."""
    try:
        st = os.stat(face.path)
    except OSError:
        return None
    tag = hashlib.sha256(f"{face.path}:{face.index}:{st.st_size}:{st.st_mtime_ns}".encode()).hexdigest()
    return cache_dir() / f"{tag[:32]}.bin"


def _pack(points: frozenset[int]) -> bytes:
    body = array("I", sorted(points)).tobytes()
    return _MAGIC + hashlib.sha256(body).digest() + body


def _unpack(data: bytes) -> frozenset[int] | None:
    """The code points of a cache entry, or None when it is damaged (short, zero-length,
    foreign or altered): such an entry is discarded, never trusted."""
    head = len(_MAGIC) + 32
    if len(data) < head or not data.startswith(_MAGIC) or (len(data) - head) % 4:
        return None
    body = data[head:]
    if hashlib.sha256(body).digest() != data[len(_MAGIC):head]:
        return None
    return frozenset(array("I", body))


@lru_cache(maxsize=128)
def face_coverage(face: FontFace) -> frozenset[int]:
    """Code points mapped by the face's best cmap.

    Parsing a cmap with fontTools costs up to 100 ms for the CJK collection, and a
    character missing from the brand font walks the whole fallback chain, so every
    process would pay about half a second. The result is cached on disk per font
    file version (path, size, mtime) as packed 32-bit code points behind a sha256 of
    them; an entry that fails the check is deleted and computed again, and a cache
    that cannot be read or written is simply skipped.
    """
    cache = _cache_file(face)
    if cache is not None:
        try:
            points = _unpack(cache.read_bytes())
        except OSError:
            points = None
        if points is not None:
            return points
        try:
            cache.unlink()
        except OSError:
            pass
    from fontTools.ttLib import TTFont

    # fontconfig numbers named instances of variable fonts as (instance << 16) | face.
    font = TTFont(face.path, fontNumber=face.index & 0xFFFF, lazy=True)
    cmap = font["cmap"].getBestCmap() or {}
    points = frozenset(cmap)
    if cache is not None:
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_bytes(_pack(points))
            os.replace(tmp, cache)
        except OSError:
            pass
    return points


def covers(face: FontFace, text: str) -> bool:
    """Whether ``face`` maps every non-ignorable character of ``text``."""
    cov = face_coverage(face)
    return all(ord(c) in cov or ignorable(c) for c in text)


def which_font(char: str, family: str = "Noto Sans", weight: int = 400,
               locale: str | None = None) -> FontFace | None:
    """The first face of the family's chain that draws ``char`` (None: nothing does)."""
    for face in font_chain(family, weight, locale=locale):
        if covers(face, char):
            return face
    return None


def missing_chars(text: str, family: str = "Noto Sans", weight: int = 400,
                  locale: str | None = None) -> frozenset[str]:
    """Characters of ``text`` that no face of the chain can draw."""
    return frozenset(c for c in set(text)
                     if not ignorable(c) and which_font(c, family, weight, locale) is None)


_CJK_PREFIXES = ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "BOPOMOFO", "IDEOGRAPHIC",
                 "KANGXI", "HALFWIDTH", "FULLWIDTH", "YI ")
#: Unnamed code points too (Python's name table lacks some derived ideograph names).
_CJK_RANGES = ((0x2E80, 0x2FDF), (0x3000, 0x9FFF), (0xAC00, 0xD7AF), (0xF900, 0xFAFF),
               (0xFF00, 0xFFEF), (0x20000, 0x3FFFF))
_EXTRA_RANGES = ((0x16FE0, 0x18DFF), (0x1B170, 0x1B2FF))  # Tangut, Khitan, Nushu
_EXTRA_PREFIXES = ("CUNEIFORM", "EGYPTIAN", "LINEAR", "OLD ", "TANGUT", "RUNIC", "OGHAM",
                   "GOTHIC", "PHOENICIAN", "AVESTAN", "BRAHMI", "KHAROSHTHI", "MUSICAL")


def package_for(chars: str) -> str:
    """Debian package(s) that would draw ``chars``, space separated for ``apt-get install``.

    Script detection goes by Unicode character names, which is coarse but needs no
    tables: CJK -> fonts-noto-cjk, emoji -> fonts-noto-color-emoji, historic scripts ->
    fonts-noto-extra, everything else -> fonts-noto-core.
    """

    found: list[str] = []
    for ch in chars:
        if ignorable(ch) or ch.isspace():
            continue
        name = unicodedata.name(ch, "")
        cp = ord(ch)
        if is_emoji_char(ch):
            pkg = "fonts-noto-color-emoji"
        elif name.startswith(_CJK_PREFIXES) or any(lo <= cp <= hi for lo, hi in _CJK_RANGES):
            pkg = "fonts-noto-cjk"
        elif name.startswith(_EXTRA_PREFIXES) or any(lo <= cp <= hi for lo, hi in _EXTRA_RANGES):
            pkg = "fonts-noto-extra"
        else:
            pkg = "fonts-noto-core"
        if pkg not in found:
            found.append(pkg)
    return " ".join(found) or "fonts-noto-core"
