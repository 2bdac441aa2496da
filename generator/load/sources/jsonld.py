"""Saved web pages (.html) with schema.org FAQPage structured data.

Many help centres publish their FAQs for search engines as JSON-LD
(``<script type="application/ld+json">{"@type": "FAQPage", "mainEntity": [...]}``) or
as microdata (``itemtype="https://schema.org/Question"``). Both are read here: each
Question's ``name`` is the question, its ``acceptedAnswer.text`` (often HTML) the answer
as Markdown, an ``@id``/``url`` fragment its id. The page's canonical URL is offered as
the base URL of its relative links. The page is parsed with selectolax (a real HTML5
parser), never fetched or run.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from generator.errors import Problem
from generator.load.html_text import html_to_markdown
from generator.load.model import FieldMapping
from generator.load.sources import SourceFormat, SourceRead
from generator.load.yamlsource import MAX_BYTES, Document, PathKey


def _types(node: dict[str, Any]) -> set[str]:
    t = node.get("@type")
    names = t if isinstance(t, list) else [t]
    return {str(n).rsplit("/", 1)[-1] for n in names if n}


def _walk(node: Any) -> list[dict[str, Any]]:
    """Every FAQPage in a JSON-LD value (top level, a list, or an @graph)."""
    if isinstance(node, list):
        return [p for n in node for p in _walk(n)]
    if not isinstance(node, dict):
        return []
    if "FAQPage" in _types(node):
        return [node]
    return _walk(node.get("@graph", []))


def _text(v: Any) -> str:
    if isinstance(v, list):
        v = v[0] if v else ""
    if isinstance(v, dict):
        v = v.get("text", v.get("name", ""))
    return str(v or "").strip()


def _fragment(q: dict[str, Any]) -> str | None:
    for key in ("@id", "url"):
        v = q.get(key)
        if isinstance(v, str) and "#" in v:
            return urlsplit(v).fragment or None
    return None


def read(path: Path, rel: str) -> SourceRead:
    from selectolax.lexbor import LexborHTMLParser as HTMLParser

    try:
        raw = path.read_bytes()
    except OSError as exc:
        return SourceRead(None, [Problem(rel, f"cannot read the file: {exc.strerror}")])
    if len(raw) > MAX_BYTES:
        return SourceRead(None, [Problem(rel, "the page is larger than 5 MB")])
    text = raw.decode("utf-8", errors="replace")
    tree = HTMLParser(text)
    items: list[dict[str, Any]] = []
    marks: dict[PathKey, tuple[int, int]] = {(): (1, 1)}
    notes: list[str] = []
    problems: list[Problem] = []
    pos = 0
    for script in tree.css('script[type="application/ld+json"]'):
        body = script.text(deep=True)
        at = text.find(body, pos) if body else -1
        line = text.count("\n", 0, at) + 1 if at >= 0 else 1
        pos = max(pos, at)
        try:
            data = json.loads(body)
        except ValueError as exc:
            reason = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
            problems.append(Problem(rel, f"a JSON-LD block is not valid JSON ({reason}); it is "
                                         "skipped", line, severity="warning"))
            continue
        for page in _walk(data):
            entities = page.get("mainEntity") or []
            for q in entities if isinstance(entities, list) else [entities]:
                if not isinstance(q, dict) or "Question" not in _types(q):
                    continue
                question, answer = _text(q.get("name")), _text(q.get("acceptedAnswer"))
                if not question or not answer:
                    missing = "a name" if not question else "an accepted answer"
                    notes.append(f"{rel}:{line}: a Question without {missing} left out")
                    continue
                marks[(len(items),)] = (line, 1)
                items.append({"question": html_to_markdown(question), "answer": html_to_markdown(answer),
                              **({"id": _fragment(q)} if _fragment(q) else {})})
    if not items:
        # Microdata: itemscope elements typed Question, their name and accepted answer's text.
        for el in tree.css('[itemtype$="schema.org/Question"]'):
            name = el.css_first('[itemprop="name"]')
            ans = el.css_first('[itemprop="acceptedAnswer"] [itemprop="text"]') or \
                el.css_first('[itemprop="acceptedAnswer"]')
            if name is None or ans is None:
                continue
            question, answer = name.text(deep=True).strip(), html_to_markdown(ans.html or "")
            if ans.html and ans.tag != "meta":
                inner = ans.html[ans.html.find(">") + 1: ans.html.rfind("<")]
                answer = html_to_markdown(inner)
            if question and answer:
                marks[(len(items),)] = (1, 1)
                items.append({"question": question, "answer": answer,
                              **({"id": el.attributes["id"]} if el.attributes.get("id") else {})})
    canonical = tree.css_first('link[rel="canonical"]')
    base = canonical.attributes.get("href") if canonical is not None else None
    if not items and not problems:
        problems.append(Problem(rel, "no schema.org FAQPage in this page (neither JSON-LD nor "
                                     "microdata Questions); save the page that shows the FAQs"))
    if not items:
        return SourceRead(None, problems)
    return SourceRead(Document(rel, items, marks), problems, notes, base_url=base or None)


FORMAT = SourceFormat(
    name="html",
    title="saved web page (.html) with schema.org FAQPage structured data (JSON-LD or microdata)",
    claims=lambda path: path.suffix.lower() in (".html", ".htm", ".xhtml"),
    read=read,
    mapping=FieldMapping(fields={"question": ("question",), "answer": ("answer",), "id": ("id",)}),
)
