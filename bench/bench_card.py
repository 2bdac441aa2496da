"""Per-card cost against peers, in one run: CPU time per 1080x1350 FAQ card, PNG size.

Run from the repository root (after `sh .ci/install` and, for the Node peers, once
`sh bench/peers/setup.sh`):

    .venv/bin/python bench/bench_card.py              # 8 rounds of 15 cards per engine
    .venv/bin/python bench/bench_card.py --rounds 3   # quicker
    git worktree add /tmp/before main && .venv/bin/python bench/bench_card.py --before /tmp/before

Every engine is a warm, persistent renderer (fonts loaded, first card drawn) and draws
the sample's FAQs one after another: selfserve in this process (the `threads` preset,
1080x1350 PNG, through the same `render_one` a build calls), Takumi and satori + resvg
in one Node process each (bench/peers/render.mjs), and one Chromium page (Debian's
/usr/bin/chromium through Playwright). Rounds are interleaved (A B C D A B C D ...) so a
machine whose speed drifts under other load drifts for all of them alike.

Cost is CPU time (user + system, every thread, and for Chromium every process of the
browser and of Playwright's driver), not wall time, so the figure is per core and
does not depend on how busy the other cores are. Figures are printed; nothing is asserted.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PEERS = Path(__file__).resolve().parent / "peers"
FONT_DIR = Path("/usr/share/fonts/truetype/noto")
TICK = os.sysconf("SC_CLK_TCK")
W, H = 1080, 1350


def tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) of ``pid`` and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    times: dict[int, float] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        ppid = int(fields[1])
        children.setdefault(ppid, []).append(int(entry))
        times[int(entry)] = (int(fields[11]) + int(fields[12])) / TICK
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        total += times.get(p, 0.0)
        todo += children.get(p, [])
    return total


class Selfserve:
    name = "selfserve"

    def __init__(self) -> None:
        if str(ROOT) not in sys.path:
            sys.path.insert(0, str(ROOT))
        from generator.load.project import load_project
        from generator.publish.build import BuildOptions, plan_jobs
        from generator.publish.workers import render_one

        project = load_project(ROOT)
        self.jobs, self.ctx, _, _ = plan_jobs(project, BuildOptions(
            out=Path("/nonexistent"), kinds=("faq",), platforms=("threads",)))
        self._render = render_one
        self.render(0)

    def cpu(self) -> float:
        return time.process_time()

    def render(self, i: int) -> int:
        result = self._render(self.jobs[i % len(self.jobs)], self.ctx)
        return sum(len(f.data) for f in result.files)

    def close(self) -> None:
        pass


class SelfserveAt:
    """selfserve from another checkout (``--before``), in its own process: before/after in one run."""

    def __init__(self, tree: Path) -> None:
        self.name = f"selfserve@{tree.name}"
        env = {**os.environ, "PYTHONPATH": str(tree)}
        self.proc = subprocess.Popen([sys.executable, __file__, "--worker", str(tree)], env=env,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.render(0)

    cpu = property(lambda self: lambda: tree_cpu(self.proc.pid))

    def render(self, i: int) -> int:
        assert self.proc.stdin and self.proc.stdout
        self.proc.stdin.write(f"{i}\n")
        self.proc.stdin.flush()
        return int(self.proc.stdout.readline())

    def close(self) -> None:
        assert self.proc.stdin
        self.proc.stdin.close()
        self.proc.wait()


def worker(tree: Path) -> None:
    """``--worker TREE``: render card i for each line i on stdin, print its size."""
    global ROOT
    ROOT = tree
    engine = Selfserve()
    for line in sys.stdin:
        print(engine.render(int(line)), flush=True)


class NodePeer:
    """Takumi or satori + resvg, one persistent Node process."""

    def __init__(self, engine: str, cards: list[dict]) -> None:
        self.name = {"takumi": "Takumi", "satori": "satori+resvg"}[engine]
        self.cards = cards
        self.proc = subprocess.Popen(
            ["node", str(PEERS / "render.mjs"), engine, str(FONT_DIR / "NotoSans-Regular.ttf"),
             str(FONT_DIR / "NotoSans-Bold.ttf")],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=PEERS)
        self.render(0)

    def cpu(self) -> float:
        return tree_cpu(self.proc.pid)

    def render(self, i: int) -> int:
        assert self.proc.stdin and self.proc.stdout
        self.proc.stdin.write(json.dumps({**self.cards[i % len(self.cards)], "w": W, "h": H}) + "\n")
        self.proc.stdin.flush()
        return int(json.loads(self.proc.stdout.readline())["bytes"])

    def close(self) -> None:
        assert self.proc.stdin
        self.proc.stdin.close()
        self.proc.wait()


def card_html(item: dict, width: int, height: int) -> str:
    """The FAQ card as HTML/CSS, the way browser-based peers draw it (was bench_build's, which
    no longer measures Chromium)."""
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


class Chromium:
    name = "Chromium page"

    def __init__(self, items: list[dict]) -> None:
        from playwright.sync_api import sync_playwright

        self.card_html, self.items = card_html, items
        self._pw = sync_playwright().start()
        self.browser = self._pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run", "--disable-sync"])
        self.page = self.browser.new_page(viewport={"width": W, "height": H})
        self.render(0)

    def cpu(self) -> float:
        # This process's share (Playwright's client) plus the driver and every browser process.
        return time.process_time() + sum(tree_cpu(c) for c in _children(os.getpid()))

    def render(self, i: int) -> int:
        self.page.set_content(self.card_html(self.items[i % len(self.items)], W, H))
        return len(self.page.screenshot(type="png"))

    def close(self) -> None:
        self.browser.close()
        self._pw.stop()


def _children(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat[stat.rindex(")") + 2:].split()[1]) == pid:
                out.append(int(entry))
    return out


def versions(engines: list[object]) -> list[str]:
    import PIL

    out = [f"Python {platform.python_version()}, Pillow {PIL.__version__}"]
    try:
        from importlib.metadata import version

        out.append(f"zlib-ng {version('zlib-ng')}")
    except Exception as exc:  # noqa: BLE001 - a version line must not stop the bench
        out.append(f"zlib-ng ? ({exc})")
    names = {getattr(e, "name", "") for e in engines}
    if names & {"Takumi", "satori+resvg"}:
        node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
        pkgs = []
        for pkg in ("@takumi-rs/core", "satori", "@resvg/resvg-js"):
            meta = PEERS / "node_modules" / pkg / "package.json"
            if meta.exists():
                pkgs.append(f"{pkg} {json.loads(meta.read_text())['version']}")
        out.append(f"Node {node}: " + ", ".join(pkgs))
    if "Chromium page" in names:
        out.append(subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True,
                                  text=True).stdout.strip())
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=8)
    ap.add_argument("--cards", type=int, default=15, help="cards per engine per round")
    ap.add_argument("--only", default="", help="comma-separated engines: selfserve,takumi,satori,chromium")
    ap.add_argument("--before", type=Path, action="append", default=[], metavar="TREE",
                    help="also selfserve from this checkout (e.g. a git worktree of main), same run")
    ap.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        worker(args.worker)
        return
    wanted = set(filter(None, args.only.split(","))) or {"selfserve", "takumi", "satori", "chromium"}

    import yaml

    faqs = yaml.safe_load((ROOT / "content" / "faqs.yaml").read_text())["faqs"]
    cards = [{"q": f["question"], "a": f["answer"], "cat": str(f.get("category", "Help"))} for f in faqs]
    engines: list = []
    if "selfserve" in wanted:
        engines.append(Selfserve())
    engines += [SelfserveAt(tree.resolve()) for tree in args.before]
    have_node = shutil.which("node") and (PEERS / "node_modules" / "@takumi-rs" / "core").exists()
    for engine in ("takumi", "satori"):
        if engine in wanted:
            if have_node:
                engines.append(NodePeer(engine, cards))
            else:
                print(f"{engine}: skipped (run sh bench/peers/setup.sh first)")
    if "chromium" in wanted:
        if Path("/usr/bin/chromium").exists():
            engines.append(Chromium(faqs))
        else:
            print("chromium: skipped (install Debian's chromium package)")

    load_before = os.getloadavg()
    per_card: dict[str, list[float]] = {e.name: [] for e in engines}
    sizes: dict[str, list[int]] = {e.name: [] for e in engines}
    for r in range(args.rounds):
        for e in engines:
            start = e.cpu()
            for i in range(args.cards):
                sizes[e.name].append(e.render(r * args.cards + i))
            per_card[e.name].append((e.cpu() - start) / args.cards)
    load_after = os.getloadavg()
    for e in engines:
        e.close()

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}")
    print(f"load average: {load_before[0]:.2f} before, {load_after[0]:.2f} after (1 min)")
    for line in versions(engines):
        print(line)
    print(f"{args.rounds} interleaved rounds x {args.cards} cards of {W}x{H} per engine; "
          "CPU time per card (median of rounds, min-max)")
    base = statistics.median(per_card["selfserve"]) if "selfserve" in per_card else None
    for e in engines:
        cpu = per_card[e.name]
        med = statistics.median(cpu)
        kb = statistics.mean(sizes[e.name]) / 1024
        ratio = f"  {med / base:5.2f}x selfserve's" if base else ""
        print(f"  {e.name:14s} {med * 1000:6.1f} ms ({min(cpu) * 1000:.1f}-{max(cpu) * 1000:.1f})"
              f"  PNG {kb:6.1f} KB{ratio}")


if __name__ == "__main__":
    main()
