"""A gallery of 5,000 posts in real headless Chromium (Debian's, as in test_gallery.py),
opened from disk: thumbnails on the first screen, later posts as you scroll, filters that
find posts in pages not loaded yet, the default locale first, boxes that fit their content.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from tests.browser.conftest import CHROMIUM
from tests.browser.test_gallery import _load_all, _open, _visible_cards
from tests.publish.gallery_posts import many_posts

pytestmark = [
    pytest.mark.integration,
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed "
                                                "(apt-get install chromium; .ci/install does it)"),
]  # fmt: skip

#: What the first screen may cost: the page, and the images it decodes on opening.
PAGE_BUDGET = 300_000
IMAGE_BUDGET = 2_000_000


def _decoded(page, out: Path) -> tuple[int, int]:
    """How many images are decoded (naturalWidth > 0) and their files' bytes."""
    srcs = page.evaluate(
        "() => Array.from(document.images).filter(i => i.complete && i.naturalWidth > 0).map(i => i.currentSrc)"
    )
    return len(srcs), sum(os.path.getsize(unquote(urlparse(s).path)) for s in srcs)


def test_5000_posts_open_small_scroll_on_filter_across_pages_and_fit_their_boxes(
    tmp_path: Path, browser
) -> None:
    from generator.publish.gallery import write_gallery

    out = tmp_path / "out"
    entries = many_posts(out, 5000, ("en-GB", "ar", "de-DE"))
    last = entries[-1]
    # One post changed since the previous build, the last one: on the last page.
    before = {e.path: (e.sha256, e.caption, e.alt) for e in entries}
    before[last.path] = ("0" * 64, last.caption, last.alt)
    index = write_gallery(out, entries, before, "Big help centre", lang="en-GB")
    assert index.stat().st_size < PAGE_BUDGET
    requests: list[str] = []
    page, errors = _open(browser, index.as_uri(), requests)
    page.wait_for_load_state("load")
    page.wait_for_timeout(500)
    assert page.inner_text("#f-count") == "Showing 5000 of 5000 posts"
    # The first screen: thumbnails, decoded, and little to download.
    shown, size = _decoded(page, out)
    assert shown >= 8 and size < IMAGE_BUDGET, (shown, size)
    first = page.eval_on_selector_all(
        "img", "is => is.slice(0, 8).map(i => [i.getAttribute('src'), i.naturalWidth])"
    )
    assert all(src.startswith("gallery/thumbs/") and 300 <= width <= 420 for src, width in first), first
    loaded_before = page.eval_on_selector_all(".card", "cs => cs.length")
    assert loaded_before < 400
    # The default locale first: in the language filter and in every group of cards.
    assert page.eval_on_selector_all("#f-lang option", "os => os.map(o => o.value)") == [
        "",
        "en-GB",
        "ar",
        "de-DE",
    ]
    firsts = page.eval_on_selector_all(
        ".grid", "gs => gs.filter(g => g.firstElementChild).map(g => g.firstElementChild.dataset.lang)"
    )
    assert firsts and set(firsts) == {"en-GB"}
    # Boxes fit their content: no card taller than what it holds, and not all one height.
    slack = page.eval_on_selector_all(
        ".card", """cs => cs.slice(0, 24).map(c => {
          const body = c.querySelector('.body').getBoundingClientRect();
          return c.getBoundingClientRect().bottom - body.bottom; })""")  # fmt: skip
    assert slack and max(slack) < 3, slack
    heights = page.eval_on_selector_all(".card", "cs => cs.slice(0, 24).map(c => c.offsetHeight)")
    assert len(set(heights)) > 1
    # Scrolling loads later posts, page by page, and their thumbnails decode.
    for _ in range(6):
        page.mouse.wheel(0, 6000)
        page.wait_for_timeout(150)
    later = page.eval_on_selector_all(".card", "cs => cs.length")
    assert later > loaded_before
    page.wait_for_function(
        "() => Array.from(document.images).filter(i => i.getBoundingClientRect().top < innerHeight"
        " && i.getBoundingClientRect().bottom > 0).every(i => i.complete && i.naturalWidth > 0)",
        timeout=15_000,
    )  # fmt: skip
    assert any("/gallery/cards-" in u for u in requests)
    # A link to the changed post, which is on a page not loaded yet, loads it and goes there.
    page.evaluate("() => window.scrollTo(0, 0)")
    page.click("section.changes a[data-page]")
    card_id = page.eval_on_selector("section.changes a[data-page]", "a => a.hash.slice(1)")
    page.wait_for_function("id => { const c = document.getElementById(id); if (!c) return false;"
                           " const r = c.getBoundingClientRect(); return r.top < innerHeight && r.bottom > 0; }",
                           arg=card_id, timeout=15_000)  # fmt: skip
    # Filters count every post, loaded or not, and fetch only the pages with matches.
    page.select_option("#f-lang", "ar")
    assert (
        page.inner_text("#f-count") == f"Showing {sum(1 for e in entries if e.locale == 'ar')} of 5000 posts"
    )
    page.select_option("#f-platform", "x")
    page.check("#f-changed")
    assert page.inner_text("#f-count") == "Showing 0 of 5000 posts"
    assert page.is_visible("#f-empty")
    page.uncheck("#f-changed")
    page.select_option("#f-lang", "en-GB")
    _load_all(page)
    shown = _visible_cards(page)
    expected = [e for e in entries if e.locale == "en-GB" and e.platform == "x"]
    assert len(shown) == len(expected) and {c["platform"] for c in shown} == {"x"}
    assert "lang=en-GB" in page.url and "platform=x" in page.url
    assert errors == []
    # No network: everything the page loaded is a file beside it.
    assert requests and all(u.startswith(out.as_uri() + "/") for u in requests)


def test_a_page_that_lands_as_the_reader_reaches_the_bottom_still_loads_the_next(
    tmp_path: Path, browser
) -> None:
    """The race CI met: a later page's cards push "Loading more posts…" far down, and the
    reader's scroll back to the bottom lands before the browser's next frame. The
    observer then sees the marker in view before and after, reports no change, and the
    gallery stopped loading for good. A page's arrival must re-arm the observer."""
    from generator.publish.gallery import write_gallery

    out = tmp_path / "out"
    entries = many_posts(out, 2000, ("en-GB",))
    index = write_gallery(out, entries, {}, "Big help centre", lang="en-GB")
    page, errors = _open(browser, index.as_uri())
    page.wait_for_load_state("load")
    pages = page.evaluate(
        "() => JSON.parse(document.getElementById('gallery-index').textContent).pages.length"
    )
    assert pages >= 3
    # The reader's scroll arrives in the same task as the page's cards, before any frame.
    page.evaluate("""() => { const arrive = window.selfserveGallery;
      window.selfserveGallery = function (n, cards) {
        arrive(n, cards); window.scrollTo(0, document.body.scrollHeight); }; }""")
    _load_all(page)
    assert len(_visible_cards(page)) == len(entries)
    assert errors == []
