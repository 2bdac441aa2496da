"""Parallel builds give each worker whole lanes (a locale and platform) and an equal share,
start the longest jobs first, each heavy job in a batch of its own, and schedule every job
exactly once whatever the worker count."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.kinds import all_kinds
from generator.load.project import load_project
from generator.publish.build import BuildOptions, plan_jobs
from generator.publish.workers import lane, schedule


@pytest.fixture(scope="module")
def jobs(tmp_path_factory):
    root = Path(__file__).resolve().parents[2]  # the sample project
    planned, _, _, _ = plan_jobs(load_project(root), BuildOptions(out=tmp_path_factory.mktemp("o")))
    return planned


def _weight(job):
    return all_kinds()[job.kind].weight


@pytest.mark.parametrize("workers", [1, 2, 8])
def test_every_job_once_heaviest_first_and_alone(jobs, workers):
    queues = schedule(jobs, workers)
    assert len(queues) == workers
    flat = [j.out for q in queues for b in q for j in b]
    assert sorted(flat) == sorted(j.out for j in jobs) and len(flat) == len(set(flat))
    guides = [j for j in jobs if j.kind == "guide"]
    assert guides, "the sample project plans guides"
    for queue in queues:
        weights = [_weight(j) for b in queue for j in b]
        assert weights == sorted(weights, reverse=True)  # never a heavier job after a lighter one
        for batch in queue:
            assert len(batch) == 1 or all(_weight(j) < 100 for j in batch)  # a guide alone


@pytest.mark.parametrize("workers", [2, 3])
def test_each_worker_takes_whole_lanes_and_an_equal_share(jobs, workers):
    """Dealt round-robin, every worker drew every locale and platform and warmed its own
    caches of each: a lane (locale, platform) is one worker's, unless it is heavier than
    a worker's share."""
    queues = schedule(jobs, workers)
    lanes = [{lane(j) for b in q for j in b} for q in queues]
    shared = [x for i, a in enumerate(lanes) for b in lanes[i + 1:] for x in a & b]
    assert len(shared) <= workers - 1, shared
    total = sum(_weight(j) for j in jobs)
    heaviest = max(_weight(j) for j in jobs)
    for q in queues:
        assert abs(sum(_weight(j) for b in q for j in b) - total / workers) <= heaviest


def test_two_platforms_of_equal_weight_go_one_to_each_worker(jobs):
    """800 FAQs on two platforms: each worker draws one platform, none is cut."""
    two = [j for j in jobs if j.kind == "faq" and lane(j) in {lane(jobs[0]), (lane(jobs[0])[0], "x")}]
    assert len({lane(j) for j in two}) == 2
    queues = schedule(two, 2)
    assert [len({lane(j) for b in q for j in b}) for q in queues] == [1, 1]


def test_one_lane_still_keeps_every_worker_busy(jobs):
    one = [j for j in jobs if j.kind == "faq" and lane(j) == lane(jobs[0])]
    assert len(one) >= 4
    queues = schedule(one, 2)
    assert all(queues) and sum(len(b) for q in queues for b in q) == len(one)


def test_the_queues_depend_on_the_jobs_only(jobs):
    first = [[[j.out for j in b] for b in q] for q in schedule(jobs, 2)]
    assert first == [[[j.out for j in b] for b in q] for q in schedule(list(jobs), 2)]


def test_the_first_wave_gets_every_worker_while_the_guide_renders(jobs, monkeypatch):
    """An edit's cards are what its first commit waits for: while a worker lays out the
    guide, the cards are drawn by ``workers`` other processes, not by the one left over
    (the deferred wave has a process of its own). Workers are forked, so they run the
    patched ``render_one``."""
    import os
    import time

    from generator.publish import workers as w

    def fake(job, ctx=None):
        if job.kind == "guide":
            time.sleep(1.0)
        else:
            time.sleep(0.05)
        return (job.kind, os.getpid())

    monkeypatch.setattr(w, "render_one", fake)
    guide = next(j for j in jobs if j.kind == "guide")
    cards = [j for j in jobs if j.kind == "faq"][:13]
    with w.RenderPool([guide, *cards], None, 2, later=lambda j: j.kind == "guide") as pool:
        now = list(pool.now())
        later = list(pool.later())
    assert [k for k, _ in later] == ["guide"] and len(now) == len(cards)
    guide_pid = later[0][1]
    card_pids = {pid for _, pid in now} - {os.getpid()}  # the first card is drawn here
    assert guide_pid not in card_pids and len(card_pids) == 2, (guide_pid, card_pids)


