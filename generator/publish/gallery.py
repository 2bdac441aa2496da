"""``output/index.html``: one static page to look at every asset before it goes live.

In: the manifest entries of a build (any kind), what the previous manifest said of
each path (sha256, caption, alt: for the "changed since the previous build" view)
and ``report.json``'s lint findings. Out: ``index.html`` next to them, written
atomically and only when its bytes change.

The page needs no server and no network: thumbnails by relative path (``thumbs.py``:
about 360 px wide, named by their asset's hash, each a link to its asset), styles and a
small filter script inline. Assets are grouped by kind, then platform, the default
locale's cards first; each card shows the image(s) at their aspect ratio, caption, alt
text, size and findings, and is as tall as its own content (rows do not stretch cards to
the tallest). A project of thousands of posts stays quick: cards off screen are neither
laid out nor painted (``content-visibility: auto``), images load lazily, as they scroll
into view, and only the first cards are in the page itself: the rest load, page by page,
as they are scrolled or filtered to (``gallery_pages.py``). Accessibility: ``lang``,
labelled controls, a live count, visible focus, AA contrast (checked in
tests/browser/test_gallery.py), usable without a mouse, and without JavaScript up to the
first page of cards.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import Any

from jinja2 import Template

from generator.kinds import gallery_rank, kind_label
from generator.load.platforms import PRESETS
from generator.publish.entry import ManifestEntry
from generator.publish.gallery_pages import FIRST_BYTES, PAGE_BYTES, page_path, paginate, stale_pages
from generator.publish.thumbs import SPEC as THUMB_SPEC
from generator.publish.thumbs import Made, thumbnails
from generator.publish.transaction import BuildTransaction, DirectWriter, Writer

TEMPLATE = Path(__file__).resolve().parents[1] / "data" / "templates" / "gallery" / "index.html.j2"
INDEX = "index.html"
IMAGE_FORMATS = ("png", "jpeg", "webp", "gif")


@lru_cache(maxsize=1)
def _template() -> Template:
    from jinja2 import Environment, StrictUndefined

    env = Environment(autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return env.from_string(TEMPLATE.read_text("utf-8"))


def _size(n: int) -> str:
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f} MB"
    return f"{max(1, round(n / 1000))} KB"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def _status(e: ManifestEntry, before: Mapping[str, tuple[Any, Any, Any]]) -> str:
    """'' (unchanged), 'new', 'image' (new bytes) or 'words' (caption or alt text)."""
    if not before:
        return ""
    old = before.get(e.path)
    if old is None:
        return "new"
    if old[0] != e.sha256:
        return "image"
    if (old[1], old[2]) != (e.caption, e.alt):
        return "words"
    return ""


STATUS_LABELS = {"new": "New", "image": "Image changed", "words": "Words changed"}


def _findings(report: Path) -> dict[str, list[dict[str, Any]]]:
    try:
        data = json.loads(report.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    by_path: dict[str, list[dict[str, Any]]] = {}
    for f in data.get("findings", []) if isinstance(data, dict) else []:
        if isinstance(f, dict) and "path" in f:
            by_path.setdefault(str(f["path"]), []).append(f)
    return by_path


def gallery_model(out: Path, entries: list[ManifestEntry],
                  before: Mapping[str, tuple[Any, Any, Any]] | None, title: str,
                  presets: Mapping[str, Any] | None = None, lang: str = "en",
                  report: Path | None = None, thumbs: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Everything the template shows, as plain data (tests read it too). ``report``:
    the build's report.json when it is not yet in ``out`` (staged); ``thumbs``: each image's
    thumbnail (an image without one is shown itself)."""

    presets = presets or PRESETS
    before = before or {}
    thumbs = thumbs or {}
    findings = _findings(report or out / "report.json")
    # One card per post: the slides of a carousel part share a card.
    posts: dict[tuple[str, str, str, str, str], list[ManifestEntry]] = {}
    default = (lang or "en").replace("_", "-")

    def first_default(e: ManifestEntry) -> tuple[bool, str]:
        # The default locale's cards before any other's (their paths sort by locale code).
        loc = (e.locale or default).replace("_", "-")
        return (loc != default, e.path)

    for e in sorted(entries, key=first_default):
        if e.format not in IMAGE_FORMATS + ("pdf", "mp4") or e.companion_of:
            continue  # a video's cover and captions file are shown with the video
        group = str(e.part or "") if e.slide or e.part else e.path
        key = (e.kind, e.platform, str(e.source.id), group, e.locale or "")
        posts.setdefault(key, []).append(e)
    kinds: dict[str, dict[str, list[dict[str, Any]]]] = {}
    changed: list[dict[str, Any]] = []
    for (kind, platform, item, _g, _loc), es in posts.items():
        lead = es[0]
        statuses = [s for s in (_status(e, before) for e in es) if s]
        status = "new" if "new" in statuses else ("image" if "image" in statuses else
                                                  (statuses[0] if statuses else ""))
        found = [f for e in es for f in findings.get(e.path, [])]
        preset = presets.get(platform)
        card = {
            "id": _slug(f"{kind}-{platform}-{lead.path}"),
            "lang": (lead.locale or lang or "en").replace("_", "-"),
            "kind": kind, "platform": platform, "item": item,
            "title": lead.title or item,
            "images": [{"src": thumbs.get(e.path) or f"{e.path}?v={e.sha256[:10]}",
                        "href": f"{e.path}?v={e.sha256[:10]}", "path": e.path, "alt": e.alt or "",
                        "width": e.width or 1, "height": e.height or 1}
                       for e in es if e.format in IMAGE_FORMATS],
            "videos": [{"src": f"{e.path}?v={e.sha256[:10]}", "path": e.path, "poster": e.cover or "",
                        "subtitles": e.subtitles or "", "alt": e.alt or "", "duration": e.duration,
                        "width": e.width or 1, "height": e.height or 1}
                       for e in es if e.format == "mp4"],
            "pdfs": [{"path": e.path, "pages": e.pages, "width": e.width or 1, "height": e.height or 1}
                     for e in es if e.format == "pdf"],
            "size": f"{lead.width}×{lead.height}",
            "format": lead.format.upper(),
            "bytes": _size(sum(e.bytes for e in es)),
            "files": len(es),
            "caption": lead.caption or "",
            "caption_title": lead.caption_title,
            "caption_length": lead.caption_length,
            "caption_limit": getattr(preset, "caption_limit", None),
            "counting": getattr(preset, "caption_counting", "chars"),
            "shortened": lead.caption_shortened,
            "caption_file": lead.caption_file,
            "findings": [{"code": str(f.get("code", "")), "message": str(f.get("message", "")),
                          "layer": str(f.get("layer", ""))} for f in found],
            "status": status, "status_label": STATUS_LABELS.get(status, ""),
            "wide": (lead.width or 1) / max(1, lead.height or 1) > 2.2,
        }
        kinds.setdefault(kind, {}).setdefault(platform, []).append(card)
        if status:
            changed.append(card)
    current = {e.path for e in entries}
    removed = sorted(p for p in before if p not in current and not p.endswith((".txt", ".json")))

    sections: list[dict[str, Any]] = []
    for kind in sorted(kinds, key=gallery_rank):  # the kinds' records say the order and label
        groups: list[dict[str, Any]] = []
        for platform in sorted(kinds[kind]):
            preset = presets.get(platform)
            cards = kinds[kind][platform]
            size = f"{preset.width}×{preset.height}" if preset else cards[0]["size"]
            groups.append({"platform": platform, "label": getattr(preset, "label", platform), "size": size,
                           "cards": cards, "id": _slug(f"{kind}-{platform}")})
        sections.append({"kind": kind, "label": kind_label(kind),
                         "groups": groups, "count": sum(len(g["cards"]) for g in groups),
                         "id": _slug(f"kind-{kind}")})
    platforms: dict[str, int] = {}
    for s in sections:
        for g in s["groups"]:
            platforms[g["platform"]] = platforms.get(g["platform"], 0) + len(g["cards"])
    labels = {p: getattr(presets.get(p), "label", p) for p in platforms}
    total = sum(platforms.values())
    return {
        "title": title, "sections": sections,
        "platforms": [{"name": p, "label": labels[p], "count": n} for p, n in sorted(platforms.items())],
        "kinds": [{"name": s["kind"], "label": s["label"], "count": s["count"]} for s in sections],
        "locales": sorted({c["lang"] for s in sections for g in s["groups"] for c in g["cards"]},
                          key=lambda loc: (loc != default, loc)),
        "total": total, "files": sum(c["files"] for s in sections for g in s["groups"] for c in g["cards"]),
        "findings": sum(len(c["findings"]) for s in sections for g in s["groups"] for c in g["cards"]),
        "changed": changed, "removed": removed, "first_build": not before,
    }


