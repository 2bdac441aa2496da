"""Freshdesk solution articles, as the Freshdesk API v2 returns them.

Reads the documented response of "List all Solution Articles in a Folder"
(``GET /api/v2/solutions/folders/[id]/articles``: a JSON list of articles) or "View a
Solution Article" (one article object), or ``{"articles": [...]}``. Each article: ``id``
(stable: it names the FAQ's files), ``title``, ``description`` (HTML, turned into
Markdown; ``description_text`` when there is no HTML), ``tags``, and the folder as the
category (from ``hierarchy`` when present, else ``folder_name``). ``status`` 1 (draft) is
left out and reported; 2 is published.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.errors import Problem
from generator.load.html_text import html_to_markdown
from generator.load.model import FieldMapping
from generator.load.sources import SourceFormat, SourceRead
from generator.load.sources.helpdesk_json import articles_document, load, peek

DRAFT, PUBLISHED = 1, 2


def _articles(value: Any) -> list[Any]:
    articles = value.get("articles") if isinstance(value, dict) else None
    if isinstance(articles, list):
        return articles
    if isinstance(value, dict) and "description" in value:
        return [value]
    return value if isinstance(value, list) else []


def claims(path: Path) -> bool:
    arts = _articles(peek(path))
    return bool(arts) and all(isinstance(a, dict) and "title" in a and "folder_id" in a
                              and ("description" in a or "description_text" in a) for a in arts[:20])


def _folder(art: dict[str, Any]) -> str | None:
    for level in art.get("hierarchy") or []:
        if isinstance(level, dict) and level.get("type") == "folder":
            data = level.get("data") or {}
            if isinstance(data, dict) and data.get("name"):
                return str(data["name"])
    name = art.get("folder_name")
    return str(name) if name else None


def read(path: Path, rel: str) -> SourceRead:
    got = load(path, rel)
    if isinstance(got, Problem):
        return SourceRead(None, [got])
    value, text = got
    articles = _articles(value)
    if not articles:
        return SourceRead(None, [Problem(rel, "no articles: expected the response of Freshdesk's "
                                              "List Solution Articles API (a JSON list)")])

    def fields(art: dict[str, Any]) -> dict[str, Any]:
        item: dict[str, Any] = {k: art[k] for k in ("id", "title", "tags")
                                if art.get(k) not in (None, "", [])}
        html = art.get("description")
        body = html_to_markdown(html) if isinstance(html, str) and html.strip() \
            else art.get("description_text")
        if isinstance(body, str) and body.strip():
            item["description"] = body
        folder = _folder(art)
        if folder:
            item["folder"] = folder
        return item

    return articles_document(rel, text, articles,
                             lambda art: "a draft (status 1)" if art.get("status") == DRAFT else None,
                             fields)


FORMAT = SourceFormat(
    name="freshdesk",
    title="Freshdesk solution articles JSON (the List Solution Articles API response, "
          "GET /api/v2/solutions/folders/[id]/articles)",
    claims=claims,
    read=read,
    mapping=FieldMapping(fields={"id": ("id",), "question": ("title",), "answer": ("description",),
                                 "tags": ("tags",), "category": ("folder",)}),
)
