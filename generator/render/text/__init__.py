"""The text engine: fonts, fallback, line breaking, bidi, fitting and drawing.

Renderers describe text as ``model.Block`` / ``model.Span`` with a ``model.TextStyle``,
call ``fit.fit_text`` for a ``model.TextLayout`` (size chosen, lines positioned,
truncation and missing glyphs reported) and ``draw.draw_text`` to put it on an image.
Modules, in pipeline order: ``fonts`` (find files, fallback chains), ``coverage``
(cmap coverage, Debian packages), ``runs`` (font per grapheme cluster), ``breaking``
(UAX #14 + Thai + emergencies), ``bidi`` (levels, visual order), ``layout`` (measure,
wrap, position), ``fit`` (size search, ellipsis), ``draw`` (pixels).

Import from the modules themselves: this package re-exports nothing, so a command that
needs only ``fonts`` (``validate`` asks whether a family is installed) does not load the
line breaker, the bidi code and the drawing path (26 ms of its 0.3 s).
"""
