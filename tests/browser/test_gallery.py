"""The gallery in real headless Chromium (Debian's package, driven by Playwright), and the
live preview of ``selfserve serve``.

Playwright's own browser download does not work on these machines, so the browser is
the system's ``chromium`` (``executable_path``); the tests skip, saying so, without it.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from generator.load.project import load_project
from generator.publish.build import BuildOptions, build
from tests.browser.conftest import CHROMIUM

# A real browser and a real build per test: seconds each, so not in the fast lane.
pytestmark = [
    pytest.mark.integration,
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed "
                                                "(apt-get install chromium; .ci/install does it)"),
]
#: Cards of every shape: a post, a wide banner, a document (PDF), carousels (issues).
PLATFORMS = ("x", "bluesky-banner", "linkedin-document")

# WCAG 2.x contrast of every visible text node against the first opaque background behind it.
CONTRAST_JS = """() => {
  function rgb(s) { const m = s.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const p = m[1].split(',').map(x => parseFloat(x)); return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1}; }
  function lum(c) { const f = v => { v /= 255; return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); }
  function bg(el) { for (let e = el; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor);
      if (c && c.a >= 0.99) return c; } return {r: 255, g: 255, b: 255, a: 1}; }
  const bad = []; const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let checked = 0;
  while (walker.nextNode()) {
    const t = walker.currentNode; if (!t.textContent.trim()) continue;
    const el = t.parentElement; if (!el || el.closest('script,style,[hidden]') || !el.getClientRects().length) continue;
    const st = getComputedStyle(el); if (st.visibility === 'hidden') continue;
    const fg = rgb(st.color), b = bg(el); const l1 = lum(fg), l2 = lum(b);
    const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
    const size = parseFloat(st.fontSize), bold = parseInt(st.fontWeight) >= 700;
    const need = (size >= 24 || (bold && size >= 18.66)) ? 3 : 4.5;
    checked++;
    if (ratio < need) bad.push(`${t.textContent.trim().slice(0, 40)}: ${ratio.toFixed(2)} < ${need}`);
  }
  return {checked, bad};
}"""


def _open(browser, url: str, requests: list[str] | None = None):  # noqa: ANN202 - playwright page
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    if requests is not None:
        page.on("request", lambda r: requests.append(r.url))
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url)
    return page, errors


def _load_all(page) -> None:
    """Scroll until every page of cards a filter asks for is in (``#more`` hides), for up
    to 30 seconds: CI's machines are slower than this one, and a page is a file."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if page.evaluate("() => { const m = document.getElementById('more'); return !m || m.hidden; }"):
            return
        page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
        page.wait_for_timeout(50)
    raise AssertionError("the gallery kept loading pages")


def _visible_cards(page) -> list[dict]:
    return page.eval_on_selector_all(".card", "cs => cs.filter(c => c.offsetParent !== null)"
                                               ".map(c => ({platform: c.dataset.platform, kind: c.dataset.kind,"
                                               " status: c.dataset.status || '', id: c.id}))")


def test_gallery_images_load_filter_works_and_page_is_accessible(sample: Path, browser, tmp_path: Path) -> None:
    out = sample / "output"
    opts = BuildOptions(out=out, platforms=PLATFORMS)
    build(load_project(sample), opts)
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))["assets"]
    images = [e for e in manifest if e["format"] in ("png", "jpeg", "webp")]
    assert {e["kind"] for e in manifest} >= {"faq", "carousel", "banner"}

    requests: list[str] = []
    page, errors = _open(browser, (out / "index.html").as_uri(), requests)
    assert page.get_attribute("html", "lang") == "en"
    # Every image: in the page once (its later pages loaded by scrolling), as a thumbnail
    # that links to the file itself, with its alt text, and loaded (lazy ones made eager).
    _load_all(page)
    hrefs = page.eval_on_selector_all("a.full", "as => as.map(a => a.getAttribute('href').split('?')[0])")
    assert sorted(hrefs) == sorted(e["path"] for e in images)
    srcs = page.eval_on_selector_all("img", "is => is.map(i => i.getAttribute('src'))")
    assert len(srcs) == len(images) and all(s.startswith("gallery/thumbs/") for s in srcs)
    page.eval_on_selector_all("img", "is => is.forEach(i => { i.loading = 'eager'; })")
    page.wait_for_function("() => Array.from(document.images).every(i => i.complete)", timeout=30_000)
    broken = page.eval_on_selector_all("img", "is => is.filter(i => !(i.naturalWidth > 0)).map(i => i.src)")
    assert broken == []
    alts = page.eval_on_selector_all("img", "is => is.map(i => i.alt)")
    assert all(a.strip() for a in alts)
    # Shown at the asset's aspect ratio (within a pixel of rounding).
    ratios = page.eval_on_selector_all(
        "img", "is => is.filter(i => i.offsetParent).map(i => [i.clientWidth / i.clientHeight,"
               " i.naturalWidth / i.naturalHeight])")
    assert ratios and all(abs(a - b) / b < 0.02 for a, b in ratios)
    # Captions of every card are in the page as the manifest has them.
    first = next(e for e in images if e["platform"] == "x" and e["kind"] == "faq")
    assert first["caption"].split("\n")[0] in page.text_content(f"li.card:has(a.full[href^='{first['path']}'])")

    total = len(_visible_cards(page))
    assert page.inner_text("#f-count") == f"Showing {total} of {total} posts"
    # Filter by platform: only that platform's cards stay, the count says so.
    page.select_option("#f-platform", "x")
    shown = _visible_cards(page)
    assert shown and {c["platform"] for c in shown} == {"x"}
    assert len(shown) == len({(e["kind"], e["source"]["id"], e.get("part"), e.get("locale"))
                              for e in images if e["platform"] == "x"})
    assert page.inner_text("#f-count") == f"Showing {len(shown)} of {total} posts"
    assert set(page.eval_on_selector_all("section.kind", "ss => ss.filter(s => !s.hidden).map(s => s.dataset.kind)")) \
        == {c["kind"] for c in shown}
    assert "platform=x" in page.url
    page.select_option("#f-kind", "carousel")
    assert {(c["platform"], c["kind"]) for c in _visible_cards(page)} == {("x", "carousel")}
    page.select_option("#f-platform", "")
    page.select_option("#f-kind", "")
    # Keyboard: Tab reaches the skip link, then the platform filter; arrows change it.
    page.focus("body")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "f-platform"
    page.keyboard.press("ArrowDown")
    chosen = page.eval_on_selector("#f-platform", "s => s.value")
    assert chosen and {c["platform"] for c in _visible_cards(page)} == {chosen}
    page.select_option("#f-platform", "")
    # Every control has a label; text meets WCAG AA contrast.
    for sel in ("#f-platform", "#f-kind", "#f-changed"):
        assert page.locator(f"label[for='{sel[1:]}']").count() == 1
    page.eval_on_selector_all("details", "ds => ds.forEach(d => { d.open = true; })")
    contrast = page.evaluate(CONTRAST_JS)
    assert contrast["checked"] > 100 and contrast["bad"] == []
    page.screenshot(path=str(tmp_path / "gallery.png"))
    assert errors == []
    # No network: the page and everything it loads are files next to it.
    assert requests and all(u.startswith(out.as_uri() + "/") for u in requests), \
        [u for u in requests if not u.startswith(out.as_uri())][:5]

    # Edit one FAQ: the next build's gallery marks its cards as changed, and only those.
    faqs = sample / "content" / "faqs.yaml"
    faqs.write_text(faqs.read_text("utf-8").replace("We roast on **Mondays and Thursdays**",
                                                    "We roast on **Tuesdays and Fridays**"), "utf-8")
    build(load_project(sample), opts)
    page, errors = _open(browser, (out / "index.html").as_uri() + "#changed=1")
    _load_all(page)  # the filter loads the pages that hold changed cards, and only those
    changed = _visible_cards(page)
    assert changed and all(c["status"] for c in changed)
    faq_cards = {c["id"] for c in changed if c["kind"] == "faq"}
    assert faq_cards and all("delivery-times" in i for i in faq_cards)
    assert any(c["platform"] == "x" and c["kind"] == "faq" for c in changed)
    assert page.locator("section.changes a[href^='#']").count() == len(changed)
    assert errors == []


