"""Shared reading of help-desk JSON exports: parse once, locate each article's line.

JSON from an API has no line numbers once parsed; each article is located at the line of
its ``"id": <n>``, searched in order, so a problem names the article a user can find.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from generator.errors import Problem
from generator.load.sources import SourceRead
from generator.load.yamlsource import MAX_BYTES, Document, PathKey


@lru_cache(maxsize=8)
def _parse(path: str, mtime: float, size: int) -> tuple[Any, str] | None:
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
        return json.loads(text), text
    except (ValueError, UnicodeDecodeError):
        return None


def peek(path: Path) -> Any:
    """The parsed JSON of ``path`` for a format's claim, or None (not JSON, too large)."""
    try:
        st = path.stat()
        if not path.is_file() or st.st_size > MAX_BYTES or path.suffix.lower() != ".json":
            return None
        got = _parse(str(path), st.st_mtime, st.st_size)
    except OSError:
        return None
    return got[0] if got else None


def load(path: Path, rel: str) -> tuple[Any, str] | Problem:
    try:
        st = path.stat()
    except OSError as exc:
        return Problem(rel, f"cannot read the file: {exc.strerror}")
    if st.st_size > MAX_BYTES:
        return Problem(rel, f"file is {st.st_size / 1e6:.0f} MB; the limit is 5 MB (export fewer "
                            "articles per file and list each file)")
    got = _parse(str(path), st.st_mtime, st.st_size)
    if got is None:
        return Problem(rel, "not valid JSON (save the API response as it came)")
    return got


def lines_of_ids(text: str, ids: list[Any]) -> list[int]:
    """The line of each ``"id": <id>`` in order (1 when not found)."""
    out, pos = [], 0
    for i in ids:
        m = re.compile(r'"id"\s*:\s*"?' + re.escape(str(i)) + r'\b').search(text, pos)
        if m:
            pos = m.end()
            out.append(text.count("\n", 0, m.start()) + 1)
        else:
            out.append(1)
    return out


def articles_document(rel: str, text: str, articles: list[Any], draft: Callable[[dict[str, Any]], str | None],
                      fields: Callable[[dict[str, Any]], dict[str, Any]]) -> SourceRead:
    """One item per published article, each located at its ``"id"`` line.

    ``draft(article)`` says why an article is left out (None: it is read); ``fields(article)``
    gives the item's fields. Zendesk and Freshdesk differ only in those two."""
    lines = lines_of_ids(text, [a.get("id") if isinstance(a, dict) else None for a in articles])
    items: list[dict[str, Any]] = []
    marks: dict[PathKey, tuple[int, int]] = {(): (1, 1)}
    notes: list[str] = []
    for art, line in zip(articles, lines):
        if not isinstance(art, dict):
            continue
        why = draft(art)
        if why:
            notes.append(f"{rel}:{line}: article {art.get('id')} is {why}; left out")
            continue
        item = fields(art)
        n = len(items)
        marks[(n,)] = (line, 1)
        for k in item:
            marks[(n, k)] = (line, 1)
        items.append(item)
    if not items:
        return SourceRead(None, [Problem(rel, "every article is a draft; nothing to read")], notes)
    return SourceRead(Document(rel, items, marks), [], notes)
