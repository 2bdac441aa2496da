"""What a guide says, as plain data for its template: no HTML layout decisions here.

In: the loaded :class:`~generator.load.model.Project` and one
:class:`~generator.load.model.Guide`. Out: a :class:`GuideView` (cover, FAQ
categories with rendered answers, troubleshooting entries, charts, contact rows) and
the located warnings met on the way (refused images and links).

Which FAQs: every FAQ when the guide names no categories or tags, else those whose
category or one of whose tags is named; with a guide ``locale``, only FAQs in that
language. Which issues: ``all`` or the listed ids, in the order of issues.yaml.
The date on the cover is the content's (the guide's ``date``, else the newest issue
``since``), never the build's, so rebuilding yields the same bytes.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from markupsafe import Markup

from generator.i18n.locales import language
from generator.load.hours import changed_text, duration_text, hours_text, zone_text
from generator.load.model import FAQ, Guide, Project, RecurringIssue
from generator.paths import OutsideProject
from generator.render.guide.markup import image_src, render_answer, render_inline
from generator.render.guide.words import guide_words
from generator.render.text.bidi import base_direction


@dataclass(frozen=True)
class FaqView:
    id: str
    anchor: str
    question: str
    answer: Markup
    lang: str
    dir: str
    link: str | None
    qr: str | None  # data: URL of the QR code for ``link``
    steps: tuple[Markup, ...]
    keep: bool  # short enough to keep on one page
    font: str | None  # CJK region ("ja", "ko", "zh-sc", "zh-tc"): the same code points differ


@dataclass(frozen=True)
class CategoryView:
    name: str
    anchor: str
    faqs: tuple[FaqView, ...]


@dataclass(frozen=True)
class StepView:
    text: Markup
    image: str | None  # file: URL inside the project


@dataclass(frozen=True)
class IssueView:
    id: str
    anchor: str
    title: str
    summary: str
    status: str
    status_text: str
    since: str | None
    reported: str | None
    steps: tuple[StepView, ...]
    link: str | None
    qr: str | None
    keep: bool  # few enough steps to keep on one page


@dataclass(frozen=True)
class ChartView:
    title: str
    alt: str
    svg: str  # data: URL


@dataclass(frozen=True)
class ChannelView:
    name: str
    address: str | None
    href: str | None
    hours: str
    reply: str | None


@dataclass(frozen=True)
class GuideView:
    name: str
    title: str
    lang: str
    dir: str
    date: str | None  # ISO date of the content
    date_text: str | None  # the same, in the locale's words
    brand: str
    tagline: str | None
    website: str | None
    website_href: str | None
    website_qr: str | None
    logo: str | None  # file: URL
    categories: tuple[CategoryView, ...]
    issues: tuple[IssueView, ...]
    charts: tuple[ChartView, ...]
    stats_period: str | None
    channels: tuple[ChannelView, ...]
    hours: str
    zone: str
    changed_hours: tuple[str, ...]
    words: dict[str, str]
    faq_count: int
    warnings: tuple[str, ...] = field(default=(), compare=False)


def anchor(prefix: str, ident: str) -> str:
    """An HTML id from any text (category names can hold '&' or Arabic)."""
    slug = re.sub(r"[^a-z0-9]+", "-", ident.lower()).strip("-")
    if not slug or slug != ident.lower().replace(" ", "-"):
        slug = (slug[:40] + "-" if slug else "") + hashlib.sha1(ident.encode()).hexdigest()[:6]
    return f"{prefix}-{slug}"


def select_faqs(project: Project, guide: Guide) -> list[FAQ]:
    cats, tags = set(guide.categories), set(guide.tags)
    out = []
    for faq in project.faqs:
        # category_key: the default locale's name, which guides: lists in every locale.
        category = faq.category_key or faq.category
        if (cats or tags) and category not in cats and not tags.intersection(faq.tags):
            continue
        if guide.locale and language(faq.locale or project.config.locale) != language(guide.locale):
            continue
        out.append(faq)
    return out


def select_issues(project: Project, guide: Guide) -> list[RecurringIssue]:
    if isinstance(guide.issues, str):
        return list(project.issues)
    wanted = set(guide.issues)
    return [i for i in project.issues if i.id in wanted]


def content_date(guide: Guide, issues: list[RecurringIssue]) -> str | None:
    if guide.date:
        return guide.date
    dates = [i.since for i in issues if i.since]
    return max(dates) if dates else None


@lru_cache(maxsize=512)
def qr_data_url(link: str, dark: str) -> str:
    """A QR code of ``link`` as a PNG data URL, one pixel per module (segno: a maintained
    QR library). The stylesheet scales it with ``image-rendering: pixelated``, so it
    prints crisp at any size; an SVG path per code cost WeasyPrint ten times as much
    to draw as the whole FAQ around it."""
    import base64
    import io

    import segno

    qr = segno.make(link, error="m", micro=False)
    buf = io.BytesIO()
    qr.save(buf, kind="png", scale=1, border=0, dark=dark, light="#FFFFFF")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


def _cjk_class(lang: str) -> str | None:
    """A class instead of ``:lang()`` selectors, which WeasyPrint tests on every element."""
    parts = lang.casefold().split("-")
    if parts[0] in ("ja", "ko"):
        return parts[0]
    if parts[0] == "zh":
        return "zh-tc" if {"hant", "tw", "hk", "mo"} & set(parts[1:]) else "zh-sc"
    return None


def _channel_href(address: str | None) -> str | None:
    if not address:
        return None
    a = address.strip()
    if re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", a):
        return f"mailto:{a}"
    if re.fullmatch(r"\+?[0-9 ()-]{6,}", a):
        return "tel:" + re.sub(r"[^0-9+]", "", a)
    if a.startswith(("http://", "https://")):
        return a
    if re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+(/\S*)?", a, re.IGNORECASE):
        return "https://" + a
    return None


def build_view(project: Project, guide: Guide, *, with_charts: bool = True) -> GuideView:
    cfg = project.config
    root = project.root
    locale = guide.locale or cfg.locale
    lang = locale.replace("_", "-")
    loc = locale.replace("-", "_")
    w = guide_words(locale, root)
    warnings: list[str] = []
    dark = cfg.brand.colors.text

    faqs = select_faqs(project, guide)
    by_cat: dict[str, list[FaqView]] = {}
    for faq in faqs:
        where = f"{faq.source}: {faq.source.path}.answer"
        base = faq.base_url or cfg.brand.website or None
        html, warns = render_answer(faq.answer, root, where, base)
        question, qwarns = render_inline(faq.question, root,
                                         f"{faq.source}: {faq.source.path}.question", base)
        warns = qwarns + warns
        warnings += warns
        steps = []
        for j, step_text in enumerate(faq.steps):
            step_html, warns = render_inline(step_text, root, f"{faq.source}: {faq.source.path}.steps[{j}]")
            steps.append(step_html)
            warnings += warns
        flang = (faq.locale or cfg.locale).replace("_", "-")
        link = faq.link if faq.link and faq.link.startswith(("http://", "https://")) else None
        if faq.link and not link:
            warnings.append(f"{faq.source}: {faq.source.path}.link: '{faq.link}' is not an http(s) "
                            "address; no link or QR code in the guide")
        by_cat.setdefault(faq.category, []).append(FaqView(
            id=faq.id, anchor=anchor("faq", faq.id), question=question, answer=html,
            lang=flang, dir=base_direction(faq.question, flang), link=link,
            qr=qr_data_url(link, dark) if link else None, steps=tuple(steps),
            keep=len(faq.answer) + sum(len(s) for s in faq.steps) < 900, font=_cjk_class(flang)))
    categories = tuple(CategoryView(name, anchor("cat", name), tuple(items))
                       for name, items in by_cat.items())

    issues = select_issues(project, guide)
    issue_views = []
    for issue in issues:
        fix_steps: list[StepView] = []
        for j, step in enumerate(issue.steps):
            url = None
            if step.image:
                try:
                    url = image_src(step.image, root)
                except OutsideProject as exc:
                    warnings.append(f"{issue.source}: {issue.source.path}.steps[{j}].image: refused: {exc}")
            text, warns = render_inline(step.text, root, f"{issue.source}: {issue.source.path}.steps[{j}]")
            warnings += warns
            fix_steps.append(StepView(text, url))
        link = issue.link if issue.link and issue.link.startswith(("http://", "https://")) else None
        issue_views.append(IssueView(
            id=issue.id, anchor=anchor("issue", issue.id), title=issue.title, summary=issue.summary,
            status=issue.status, status_text=w.get(f"guide_status_{issue.status}", issue.status),
            since=_date_text(issue.since, loc) if issue.since else None,
            reported=w["guide_reported"].format(count=_number(issue.tickets, loc))
            if issue.show_count and issue.tickets else None,
            steps=tuple(fix_steps), link=link, qr=qr_data_url(link, dark) if link else None,
            keep=len(fix_steps) <= 6 and not any(st.image for st in fix_steps)))

    charts: tuple[ChartView, ...] = ()
    if with_charts and project.stats is not None:
        charts, chart_warnings = stats_chart_views(project, locale)
        warnings += chart_warnings

    contact = cfg.contact
    channels = tuple(ChannelView(
        name=c.name, address=c.address, href=_channel_href(c.address),
        hours=hours_text(c.hours or contact.hours, loc),
        reply=duration_text(c.reply_minutes, loc) if c.reply_minutes is not None else None)
        for c in contact.channels)

    logo = None
    if cfg.brand.logo:
        try:
            logo = image_src(cfg.brand.logo, root)
        except OutsideProject as exc:
            warnings.append(f"{cfg.file}: brand.logo: refused: {exc}")
    date = content_date(guide, issues)
    website = cfg.brand.website
    return GuideView(
        name=guide.name,
        title=guide.title or w["guide_title"].format(brand=_isolate(cfg.brand.name, lang)),
        lang=lang, dir=base_direction("", lang), date=date,
        date_text=_date_text(date, loc, "long") if date else None,
        brand=cfg.brand.name, tagline=cfg.brand.tagline, website=website,
        website_href=_channel_href(website),
        website_qr=qr_data_url(_channel_href(website) or "", dark) if _channel_href(website) else None,
        logo=logo,
        categories=categories, issues=tuple(issue_views), charts=charts,
        stats_period=project.stats.period if charts and project.stats else None,
        channels=channels, hours=hours_text(contact.hours, loc), zone=zone_text(cfg),
        changed_hours=tuple(changed_text(ch, cfg) for ch in contact.changed_hours),
        words=w, faq_count=len(faqs), warnings=tuple(warnings))


def _isolate(name: str, lang: str) -> str:
    """A brand name inside a right-to-left sentence as a bidi isolate (FSI ... PDI) with
    no-break spaces, so "Kettle & Co." keeps its full stop at its end: WeasyPrint lays
    each line out as a paragraph of its own, so a name split over two lines would lose
    the isolate on the second and show ".Co &"."""
    if base_direction("", lang) == "rtl" and base_direction(name) == "ltr":
        return "\u2068" + name.replace(" ", "\u00a0") + "\u2069"
    return name


def _date_text(iso: str, loc: str, fmt: str = "medium") -> str:
    from datetime import date

    from babel.dates import format_date

    try:
        return format_date(date.fromisoformat(iso), format=fmt, locale=loc)
    except ValueError:
        return iso


def _number(n: int, loc: str) -> str:
    from babel.numbers import format_decimal

    try:
        return format_decimal(n, locale=loc)
    except ValueError:
        return str(n)


#: The frame of a stats chart in the guide's half-page panel: 660 px over 73.5 mm puts
#: the smallest label at 7 pt, so a bar chart that would shrink its text to fit its groups
#: is drawn as rows instead (``min_scale``).
CHART_PANEL: dict[str, Any] = {"width": 660, "height": 470, "scale": 1.0, "titles": False, "min_scale": 1.0}


def letterwise(text: str) -> bool:
    """Whether ``text`` reads right when set one letter at a time, as WeasyPrint sets SVG
    text: not when letters join or reorder (Arabic, Hebrew) or combine with marks
    (Devanagari, Thai); the guide's Arabic charts printed their words reversed, unjoined."""
    return not any(unicodedata.bidirectional(ch) in ("R", "AL", "AN")
                   or unicodedata.category(ch) in ("Mn", "Mc") for ch in text)


