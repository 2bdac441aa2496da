"""How long a post is, counted the way each platform counts, and where it may be cut.

* ``x-weighted`` follows twitter-text v3 (the rules X documents for its 280 limit):
  text is NFC-normalised; code points in a few Latin/punctuation ranges weigh 1,
  every other code point (CJK, most symbols) weighs 2; an emoji, even a sequence
  joined with ZWJ or modifiers, weighs 2; a URL weighs 23 whatever its length.
  A URL without a scheme (``example.com/help``) is linked only when X knows its
  top-level domain, which we cannot check offline, so it weighs ``max(23, its own
  weight)``: counted long, never short.
* ``graphemes`` (Bluesky) counts extended grapheme clusters (``\\X``); Bluesky also
  caps the UTF-8 size at 3,000 bytes, which :func:`fits` checks too.
* ``chars`` counts code points (Mastodon, Threads, Instagram, LinkedIn, Pinterest).

Cut points (:func:`break_points`) follow the line-break rules a caption meets:
CJK text may be cut between ideographs, Latin text only between words, and never
inside a URL or a grapheme cluster.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

import regex

#: twitter-text v3 ``weightedRanges``: these code points weigh 1, all others 2.
_X_LIGHT = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))
X_URL_WEIGHT = 23
BLUESKY_MAX_BYTES = 3000

#: A URL's path as twitter-text ends it: punctuation that closes the sentence (``).`` in
#: "(see https://a.b/c)." or a final comma) is not part of it, but a balanced pair of
#: parentheses is (``https://en.wikipedia.org/wiki/Mercury_(planet)``).
_PAREN = r"\([^\s<>\"()]*\)"
_PATH = rf"(?:[^\s<>\"()]|{_PAREN})*(?:[^\s<>\".,;:!?()\]'’”]|{_PAREN})"
#: A URL with a scheme, or a bare domain (with an optional path) such as example.com/help.
URL = re.compile(rf"https?://{_PATH}"
                 r"|(?<![@\w.])(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}"
                 rf"(?:/{_PATH}|/)?(?![\w@])", re.IGNORECASE)
_GRAPHEME = regex.compile(r"\X")
_EMOJI = regex.compile(r"[\p{Extended_Pictographic}\p{Regional_Indicator}\u20e3]")


def _cp_weight(ch: str) -> int:
    cp = ord(ch)
    return 1 if any(lo <= cp <= hi for lo, hi in _X_LIGHT) else 2


def _x_plain(text: str) -> int:
    total = 0
    for cluster in _GRAPHEME.findall(text):
        if _EMOJI.search(cluster):
            total += 2  # twitter-text parses emoji sequences as one unit weighing 2
        else:
            total += sum(_cp_weight(c) for c in cluster)
    return total


def x_weighted(text: str) -> int:
    """The weight X gives ``text`` (limit 280)."""
    text = unicodedata.normalize("NFC", text)
    total = 0
    pos = 0
    for m in URL.finditer(text):
        total += _x_plain(text[pos:m.start()])
        url = m.group(0)
        has_scheme = url.lower().startswith(("http://", "https://"))
        total += X_URL_WEIGHT if has_scheme else max(X_URL_WEIGHT, _x_plain(url))
        pos = m.end()
    return total + _x_plain(text[pos:])


def graphemes(text: str) -> int:
    return len(_GRAPHEME.findall(text))


def length(text: str, counting: str) -> int:
    """Length of ``text`` as the platform counts it (``chars``, ``graphemes``, ``x-weighted``)."""
    if counting == "x-weighted":
        return x_weighted(text)
    if counting == "graphemes":
        return graphemes(text)
    return len(text)


def fits(text: str, limit: int | None, counting: str) -> bool:
    if limit is None:
        return True
    if counting == "graphemes" and len(text.encode("utf-8")) > BLUESKY_MAX_BYTES:
        return False
    return length(text, counting) <= limit


#: Scripts written without spaces: a line may break between any two of their characters
#: (UAX #14 class ID), except before closing and after opening punctuation (kinsoku).
_CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\u3000-\u303f\uff00-\uffef]")
_NO_BREAK_BEFORE = set("、。，．・：；？！）」』】〕〉》”’ー々ぁぃぅぇぉっゃゅょァィゥェォッャュョ,.!?;:)")
_NO_BREAK_AFTER = set("（「『【〔〈《“‘(")


def break_points(text: str) -> Iterator[int]:
    """Offsets where ``text`` may be cut: before a space, or between two CJK characters
    (not before closing or after opening punctuation); never inside a URL or a grapheme
    cluster. Ascending; 0 and ``len(text)`` are not included.

    A simplified UAX #14 (uniseg's full algorithm costs ~0.1 s per caption): the
    cases a caption meets are Latin words, CJK runs and URLs."""
    url_spans = [(m.start(), m.end()) for m in URL.finditer(text)]
    bounds = {m.start() for m in _GRAPHEME.finditer(text)}
    for i in range(1, len(text)):
        if i not in bounds or any(a < i < b for a, b in url_spans):
            continue
        before, after = text[i - 1], text[i]
        word_end = after.isspace() and not before.isspace()
        cjk = (bool(_CJK.match(before) or _CJK.match(after)) and not before.isspace()
               and not after.isspace() and after not in _NO_BREAK_BEFORE and before not in _NO_BREAK_AFTER)
        if word_end or cjk:
            yield i


def urls(text: str) -> list[str]:
    return [m.group(0) for m in URL.finditer(text)]
