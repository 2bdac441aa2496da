"""How fast the gallery of a big project is written and opened: 5,000 posts.

Prints the page's size, the time to write it, and in headless Chromium (Debian's
``chromium``) the time to load and first paint it as shipped and, as the baseline in the
same run, with ``content-visibility`` turned off (every card laid out on opening). Ratios
are printed, never asserted. Run: ``python bench/bench_gallery.py [posts]``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.test_gallery import CHROMIUM, _many_entries  # noqa: E402


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


def main() -> None:
    from playwright.sync_api import sync_playwright

    from generator.publish.gallery import write_gallery

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        entries = _many_entries(out, n, ("en-GB", "de-DE"))
        t = time.perf_counter()
        page = write_gallery(out, entries, None, "Bench", lang="en-GB")
        write_s = time.perf_counter() - t
        print(f"{n} posts: index.html {page.stat().st_size / 1e6:.1f} MB written in {write_s:.2f} s")
        if not CHROMIUM:
            print("chromium not installed: no load timings")
            return
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            shipped = min(_open_ms(b, page.as_uri(), False) for _ in range(3))
            base = min(_open_ms(b, page.as_uri(), True) for _ in range(3))
            b.close()
        print(f"open to first paint: {shipped:.0f} ms (baseline, all cards laid out: {base:.0f} ms; "
              f"ratio {shipped / base:.2f})")


if __name__ == "__main__":
    main()
