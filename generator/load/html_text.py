"""HTML answers (help-desk articles, schema.org answers) as the Markdown cards render.

Cards and guides draw raw HTML literally, so an article body such as
``<p>Open <b>Settings</b></p><ol><li>...</li></ol>`` is turned into Markdown once, on
load: paragraphs, emphasis, links, lists (numbered lists stay numbered: they become an
issue's steps) and tables survive; scripts, styles and images are dropped (a card has no
room for an inline image and a guide must not fetch one).
"""

from __future__ import annotations

import re

_TAG = re.compile(r"<[a-zA-Z/!][^>]*>")
_HIDDEN = re.compile(r"<(script|style|template)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)


def looks_like_html(text: str) -> bool:
    return bool(_TAG.search(text))


def html_to_markdown(text: str) -> str:
    """Markdown for an HTML fragment; text without tags is returned as it is."""
    if not looks_like_html(text):
        return text.strip()
    from markdownify import markdownify

    md = markdownify(_HIDDEN.sub("", text), heading_style="ATX", bullets="-",
                     strip=["img", "script", "style"], escape_underscores=False, escape_asterisks=False)
    md = re.sub(r"[ \t]+\n", "\n", md)  # trailing spaces (hard breaks in Markdown)
    md = re.sub(r"\n{3,}", "\n\n", md)
    return md.strip()
