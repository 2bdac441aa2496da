"""Never lose an answer: whole, continued on more images of the post, or openly summarised.

In: an answer's Markdown and a ``fits(markdown) -> bool`` probe that draws a card with
it. Out: the answer cut into pages at block, list-item or sentence boundaries
(:func:`paginate`), or the first whole sentences that fit (:func:`first_sentences`).
Nothing here knows about pixels: the caller's probe does the drawing, so every design
and platform gets the same rule. Pieces are Markdown source slices, so a page keeps
its lists, numbers (``4.`` stays item 4), links and emphasis.

The rule (issue 18): a posted asset carries its whole question and answer
(``full``); or, where the platform takes several images per post, continues on the
next ones (``continued``); or, on a one-image placement only, shows the question, the
author's ``summary:`` (else the first whole sentences that fit, never a cut inside a
sentence) and a "Full answer: <link>" line (``summary``). Never an ellipsis.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from generator.load.markup import _parser

FULL, CONTINUED, SUMMARY = "full", "continued", "summary"

# A sentence ends at . ! ? (or their CJK/Arabic forms) before a space or the end; CJK
# full stops need no space. Abbreviations such as "e.g." and "z.B." do not end one.
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]_*]*\s+(?=\S)|[。！？؟][\"'”’)\]」』]*\s*(?=\S)")
_ABBREVIATION = re.compile(r"(?:\b(?:e\.g|i\.e|etc|vs|cf|approx|incl|z\.B|bzw|ca|Nr|usw|d\.h"
                           r"|Dr|Mr|Mrs|Ms|St|No|p|pp|vol|fig|min|max)\.|\b[A-Za-z]\.)$")


@dataclass(frozen=True)
class Piece:
    """A slice of Markdown source and how it joins the previous piece on one page."""

    text: str
    joiner: str  # "" first, " " same paragraph, "\n" same list, "\n\n" new block


_DELIMS = re.compile(r"(?<![\w\\])[_*]+|[_*]+(?!\w)")


def _balanced(text: str) -> bool:
    """No emphasis, code span or link left open: a page must not print a lone ``_``."""
    if text.count("`") % 2 or text.count("[") != text.count("]") or \
            text.count("(") < text.count(")") or text.count("<") != text.count(">"):
        return False
    runs = "".join(m.group() for m in _DELIMS.finditer(text))
    return runs.count("_") % 2 == 0 and runs.count("*") % 2 == 0


def sentences(text: str) -> list[str]:
    """Sentences of one paragraph's source, abbreviations and decimals kept whole, and
    never split inside emphasis, a code span or a link."""
    out: list[str] = []
    pos = 0
    for m in _SENTENCE_END.finditer(text):
        sentence = text[pos:m.end()].rstrip()
        if _ABBREVIATION.search(sentence) or not _balanced(sentence):
            continue
        out.append(sentence)
        pos = m.end()
    out.append(text[pos:].strip())
    return [s for s in out if s]


@lru_cache(maxsize=256)
def pieces(markdown: str) -> tuple[Piece, ...]:
    """The answer as pieces in reading order: sentences of paragraphs, list items, other
    blocks (code, tables, HTML) whole. Joining them all gives the answer back."""

    lines = markdown.split("\n")
    out: list[Piece] = []
    tokens = _parser().parse(markdown)
    depth = 0
    for i, tok in enumerate(tokens):
        if depth == 0 and tok.map and tok.block:
            src = "\n".join(lines[tok.map[0]:tok.map[1]]).strip("\n")
            if tok.type in ("bullet_list_open", "ordered_list_open"):
                out += _list_items(tokens, i, lines)
            elif tok.type == "paragraph_open":
                for k, s in enumerate(sentences(src.replace("\n", " ") if "  \n" not in src
                                                and "\\\n" not in src else src)):
                    out.append(Piece(s, " " if k else "\n\n"))
            elif src.strip():
                out.append(Piece(src, "\n\n"))
        depth += tok.nesting if tok.block else 0
    if out:
        out[0] = Piece(out[0].text, "")
    return tuple(out)


def _list_items(tokens, start: int, lines: list[str]) -> list[Piece]:
    """The items of the list opening at ``tokens[start]``, each with its own marker line."""
    out: list[Piece] = []
    depth = 0
    first = True
    for tok in tokens[start:]:
        if tok.type == "list_item_open" and depth == 1 and tok.map:
            src = "\n".join(lines[tok.map[0]:tok.map[1]]).strip("\n")
            out.append(Piece(src, "\n\n" if first else "\n"))
            first = False
        depth += tok.nesting if tok.block else 0
        if depth == 0:
            break
    return out


def join(parts: tuple[Piece, ...] | list[Piece]) -> str:
    text = ""
    for k, p in enumerate(parts):
        text += (p.joiner if k else "") + p.text
    return text


_MARKER = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s+")


def split_piece(piece: Piece) -> list[Piece]:
    """A piece too long for a page in smaller ones: a list item's nested items, then its
    sentences (the first keeps the item's marker, the rest continue its paragraph)."""
    lines = piece.text.split("\n")
    groups: list[list[str]] = []
    for line in lines:
        if not groups or _MARKER.match(line):
            groups.append([line])
        else:
            groups[-1].append(line)
    if len(groups) > 1:
        return [Piece("\n".join(g), piece.joiner if k == 0 else "\n") for k, g in enumerate(groups)]
    text = " ".join(x.strip() for x in lines)
    marker = _MARKER.match(text)
    head = marker.group().strip() + " " if marker else ""
    rest = text[marker.end():] if marker else text
    parts = sentences(rest)
    if len(parts) < 2:  # one long sentence: at clauses, else in two halves between words
        parts = _halves(rest, re.compile(r"(?<=[,;:])\s+")) or _halves(rest, re.compile(r"\s+"))
    if len(parts) < 2:
        return [piece]
    return [Piece(head + parts[0], piece.joiner)] + [Piece(p, " ") for p in parts[1:]]


def _halves(text: str, gap: re.Pattern[str]) -> list[str]:
    """``text`` cut in two at the ``gap`` nearest its middle that leaves no markup open."""
    cuts = [m for m in gap.finditer(text) if _balanced(text[:m.start()])]
    if not cuts:
        return []
    m = min(cuts, key=lambda m: abs(m.start() - len(text) / 2))
    return [text[:m.start()], text[m.end():]]


def paginate(markdown: str, fits: Callable[[str], bool], max_pages: int) -> list[str] | None:
    """The answer over as few pages as fit (each the most pieces that fit), or None when
    it needs more than ``max_pages`` or one sentence alone does not fit a page."""
    parts = list(pieces(markdown))
    pages: list[str] = []
    i = 0
    while i < len(parts):
        if len(pages) == max_pages:
            return None
        while not fits(join(parts[i:i + 1])):
            smaller = split_piece(parts[i])
            if len(smaller) == 1:
                return None
            parts[i:i + 1] = smaller
        lo, hi = i + 1, len(parts)  # parts[i:lo] fits; find the largest such end
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if fits(join(parts[i:mid])):
                lo = mid
            else:
                hi = mid - 1
        pages.append(join(parts[i:lo]))
        i = lo
    return pages


def first_sentences(markdown: str, fits: Callable[[str], bool]) -> str:
    """The longest run of whole leading sentences (or list items) that fits; '' if none.

    A list item or paragraph that does not fit whole is tried sentence by sentence,
    never cut inside a sentence."""
    parts = list(pieces(markdown))
    lo = 0
    while True:
        hi = len(parts)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if fits(join(parts[:mid])):
                lo = mid
            else:
                hi = mid - 1
        if lo == len(parts):
            break
        smaller = _sentence_split(parts[lo])
        if len(smaller) == 1:
            break
        parts[lo:lo + 1] = smaller
    return join(parts[:lo])


def _sentence_split(piece: Piece) -> list[Piece]:
    """Like :func:`split_piece`, but only at item and sentence ends (for summaries)."""
    lines = piece.text.split("\n")
    if len(lines) > 1 and any(_MARKER.match(x) for x in lines[1:]):
        return split_piece(piece)
    text = " ".join(x.strip() for x in lines)
    marker = _MARKER.match(text)
    parts = sentences(text[marker.end():] if marker else text)
    if len(parts) < 2:
        return [piece]
    head = marker.group().strip() + " " if marker else ""
    return [Piece(head + parts[0], piece.joiner)] + [Piece(p, " ") for p in parts[1:]]
