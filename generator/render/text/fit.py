"""Fit rich text into a box: wrap, shrink from ``size_max`` to ``size_min``, then cut.

In: blocks (or a plain string), a style and a box size. Out: a :class:`TextLayout`.
The largest size whose wrapped text fits (height, ``max_lines``, no word broken
inside) is found by binary search over integer sizes; wrapping is arithmetic over
cached em widths (see ``layout``), so each probe costs microseconds. If no size fits
cleanly, words too long for a line (URLs, paths) may break inside; if still nothing
fits at ``size_min``, the last line that fits ends with '…' and ``truncated`` is True
so the lint can say so: text is never dropped silently.
"""

from __future__ import annotations

import dataclasses
import math
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from generator.render.text.fonts import require_raqm
from generator.render.text.layout import (
    Paragraph,
    Source,
    Wrapped,
    assemble,
    line_metrics,
    prepare,
    with_ellipsis,
    wrap,
)
from generator.render.text.model import Block, Line, Span, TextLayout, TextStyle


def _as_blocks(blocks: Sequence[Block] | str) -> tuple[Block, ...]:
    if isinstance(blocks, str):
        return tuple(Block((Span(p),)) for p in blocks.split("\n\n") if p.strip()) \
            or (Block((Span(""),)),)
    # Blocks built with list spans would not hash (the layout cache needs it).
    return tuple(b if isinstance(b.spans, tuple) else Block(tuple(b.spans), b.kind, b.number,
                                                            b.level) for b in blocks)


def fit_text(blocks: Sequence[Block] | str, style: TextStyle, width: int,
             height: int) -> TextLayout:
    """Lay out ``blocks`` at the largest size in [size_min, size_max] that fits the box.

    A plain string is one paragraph per blank-line-separated chunk. Same input, same
    layout (the result is cached and shared). Raises ``SelfserveError`` when the
    style's family is not installed.
    """
    blocks, cut = _within_budget(_as_blocks(blocks), style, int(width), int(height))
    layout = _fit(blocks, style, int(width), int(height))
    if cut and not layout.truncated:
        # Only reachable with text made mostly of zero-width characters: say it was cut.
        layout = dataclasses.replace(layout, truncated=True)
    return layout


#: The narrowest advance of a visible character in ordinary text, in em (a thin space).
#: Rarer, narrower ones (hair spaces) only make the cut below come earlier, and then
#: the layout is still marked truncated.
_MIN_ADVANCE_EM = 0.2
#: Zero-width code points (combining marks, format controls) allowed per visible one.
_MARKS_PER_CHAR = 16


