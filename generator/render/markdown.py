"""Markdown answers -> rich-text blocks for cards (and plain text for alt text).

One CommonMark parser (markdown-it-py) serves cards, alt text and captions, so a
``**bold**`` means the same everywhere. Raw HTML in content is drawn literally:
content is text, never markup to execute (``<br>`` alone becomes a space, since
published FAQ files use it as a soft line break).
"""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt

from generator.render.text import Block, Span

_BR = re.compile(r"^<br\s*/?>$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def _inline_spans(children) -> list[Span]:
    spans: list[Span] = []
    bold = italic = 0
    link: str | None = None
    for tok in children or ():
        t = tok.type
        if t == "strong_open":
            bold += 1
        elif t == "strong_close":
            bold -= 1
        elif t == "em_open":
            italic += 1
        elif t == "em_close":
            italic -= 1
        elif t == "link_open":
            link = str(tok.attrs.get("href", "")) or None
        elif t == "link_close":
            link = None
        elif t == "code_inline":
            spans.append(Span(tok.content, bold=bold > 0, italic=italic > 0, code=True, link=link))
        elif t in ("softbreak", "hardbreak"):
            spans.append(Span(" ", bold=bold > 0, italic=italic > 0, link=link))
        elif t == "html_inline":
            text = " " if _BR.match(tok.content.strip()) else tok.content
            spans.append(Span(text, bold=bold > 0, italic=italic > 0, link=link))
        elif t == "image":
            spans.append(Span(tok.content or "", bold=bold > 0, italic=italic > 0))
        elif tok.content:
            spans.append(Span(tok.content, bold=bold > 0, italic=italic > 0, link=link))
    return _merge(spans)


def _merge(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for s in spans:
        if out and (out[-1].bold, out[-1].italic, out[-1].code, out[-1].link) == (
                s.bold, s.italic, s.code, s.link):
            out[-1] = Span(out[-1].text + s.text, s.bold, s.italic, s.code, s.link)
        elif s.text:
            out.append(s)
    return out


@lru_cache(maxsize=4096)
def markdown_blocks(text: str) -> tuple[Block, ...]:
    """Paragraphs, list items (bullets, numbers, nesting) and code blocks as Blocks."""
    tokens = _parser().parse(text)
    blocks: list[Block] = []
    lists: list[list] = []  # stack of [kind, next number]
    item_pending: list[bool] = []
    for tok in tokens:
        t = tok.type
        if t in ("bullet_list_open", "ordered_list_open"):
            start = int(tok.attrs.get("start", 1) or 1) if t == "ordered_list_open" else 0
            lists.append(["number" if t == "ordered_list_open" else "bullet", start])
        elif t in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif t == "list_item_open":
            item_pending.append(True)
        elif t == "list_item_close":
            item_pending.pop()
            if lists and lists[-1][0] == "number":
                lists[-1][1] += 1
        elif t == "inline":
            spans = tuple(_inline_spans(tok.children))
            if not spans:
                continue
            if item_pending and item_pending[-1] and lists:
                kind, number = lists[-1]
                blocks.append(Block(spans, kind=kind, number=number if kind == "number" else None,
                                    level=len(lists) - 1))
                item_pending[-1] = False
            elif lists:
                blocks.append(Block(spans, kind="para", level=len(lists)))
            else:
                blocks.append(Block(spans))
        elif t in ("fence", "code_block"):
            for line in tok.content.rstrip("\n").split("\n"):
                blocks.append(Block((Span(line or " ", code=True),), level=len(lists)))
        elif t == "html_block":
            content = tok.content.strip()
            if content and not _BR.match(content):
                blocks.append(Block((Span(content),)))
    return tuple(blocks)




@lru_cache(maxsize=4096)
def markdown_plain(text: str) -> str:
    """Plain text for alt text and captions: no markup, list items joined by '; '."""
    parts: list[str] = []
    for b in markdown_blocks(text):
        s = "".join(sp.text for sp in b.spans).strip()
        if s:
            parts.append(s)
    out = " ".join(p if p.endswith((".", "!", "?", ":", ";")) else p + "." if len(parts) > 1 else p
                   for p in parts)
    return re.sub(r"\s+", " ", out).strip()
