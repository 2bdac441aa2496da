"""Character classes the text engine asks about: grapheme clusters, colour emoji and
characters that need no glyph.

A leaf of the text engine: ``coverage`` (which font maps what) and ``runs`` (which font
draws each cluster) both ask these questions, and neither may import the other for it.
"""

from __future__ import annotations

import unicodedata

try:  # regex's \X is ~100x faster than a pure-Python grapheme segmenter
    import regex as _regex

    _CLUSTER = _regex.compile(r"\X")
    _EMOJI_PRESENTATION = _regex.compile(r"\p{Emoji_Presentation}")

    def graphemes(text: str) -> list[str]:
        """Extended grapheme clusters (UAX #29) of ``text``."""
        return _CLUSTER.findall(text)

    def _emoji_presentation(ch: str) -> bool:
        return _EMOJI_PRESENTATION.match(ch) is not None

except ImportError:  # pragma: no cover - regex is installed with the project
    from uniseg.graphemecluster import grapheme_clusters

    def graphemes(text: str) -> list[str]:
        """Extended grapheme clusters (UAX #29) of ``text``."""
        return list(grapheme_clusters(text))

    def _emoji_presentation(ch: str) -> bool:
        return 0x1F300 <= ord(ch) <= 0x1FAFF


def is_emoji_char(ch: str) -> bool:
    """Characters shown as colour emoji by default (Emoji_Presentation, flags)."""
    return _emoji_presentation(ch) or 0x1F1E6 <= ord(ch) <= 0x1F1FF


def is_emoji_cluster(cluster: str) -> bool:
    """A cluster the colour emoji font should draw (VS16, keycaps, ZWJ sequences...)."""
    if "\ufe0e" in cluster:  # VS15 asks for the text presentation
        return False
    if "\ufe0f" in cluster or "\u20e3" in cluster:
        return True
    return any(is_emoji_char(c) for c in cluster)


#: Code points that select or join glyphs but need no glyph of their own.
_IGNORABLE_RANGES = ((0x200B, 0x200F), (0x2028, 0x202E), (0x2060, 0x206F), (0xFE00, 0xFE0F),
                     (0xE0000, 0xE0FFF), (0xFEFF, 0xFEFF))


def ignorable(ch: str) -> bool:
    """True for controls, joiners and variation selectors: no font needs to map them."""
    cp = ord(ch)
    if any(lo <= cp <= hi for lo, hi in _IGNORABLE_RANGES):
        return True
    return unicodedata.category(ch) in {"Cc", "Zl", "Zp"}
