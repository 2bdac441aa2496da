"""Measure and wrap rich text at one font size; assemble positioned lines.

In: blocks of spans, a style, a size and a width. Out: wrapped lines of positioned
glyph runs. Work is split so the size search in ``fit`` stays cheap:

* :func:`prepare` (size independent, cached): fonts per grapheme cluster, bidi levels,
  break opportunities, and the text cut into *units* (between two break
  opportunities) made of *pieces* (one face, one bidi level, one span style).
* piece widths are measured once per (face, text, direction) at a reference size and
  kept in em: raqm's unhinted advances scale linearly with size, so one measurement
  serves every size of the search and every card of the build that repeats the word.
* :func:`wrap` is pure arithmetic over those widths; :func:`assemble` shapes each
  final run once more to position it exactly and orders runs visually (bidi).

Baselines come from the primary font's ascent/descent (``getmetrics``), never from
``textbbox``, whose first-glyph bearing would make line positions jitter.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from generator.render.text.bidi import base_direction, levels, visual_order
from generator.render.text.breaking import (
    break_opportunities,
    cluster_boundaries,
    glued,
    hyphenation_points,
    phrase_interior,
    url_breaks,
)
from generator.render.text.coverage import covers
from generator.render.text.fonts import EMOJI_STRIKE, FontFace, font_chain, load_font
from generator.render.text.model import Block, GlyphRun, Line, Span, TextStyle
from generator.render.text.runs import itemize, resolve_cluster

#: Size at which widths are measured; large enough that 1/64 px rounding is negligible.
_REF = 256
#: Code spans are drawn this much smaller: monospace faces look larger at equal size.
CODE_SCALE = 0.9
ELLIPSIS = "\u2026"
_CONTROLS = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")


@dataclass(frozen=True)
class Piece:
    """``text[start:end]`` of a paragraph in one face, at one bidi level and scale."""

    start: int
    end: int
    face: FontFace
    level: int
    scale: float
    em: float  # advance width in em of the base size


@dataclass(frozen=True)
class Unit:
    """Text between two break opportunities; a line holds whole units."""

    pieces: tuple[Piece, ...]
    full: float  # em, trailing whitespace included
    trim: float  # em, trailing whitespace excluded (a line's last unit)
    hard_break: bool  # a mandatory break follows
    splittable: int  # 3: CJK phrase, 2: hyphens/URL breaks then clusters, 1: clusters, 0: atomic
    scaled: bool = False  # holds code pieces, whose pixel sizes round separately
    hyphen: bool = False  # a hyphenated word part: a line ending here draws "-" (in trim)


@dataclass(frozen=True)
class Paragraph:
    """One prepared block: text, direction, units, and its list marker if any."""

    text: str
    direction: str
    units: tuple[Unit, ...]
    marker: tuple[Piece, ...]  # pieces of the marker text ("•", "3."), measured
    marker_text: str
    indent: float  # em before the text on continuation lines (nesting + marker)
    nest: float  # em of nesting alone
    chain: tuple[FontFace, ...]
    #: How far the paragraph's ink reaches below the baseline, in em (the dots under an
    #: Arabic yeh go deeper than the primary font's descent): the box must hold it.
    ink_below: float = 0.0
    #: How far its ink rises above the baseline, in em (stacked Thai or Vietnamese marks
    #: can rise past the primary font's ascent): the first line is moved down to hold it.
    ink_above: float = 0.0


def drawn_size(size: int, scale: float) -> int:
    """Pixel size a piece is drawn at; widths use the same number so they match."""
    return max(1, round(size * scale))


@lru_cache(maxsize=131072)
def em_width(face: FontFace, text: str, direction: str, language: str | None) -> float:
    """Advance of ``text`` shaped by raqm, in em (cached across cards)."""
    text = _CONTROLS.sub("", text)  # line breaks are layout, not glyphs (raqm rejects them)
    if not text:
        return 0.0
    ref = EMOJI_STRIKE if face.bitmap else _REF
    font = load_font(face, ref)
    return font.getlength(text, direction=direction, language=language) / ref


def _dir(level: int) -> str:
    return "rtl" if level % 2 else "ltr"


def _chain_for(style: TextStyle, span: Span) -> tuple[FontFace, ...]:
    weight = style.weight
    if span.bold:
        weight = 700 if weight < 700 else min(900, weight + 200)
    return font_chain(style.family, weight, span.italic, span.code, style.locale)


def _pieces(text: str, start: int, end: int, faces: list[FontFace], lv: tuple[int, ...],
            scales: list[float], language: str | None) -> list[Piece]:
    out: list[Piece] = []
    i = start
    while i < end:
        j = i + 1
        while j < end and faces[j] == faces[i] and lv[j] == lv[i] and scales[j] == scales[i]:
            j += 1
        em = em_width(faces[i], text[i:j], _dir(lv[i]), language) * scales[i]
        out.append(Piece(i, j, faces[i], lv[i], scales[i], em))
        i = j
    return out


def _unit(text: str, start: int, end: int, faces: list[FontFace], lv: tuple[int, ...],
          scales: list[float], language: str | None, hard: bool, splittable: int) -> Unit:
    trail = end
    while trail > start and text[trail - 1].isspace():
        trail -= 1
    body = _pieces(text, start, trail, faces, lv, scales, language)
    tail = _pieces(text, trail, end, faces, lv, scales, language)
    trim = sum(p.em for p in body)
    return Unit(tuple(body + tail), trim + sum(p.em for p in tail), trim, hard, splittable,
                any(p.scale != 1.0 for p in body + tail))


@dataclass(frozen=True)
class Source:
    """Per-character attributes of a paragraph, kept to split units in emergencies."""

    faces: list[FontFace]
    levels: tuple[int, ...]
    scales: list[float]


def _marker_text(block: Block) -> str:
    if block.kind == "bullet":
        return "\u2022"
    if block.kind == "number":
        return f"{block.number if block.number is not None else 1}."
    return ""


@lru_cache(maxsize=1024)
def prepare(blocks: tuple[Block, ...], style: TextStyle
            ) -> tuple[tuple[Paragraph, ...], frozenset[str], tuple[Source, ...]]:
    """Size-independent analysis of every block (cached: fit and draw share it)."""
    paras: list[Paragraph] = []
    sources: list[Source] = []
    missing: set[str] = set()
    lang = style.locale
    base_chain = font_chain(style.family, style.weight, locale=style.locale)
    for block in blocks:
        # Tabs are drawn as spaces; other controls stay (as breaks) but draw nothing.
        block = Block(tuple(replace(s, text=s.text.replace("\t", " ")) for s in block.spans),
                      block.kind, block.number, block.level)
        text = "".join(s.text for s in block.spans)
        faces: list[FontFace] = []
        scales: list[float] = []
        for span in block.spans:
            runs, miss = itemize(span.text, _chain_for(style, span))
            missing |= miss
            for run in runs:
                faces.extend([run.face] * (run.end - run.start))
            scales.extend([CODE_SCALE if span.code else 1.0] * len(span.text))
        direction = base_direction(text, style.locale)
        lv = levels(text, direction)
        opps, mandatory = break_opportunities(text)
        inner = phrase_interior(text, style.locale)
        code, pos = [], 0
        for span in block.spans:
            if span.code:
                code.append((pos, pos + len(span.text)))
            pos += len(span.text)
        keep = glued(text, style.keep, tuple(code))
        bounds = [0, *(i for i in opps if i not in inner and (i not in keep or i in mandatory)),
                  len(text)]
        units = tuple(
            _unit(text, a, b, faces, lv, scales, lang, b in mandatory,
                  3 if any(a < i < b for i in inner) else 2)
            for a, b in itertools.pairwise(bounds) if b > a
        )
        marker = _marker_text(block)
        mpieces: tuple[Piece, ...] = ()
        nest = 1.2 * block.level if block.kind != "para" else 0.0
        indent = 0.0
        if marker:
            mruns, miss = itemize(marker, base_chain)
            missing |= miss
            mlevel = 1 if direction == "rtl" and block.kind == "bullet" else 0
            mpieces = tuple(
                Piece(r.start, r.end, r.face, mlevel, 1.0,
                      em_width(r.face, marker[r.start:r.end], _dir(mlevel), lang))
                for r in mruns)
            widest = em_width(base_chain[0], "0" * max(2, len(marker) - 1) + ".", "ltr", lang)
            mark_em = sum(p.em for p in mpieces)
            indent = nest + max(mark_em, widest if block.kind == "number" else 0.0) + 0.45
        paras.append(Paragraph(text, direction, units, mpieces, marker, indent, nest,
                               base_chain, *_ink_extent(text, faces, lv, lang)))
        sources.append(Source(faces, lv, scales))
    return tuple(paras), frozenset(missing), tuple(sources)


def _ink_extent(text: str, faces: list[FontFace], lv: tuple[int, ...],
                language: str | None) -> tuple[float, float]:
    """(deepest ink below, highest ink above) the baseline of the text's runs, in em;
    shaped once per run. The line box is made of the primary font's ascent and descent,
    which marks of other scripts (and stacked marks of any) can pass."""
    deepest = highest = 0.0
    i = 0
    while i < len(text):
        j = i + 1
        while j < len(text) and faces[j] == faces[i] and lv[j] == lv[i]:
            j += 1
        run = _CONTROLS.sub("", text[i:j]).strip()
        if run and faces[i].bitmap:
            # Colour emoji are pasted as images of the strike's ascent + descent, scaled
            # and rounded to the text size (a thirtieth of an em more for the rounding).
            below, above = _bitmap_extent(faces[i])
            deepest, highest = max(deepest, below), max(highest, above)
        elif run:
            below, above = _run_extent(faces[i], run[:400], _dir(lv[i]), language)
            deepest, highest = max(deepest, below), max(highest, above)
        i = j
    return deepest, highest


@lru_cache(maxsize=8)
def _bitmap_extent(face: FontFace) -> tuple[float, float]:
    ascent, descent = load_font(face, EMOJI_STRIKE).getmetrics()
    return descent / EMOJI_STRIKE + 1 / 30, ascent / EMOJI_STRIKE + 1 / 30


@lru_cache(maxsize=16384)
def _run_extent(face: FontFace, text: str, direction: str, language: str | None
                ) -> tuple[float, float]:
    box = load_font(face, _REF).getbbox(text, anchor="ls", direction=direction,
                                        language=language)
    return max(0.0, box[3] / _REF), max(0.0, -box[1] / _REF)


def _split(para: Paragraph, src: Source, unit: Unit, language: str | None) -> list[Unit]:
    """Emergency pieces of a unit too wide for a line: URL breaks first, then clusters."""
    start, end = unit.pieces[0].start, unit.pieces[-1].end
    text = para.text[start:end]
    hyphens: list[int] = []
    if unit.splittable == 3:
        opps = set(break_opportunities(para.text)[0])
        cuts, next_mode = [i - start for i in range(start + 1, end) if i in opps], 2
    elif unit.splittable == 2 and (spaces := [i - start for i in break_opportunities(para.text)[0]
                                              if start < i < end]):
        # A phrase kept together (the brand name) that no line can hold breaks where its
        # words do: a URL-style cut set "Kettle &" over " Co.", the space leading the line.
        cuts, next_mode = spaces, 2
    elif unit.splittable == 2:
        word = text.rstrip()
        hyphens = [] if unit.scaled else hyphenation_points(word, language)
        cuts, next_mode = (hyphens, 1) if hyphens else (url_breaks(text), 1)
    else:
        cuts, next_mode = cluster_boundaries(text), 0
    if not cuts:
        if unit.splittable >= 2:
            return _split(para, src, replace(unit, splittable=unit.splittable - 1), language)
        return [replace(unit, splittable=0)]
    bounds = [0, *cuts, len(text)]
    out = []
    for a, b in itertools.pairwise(bounds):
        last = b == len(text)
        part = _unit(para.text, start + a, start + b, src.faces, src.levels, src.scales,
                     language, unit.hard_break and last, next_mode)
        if hyphens and not last:
            # A dictionary break shows its hyphen when the line ends here (and only then).
            hy = _hyphen_piece(para, part.pieces[-1], language)
            part = replace(part, trim=part.trim + hy.em, hyphen=True)
        elif unit.hyphen and last:
            part = replace(part, trim=part.trim + (unit.trim - unit.full), hyphen=True)
        out.append(part)
    return out


HYPHEN = "-"


def _hyphen_piece(para: Paragraph, last: Piece, language: str | None) -> Piece:
    level = last.level
    face = last.face if covers(last.face, HYPHEN) else para.chain[0]
    return Piece(-1, -1, face, level, last.scale,
                 em_width(face, HYPHEN, _dir(level), language) * last.scale)


@dataclass(frozen=True)
class Wrapped:
    """Units per line for one paragraph at one size, and whether it needed help."""

    lines: tuple[tuple[Unit, ...], ...]
    emergency: bool  # some unit had to be split inside a word
    overflow: bool  # some unit is wider than the line even after splitting


def wrap(para: Paragraph, src: Source, size: int, width: float, language: str | None,
         allow_emergency: bool) -> Wrapped:
    """Greedy line filling; trailing whitespace hangs past the line end."""
    avail = width - para.indent * size
    lines: list[tuple[Unit, ...]] = []
    cur: list[Unit] = []
    cur_w = 0.0
    emergency = overflow = False
    queue = list(reversed(para.units))
    while queue:
        u = queue.pop()
        alone = _px(u, size, trim=True)
        if alone > avail and u.splittable == 3:
            # A CJK phrase longer than a line breaks between characters (kinsoku still
            # applies): ordinary, not an emergency.
            queue.extend(reversed(_split(para, src, u, language)))
            continue
        if alone > avail and u.splittable:
            # Break inside a word only when it cannot fit on a line of its own; its
            # pieces then fill the current line first.
            emergency = True
            if allow_emergency:
                queue.extend(reversed(_split(para, src, u, language)))
                continue
            overflow = True
        elif alone > avail:
            overflow = True
        if cur and cur_w + alone > avail:
            lines.append(tuple(cur))
            cur, cur_w = [], 0.0
        cur.append(u)
        cur_w += _px(u, size, trim=False)
        if u.hard_break:
            lines.append(tuple(cur))
            cur, cur_w = [], 0.0
    if cur or not lines:
        lines.append(tuple(cur))
    return Wrapped(_no_orphan(lines, para, size, avail), emergency, overflow)


def _no_orphan(lines: list[tuple[Unit, ...]], para: Paragraph, size: int, avail: float
               ) -> tuple[tuple[Unit, ...], ...]:
    """A last line of one word (or one CJK character) takes the previous line's last unit
    when both fit: "Kettle & / Co." and "地 / 址?" read as a typesetter would set them."""
    if len(lines) < 2 or len(lines[-2]) < 2 or lines[-2][-1].hard_break:
        return tuple(lines)
    last = lines[-1]
    text = "".join(para.text[p.start:p.end] for u in last for p in u.pieces).strip()
    letters = [c for c in text if c.isalnum()]
    cjk = any("\u3000" <= c <= "\u9fff" or "\uac00" <= c <= "\ud7af" for c in letters)
    # CJK: never one character alone; other scripts: one word alone, in short texts
    # (headings and short answers; a long paragraph's last line is its own business).
    if not ((cjk and len(letters) <= 1) or (not cjk and len(last) == 1 and len(lines) <= 6)):
        return tuple(lines)
    moved = lines[-2][-1]
    if moved.hyphen:
        return tuple(lines)
    width = _px(moved, size, trim=False) + sum(_px(u, size, trim=False) for u in last[:-1]) \
        + _px(last[-1], size, trim=True)
    if width > avail:
        return tuple(lines)
    return tuple(lines[:-2]) + (lines[-2][:-1], (moved, *last))


def _px(u: Unit, size: int, trim: bool) -> float:
    """Unit width in px; pieces are summed so scaled (code) pieces round like drawing."""
    if not u.scaled:
        return (u.trim if trim else u.full) * size
    total = 0.0
    limit = u.trim if trim else u.full
    acc = 0.0
    for p in u.pieces:
        if trim and acc + 1e-9 >= limit:
            break
        acc += p.em
        total += p.em / p.scale * drawn_size(size, p.scale)
    return total


def line_metrics(chain: tuple[FontFace, ...], size: int, line_height: float
                 ) -> tuple[float, float]:
    """(line advance, baseline offset from the line top) from the primary font's metrics."""
    ascent, descent = load_font(chain[0], size).getmetrics()
    advance = line_height * size
    return advance, (advance - (ascent + descent)) / 2 + ascent


