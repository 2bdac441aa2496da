"""Two commits when the guide has work: the cards are published first, the guide after.

An FAQ edit must not wait seconds for the PDF guide (issue 25): the build commits every
other asset as soon as it is done, with the guide's previous file still listed, then the
guide that a worker rendered meanwhile. Each commit is a complete, consistent folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

import pytest

from generator.errors import SelfserveError
from generator.kinds import all_kinds
from generator.load.project import load_project
from generator.publish.build import BuildOptions, BuildSummary, build


@pytest.fixture()
def project(project: Path) -> Path:
    """The starter project on two platforms (set in selfserve.yaml: a build limited with
    --platform leaves the guide alone)."""
    cfg = project / "selfserve.yaml"
    cfg.write_text(cfg.read_text() + "\nplatforms: [x, bluesky]\n")
    return project


def _entries(out: Path) -> dict[str, dict]:
    return {e["path"]: e for e in json.loads((out / "manifest.json").read_text())["assets"]}


def _consistent(out: Path) -> dict[str, dict]:
    """The manifest, after checking that every file it lists holds the bytes it says."""
    entries = _entries(out)
    for path, e in entries.items():
        assert hashlib.sha256((out / path).read_bytes()).hexdigest() == e["sha256"], path
    return entries


def _edit(project: Path) -> None:
    faqs = project / "content" / "faqs.yaml"
    text = faqs.read_text()
    assert "30 minutes" in text
    faqs.write_text(text.replace("30 minutes", "45 minutes"))


@pytest.mark.parametrize("jobs", [1, 2])
def test_cards_are_committed_before_the_guide(project: Path, jobs: int) -> None:
    out = project / "output"
    opts = BuildOptions(out=out, jobs=jobs, kinds=("faq", "guide"))
    build(load_project(project), opts)
    old = _consistent(out)
    old_guide = old["guides/guide.pdf"]["sha256"]
    _edit(project)
    seen: list[dict[str, dict]] = []

    def published(summary: BuildSummary) -> None:
        seen.append(_consistent(out))  # what serve shows when it reloads the page
        assert summary.published_seconds is not None

    summary = build(load_project(project), opts, on_published=published)
    assert len(seen) == 1
    first, final = seen[0], _consistent(out)
    changed = [p for p in final if p.endswith(".png") and final[p]["sha256"] != old[p]["sha256"]]
    assert changed, "the edit changed no card"
    # At the first commit the edited cards are new and the guide is the previous one ...
    assert all(first[p]["sha256"] == final[p]["sha256"] for p in changed)
    assert first["guides/guide.pdf"]["sha256"] == old_guide
    # ... and the second commit brings the new guide.
    assert final["guides/guide.pdf"]["sha256"] != old_guide
    assert summary.published_seconds is not None and summary.published_seconds <= summary.seconds
    assert summary.files == len(final)


def test_a_build_without_guide_work_commits_once(project: Path) -> None:
    out = project / "output"
    opts = BuildOptions(out=out, jobs=1, kinds=("faq", "guide"))
    build(load_project(project), opts)
    calls: list[BuildSummary] = []
    again = build(load_project(project), opts, on_published=calls.append)
    assert calls == [] and again.published_seconds is None and again.rendered == 0


def test_a_failed_guide_leaves_the_new_cards_and_the_old_guide(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = project / "output"
    opts = BuildOptions(out=out, jobs=1, kinds=("faq", "guide"))
    build(load_project(project), opts)
    old = _consistent(out)
    _edit(project)
    kind = all_kinds()["guide"]

    def broken(job, ctx):  # noqa: ANN001, ANN202 - the renderer's signature
        raise SelfserveError("guide template: something a project broke")

    monkeypatch.setitem(all_kinds(), "guide", __import__("dataclasses").replace(kind, render=broken))
    with pytest.raises(SelfserveError, match="something a project broke"):
        build(load_project(project), opts)
    after = _consistent(out)
    assert after["guides/guide.pdf"] == old["guides/guide.pdf"]
    assert any(after[p]["sha256"] != old[p]["sha256"] for p in after if p.endswith(".png"))
    monkeypatch.undo()
    # The guide's entry still has its old key: the next build renders it, nothing else.
    fixed = build(load_project(project), opts)
    assert fixed.rendered == 1
    assert _consistent(out)["guides/guide.pdf"]["sha256"] != old["guides/guide.pdf"]["sha256"]


def _note(event: str) -> None:
    with open(os.environ["EVENTS_LOG"], "a") as fh:
        fh.write(f"{time.monotonic_ns()} {os.getpid()} {event}\n")


def _note_forked() -> None:
    """Stands in for workers._ready (submitted by reference, so defined at module level)."""
    _note("forked")


def test_a_serial_build_forks_the_guide_process_before_the_first_card(
    project: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """With --jobs 1 the guide is drawn by a process forked before the cards, so it does
    not start from a process holding every card's caches (issue 25: 510 MB at 800 FAQs),
    and it still waits for the cards (one job at a time)."""
    from generator.publish import workers

    log = tmp_path / "events.txt"
    monkeypatch.setenv("EVENTS_LOG", str(log))
    note = _note
    real = workers.render_one

    def render_one(job, ctx=None):  # type: ignore[no-untyped-def]
        note(f"start {job.kind}")
        result = real(job, ctx)
        note(f"end {job.kind}")
        return result

    monkeypatch.setattr(workers, "render_one", render_one)
    monkeypatch.setattr(workers, "_ready", _note_forked)
    build(load_project(project), BuildOptions(out=project / "output", jobs=1, kinds=("faq", "guide")))
    events = [line.split(" ", 2) for line in log.read_text().splitlines()]
    parent = str(os.getpid())
    (forked,) = [(int(t), pid) for t, pid, e in events if e == "forked"]
    guide = [(int(t), pid, e) for t, pid, e in events if e.endswith(" guide")]
    cards = [(int(t), pid, e) for t, pid, e in events if e.endswith(" faq")]
    assert len(cards) > 4 and {pid for _, pid, _ in cards} == {parent}
    assert forked[1] != parent and {pid for _, pid, _ in guide} == {forked[1]}
    assert forked[0] < min(t for t, _, _ in cards)  # forked before the first card
    assert min(t for t, _, _ in guide) > max(t for t, _, e in cards if e.startswith("end"))


def _jobs(kind: str, n: int) -> list:
    from generator.plan.jobs import RenderJob

    return [RenderJob(kind, f"{kind}-{i}", "x", f"{kind}/{i}.png", "png", str(i), None)
            for i in range(n)]


def test_the_guide_steps_back_only_when_the_cards_weigh_less_than_it() -> None:
    """An edit (some cards, a guide) gives the cores to the cards its first commit waits
    for; a full build (hundreds of cards) keeps the guide's share, or the guide would run
    alone at the end while a core idles."""
    from generator.publish.workers import RenderPool

    def yields(cards: int) -> bool:
        jobs = _jobs("faq", cards) + _jobs("guide", 1)
        pool = RenderPool(jobs, None, 2, later=lambda j: all_kinds()[j.kind].deferred)  # type: ignore[arg-type]
        return pool._yields()

    assert yields(16) and not yields(2000)
    assert not yields(0)  # nothing to give way to


def test_an_edits_guide_renders_at_a_lower_priority_than_its_cards(
    project: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from generator.publish import workers

    out = project / "output"
    opts = BuildOptions(out=out, jobs=2, kinds=("faq", "guide"))
    build(load_project(project), opts)
    _edit(project)
    log = tmp_path / "events.txt"
    monkeypatch.setenv("EVENTS_LOG", str(log))
    real = workers.render_one

    def render_one(job, ctx=None):  # type: ignore[no-untyped-def]
        _note(f"nice {os.nice(0)} {job.kind}")
        return real(job, ctx)

    monkeypatch.setattr(workers, "render_one", render_one)
    build(load_project(project), opts)
    seen = {tuple(line.split(" ")[3:5]) for line in log.read_text().splitlines()}
    mine = os.nice(0)
    assert (str(min(19, mine + workers.LATER_NICE)), "guide") in seen
    assert {n for n, kind in seen if kind == "faq"} == {str(mine)}


def test_serve_warms_the_guides_imports_once_so_each_edits_guide_process_inherits_them() -> None:
    import subprocess
    import sys

    code = ("import sys; from generator.commands.serve import warm_deferred; "
            "warm_deferred(tuple(sys.argv[1:])); "
            "print(all(m in sys.modules for m in ('weasyprint', 'matplotlib.figure')))")
    run = [sys.executable, "-c", code]
    assert subprocess.run(run, capture_output=True, text=True, check=True).stdout.strip() == "True"
    # `serve --kind faq` builds no guide: nothing to warm.
    faq_only = subprocess.run([*run, "faq"], capture_output=True, text=True, check=True)
    assert faq_only.stdout.strip() == "False"
