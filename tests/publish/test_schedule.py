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