def _ellipsis_piece(para: Paragraph, last: Piece | None, language: str | None) -> Piece:
    level = 1 if para.direction == "rtl" else 0
    if last is not None and not last.face.bitmap and covers(last.face, ELLIPSIS):
        face, scale = last.face, last.scale
    else:
        face, scale = para.chain[resolve_cluster(para.chain, ELLIPSIS)[0]], 1.0
    return Piece(-1, -1, face, level, scale,
                 em_width(face, ELLIPSIS, _dir(level), language) * scale)


def with_ellipsis(para: Paragraph, src: Source, units: tuple[Unit, ...], size: int,
                  width: float, language: str | None) -> tuple[tuple[Unit, ...], Piece]:
    """Drop units (then clusters) from the line end until it and '…' fit."""
    avail = width - para.indent * size
    last_piece = units[-1].pieces[-1] if units and units[-1].pieces else None
    ell = _ellipsis_piece(para, last_piece, language)
    ell_px = ell.em / ell.scale * drawn_size(size, ell.scale)
    kept = list(units)

    def line_w(us: list[Unit]) -> float:
        return sum(_px(u, size, trim=False) for u in us[:-1]) + (
            _px(us[-1], size, trim=True) if us else 0.0)

    while kept and line_w(kept) + ell_px > avail:
        if len(kept) == 1 and kept[0].splittable:
            parts = _split(para, src, replace(kept[0], hard_break=False, splittable=1),
                           language)
            if len(parts) > 1:
                kept = parts[:-1]
                continue
        kept.pop()
    return tuple(kept), ell