def _lines(proc: subprocess.Popen) -> queue.Queue:
    q: queue.Queue = queue.Queue()

    def pump() -> None:
        for line in proc.stdout:  # type: ignore[union-attr]
            q.put(line)

    threading.Thread(target=pump, daemon=True).start()
    return q


def test_serve_rebuilds_and_reloads_when_a_faq_changes(project: Path, browser) -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--project", str(project), "--port", "0",
                             "--platform", "x", "--kind", "faq"], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, env=env)
    try:
        lines = _lines(proc)
        url, deadline, seen = None, time.monotonic() + 60, []
        while url is None and time.monotonic() < deadline:
            try:
                line = lines.get(timeout=1)
            except queue.Empty:
                continue
            seen.append(line)
            if line.startswith("Serving "):
                url = line.split()[1]
        assert url and url.startswith("http://127.0.0.1:"), "".join(seen)
        page, errors = _open(browser, url)
        card = "li.card[data-platform='x']:has(a.full[href^='x/faq/how-do-i-reset-my-password'])"
        assert "The link works for 30 minutes." in page.text_content(card)
        src_before = page.get_attribute(f"{card} img", "src")
        faqs = project / "content" / "faqs.yaml"
        faqs.write_text(faqs.read_text("utf-8").replace("The link works for 30 minutes.",
                                                        "The link works for 2 hours."), "utf-8")
        # The page polls the server, which rebuilds; the reloaded page shows the new words.
        page.wait_for_function(
            "sel => (document.querySelector(sel) || {}).textContent?.includes('The link works for 2 hours.')",
            arg=card, timeout=45_000)
        assert page.get_attribute(f"{card} img", "src") != src_before  # the image changed too
        assert page.eval_on_selector(f"{card} img", "i => i.complete && i.naturalWidth > 0")
        assert page.get_attribute(card, "data-status") == "image"
        assert errors == []
    finally:
        proc.send_signal(signal.SIGINT)  # Ctrl-C
        try:
            code = proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
    assert code == 0
