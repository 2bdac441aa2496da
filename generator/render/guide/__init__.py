"""PDF self-service guides: content -> HTML (Jinja2) -> PDF (WeasyPrint).

Modules in pipeline order: ``view`` (project + guide -> what the guide says, with
answers rendered by ``markup``), ``templates`` (built-in or project templates),
``fetch`` (the only way WeasyPrint reaches files: inside the project), and this
module's :func:`render_guide`, which lays the pages out and writes the PDF in memory (in a
child process, :mod:`.isolate`, so the layout's memory is returned when it is done).

Deterministic bytes: the PDF's dates are the content's date (or absent), its file
identifier comes from the job key, and nothing reads the clock.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from generator.errors import SelfserveError
from generator.load.model import Guide, Project
from generator.render.card import use_brand_fonts
from generator.render.color import contrast, parse_color, to_hex
from generator.render.guide.isolate import isolated
from generator.render.guide.templates import BUILTIN, css_font_list, css_string, render_template
from generator.render.guide.view import build_view
from generator.render.text.fonts import FALLBACK_FAMILIES, MONO_FAMILIES, cjk_family, project_faces

#: Page sizes in PDF points (width, height) and CSS.
PAGE_SIZES = {"A4": ((595, 842), "A4", "297mm"), "Letter": ((612, 792), "letter", "11in")}


@dataclass(frozen=True)
class GuidePDF:
    data: bytes
    pages: int
    title: str
    alt: str  # one sentence saying what the guide holds (manifest, captions)
    width: int  # points
    height: int
    warnings: tuple[str, ...]
    timings: dict[str, float]


def _colors(project: Project) -> dict[str, str]:
    """The brand colours and the tints the stylesheet uses, each readable on its ground."""

    c = project.config.brand.colors

    def mix(a: str, b: str, t: float) -> str:
        pa, pb = parse_color(a), parse_color(b)
        return to_hex(tuple(round(pa[i] + (pb[i] - pa[i]) * t) for i in range(3)))

    def readable(color: str, ground: str, need: float = 4.5) -> str:
        dark = "#000000" if contrast(parse_color(ground), (0, 0, 0)) > contrast(parse_color(ground),
                                                                             (255, 255, 255)) else "#FFFFFF"
        for k in range(21):
            cand = mix(color, dark, k / 20)
            if contrast(parse_color(cand), parse_color(ground)) >= need:
                return cand
        return dark

    white = "#FFFFFF"
    primary = readable(c.primary, white, 4.5)
    return {
        "primary": primary, "accent": c.accent, "background": c.background,
        "text": readable(c.text, white, 7.0), "heading": readable(c.text, white, 7.0),
        "text_soft": readable(mix(c.text, white, 0.25), white, 4.5),
        "muted": readable(c.muted or mix(c.text, white, 0.45), white, 4.5),
        "rule": mix(c.primary, white, 0.78), "link": primary,
        "on_primary": readable(c.accent, c.primary, 3.0),
        "on_primary_soft": readable(mix(white, c.primary, 0.2), c.primary, 4.5),
        "on_primary_rule": mix(white, c.primary, 0.55),
        "cover_circle": mix(c.primary, white, 0.07),
        "investigating": readable("#B4540A", white, 4.5), "workaround": readable("#1F6FB2", white, 4.5),
        "fixed": readable("#2E7D32", white, 4.5),
    }


def _font_lists(project: Project, locale: str) -> dict[str, str]:
    fonts = project.config.brand.fonts

    # The card chain, with symbols before CJK (arrows from Noto Sans Math rather than
    # from a CJK font) and without Noto Color Emoji: Pango hands it the digits (they
    # are emoji "keycap bases"), which then print as bitmaps and take seconds to
    # encode. fontconfig's own fallback still finds it for real emoji.
    symbols = ("Noto Sans Math", "Noto Sans Symbols", "Noto Sans Symbols2")
    rest = [f for f in FALLBACK_FAMILIES if f not in symbols and f != "Noto Color Emoji"]

    def chain(first: str, cjk: str) -> str:
        fams = [first]
        for f in rest:
            if f == "CJK":
                fams += [*symbols, cjk]
            else:
                fams.append(f)
        return css_font_list(tuple(dict.fromkeys(fams)))

    cjk = cjk_family(locale)
    return {
        "body_fonts": chain(fonts.body, cjk), "heading_fonts": chain(fonts.heading, cjk),
        "mono_fonts": css_font_list(MONO_FAMILIES),
        "fonts_ja": chain(fonts.body, "Noto Sans CJK JP"), "fonts_ko": chain(fonts.body, "Noto Sans CJK KR"),
        "fonts_zh_sc": chain(fonts.body, "Noto Sans CJK SC"),
        "fonts_zh_tc": chain(fonts.body, "Noto Sans CJK TC"),
    }


def _project_font_faces(project) -> str:  # noqa: ANN001 - Project
    """``@font-face`` rules for the project's font files (``brand.fonts.files``), so a
    guide sets the brand family from the same files as the cards (fetched through the
    confined fetcher: only files inside the project)."""

    use_brand_fonts(project.config, project.root)
    rules = []
    spelled = {f.casefold(): f for f in (project.config.brand.fonts.heading,
                                          project.config.brand.fonts.body)}
    for face in project_faces():
        family = face.names[0] if face.names else ""
        family = spelled.get(family, family)
        uri = Path(face.path).as_uri()
        style = "italic" if face.italic else "normal"
        rules.append(f'@font-face {{ font-family: "{family}"; src: url("{uri}"); '
                     f"font-weight: {face.weight}; font-style: {style}; }}\n")
    return "".join(rules)


class _Collect(logging.Handler):
    """WeasyPrint's warnings about our HTML/CSS (a bad property in a project's CSS,
    a refused image) become build warnings instead of stray stderr lines."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def warm_up() -> None:
    """Import what every guide needs before it lays out a page: WeasyPrint with its Pango
    bindings (0.4 s) and matplotlib with its font list, for the stats charts (0.6 s).

    Run by the build in the process that will render the guides, before their jobs
    arrive; each guide's child (:mod:`.isolate`) then inherits the modules instead of
    importing them again and throwing them away when it exits."""
    try:
        from generator.render.guide.fetch import ConfinedFetcher  # noqa: F401 - imports WeasyPrint
        from weasyprint.text.fonts import FontConfiguration  # noqa: F401
    except (ImportError, OSError):  # no WeasyPrint or no Pango: the guide's job says so
        return
    try:
        from matplotlib import font_manager  # noqa: F401 - reads matplotlib's font list
        from matplotlib.backends import backend_svg  # noqa: F401
        from matplotlib.figure import Figure  # noqa: F401

        from generator.render.charts import draw, from_stats, theme  # noqa: F401
    except ImportError:  # no charts in this install: the guide says so itself
        return