def _img(im: dict[str, Any], lang: str) -> str:
    """The thumbnail, a link to the full-size file (what is posted)."""
    return (f'<a class="full" href="{_e(im["href"])}"><img class="shot" src="{_e(im["src"])}" '
            f'alt="{_e(im["alt"])}" lang="{lang}" width="{im["width"]}" height="{im["height"]}" '
            f'style="aspect-ratio: {im["width"]} / {im["height"]}" loading="lazy" decoding="async"></a>')


def _e(value: Any) -> str:
    return escape(str(value), quote=True)


def card_html(c: dict[str, Any]) -> str:
    """One card's markup. Python, not Jinja: 3,200 cards in ~0.1 s instead of ~1 s, which
    keeps a no-op rebuild under a second. The page around the cards is the template."""
    lang = _e(c["lang"])
    images = c["images"]
    out = [f'<li class="card{" wide" if c["wide"] else ""}" id="{_e(c["id"])}"'
           f' data-platform="{_e(c["platform"])}" data-kind="{_e(c["kind"])}" data-lang="{lang}"'
           + (f' data-status="{c["status"]}"' if c["status"] else "") + '>\n<div class="media">']
    out += _media_html(c, lang)
    videos = c.get("videos", ())
    count = (f" · {videos[0]['duration']:g} s" if videos and videos[0]["duration"] else
             f" · {len(images)} slides" if len(images) > 1
             else f" · {c['files']} files" if c["files"] > 1 else "")
    out.append(f'</div>\n<div class="body">\n<h4 lang="{lang}" dir="auto">{_e(c["title"])}</h4>\n'
               f'<p class="meta"><span>{_e(c["size"])} · {_e(c["format"])} · {_e(c["bytes"])}{count}</span>'
               f'<code>{_e(c["item"])}</code></p>')
    badges = _badges_html(c)
    if badges:
        out.append('<ul class="badges">' + "".join(badges) + "</ul>")
    out += _words_html(c, lang)
    out.append("</div>\n</li>")
    return "\n".join(out)