def test_a_worker_whose_queue_is_done_takes_the_others_last_batches(jobs, monkeypatch):
    """Lanes are shared out by weight, which only estimates cost: when one worker's lanes
    are slower, the other takes batches from the end of its queue."""
    import os
    import time

    from generator.publish import workers as w

    cards = [j for j in jobs if j.kind == "faq"][:40]
    slow = {j.out for b in schedule(cards, 2)[0] for j in b}

    def fake(job, ctx=None):
        time.sleep(0.15 if job.out in slow else 0.005)
        return (job.out, os.getpid())

    monkeypatch.setattr(w, "render_one", fake)
    with w.RenderPool(cards, None, 2) as pool:
        done = list(pool.now())
    assert sorted(out for out, _ in done) == sorted(j.out for j in cards)
    pids = {pid for out, pid in done if out in slow} - {os.getpid()}
    assert len(pids) == 2, "the fast worker took none of the slow queue's batches"


def test_warnings_are_listed_in_plan_order_whatever_finishes_first(sample, monkeypatch):
    """Workers hand results back as they finish them; the build's warnings (printed, and
    in build --json and the stamp) must not depend on which finished first."""
    import dataclasses
    import time
    import zlib

    from generator.publish import workers as w
    from generator.publish.build import build

    real = w.render_one

    def scrambled(job, ctx=None):
        time.sleep(zlib.crc32(job.out.encode()) % 7 / 200)  # finish in another order
        result = real(job, ctx)
        return dataclasses.replace(result, warnings=(*result.warnings, f"drawn: {job.out}"))

    monkeypatch.setattr(w, "render_one", scrambled)
    opts = dict(kinds=("faq",), platforms=("x", "bluesky", "linkedin"), force=True)
    said = []
    for n in (1, 2):
        summary = build(load_project(sample), BuildOptions(out=sample / f"out{n}", jobs=n, **opts))
        said.append([x for x in summary.warnings if x.startswith("drawn: ")])
    planned, _, _, _ = plan_jobs(load_project(sample), BuildOptions(out=sample / "out1", **opts))
    assert said[0] == said[1] == [f"drawn: {j.out}" for j in planned]


@pytest.mark.parametrize("workers", [1, 2])
def test_the_guides_process_warms_up_before_its_first_guide(jobs, monkeypatch, workers):
    """The deferred wave's process runs the kind's ``warm`` (the guide's imports WeasyPrint
    and matplotlib) before its first job and keeps what it imported for every guide; it
    was the guide's child that imported them, once per guide, and threw them away."""
    import dataclasses
    import os
    import time

    from generator.kinds import REGISTRY
    from generator.publish import workers as w

    def warm():
        os.environ["SELFSERVE_TEST_WARMED"] = str(os.getpid())

    def fake(job, ctx=None):
        time.sleep(0.02)
        return (job.kind, os.getpid(), os.environ.get("SELFSERVE_TEST_WARMED"))

    monkeypatch.delenv("SELFSERVE_TEST_WARMED", raising=False)
    monkeypatch.setitem(REGISTRY, "guide", dataclasses.replace(REGISTRY["guide"], warm=warm))
    monkeypatch.setattr(w, "render_one", fake)
    guides = [j for j in jobs if j.kind == "guide"]
    cards = [j for j in jobs if j.kind == "faq"][:13]
    assert len(guides) >= 2
    with w.RenderPool([*guides, *cards], None, workers, later=lambda j: j.kind == "guide") as pool:
        now = list(pool.now())
        later = list(pool.later())
    assert len(now) == len(cards) and [k for k, _, _ in later] == ["guide"] * len(guides)
    assert all(warmed == str(pid) and pid != os.getpid() for _, pid, warmed in later), later
    assert all(warmed is None for _, _, warmed in now)  # the card workers import no WeasyPrint
    assert "SELFSERVE_TEST_WARMED" not in os.environ


def test_the_guides_warm_up_imports_weasyprint_and_matplotlib():
    import subprocess
    import sys

    code = ("import sys; from generator.render.guide import warm_up; warm_up(); "
            "print(all(m in sys.modules for m in ('weasyprint', 'matplotlib.figure', "
            "'matplotlib.backends.backend_svg', 'generator.render.charts.draw')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"