def render_guide(project: Project, guide: Guide, identifier: str, *,
                 with_charts: bool = True) -> GuidePDF:
    """The guide as PDF bytes, its page count and the warnings met (located where known).

    Laid out in a child process (:mod:`.isolate`): the whole document's boxes would
    otherwise stay in the build worker's memory after the guide is written."""
    return isolated(_render_guide, project, guide, identifier, with_charts=with_charts)


def _render_guide(project: Project, guide: Guide, identifier: str, *,
                  with_charts: bool = True) -> GuidePDF:
    import time

    try:
        # WeasyPrint (0.4 s to import) loads when a PDF is drawn, not for every command.
        from generator.render.guide.fetch import ConfinedFetcher
        from generator.render.pdfengine import weasyprint
    except ImportError as exc:  # a missing Pango (OSError) is reported by the CLI for every kind

        raise SelfserveError(f"guides need WeasyPrint ({exc}); install it with 'sh .ci/install' "
                             "or 'pip install weasyprint'") from None


    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    view = build_view(project, guide, with_charts=with_charts)
    (width, height), css_size, page_height = PAGE_SIZES[guide.page_size]
    root = project.root
    html = render_template(root, "guide.html", {"g": view, "w": view.words}, html=True)
    css = render_template(root, "guide.css", {
        "c": _colors(project), "page_size": css_size, "page_height": page_height,
        "title": css_string(view.title), "brand": css_string(view.brand),
        "scan": css_string(view.words["guide_scan"]),
        "read_online": css_string(view.words["guide_read_online"]),
        **_font_lists(project, guide.locale or project.config.locale)}, html=False)
    timings["html"] = time.perf_counter() - t0

    css = _project_font_faces(project) + css
    fetcher = ConfinedFetcher(root, also=(BUILTIN,))
    collect = _Collect()
    loggers = [logging.getLogger("weasyprint"), logging.getLogger("weasyprint.progress")]
    saved = [(lg, lg.propagate) for lg in loggers]
    for lg in loggers:
        lg.addHandler(collect)
        lg.propagate = False
    try:
        t1 = time.perf_counter()
        from weasyprint.text.fonts import FontConfiguration

        font_config = FontConfiguration()  # loads the project's @font-face files
        doc = weasyprint.HTML(string=html, base_url=Path(root).as_uri() + "/",
                              url_fetcher=fetcher).render(
            stylesheets=[weasyprint.CSS(string=css, url_fetcher=fetcher, font_config=font_config,
                                        base_url=Path(root).as_uri() + "/")],
            font_config=font_config)
        timings["layout"] = time.perf_counter() - t1
        t2 = time.perf_counter()
        data = doc.write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=identifier.encode()[:32],
                             custom_metadata=True)
        timings["write_pdf"] = time.perf_counter() - t2
    finally:
        for lg, prop in saved:
            lg.removeHandler(collect)
            lg.propagate = prop
    where = f"guides/{guide.name}.pdf"
    warnings = list(view.warnings)
    warnings += [f"{where}: {r}" for r in fetcher.refused]
    warnings += [f"{where}: WeasyPrint: {m}" for m in collect.messages
                 if "refused by selfserve" not in m]
    # Built from words the catalogs already translate, so it reads right in every locale.
    w = view.words
    parts = [f"{view.faq_count} {w['guide_inside_answers']}"] if view.faq_count else []
    parts += [f"{len(view.issues)} {w['guide_inside_fixes']}"] if view.issues else []
    parts.append(f"{len(view.channels)} {w['guide_inside_channels']}")
    from babel.lists import format_list

    try:
        listed = format_list(parts, locale=view.lang.replace("-", "_"))
    except (ValueError, LookupError):  # a locale Babel has no list pattern for
        listed = ", ".join(parts)
    alt = f"{view.title} (PDF): {listed}"
    return GuidePDF(data=data or b"", pages=len(doc.pages), title=view.title, alt=alt, width=width,
                    height=height, warnings=tuple(dict.fromkeys(warnings)), timings=timings)