def _within_budget(blocks: tuple[Block, ...], style: TextStyle, width: int, height: int
                   ) -> tuple[tuple[Block, ...], bool]:
    """Drop text that could not be shown even at ``size_min`` before laying it out.

    Layout costs time in proportion to the text (a 1 MB answer took minutes per card);
    a box shows about ``lines x width / (0.2 em)`` characters at most, so anything beyond
    twice that is cut here and the layout ends with '…' and ``truncated`` as before.
    Returns the blocks to lay out and whether anything was dropped.
    """
    size = max(1, min(style.size_min, style.size_max))
    lines = height // max(1, math.floor(size * style.line_height)) + 1
    if style.max_lines is not None:
        lines = min(lines, style.max_lines + 1)
    budget = 2 * lines * (width // max(1, math.floor(size * _MIN_ADVANCE_EM)) + 1)
    raw_budget = budget * _MARKS_PER_CHAR
    if sum(len(sp.text) for b in blocks for sp in b.spans) <= budget and len(blocks) <= lines:
        return blocks, False
    out: list[Block] = []
    visible = raw = 0
    for block in blocks[:lines]:
        spans: list[Span] = []
        for sp in block.spans:
            keep = len(sp.text)
            for i, ch in enumerate(sp.text):
                raw += 1
                if unicodedata.category(ch) not in ("Mn", "Me", "Cf"):
                    visible += 1
                if visible > budget or raw > raw_budget:
                    keep = i
                    break
            if keep:
                spans.append(dataclasses.replace(sp, text=sp.text[:keep]))
            if keep < len(sp.text):
                break
        if spans:
            out.append(Block(tuple(spans), block.kind, block.number, block.level))
        if visible > budget or raw > raw_budget:
            break
    return tuple(out) or blocks[:1], True


@lru_cache(maxsize=512)
def _fit(blocks: tuple[Block, ...], style: TextStyle, width: int, height: int) -> TextLayout:
    require_raqm()
    paras, missing, sources = prepare(blocks, style)
    # Lines are filled with per-word widths; shaping a whole line can come out a pixel
    # or two wider (kerning between CJK kana, say). Re-fit narrower until it fits.
    wrap_width: float = width
    for _ in range(4):
        layout = _fit_at(paras, sources, missing, style, width, wrap_width, height)
        excess = max((ln.width for ln in layout.lines), default=0.0) - width
        if excess <= 0.5:
            break
        wrap_width -= math.ceil(excess) + 1
    return layout


def _fit_at(paras: tuple[Paragraph, ...], sources: tuple[Source, ...], missing: frozenset[str],
            style: TextStyle, width: int, wrap_width: float, height: int) -> TextLayout:
    lo, hi = sorted((max(1, style.size_min), max(1, style.size_max)))
    for allow_emergency in (False, True):
        best = _search(paras, sources, style, wrap_width, height, lo, hi, allow_emergency)
        if best is not None:
            size, wrapped = best
            return _build(paras, sources, style, size, width, height, wrapped, missing, False,
                          wrap_width)
    wrapped = [wrap(p, s, lo, wrap_width, style.locale, True) for p, s in zip(paras, sources)]
    return _build(paras, sources, style, lo, width, height, wrapped, missing, True, wrap_width)


def _search(paras: tuple[Paragraph, ...], sources: tuple[Source, ...], style: TextStyle,
            width: float, height: int, lo: int, hi: int, allow_emergency: bool
            ) -> tuple[int, list[Wrapped]] | None:
    """Largest size that fits, by binary search (fitting is monotone in practice)."""
    def attempt(size: int) -> list[Wrapped] | None:
        wrapped = [wrap(p, s, size, width, style.locale, allow_emergency)
                   for p, s in zip(paras, sources)]
        if any(w.overflow or (w.emergency and not allow_emergency) for w in wrapped):
            return None
        count = sum(len(w.lines) for w in wrapped)
        if style.max_lines is not None and count > style.max_lines:
            return None
        if _height(style, size, count, len(paras)) + _overhang(paras, style, size) \
                + _rise(paras, style, size) > height:
            return None
        return wrapped

    top = attempt(hi)
    if top is not None:
        return hi, top
    found = attempt(lo)
    if found is None:
        return None
    best = lo
    a, b = lo + 1, hi - 1
    while a <= b:
        mid = (a + b) // 2
        got = attempt(mid)
        if got is not None:
            best, found, a = mid, got, mid + 1
        else:
            b = mid - 1
    return best, found


def _overhang(paras: tuple[Paragraph, ...], style: TextStyle, size: int) -> int:
    """Pixels the last paragraph's ink reaches below its line box (deep marks)."""
    advance, base_off = line_metrics(paras[-1].chain, size, style.line_height)
    return max(0, math.ceil(paras[-1].ink_below * size - (advance - base_off)))


def _rise(paras: tuple[Paragraph, ...], style: TextStyle, size: int) -> int:
    """Pixels the first paragraph's ink rises above its line box (stacked marks)."""
    _advance, base_off = line_metrics(paras[0].chain, size, style.line_height)
    raw = paras[0].ink_above * size - base_off
    # Measured at a reference size: hinted glyphs at small sizes are rounded outwards
    # (stacked Thai marks at 28 px reach 1.11 em, at 256 px 1.02 em), and the baseline is
    # rounded too, so leave two pixels and a twentieth of an em more.
    margin = 2 + 0.05 * size
    return math.ceil(raw + margin) if raw > -margin else 0


def _height(style: TextStyle, size: int, lines: int, paras: int) -> int:
    total = lines * style.line_height * size + max(0, paras - 1) * style.paragraph_gap * size
    return math.ceil(total - 1e-6)


def _build(paras: tuple[Paragraph, ...], sources: tuple[Source, ...], style: TextStyle,
           size: int, width: int, height: int, wrapped: list[Wrapped],
           missing: frozenset[str], cut: bool, fill: float) -> TextLayout:
    """Position the lines of the chosen size; with ``cut``, stop at the box and add '…'."""
    advance, base_off = line_metrics(paras[0].chain, size, style.line_height)
    gap = style.paragraph_gap * size
    flat: list[tuple[int, int, float]] = []  # (paragraph, line in paragraph, top)
    rise = _rise(paras, style, size)
    top = float(rise)
    for pi, wr in enumerate(wrapped):
        if pi:
            top += gap
        for li in range(len(wr.lines)):
            flat.append((pi, li, top))
            top += advance
    keep = len(flat)
    if cut:
        limit = style.max_lines if style.max_lines is not None else len(flat)
        keep = 0
        for _, _, t in flat:
            if keep >= limit or math.ceil(t + advance - 1e-6) > height:
                break
            keep += 1
    truncated = cut and keep < len(flat)
    lines: list[Line] = []
    for k, (pi, li, t) in enumerate(flat[:keep]):
        units, ell = wrapped[pi].lines[li], None
        if truncated and k == keep - 1:
            units, ell = with_ellipsis(paras[pi], sources[pi], units, size, fill, style.locale)
        lines.append(assemble(paras[pi], units, size, t + base_off, style.locale, ell, li == 0))
    used = math.ceil(flat[keep - 1][2] + advance - 1e-6) if keep else 0
    if keep and flat[keep - 1][0] == len(paras) - 1:
        used += _overhang(paras, style, size)
    return TextLayout(
        size=size,
        lines=tuple(lines),
        width=min(width, math.ceil(max((ln.width for ln in lines), default=0) - 1e-6)),
        height=min(height, used),
        truncated=truncated,
        missing=missing,
        direction=paras[0].direction,
        texts=tuple(ln.text for ln in lines),
        color=style.color,
        align=style.align,
        language=style.locale,
    )
