"""An answer's numbered list as an issue's fix steps.

A help centre writes a known problem as a FAQ: a sentence or two, then "1. Restart ...
2. Update ...". Taken as a recurring issue (``as: issues``), the first ordered list gives
the steps (one card slide each) and the text around it the summary. Parsed with
markdown-it so a "1." inside a code span or a paragraph is not a step.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # Imported here: only FAQs taken as issues are split, and markdown-it cost every
    # `validate` 20 ms.
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")


def split_steps(markdown: str) -> tuple[str, tuple[str, ...]]:
    """(summary, steps): the text outside the first top-level numbered list, and its items
    as Markdown. No numbered list: (the whole text, ())."""
    lines = markdown.splitlines()
    tokens = _parser().parse(markdown)
    for n, tok in enumerate(tokens):
        if tok.type == "ordered_list_open" and tok.level == 0 and tok.map:
            lo, hi = tok.map
            steps: list[str] = []
            depth = 0
            for t in tokens[n + 1:]:
                if t.type == "ordered_list_close" and depth == 0:
                    break
                if t.type in ("bullet_list_open", "ordered_list_open"):
                    depth += 1
                elif t.type in ("bullet_list_close", "ordered_list_close"):
                    depth -= 1
                elif t.type == "list_item_open" and depth == 0 and t.map:
                    a, b = t.map
                    item = "\n".join(ln.strip() for ln in lines[a:b]).strip()
                    marker = item.split(None, 1)
                    steps.append(marker[1].strip() if len(marker) > 1 else "")
            before, after = "\n".join(lines[:lo]).strip(), "\n".join(lines[hi:]).strip()
            summary = "\n\n".join(p for p in (before, after) if p)
            return summary, tuple(s for s in steps if s)
    return markdown.strip(), ()
