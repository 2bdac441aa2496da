"""Parallel builds start the longest jobs first, each heavy job in a batch of its own,
and every job is scheduled exactly once whatever the worker count."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.kinds import all_kinds
from generator.load.project import load_project
from generator.publish.build import BuildOptions, plan_jobs
from generator.publish.workers import schedule


@pytest.fixture(scope="module")
def jobs(tmp_path_factory):
    root = Path(__file__).resolve().parents[2]  # the sample project
    planned, _, _, _ = plan_jobs(load_project(root), BuildOptions(out=tmp_path_factory.mktemp("o")))
    return planned


@pytest.mark.parametrize("workers", [1, 2, 8])
def test_every_job_once_guides_first_and_alone(jobs, workers):
    batches = schedule(jobs, workers)
    flat = [j.out for b in batches for j in b]
    assert sorted(flat) == sorted(j.out for j in jobs) and len(flat) == len(set(flat))
    guides = [j for j in jobs if j.kind == "guide"]
    assert guides, "the sample project plans guides"
    assert [b[0].kind for b in batches[:len(guides)]] == ["guide"] * len(guides)
    assert all(len(b) == 1 for b in batches[:len(guides)])
    weights = [all_kinds()[j.kind].weight for b in batches for j in b]
    assert weights == sorted(weights, reverse=True)  # never a heavier job after a lighter one


def test_order_is_the_same_for_every_worker_count(jobs):
    orders = {tuple(j.out for b in schedule(jobs, w) for j in b) for w in (1, 2, 3, 16)}
    assert len(orders) == 1


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
