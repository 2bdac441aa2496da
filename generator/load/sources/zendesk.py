"""Zendesk Help Center articles, as the Help Center API returns them.

Reads the documented response of "List Articles" (``GET /api/v2/help_center/{locale}/
articles.json``: ``{"articles": [...], "next_page": ..., "count": ...}``), optionally with
sideloaded sections (``?include=sections`` adds ``"sections": [{"id", "name"}]``), of
"Show Article" (``{"article": {...}}``), or a list of such pages saved one after another.
Each article: ``id`` (stable: it names the FAQ's files), ``title``, ``body`` (HTML, turned
into Markdown), ``html_url``, ``label_names`` (tags), ``promoted`` (featured),
``section_id`` (the category, by its sideloaded name). Drafts (``draft: true``) are left
out and reported.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.errors import Problem
from generator.load.html_text import html_to_markdown
from generator.load.model import FieldMapping
from generator.load.sources import SourceFormat, SourceRead
from generator.load.sources.helpdesk_json import articles_document, load, peek


def _pages(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, list):
        return [p for p in value if isinstance(p, dict)]
    return [value] if isinstance(value, dict) else []


def _articles(value: Any) -> list[Any]:
    out: list[Any] = []
    for page in _pages(value):
        if isinstance(page.get("articles"), list):
            out += page["articles"]
        elif isinstance(page.get("article"), dict):
            out.append(page["article"])
    return out


def claims(path: Path) -> bool:
    arts = _articles(peek(path))
    return bool(arts) and all(isinstance(a, dict) and "body" in a and "title" in a for a in arts[:20])


def read(path: Path, rel: str) -> SourceRead:
    got = load(path, rel)
    if isinstance(got, Problem):
        return SourceRead(None, [got])
    value, text = got
    articles = _articles(value)
    if not articles:
        return SourceRead(None, [Problem(rel, "no 'articles' list: expected the response of Zendesk's "
                                              "List Articles API (GET /api/v2/help_center/articles.json)")])
    sections = {s.get("id"): s.get("name") for p in _pages(value)
                for s in (p.get("sections") or []) if isinstance(s, dict)}

    def fields(art: dict[str, Any]) -> dict[str, Any]:
        item: dict[str, Any] = {k: art[k] for k in ("id", "title", "html_url", "label_names", "promoted")
                                if art.get(k) not in (None, "", [])}
        if isinstance(art.get("body"), str):
            item["body"] = html_to_markdown(art["body"])
        section = sections.get(art.get("section_id"))
        if section:
            item["section"] = section
        return item

    return articles_document(rel, text, articles, lambda art: "a draft" if art.get("draft") else None,
                             fields)


FORMAT = SourceFormat(
    name="zendesk",
    title="Zendesk Help Center articles JSON (the List Articles API response, "
          "GET /api/v2/help_center/articles.json)",
    claims=claims,
    read=read,
    mapping=FieldMapping(fields={"id": ("id",), "question": ("title",), "answer": ("body",),
                                 "link": ("html_url",), "tags": ("label_names",),
                                 "featured": ("promoted",), "category": ("section",)}),
)