def stats_chart_views(project: Project, locale: str) -> tuple[tuple[ChartView, ...], list[str]]:
    """The stats charts as SVG, from the charts package when this install has it.

    The charts come from another part of selfserve (``generator.render.charts``); a
    guide without it leaves the stats section out and says so once."""
    import base64

    try:
        from generator.render.charts.draw import Frame, chart_bytes, drawn_alt
        from generator.render.charts.from_stats import stats_charts
        from generator.render.charts.theme import chart_theme
    except ImportError:
        return (), ["guide: no chart renderer in this install; the stats section is left out"]
    cfg = project.config
    try:
        charts, _skipped = stats_charts(project.stats, locale)
        # With the charts' own text, as the chart kind does: only the fallbacks that draw
        # one of its characters are registered and listed (the whole chain, CJK
        # collections included, cost every guide's process 0.3 s before its first chart).
        theme = chart_theme(cfg, "#FFFFFF", locale, text=" ".join(c.text() for c in charts))
        out = []
        frame = Frame(**CHART_PANEL)
        for chart in charts:
            svg = chart_bytes(chart, theme, frame, "svg", svg_text=letterwise(chart.text()))
            out.append(ChartView(chart.title, drawn_alt(chart, theme, frame),
                                 "data:image/svg+xml;base64," + base64.b64encode(svg).decode()))
    except (TypeError, AttributeError, ValueError) as exc:  # the chart API moved on
        return (), [f"guide: stats charts could not be drawn ({exc}); the stats section is left out"]
    return tuple(out), []