def assemble(para: Paragraph, units: tuple[Unit, ...], size: int, baseline: float,
             language: str | None, ellipsis: Piece | None = None, first: bool = False) -> Line:
    """Shape the line's runs once more, order them visually and position them."""
    pieces = [p for u in units for p in u.pieces]
    # Trailing whitespace of the line is not drawn (and must not push RTL text left).
    while pieces and para.text[pieces[-1].start:pieces[-1].end].isspace():
        pieces.pop()
    merged: list[tuple[int, int, FontFace, int, float]] = []
    for p in pieces:
        if merged and merged[-1][1] == p.start and merged[-1][2:] == (p.face, p.level, p.scale):
            merged[-1] = (merged[-1][0], p.end, p.face, p.level, p.scale)
        else:
            merged.append((p.start, p.end, p.face, p.level, p.scale))
    runs: list[tuple[str, FontFace, int, float]] = [
        (_CONTROLS.sub("", para.text[a:b]), face, lv, sc) for a, b, face, lv, sc in merged]
    runs = [r for r in runs if r[0]]
    logical = "".join(r[0] for r in runs)
    if ellipsis is None and units and units[-1].hyphen and pieces:
        hy = _hyphen_piece(para, pieces[-1], language)
        runs.append((HYPHEN, hy.face, hy.level, hy.scale))
        logical += HYPHEN
    if ellipsis is not None:
        runs.append((ELLIPSIS, ellipsis.face, ellipsis.level, ellipsis.scale))
        logical += ELLIPSIS
    ordered = visual_order(runs, [r[2] for r in runs])
    placed: list[GlyphRun] = []
    x = 0.0
    for text, face, lv, sc in ordered:
        px = drawn_size(size, sc)
        w = em_width(face, text, _dir(lv), language) * px
        placed.append(GlyphRun(text, face, px, x, w, _dir(lv)))
        x += w
    content = x
    indent = para.indent * size
    rtl = para.direction == "rtl"
    marker_runs: list[GlyphRun] = []
    if first and para.marker:
        mw = sum(p.em for p in para.marker) * size
        mx = content + indent - para.nest * size - mw if rtl else para.nest * size
        for p in para.marker:
            w = p.em * size
            marker_runs.append(GlyphRun(para.marker_text[p.start:p.end], p.face, size, mx, w,
                                        _dir(p.level)))
            mx += w
        logical = f"{para.marker_text} {logical}"
    if not rtl:
        placed = [GlyphRun(r.text, r.face, r.size, r.x + indent, r.width, r.direction)
                  for r in placed]
    return Line(tuple(marker_runs + placed), content + indent, baseline, para.direction, logical)