def _words_html(c: dict[str, Any], lang: str) -> list[str]:
    """The caption (with its count against the limit), alt texts and lint findings."""
    out: list[str] = []
    count_text = ""
    if c["caption_length"] is not None:
        limit = f"/{c['caption_limit']}" if c["caption_limit"] else ""
        rule = f" {c['counting']}" if c["counting"] != "chars" else ""
        count_text = f' <span class="n">{c["caption_length"]}{limit}{rule}</span>'
    out.append(f'<details class="caption">\n<summary>Caption{count_text}</summary>')
    if c["caption_title"]:
        out.append(f'<p class="text"><strong>Title:</strong> <span lang="{lang}" dir="auto">'
                   f'{_e(c["caption_title"])}</span></p>')
    out.append(f'<p class="text" lang="{lang}" dir="auto">{_e(c["caption"])}</p>')
    if c["caption_file"]:
        out.append(f'<p class="meta"><a href="{_e(c["caption_file"])}">{_e(c["caption_file"])}</a></p>')
    out.append('</details>\n<details class="alt">\n<summary>Alt text</summary>')
    images = c["images"]
    for i, im in enumerate(images, 1):
        num = f"{i}. " if len(images) > 1 else ""
        out.append(f'<p class="text" lang="{lang}" dir="auto">{num}{_e(im["alt"])}</p>')
    for v in c.get("videos", ()):
        out.append(f'<p class="text" lang="{lang}" dir="auto">{_e(v["alt"])}</p>')
    out.append("</details>")
    if c["findings"]:
        out.append(f'<details class="lint" open>\n<summary>Lint findings <span class="n">'
                   f'({len(c["findings"])})</span></summary>\n<ul class="findings">')
        for f in c["findings"]:
            layer = f" ({_e(f['layer'])})" if f["layer"] else ""
            out.append(f'<li><strong>{_e(f["code"])}</strong>{layer}: {_e(f["message"])}</li>')
        out.append("</ul>\n</details>")
    return out


