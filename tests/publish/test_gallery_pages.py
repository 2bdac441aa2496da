"""The gallery of a big project in pages: a small index.html, every card once, stale pages
removed, the default locale first. (In a browser: tests/browser/test_gallery_5000.py.)"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.publish import gallery_pages
from generator.publish.gallery import write_gallery
from tests.publish.gallery_posts import many_posts

CARD_ID = re.compile(r'<li class="card[^"]*" id="([^"]+)"')


def _index(page: str) -> dict:
    m = re.search(r'<script id="gallery-index" type="application/json">(.*?)</script>', page, re.S)
    assert m
    return json.loads(m.group(1))


def _later_ids(out: Path, index: dict) -> list[str]:
    ids = []
    for n, p in enumerate(index["pages"][1:], 1):
        assert p["src"].startswith(f"{gallery_pages.page_path(n)}?v=")
        text = (out / p["src"].split("?")[0]).read_text("utf-8")
        assert text.startswith(f"selfserveGallery({n}, ") and text.endswith(");\n")
        cards = json.loads(text[len(f"selfserveGallery({n}, ") : -3])
        assert len(cards) == len(p["cards"])
        ids += [CARD_ID.search(c).group(1) for c in cards]
    return ids


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list]:
    out = tmp_path_factory.mktemp("big")
    # Locale codes that sort before the default one: the default must still come first.
    entries = many_posts(out, 5000, ("en-GB", "ar", "de-DE"))
    write_gallery(out, entries, None, "Big help centre", lang="en-GB")
    return out, entries


def test_5000_posts_open_with_a_page_under_300_kb_and_every_card_once(big: tuple[Path, list]) -> None:
    out, entries = big
    page = (out / "index.html").read_text("utf-8")
    assert len(page.encode()) < 300_000
    index = _index(page)
    assert sum(len(p["cards"]) for p in index["pages"]) == 5000
    inline = CARD_ID.findall(page)
    assert 40 <= len(inline) == len(index["pages"][0]["cards"]) < 400
    ids = inline + _later_ids(out, index)
    assert len(ids) == len(set(ids)) == 5000
    # Later pages are a few hundred KB each, not one 4 MB file.
    sizes = [(out / p["src"].split("?")[0]).stat().st_size for p in index["pages"][1:]]
    assert sizes and max(sizes) < 400_000
    # The thumbnails the first page shows: 40 distinct files, small.
    thumbs = set(re.findall(r'src="(gallery/thumbs/[^"]+)"', page))
    assert thumbs and all((out / t).stat().st_size < 40_000 for t in thumbs)
    assert not re.search(r'<img[^>]+src="(en-GB|ar|de-DE)/', page)  # never the full-size files
    hrefs = re.findall(r'<a class="full" href="([^"?]+)\?v=', page)
    assert len(hrefs) == len(inline) and all((out / h).is_file() for h in hrefs)


def test_the_default_locale_comes_first_in_the_filter_and_in_every_group(big: tuple[Path, list]) -> None:
    out, _entries = big
    index = _index((out / "index.html").read_text("utf-8"))
    assert index["langs"][0] == "en-GB"
    seen: dict[int, list[str]] = {}
    for p in index["pages"]:
        for g, lang, _changed in p["cards"]:
            seen.setdefault(g, []).append(index["langs"][lang])
    assert seen and all(langs == sorted(langs, key=lambda loc: loc != "en-GB") for langs in seen.values())
    page = (out / "index.html").read_text("utf-8")
    assert re.findall(r'<option value="([^"]*)">', page.split('id="f-lang"')[1].split("</select>")[0]) == [
        "", "en-GB", "ar", "de-DE"]  # fmt: skip


def test_a_smaller_project_removes_the_pages_it_no_longer_has(tmp_path: Path) -> None:
    out = tmp_path / "out"
    entries = many_posts(out, 900, ("en",), distinct=8)
    write_gallery(out, entries, None, "T")
    pages = sorted((out / "gallery").glob("cards-*.js"))
    assert len(pages) >= 2
    write_gallery(out, entries[:100], None, "T")
    left = sorted((out / "gallery").glob("cards-*.js"))
    index = _index((out / "index.html").read_text("utf-8"))
    assert len(left) == len(index["pages"]) - 1 < len(pages)


def test_changes_list_links_say_which_page_holds_the_card(tmp_path: Path) -> None:
    out = tmp_path / "out"
    entries = many_posts(out, 900, ("en",), distinct=8)
    last = entries[-1]
    before = {e.path: (e.sha256, e.caption, e.alt) for e in entries}
    before[last.path] = ("0" * 64, last.caption, last.alt)
    write_gallery(out, entries, before, "T")
    page = (out / "index.html").read_text("utf-8")
    links = re.findall(r'<a href="#([^"]+)" data-page="(\d+)"', page)
    assert len(links) == 1
    ident, number = links[0]
    index = _index(page)
    assert int(number) == len(index["pages"]) - 1 > 0
    assert ident in _later_ids(out, index)
