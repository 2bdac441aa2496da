"""Alt text: what a screen-reader user needs from a card, within a platform's limit.

A screen reader reads a cut text as it is: "Open Settings and tap Acc…" is noise. Text
that does not fit is cut after its last whole sentence that fits, else after its last
whole clause (a comma, semicolon, colon or dash), and only when even the first clause is
longer than the limit after a whole word with an ellipsis. Doubled full stops ("Kettle &
Co.." where a brand ends in a dot) and "?." are tidied first.
"""

from __future__ import annotations

import re

from generator.render.markdown import markdown_plain

ELLIPSIS = "…"
#: Offsets just after a sentence end (the space after . ! ? and their CJK forms).
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[。！？])")
#: Offsets just after a clause end: , ; : (and their CJK forms), or before a spaced dash.
_CLAUSE_END = re.compile(r"(?<=[,;:])\s+|(?<=[，；：、])|\s+(?=[–—]\s)")
_DOUBLED = re.compile(r"(?<!\.)([.!?])\.(?!\.)")


def tidy(text: str) -> str:
    """One line, single spaces, no doubled full stop ("Co.." -> "Co.", "?." -> "?")."""
    return _DOUBLED.sub(r"\1", " ".join(text.split()))


def shorten(text: str, limit: int) -> str:
    """``text`` within ``limit`` characters, cut at a sentence end, else a clause end
    (marked with an ellipsis), else a word (with an ellipsis); never mid-word. A clause
    end wins over a sentence end only when the sentence cut would keep under 60% of the
    room and the clause cut keeps more."""
    text = tidy(text)
    if len(text) <= limit:
        return text
    sentences = [m.start() for m in _SENTENCE_END.finditer(text) if 0 < m.start() <= limit]
    by_sentence = text[: sentences[-1]].rstrip() if sentences else ""
    room = limit - len(ELLIPSIS)
    by_clause = ""
    for m in reversed(list(_CLAUSE_END.finditer(text))):
        head = text[: m.start()].rstrip(" ,;:，；：、–—")
        if head and len(head) <= room:
            by_clause = head + ELLIPSIS
            break
    if by_sentence and (len(by_sentence) >= 0.6 * limit or len(by_clause) <= len(by_sentence)):
        return by_sentence
    if by_clause:
        return by_clause
    cut = text[: max(1, room)].rsplit(" ", 1)[0].rstrip(",;:-–— ")
    return cut + ELLIPSIS


def card_alt(heading: str, body_markdown: str, limit: int | None, *, prefix: str = "") -> str:
    """``prefix`` + the heading + as much of the body as fits (whole sentences first,
    then whole clauses)."""

    limit = limit or 1000
    head = tidy(f"{prefix}{heading}".strip())
    if head and head[-1] not in ".!?:。！？":
        head += "."
    body = markdown_plain(body_markdown) if body_markdown else ""
    return shorten(f"{head} {body}".strip(), limit)
