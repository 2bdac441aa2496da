"""Plain data crossing the text engine's boundary: rich text in, positioned lines out.

Callers build :class:`Block` / :class:`Span` (from Markdown) and a :class:`TextStyle`
(from a design), call ``fit_text`` and get a :class:`TextLayout` they can measure,
lint and later hand to ``draw_text``. Everything is frozen and hashable so layouts
can be cached and shared between the measuring and drawing passes of a card.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.render.text.fonts import FontFace


@dataclass(frozen=True)
class Span:
    """A run of rich text with one set of inline attributes (from Markdown)."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False  # drawn in a monospace family, slightly smaller
    link: str | None = None  # drawn as text


@dataclass(frozen=True)
class Block:
    """One paragraph or list item; ``level`` indents nested list items."""

    spans: tuple[Span, ...]
    kind: str = "para"  # "para" | "bullet" | "number"
    number: int | None = None  # for kind "number"
    level: int = 0


@dataclass(frozen=True)
class TextStyle:
    """Typography of one text layer; the fallback chain is appended to ``family``."""

    family: str = "Noto Sans"
    weight: int = 400
    size_max: int = 64
    size_min: int = 28
    color: tuple[int, int, int, int] = (0, 0, 0, 255)
    line_height: float = 1.25
    align: str = "start"  # "start" (left in LTR, right in RTL), "center", "end"
    max_lines: int | None = None
    locale: str | None = None  # BCP 47: picks the CJK variant and raqm's language
    paragraph_gap: float = 0.5  # em between blocks
    #: Phrases never broken across lines (the brand name, "Kettle & Co.").
    keep: tuple[str, ...] = ()


@dataclass(frozen=True)
class GlyphRun:
    """Text drawn with one font in one direction, positioned on its line.

    ``text`` is in logical order; raqm shapes and reorders it with ``direction``.
    ``x`` is the left edge of the run's advance box from the line's left edge, so
    runs of a line are stored left to right in visual order.
    """

    text: str
    face: FontFace
    size: int
    x: float
    width: float
    direction: str  # "ltr" | "rtl"


@dataclass(frozen=True)
class Line:
    """One visual line: runs left to right, its width and its baseline from the box top."""

    runs: tuple[GlyphRun, ...]
    width: float  # advance width including any list indent and marker
    baseline: float
    direction: str  # of the paragraph the line belongs to; decides "start"/"end"
    text: str  # logical order, as drawn (marker and ellipsis included)


@dataclass(frozen=True)
class TextLayout:
    """The result of ``fit_text``: everything ``draw_text`` needs, plus what lint reports."""

    size: int
    lines: tuple[Line, ...]
    width: int
    height: int
    truncated: bool
    missing: frozenset[str]
    direction: str
    texts: tuple[str, ...]
    color: tuple[int, int, int, int] = (0, 0, 0, 255)
    align: str = "start"
    language: str | None = None
