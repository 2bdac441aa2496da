"""How fast the gallery of a big project is written and opened: 5,000 posts.

Prints, for a synthetic project of real (hard-linked) card images with true hashes
(``tests/publish/gallery_posts.py``):

- the CPU time to write the gallery the first time (every thumbnail made), again with
  nothing changed (thumbnails found by name, not decoded; the page skipped by its digest),
  and with one post changed (pages re-rendered, one thumbnail made): the no-op's and the
  change's ratio to the first write;
- the size of ``index.html``, of the later pages and of the thumbnails against the assets;
- in headless Chromium (Debian's ``chromium``), the time to load and first paint the page,
  with the baseline of the same run: ``content-visibility`` turned off (every card laid
  out on opening); and the bytes of the images the first screen decoded, against what
  the same images would weigh at full size (the gallery before thumbnails).

Ratios are printed, never asserted. Run: ``python bench/bench_gallery.py [posts]``.
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote, urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.test_gallery import CHROMIUM  # noqa: E402
from tests.publish.gallery_posts import many_posts  # noqa: E402


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _open_ms(browser, url: str, baseline: bool) -> float:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    if baseline:
        page.add_init_script("document.addEventListener('DOMContentLoaded', () => {"
                             "const s = document.createElement('style');"
                             "s.textContent = '.card { content-visibility: visible !important; }';"
                             "document.head.appendChild(s); });")
    t = time.perf_counter()
    page.goto(url, wait_until="load")
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    ms = (time.perf_counter() - t) * 1000
    page.close()
    return ms


def _first_screen(browser, url: str, out: Path) -> tuple[int, int, int]:
    """Images decoded after opening: how many, their bytes, and their full-size files' bytes."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(url, wait_until="load")
    page.wait_for_timeout(1000)
    pairs = page.evaluate("() => Array.from(document.images).filter(i => i.complete && i.naturalWidth > 0)"
                          ".map(i => [i.currentSrc, (i.closest('a') || {getAttribute: () => ''})"
                          ".getAttribute('href')])")
    page.close()
    shown = sum(os.path.getsize(unquote(urlparse(src).path)) for src, _ in pairs)
    full = sum(os.path.getsize(out / href.split("?")[0]) for _, href in pairs if href)
    return len(pairs), shown, full


def main() -> None:
    from generator.publish.gallery import write_gallery

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        entries = many_posts(out, n, ("en-GB", "de-DE"))
        t = _cpu()
        page = write_gallery(out, entries, None, "Bench", lang="en-GB")
        first = _cpu() - t
        noop = []
        for _ in range(5):
            t = _cpu()
            write_gallery(out, entries, None, "Bench", lang="en-GB")
            noop.append(_cpu() - t)
        # One post re-rendered: a new image (another of the project's) under its path.
        lead = entries[0]
        other = next(e for e in entries if e.platform == lead.platform and e.sha256 != lead.sha256)
        changed = [replace(lead, sha256=other.sha256), *entries[1:]]
        t = _cpu()
        write_gallery(out, changed, None, "Bench", lang="en-GB")
        change = _cpu() - t
        print(f"{n} posts, CPU to write the gallery: first {first:.2f} s (thumbnails made), "
              f"no-op {min(noop):.3f} s (ratio {min(noop) / first:.3f}), one post changed {change:.2f} s "
              f"(ratio {change / first:.2f})")
        pages = sorted((out / "gallery").glob("cards-*.js"))
        thumbs = list((out / "gallery" / "thumbs").iterdir())
        assets = sum(e.bytes for e in {e.sha256: e for e in entries}.values())
        print(f"index.html {page.stat().st_size / 1e3:.0f} KB; {len(pages)} later pages, largest "
              f"{max((p.stat().st_size for p in pages), default=0) / 1e3:.0f} KB; {len(thumbs)} thumbnails "
              f"{sum(p.stat().st_size for p in thumbs) / 1e3:.0f} KB for {assets / 1e6:.1f} MB of distinct "
              "assets")
        if not CHROMIUM:
            print("chromium not installed: no load timings")
            return
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            shipped, base = [], []
            for _ in range(3):  # interleaved: both see the same machine load
                shipped.append(_open_ms(b, page.as_uri(), False))
                base.append(_open_ms(b, page.as_uri(), True))
            count, shown, full = _first_screen(b, page.as_uri(), out)
            b.close()
        print(f"open to first paint: {min(shipped):.0f} ms (baseline, all cards laid out: "
              f"{min(base):.0f} ms; ratio {min(shipped) / min(base):.2f})")
        print(f"first screen: {count} images decoded, {shown / 1e3:.0f} KB (at full size "
              f"{full / 1e3:.0f} KB; ratio {shown / max(1, full):.2f})")


if __name__ == "__main__":
    main()
