"""Markdown (and the inline HTML real FAQ files carry) -> rich-text blocks and plain text.

One CommonMark parser (markdown-it-py, html enabled) serves cards, alt text and
captions, so ``**bold**`` and ``<b>bold</b>`` mean the same everywhere. Raw HTML is
never drawn as markup and never executed: markdown-it hands each tag over as a token
and the standard library's HTML parser reads it, so ``<a href='/devices/'>this
list</a>`` becomes a link span, ``<br>`` a line break, ``&mdash;`` a dash. A tag
outside :data:`~generator.load.markup.KNOWN_TAGS` keeps its text and loses the tag;
:func:`~generator.load.markup.unknown_tags` names those so the loader can warn once per file.

Hard breaks (two trailing spaces, a trailing backslash, kramdown's ``\\\\``) become line
breaks (a ``"\\n"`` span the text engine treats as a mandatory break). Relative link
targets resolve against ``base`` (the FAQ's source site, else the brand's website).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urljoin

from generator.load.markup import (
    _KRAMDOWN_BREAK,
    _KRAMDOWN_END,
    BLOCK_TAGS,
    HIDDEN_TAGS,
    INLINE_TAGS,
    KNOWN_TAGS,
    _html_events,
    _parser,
)
from generator.render.text.model import Block, Span


@dataclass
class _Inline:
    """Inline state while walking tokens: nesting counts and the spans so far."""

    base: str | None
    spans: list[Span] = field(default_factory=list)
    bold: int = 0
    italic: int = 0
    code: int = 0
    links: list[str | None] = field(default_factory=list)
    unknown: set[str] = field(default_factory=set)
    hidden: int = 0

    def add(self, text: str, code: bool = False) -> None:
        if text == "\n" and self.spans and self.spans[-1].text.endswith((" ", "\t")):
            last = self.spans[-1]  # a line break takes the spaces before it
            self.spans[-1] = Span(last.text.rstrip(" \t"), last.bold, last.italic, last.code,
                                  last.link)
        if text and not self.hidden:
            self.spans.append(Span(text, bold=self.bold > 0, italic=self.italic > 0,
                                   code=code or self.code > 0,
                                   link=self.links[-1] if self.links else None))

    def href(self, target: str | None) -> str | None:
        if not target:
            return None
        if self.base and not re.match(r"^[a-z][a-z0-9+.-]*:|^#", target, re.IGNORECASE):
            base = self.base if re.match(r"^[a-z]+://", self.base, re.IGNORECASE) \
                else f"https://{self.base}"
            return urljoin(base if base.endswith("/") else base + "/", target)
        return target

    def tag(self, kind: str, tag: str, attrs: dict[str, str | None]) -> bool:
        """Apply one inline tag; True when it ends the line (``<br>``)."""
        role = INLINE_TAGS.get(tag)
        step = 1 if kind == "start" else -1
        if role == "bold":
            self.bold = max(0, self.bold + step)
        elif role == "italic":
            self.italic = max(0, self.italic + step)
        elif role == "code":
            self.code = max(0, self.code + step)
        elif role == "link":
            if kind == "start":
                self.links.append(self.href(attrs.get("href")))
            elif self.links:
                self.links.pop()
        elif tag == "br" and kind == "start":
            self.add("\n")
            return True
        elif tag == "img" and kind == "start":
            self.add(attrs.get("alt") or "")
        elif tag not in KNOWN_TAGS:
            self.unknown.add(tag)
            if tag in HIDDEN_TAGS:
                self.hidden = max(0, self.hidden + step)
        return False


def _inline_spans(children, state: _Inline) -> list[Span]:
    for tok in children or ():
        t = tok.type
        if t == "strong_open":
            state.bold += 1
        elif t == "strong_close":
            state.bold -= 1
        elif t == "em_open":
            state.italic += 1
        elif t == "em_close":
            state.italic -= 1
        elif t == "link_open":
            state.links.append(state.href(str(tok.attrs.get("href", "")) or None))
        elif t == "link_close":
            if state.links:
                state.links.pop()
        elif t == "code_inline":
            state.add(tok.content, code=True)
        elif t == "softbreak":
            state.add(" ")
        elif t == "hardbreak":
            state.add("\n")
        elif t == "html_inline":
            for kind, data, attrs in _html_events(tok.content):
                if kind == "text":
                    state.add(data)
                else:
                    state.tag(kind, data, dict(attrs))
        elif t == "image":
            state.add(tok.content or "")
        elif tok.content:
            state.add(tok.content)
    spans, state.spans = state.spans, []
    return _merge(spans)


def _merge(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for s in spans:
        if out and (out[-1].bold, out[-1].italic, out[-1].code, out[-1].link) == (
                s.bold, s.italic, s.code, s.link):
            out[-1] = Span(out[-1].text + s.text, s.bold, s.italic, s.code, s.link)
        elif s.text:
            out.append(s)
    # A line break at either end of a block is not a line of its own.
    while out and not out[-1].text.strip():
        out.pop()
    while out and not out[0].text.strip():
        out.pop(0)
    return out


def _html_block(content: str, state: _Inline, level: int) -> list[Block]:
    """A raw HTML block (``<p>``, ``<ul><li>``...) as blocks, read by the HTML parser."""
    blocks: list[Block] = []
    lists: list[list] = []  # [kind, next number]
    item = [False]

    def flush() -> None:
        spans = tuple(_merge(state.spans))
        state.spans = []
        if not spans:
            return
        depth = level + max(0, len(lists) - 1)
        if item[0] and lists:
            kind, number = lists[-1]
            blocks.append(Block(spans, kind=kind, number=number if kind == "number" else None,
                                level=depth))
            item[0] = False
        else:
            blocks.append(Block(spans, level=level + len(lists)))

    for kind, data, attrs in _html_events(content):
        if kind == "text":
            text = re.sub(r"\s+", " ", data)
            if text.strip() or state.spans:
                state.add(text)
            continue
        tag = data
        if tag in ("ul", "ol"):
            flush()
            if kind == "start":
                start = dict(attrs).get("start")
                lists.append(["number" if tag == "ol" else "bullet",
                              int(start) if start and start.isdigit() else 1])
            elif lists:
                lists.pop()
        elif tag == "li":
            flush()
            if kind == "start":
                item[0] = True
            elif lists and lists[-1][0] == "number":
                lists[-1][1] += 1
        elif tag in BLOCK_TAGS and tag != "br":
            flush()
        else:
            state.tag(kind, tag, dict(attrs))
    flush()
    return blocks


@dataclass(frozen=True)
class _Parsed:
    blocks: tuple[Block, ...]
    unknown: frozenset[str]


@lru_cache(maxsize=4096)
def _parse(text: str, base: str | None) -> _Parsed:
    source = _KRAMDOWN_END.sub("", _KRAMDOWN_BREAK.sub(lambda m: "\\\n", text))
    tokens = _parser().parse(source)
    state = _Inline(base)
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
            spans = tuple(_inline_spans(tok.children, state))
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
            blocks += _html_block(tok.content, state, len(lists))
    return _Parsed(tuple(blocks), frozenset(state.unknown))


def markdown_blocks(text: str, base: str | None = None) -> tuple[Block, ...]:
    """Paragraphs, list items (bullets, numbers, nesting) and code blocks as Blocks."""
    return _parse(text, base).blocks


def markdown_inline(text: str, base: str | None = None) -> tuple[Block, ...]:
    """One heading or title line: inline Markdown and HTML only (a question such as
    "1. Why…" or "# of items" must not turn into a list or a heading)."""
    tokens = _parser().parseInline(text)
    state = _Inline(base)
    spans = tuple(_inline_spans(tokens[0].children if tokens else (), state))
    return (Block(spans or (Span(text),)),)


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


def inline_plain(text: str) -> str:
    """A title or question without its markup ("Can I have _xxx_?" -> "Can I have xxx?")."""
    return re.sub(r"\s+", " ", "".join(sp.text for b in markdown_inline(text)
                                       for sp in b.spans)).strip()
