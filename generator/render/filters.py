"""Jinja2 filters designs and caption templates may use. Pure text in, text out."""

from __future__ import annotations

import re
from collections.abc import Callable

from generator.render.markdown import markdown_plain

_SENTENCE = re.compile(r"(?<=[.!?。！？])\s+")


def excerpt(markdown: str, limit: int = 160) -> str:
    """The first sentences of a Markdown text that fit in ``limit`` characters.

    Cuts only at a sentence end, or else at a word boundary with an ellipsis, so a
    short card never shows half a word.
    """
    text = markdown_plain(markdown)
    if len(text) <= limit:
        return text
    out = ""
    for sentence in _SENTENCE.split(text):
        if len(out) + len(sentence) + 1 > limit:
            break
        out = f"{out} {sentence}".strip()
    if out:
        return out
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:-")
    return cut + "…"


def display_url(url: str) -> str:
    """``https://www.example.com/help/`` -> ``example.com/help``: what people read."""
    s = re.sub(r"^[a-z]+://", "", url.strip(), flags=re.IGNORECASE)
    s = re.sub(r"^www\.", "", s)
    return s.rstrip("/")


FILTERS: dict[str, Callable[..., str]] = {"excerpt": excerpt, "display_url": display_url,
                                         "plain": markdown_plain}
