"""The text engine: fonts, fallback, line breaking, bidi, fitting and drawing.

Renderers describe text as :class:`Block` / :class:`Span` with a :class:`TextStyle`,
call :func:`fit_text` for a :class:`TextLayout` (size chosen, lines positioned,
truncation and missing glyphs reported) and :func:`draw_text` to put it on an image.
Modules, in pipeline order: ``fonts`` (find files, fallback chains), ``coverage``
(cmap coverage, Debian packages), ``runs`` (font per grapheme cluster), ``breaking``
(UAX #14 + Thai + emergencies), ``bidi`` (levels, visual order), ``layout`` (measure,
wrap, position), ``fit`` (size search, ellipsis), ``draw`` (pixels).
"""

from generator.render.text.coverage import (
    covers,
    face_coverage,
    missing_chars,
    package_for,
    which_font,
)
from generator.render.text.draw import draw_text
from generator.render.text.fit import fit_text
from generator.render.text.fonts import (
    FontFace,
    find_face,
    font_chain,
    font_for,
    has_family,
    missing_font_error,
)
from generator.render.text.model import Block, GlyphRun, Line, Span, TextLayout, TextStyle

coverage = missing_chars  # the brief's name: characters no chain font covers

__all__ = [
    "Block",
    "FontFace",
    "GlyphRun",
    "Line",
    "Span",
    "TextLayout",
    "TextStyle",
    "coverage",
    "covers",
    "draw_text",
    "face_coverage",
    "find_face",
    "fit_text",
    "font_chain",
    "font_for",
    "has_family",
    "missing_chars",
    "missing_font_error",
    "package_for",
    "which_font",
]
