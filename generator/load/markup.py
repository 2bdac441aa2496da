"""The markup vocabulary of FAQ answers: which HTML tags mean something, and the one
CommonMark tokenizer that cards, captions and the loader's warnings share.

The loader warns once per file about tags it will drop (:func:`unknown_tags`); the
renderers (:mod:`generator.render.markdown`) turn the same tokens into rich text. Both
read the tables and the tokenizer from here, so "known" means the same at load and at
render, and the loader needs nothing from the renderers.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html.parser import HTMLParser
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

#: Tags read for their meaning; any other tag keeps its text and is reported once.
INLINE_TAGS = {"b": "bold", "strong": "bold", "i": "italic", "em": "italic", "tt": "code",
               "code": "code", "kbd": "code", "samp": "code", "a": "link"}
BLOCK_TAGS = frozenset({"p", "div", "ul", "ol", "li", "br", "h1", "h2", "h3", "h4", "h5", "h6",
                        "blockquote", "pre", "hr", "section", "article", "dl", "dt", "dd",
                        "table", "thead", "tbody", "tr", "td", "th"})
QUIET_TAGS = frozenset({"span", "u", "s", "del", "ins", "sub", "sup", "small", "mark", "abbr",
                        "cite", "q", "font", "center", "img", "wbr", "nobr", "big", "label"})
KNOWN_TAGS = frozenset(INLINE_TAGS) | BLOCK_TAGS | QUIET_TAGS
#: Unknown tags whose content is code or styling, not text: dropped with the tag.
HIDDEN_TAGS = frozenset({"script", "style", "template", "noscript", "iframe", "object"})

# kramdown's hard break is two backslashes at the end of a line; CommonMark's is one.
_KRAMDOWN_BREAK = re.compile(r"(?<!\\)\\\\[ \t]*\n")
_KRAMDOWN_END = re.compile(r"(?<!\\)\\\\[ \t]*\Z")


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # Imported here: 20 ms that `validate` of answers without markup never needs.
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


class _TagReader(HTMLParser):
    """Events of one HTML fragment: ("start"|"end", tag, attrs) and ("text", data)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple[str, str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append(("start", tag, dict(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append(("start", tag, dict(attrs)))
        if tag not in ("br", "hr", "img", "wbr"):
            self.events.append(("end", tag, {}))

    def handle_endtag(self, tag: str) -> None:
        self.events.append(("end", tag, {}))

    def handle_data(self, data: str) -> None:
        self.events.append(("text", data, {}))


@lru_cache(maxsize=4096)
def _html_events(fragment: str) -> tuple[tuple[str, str, tuple[tuple[str, str | None], ...]], ...]:
    reader = _TagReader()
    reader.feed(fragment)
    reader.close()
    return tuple((k, t, tuple(a.items())) for k, t, a in reader.events)


def unknown_tags(text: str) -> frozenset[str]:
    """HTML tag names in ``text`` that are dropped (their text kept), for one warning.

    Only tags markdown-it hands over as HTML count: ``<div>`` inside a code span is code."""
    source = _KRAMDOWN_END.sub("", _KRAMDOWN_BREAK.sub(lambda m: "\\\n", text))
    found: set[str] = set()
    for tok in _parser().parse(source):
        fragments = [tok.content] if tok.type == "html_block" else \
            [c.content for c in tok.children or () if c.type == "html_inline"]
        for fragment in fragments:
            found.update(tag for kind, tag, _attrs in _html_events(fragment)
                         if kind != "text" and tag not in KNOWN_TAGS)
    return frozenset(found)
