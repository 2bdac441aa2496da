"""Slides as one PDF (LinkedIn document posts): each slide a page, with its words as text.

LinkedIn shows a document post as swipeable pages, so the pages are the slide
images themselves (what the designer sees is what the reader sees). Under each
image the slide's words are laid as invisible text at the place they are drawn,
so the PDF is searchable, selectable and readable by screen readers, in any
script (WeasyPrint shapes it with Pango). WeasyPrint rather than Pillow's PDF
writer because Pillow writes images only; rather than a hand-made PDF because
WeasyPrint already embeds subset fonts, metadata and the language.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Iterable
from typing import Any

from generator.errors import SelfserveError
from generator.i18n.words import words
from generator.plan.jobs import RenderContext, RenderJob, job_config
from generator.render.lint import lint_card
from generator.render.result import RenderedFile, RenderResult

#: Slides go in as JPEG: a photo-quality page at a tenth of a PNG's size.
JPEG_QUALITY = 90


def _page(image: bytes, texts: list[tuple[tuple[int, int, int, int], int, str]]) -> str:
    src = "data:image/jpeg;base64," + base64.b64encode(image).decode("ascii")
    spans = "".join(
        f'<div class="t" dir="auto" style="left:{l}px;top:{t}px;'
        f'font-size:{size}px">{html.escape(text)}</div>'
        for (l, t, _r, _b), size, text in texts)
    return f'<section class="page"><img src="{src}" alt="">{spans}</section>'


def slides_pdf(job: RenderJob, ctx: RenderContext,
               drawn: Iterable[tuple[Any, dict[str, Any], Any]]) -> RenderResult:
    """``drawn`` yields ``(slide, item, CardRender)`` from the carousel kind.

    Each slide is encoded as its JPEG page and its canvas let go before the next one is
    drawn: the document holds a few hundred kB of JPEG per page, never every slide's RGBA
    pixels at once (issue 25: a document of a dozen slides held them all)."""

    try:
        # WeasyPrint (0.4 s to import) loads when a PDF is drawn, not for every command.
        from generator.render.pdfengine import weasyprint
    except ImportError as exc:  # a missing Pango (OSError) is reported by the CLI for every kind
        raise SelfserveError(f"document PDFs need WeasyPrint ({exc}); install it with "
                             "'sh .ci/install' or 'pip install weasyprint'") from None
    HTML, URLFetcher = weasyprint.HTML, weasyprint.urls.URLFetcher


    preset = ctx.presets[job.platform]
    issue = job.payload.issue
    w, h = preset.width, preset.height
    pages = []
    findings = []
    for _slide, _item, card in drawn:
        buf = io.BytesIO()
        card.image.convert("RGB").save(buf, "JPEG", quality=JPEG_QUALITY, subsampling=0)
        texts = [(t.ink, t.size, "\n".join(t.texts)) for t in card.texts if t.texts]
        pages.append(_page(buf.getvalue(), texts))
        findings += lint_card(card, preset, job)
        del card, buf  # before the generator draws the next slide
    lang = html.escape(job.locale or job_config(job, ctx).locale)
    doc = f"""<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">
<title>{html.escape(issue.title)}</title>
<meta name="author" content="{html.escape(job_config(job, ctx).brand.name)}">
<meta name="description" content="{html.escape(issue.summary)}">
<style>
@page {{ size: {w}px {h}px; margin: 0 }}
html, body {{ margin: 0; padding: 0 }}
.page {{ position: relative; width: {w}px; height: {h}px; overflow: hidden; break-after: page }}
.page:last-child {{ break-after: auto }}
.page img {{ position: absolute; left: 0; top: 0; width: {w}px; height: {h}px }}
.t {{ position: absolute; color: rgba(0, 0, 0, 0); white-space: pre; line-height: 1.2;
      font-family: "{html.escape(job_config(job, ctx).brand.fonts.body)}", "Noto Sans", "Noto Sans CJK JP",
      "Noto Sans Arabic", "Noto Sans Hebrew", sans-serif }}
</style></head><body>{''.join(pages)}</body></html>"""
    # Every page is self-contained (data: URLs); nothing else may be fetched.
    fetcher = URLFetcher(allowed_protocols={"data"})
    data = HTML(string=doc, url_fetcher=fetcher).write_pdf(pdf_identifier=job.key[:32].encode())
    if len(data) > preset.max_bytes:
        raise SelfserveError(f"{job.out}: {len(data):,} bytes is over {preset.label}'s "
                             f"{preset.max_bytes:,}-byte limit")
    warnings = tuple(str(f) for f in findings if f.code in ("truncated", "missing-glyphs"))
    file = RenderedFile(job.out, data, w, h, "pdf", meta={
        "alt": words(job.locale or job_config(job, ctx).locale)["alt_document"].format(
            title=issue.title, pages=len(pages)) + f" {issue.summary}",
        "title": issue.title, "pages": len(pages), "status": issue.status})
    return RenderResult(job, (file,), tuple(findings), warnings)
