"""The gallery in pages: the first cards inline in ``index.html``, the rest in script files
``gallery/cards-NNNN.js`` that the page loads as they are scrolled to (or filtered to).

Why: a 5,000-post page as one file was 4.4 MB, which the browser had to read and parse
before showing anything. Script files, unlike ``fetch``, load from ``file://`` too, so the
page still opens from disk with no server. The page keeps a small index of every card
(its group, language and whether it changed: a few bytes each), so the filters count and
find cards in pages not yet loaded, and load only the pages that hold matching cards.

In: the gallery's model (cards with their markup). Out: the model's ``pages`` index and the
bytes of each later page, named by its number; ``?v=`` and a short hash of its bytes in the
page's address make a browser load a changed page again.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

FOLDER = "gallery"
#: Characters of card markup in index.html itself: the first screens (50-100 cards), and the
#: whole of a small project. Counted in bytes, not cards: a carousel's card with ten slides
#: and their alt texts weighs five times a single image's.
FIRST_BYTES = 120_000
#: Characters of card markup per later page: one request every few screens.
PAGE_BYTES = 250_000
#: Links in "Changed since the previous build"; the Only changed filter shows them all.
CHANGES_LISTED = 200


def page_path(number: int) -> str:
    return f"{FOLDER}/cards-{number:04d}.js"


def paginate(model: dict[str, Any]) -> list[bytes]:
    """Number the cards' pages in page order, add the index to ``model`` and return the
    bytes of pages 1.. (page 0 is inline). Each card's ``html`` must be set."""
    groups: list[list[str]] = []
    langs = list(model["locales"]) or ["en"]
    lang_at = {loc: i for i, loc in enumerate(langs)}
    rows: list[list[list[int]]] = [[]]
    markup: list[list[str]] = [[]]
    size = 0
    for s in model["sections"]:
        for g in s["groups"]:
            g["gi"] = len(groups)
            groups.append([g["platform"], s["kind"]])
            for c in g["cards"]:
                html = str(c["html"])
                size += len(html)
                if size > (PAGE_BYTES if len(rows) > 1 else FIRST_BYTES) and rows[-1]:
                    rows.append([])
                    markup.append([])
                    size = len(html)
                page = len(rows) - 1
                c["page"] = page
                lang = lang_at.setdefault(c["lang"], len(lang_at))
                rows[page].append([g["gi"], lang, 1 if c["status"] else 0])
                markup[page].append(html)
            g["inline"] = [c for c in g["cards"] if c["page"] == 0]
    pages = [
        f"selfserveGallery({n}, {json.dumps(cards, ensure_ascii=False, separators=(',', ':'))});\n".encode()
        for n, cards in enumerate(markup)
        if n
    ]
    srcs = [None] + [f"{page_path(n)}?v={hashlib.sha256(b).hexdigest()[:10]}" for n, b in enumerate(pages, 1)]
    model["pages"] = {
        "groups": groups,
        "langs": sorted(lang_at, key=lang_at.__getitem__),
        "pages": [{"src": src, "cards": r} for src, r in zip(srcs, rows, strict=True)],
    }
    model["changed_listed"] = model["changed"][:CHANGES_LISTED]
    return pages


def stale_pages(out: Path, count: int) -> list[str]:
    """Later pages a previous build wrote beyond this build's ``count`` (relative paths)."""
    folder = out / FOLDER
    found = sorted(p.name for p in folder.glob("cards-[0-9][0-9][0-9][0-9].js")) if folder.is_dir() else []
    return [f"{FOLDER}/{name}" for name in found if int(name[6:10]) > count]
