"""Build benchmark: cards per second (serial, all cores), a headless-Chromium baseline
in the same run, no-op and one-edit rebuilds, validate time and peak memory.

Run from the repository root:

    .venv/bin/python bench/bench_build.py            # 200 FAQs x 16 platforms
    .venv/bin/python bench/bench_build.py --faqs 50  # quicker

It copies the sample project to a temporary folder, scales its FAQs to --faqs by
cycling them with new ids, and runs the real CLI in subprocesses (start-up time
included, as a user or CI sees it). Figures are printed; nothing is asserted.
"""

from __future__ import annotations

import argparse
import html
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_FILES = ("selfserve.yaml", "content", "assets", "templates")


def make_project(dest: Path, faqs: int, source: Path = ROOT) -> list[dict]:
    for name in SAMPLE_FILES:
        src = source / name
        if src.is_dir():
            shutil.copytree(src, dest / name)
        elif src.is_file():
            shutil.copy(src, dest / name)
    base = yaml.safe_load((source / "content" / "faqs.yaml").read_text())["faqs"]
    items = []
    for i in range(faqs):
        item = dict(base[i % len(base)])
        # The first copy keeps its id (stats refer to it); later copies get new ones.
        first = item.get("id") or f"faq-{i:04d}"
        item["id"] = first if i < len(base) else f"{first}-{i // len(base) + 1}"
        if i >= len(base):  # identical questions are refused (a located error)
            item["question"] = f"{item['question']} ({i // len(base) + 1})"
        items.append(item)
    (dest / "content" / "faqs.yaml").write_text(yaml.safe_dump({"faqs": items}, allow_unicode=True))
    cfg = yaml.safe_load((dest / "selfserve.yaml").read_text())
    cfg["platforms"] = []  # every card platform
    (dest / "selfserve.yaml").write_text(yaml.safe_dump(cfg, allow_unicode=True))
    return items


def run(args: list[str]) -> tuple[float, str]:
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True)
    took = time.perf_counter() - t
    if proc.returncode not in (0,):
        print(proc.stdout[-2000:], proc.stderr[-2000:], file=sys.stderr)
        raise SystemExit(f"selfserve {' '.join(args)} failed with {proc.returncode}")
    return took, proc.stdout


def card_html(item: dict, width: int, height: int) -> str:
    """The FAQ card as HTML/CSS, the way browser-based peers draw it."""
    q, a = html.escape(item["question"]), html.escape(item["answer"])
    return f"""<!doctype html><html><head><style>
    body {{ margin:0; width:{width}px; height:{height}px; background:#1D4E4A;
           font-family:'Noto Sans',sans-serif; }}
    .panel {{ position:absolute; left:5%; top:12%; right:5%; bottom:12%; background:#FBF6EE;
              border-radius:36px; padding:6%; display:flex; flex-direction:column;
              justify-content:center; gap:26px; }}
    .cat {{ align-self:flex-start; background:#E9A23B; border-radius:99px; padding:8px 22px;
            font:700 26px 'Noto Sans'; text-transform:uppercase; }}
    h1 {{ margin:0; color:#1D4E4A; font:700 64px/1.15 'Noto Sans'; }}
    p {{ margin:0; color:#1E1E1E; font:400 38px/1.35 'Noto Sans'; }}
    .brand {{ position:absolute; left:5%; top:3%; color:#fff; font:700 32px 'Noto Sans'; }}
    </style></head><body><div class="brand">Kettle &amp; Co.</div><div class="panel">
    <div class="cat">{html.escape(str(item.get('category', 'Help')))}</div><h1>{q}</h1>
    <p>{a}</p></div></body></html>"""


def chromium_baseline(items: list[dict], n: int) -> float | None:
    """Cards per second from one persistent headless Chromium page (Playwright)."""
    exe = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(exe).exists():
        print("chromium baseline: skipped (install Debian's chromium package)")
        return None
    from playwright.sync_api import sync_playwright

    sizes = [(1080, 1350), (1600, 900), (1080, 1080), (1080, 1920)]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run", "--disable-sync"])
        page = browser.new_page()
        page.set_content(card_html(items[0], 1080, 1350))  # warm up
        page.screenshot(type="png")
        t = time.perf_counter()
        for i in range(n):
            w, h = sizes[i % len(sizes)]
            page.set_viewport_size({"width": w, "height": h})
            page.set_content(card_html(items[i % len(items)], w, h))
            page.screenshot(type="png")
        took = time.perf_counter() - t
        browser.close()
    return n / took


