"""Fitting reply's two logistic models on labelled cases (used by ``tools/fit_reply.py``
and ``bench/bench_reply.py``; never at reply time).

The labelled sets live in ``tests/reply/data/cases/*.yaml``; each names its project.
A case belongs to the fitting half or the held-out half by a hash of its message
(:func:`split_of`), so adding a case never moves another one between halves.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from generator.load.project import load_project
from generator.reply.confidence import CONFIDENCE_FEATURES, RANK_FEATURES, Model, confidence_features
from generator.reply.evaluate import Case, load_cases
from generator.reply.search import Candidate, SearchIndex

#: The most answered messages that may be wrong when the threshold is chosen.
FALSE_CONFIDENT_TARGET = 0.05


def split_of(message: str) -> str:
    """``fit`` or ``held-out``, stable for a message."""
    return "fit" if hashlib.sha256(message.encode()).digest()[0] % 2 == 0 else "held-out"


@dataclass(frozen=True)
class CaseSet:
    name: str
    index: SearchIndex
    cases: tuple[Case, ...]
    candidates: tuple[tuple[Candidate, ...], ...]  # per case
    novelty: tuple[float, ...]  # per case


def load_case_sets(files: list[Path], cache: Path) -> list[CaseSet]:
    """Each file's project indexed (embeddings cached under ``cache``) and its cases'
    candidates computed once."""
    import yaml


    sets: list[CaseSet] = []
    for f in files:
        raw = yaml.safe_load(f.read_text("utf-8"))
        root = (f.parent / raw["project"]).resolve()
        project = load_project(root)
        index = SearchIndex.from_project(project, cache / f.stem)
        known = {v.id for v in index.variants}
        cases = load_cases(f, f.name, known)
        cands = tuple(tuple(index.candidates(c.message)) for c in cases)
        novel = []
        for c in cases:
            loc = index._answer_locale(c.message)
            novel.append(index.novelty(c.message, loc, index.analyse(c.message, loc)[0]))
        sets.append(CaseSet(f.stem, index, tuple(cases), cands, tuple(novel)))
    return sets


def _logistic(x: np.ndarray, y: np.ndarray, ridge: float = 0.05, iters: int = 60
              ) -> tuple[np.ndarray, float]:
    """Weights and bias of an L2-regularised logistic regression (Newton's method)."""
    n, d = x.shape
    xb = np.hstack([x, np.ones((n, 1))])
    w = np.zeros(d + 1)
    reg = np.full(d + 1, ridge)
    reg[-1] = 0.0
    for _ in range(iters):
        p = 1 / (1 + np.exp(-np.clip(xb @ w, -30, 30)))
        g = xb.T @ (p - y) + reg * w
        h = (xb * (p * (1 - p))[:, None]).T @ xb + np.diag(reg) + 1e-9 * np.eye(d + 1)
        step = np.linalg.solve(h, g)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w[:-1], float(w[-1])


def _top(model: Model, cands: tuple[Candidate, ...]) -> tuple[Candidate | None, dict[str, float]]:
    scored = sorted(((model.rank(c.features), c) for c in cands),
                    key=lambda x: (-x[0], x[1].variant.kind != "faq"))
    if not scored:
        return None, {}
    return scored[0][1], confidence_features([(s, c.features) for s, c in scored], 0)


def fit(sets: list[CaseSet], split: str = "fit") -> Model:
    """Both models and the threshold, from the cases of ``split``."""
    xs, ys = [], []
    for cs in sets:
        for case, cands in zip(cs.cases, cs.candidates):
            if split_of(case.message) != split or not case.answers:
                continue
            for c in cands:
                xs.append([c.features[n] for n in RANK_FEATURES])
                ys.append(1.0 if c.variant.id in case.answers else 0.0)
    rw, rb = _logistic(np.array(xs), np.array(ys))
    ranker = Model(tuple(float(v) for v in rw), rb, (0.0,) * len(CONFIDENCE_FEATURES), 0.0, 0.5)
    cx, cy = [], []
    for cs in sets:
        for case, cands, novel in zip(cs.cases, cs.candidates, cs.novelty):
            if split_of(case.message) != split:
                continue
            top, feats = _top(ranker, cands)
            feats["novel"] = novel
            if top is None:
                continue
            cx.append([feats[n] for n in CONFIDENCE_FEATURES])
            cy.append(1.0 if top.variant.id in case.answers else 0.0)
    cw, cb = _logistic(np.array(cx), np.array(cy))
    model = Model(ranker.rank_weights, rb, tuple(float(v) for v in cw), cb, 0.5)
    probs = [model.probability(dict(zip(CONFIDENCE_FEATURES, row))) for row in cx]
    threshold = 0.95
    for t in np.arange(0.30, 0.951, 0.01):
        wrong = sum(1 for p, y in zip(probs, cy) if p >= t and not y)
        if wrong / max(1, len(cy)) <= FALSE_CONFIDENT_TARGET:
            threshold = float(round(t, 2))
            break
    return Model(model.rank_weights, rb, model.conf_weights, cb, threshold)