def _media_html(c: dict[str, Any], lang: str) -> list[str]:
    """The card's images (a slide strip for a carousel), videos and PDFs."""
    images = c["images"]
    out: list[str] = []
    if len(images) > 1:
        out.append(f'<div class="slides" tabindex="0" role="region" aria-label="{len(images)} slides of '
                   f'{_e(c["title"])}; scroll sideways">')
        out += [f'<div class="slide">{_img(im, lang)}</div>' for im in images]
        out.append("</div>")
    elif images:
        out.append(_img(images[0], lang))
    for v in c.get("videos", ()):
        # preload="none": a page of 100 videos must not download them all; the cover shows.
        track = (f'<track kind="captions" src="{_e(v["subtitles"])}" srclang="{lang}" label="{lang}" default>'
                 if v["subtitles"] else "")
        out.append(f'<video class="shot" controls playsinline preload="none" width="{v["width"]}" '
                   f'height="{v["height"]}" style="aspect-ratio: {v["width"]} / {v["height"]}" '
                   f'poster="{_e(v["poster"])}" aria-label="{_e(v["alt"])}" lang="{lang}">'
                   f'<source src="{_e(v["src"])}" type="video/mp4">{track}'
                   f'<a href="{_e(v["path"])}">Download the video</a></video>')
    for pdf in c["pdfs"]:
        pages = f'<span class="pages">{pdf["pages"]} pages</span>' if pdf["pages"] else ""
        out.append(f'<a class="pdf" href="{_e(pdf["path"])}" style="aspect-ratio: {pdf["width"]} / '
                   f'{pdf["height"]}"><span class="doc" aria-hidden="true">PDF</span>'
                   f'<span class="open">Open the PDF</span>{pages}</a>')
    return out


def _badges_html(c: dict[str, Any]) -> list[str]:
    """Changed, lint findings, caption shortened: what needs a look before posting."""
    badges = []
    if c["status"]:
        badges.append(f'<li class="badge {c["status"]}">{_e(c["status_label"])}</li>')
    if c["findings"]:
        n = len(c["findings"])
        badges.append(f'<li class="badge lint">{n} lint finding{"s" if n > 1 else ""}</li>')
    if c["shortened"]:
        badges.append('<li class="badge cut">Caption shortened</li>')
    return badges


def render_gallery(model: dict[str, Any]) -> tuple[str, list[bytes]]:
    """``index.html`` and the bytes of the later pages (``gallery_pages``), in order."""
    from markupsafe import Markup

    for s in model["sections"]:
        for g in s["groups"]:
            for c in g["cards"]:
                c["html"] = Markup(card_html(c))  # noqa: S704 - built from escaped parts
    pages = paginate(model)
    html: str = _template().render(**model)
    return html, pages


def default_lang(entries: list[ManifestEntry]) -> str:
    """The locale most entries carry (for ``merge``, which has no project at hand)."""
    from collections import Counter

    counts = Counter(e.locale for e in entries if e.locale)
    return counts.most_common(1)[0][0] if counts else "en"


def write_gallery(out: Path, entries: list[ManifestEntry],
                  before: Mapping[str, tuple[Any, Any, Any]] | None, title: str,
                  presets: Mapping[str, Any] | None = None, lang: str = "en",
                  writer: Writer | None = None, made: Made | None = None) -> Path:
    """Write ``out/index.html`` (only when its bytes change); returns its path. ``lang``
    marks captions and alt text of entries without their own ``locale``; ``made``: the
    thumbnails the render workers already made."""
    import hashlib

    writer = writer or DirectWriter()
    txn = writer if isinstance(writer, BuildTransaction) else None

    def remove(rel: str) -> None:
        if txn is not None:
            txn.remove(rel)  # with the build's commit
        else:
            (out / rel).unlink(missing_ok=True)

    thumbs = thumbnails(out, entries, writer, remove, made)
    model = gallery_model(out, entries, before, title, presets, lang,
                          report=writer.current(out / "report.json"), thumbs=thumbs)
    # The page is a function of its model: an unchanged model (a no-op rebuild after a
    # no-op rebuild) skips rendering 3,200 cards. The digest sits in the page's <head>; it
    # covers the template and the paging too, so a new selfserve re-renders an old page.
    layout = {"template": TEMPLATE.read_text("utf-8"), "first": FIRST_BYTES, "page": PAGE_BYTES,
              "thumbs": THUMB_SPEC}
    text = json.dumps([layout, model], sort_keys=True, default=str)
    digest = hashlib.sha256(text.encode()).hexdigest()[:32]
    target = out / INDEX
    try:
        with open(target, encoding="utf-8") as f:
            head = f.read(600)
    except OSError:
        head = ""
    if f'<meta name="selfserve-digest" content="{digest}">' in head:
        return target
    model["digest"] = digest
    html, pages = render_gallery(model)
    for n, data in enumerate(pages, 1):
        path = out / page_path(n)
        try:
            same = writer.current(path).read_bytes() == data
        except OSError:
            same = False
        if not same:
            writer.write(path, data)
    for rel in stale_pages(out, len(pages)):
        remove(rel)
    writer.write(target, html.encode("utf-8"))
    return target