def profile_top(project: Path, out: Path) -> str:
    """Where a serial build spends its time (cumulative, top functions)."""
    import cProfile
    import io
    import pstats

    sys.path.insert(0, str(ROOT))
    from generator.load.project import load_project
    from generator.publish.build import BuildOptions, build

    proj = load_project(project)
    prof = cProfile.Profile()
    prof.enable()
    build(proj, BuildOptions(out=out, jobs=1, force=True, kinds=("faq",),
                             platforms=("x", "instagram-portrait")))
    prof.disable()
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("tottime").print_stats(12)
    return buf.getvalue()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--faqs", type=int, default=200)
    ap.add_argument("--browser-cards", type=int, default=60)
    ap.add_argument("--profile", action="store_true", help="print a profile of a serial build")
    ap.add_argument("--source", type=Path, default=ROOT, help="project to scale (default: the sample)")
    args = ap.parse_args()
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        proj = Path(tmp) / "proj"
        proj.mkdir()
        items = make_project(proj, args.faqs, args.source)
        out = Path(tmp) / "out"
        common = ["build", "--project", str(proj), "--out", str(out), "--kind", "faq", "--json"]

        t_validate, _ = run(["validate", "--project", str(proj)])
        t_serial, o = run([*common, "--jobs", "1", "--force"])
        import json

        cards = json.loads(o)["rendered"]
        t_par, _ = run([*common, "--jobs", str(cores), "--force"])
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        t_noop, o = run([*common, "--jobs", str(cores)])
        noop = json.loads(o)
        faqs_file = proj / "content" / "faqs.yaml"
        data = yaml.safe_load(faqs_file.read_text())
        data["faqs"][7]["answer"] += " (Updated.)"
        faqs_file.write_text(yaml.safe_dump(data, allow_unicode=True))
        t_edit, o = run([*common, "--jobs", str(cores)])
        edit = json.loads(o)
        browser = chromium_baseline(items, args.browser_cards)

        serial_cps, par_cps = cards / t_serial, cards / t_par
        print(f"machine: {os.uname().machine}, {cores} cores, Python {sys.version.split()[0]}")
        if os.environ.get("PYTHONDONTWRITEBYTECODE"):
            print("note: PYTHONDONTWRITEBYTECODE is set, so every run recompiles selfserve "
                  "(about 0.2-0.3 s of each figure below); unset it to measure what users see")
        print(f"project: {args.faqs} FAQs x {cards // args.faqs} platforms = {cards} cards")
        print(f"full build, 1 process   : {t_serial:6.2f} s  {serial_cps:6.1f} cards/s")
        print(f"full build, {cores} processes : {t_par:6.2f} s  {par_cps:6.1f} cards/s "
              f"({t_serial / t_par:.2f}x serial)")
        if browser:
            print(f"chromium baseline       : {browser:6.1f} cards/s (one persistent page, "
                  f"{args.browser_cards} cards)")
            print(f"ratio selfserve/chromium: {par_cps / browser:6.2f}x with {cores} cores, "
                  f"{serial_cps / browser:.2f}x serial")
        print(f"no-op rebuild           : {t_noop:6.2f} s  ({noop['reused']} reused, "
              f"{noop['rendered']} rendered)")
        print(f"one FAQ edited          : {t_edit:6.2f} s  ({edit['rendered']} rendered)")
        print(f"validate                : {t_validate:6.2f} s")
        print(f"peak memory (largest process): {peak_mb:.0f} MB")
        if args.profile or par_cps < 40:
            print("\nwhere the time goes (serial build of 2 platforms, by own time):")
            print(profile_top(proj, Path(tmp) / "prof"))


if __name__ == "__main__":
    main()
