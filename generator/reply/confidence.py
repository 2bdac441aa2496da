"""Fusing lexical and dense evidence into one ranking score and a calibrated probability.

Two small logistic models, fitted by ``tools/fit_reply.py`` on the fitting half of the
labelled cases in ``tests/reply/data`` and stored in ``generator/data/reply/model.json``:

1. *rank*: the log-odds that a candidate is the right answer, from its features
   (dense similarity to the question or an alias, to question + answer, normalised
   BM25F, the share of the message explained, the share of the question found in
   the message, an alias phrase hit). Candidates are sorted by it.
2. *confidence*: the probability that the top candidate is right, from its rank
   score, its lead over the next candidate, the share of the message it explains,
   its share of the softmax over all candidates, the share of the message it
   explains, its dense similarity, its BM25F score and the novelty of the message
   (real words the content never uses: "bitcoin"). Because it is fitted on
   messages that have a right answer and on messages that have none, a
   probability of 0.8 means about 8 in 10 such answers are right.

``reply`` answers when the probability reaches ``threshold`` (chosen by the fit so
that at most about 1 in 20 answered messages is answered wrongly); below it the
agent sees the closest three with their probabilities.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "reply" / "model.json"

RANK_FEATURES = ("dense_question", "dense_answer", "bm25", "explained", "question_cover", "alias")
CONFIDENCE_FEATURES = ("rank", "lead", "softmax", "explained", "dense_question", "bm25", "novel")


@dataclass(frozen=True)
class Model:
    rank_weights: tuple[float, ...]
    rank_bias: float
    conf_weights: tuple[float, ...]
    conf_bias: float
    threshold: float

    def rank(self, features: dict[str, float]) -> float:
        return self.rank_bias + sum(w * features[n] for w, n in zip(self.rank_weights, RANK_FEATURES))

    def probability(self, features: dict[str, float]) -> float:
        z = self.conf_bias + sum(w * features[n]
                                 for w, n in zip(self.conf_weights, CONFIDENCE_FEATURES))
        return sigmoid(z)


def sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


#: Used only until a fit has written model.json (and by the fit as its start).
DEFAULT = Model(rank_weights=(8.0, 4.0, 3.0, 2.0, 2.0, 2.0), rank_bias=-9.0,
                conf_weights=(0.5, 0.5, 2.0, 0.5, 1.0, 1.0, -1.0), conf_bias=-2.0, threshold=0.5)


def confidence_features(scored: list[tuple[float, dict[str, float]]], k: int) -> dict[str, float]:
    """The features of the ``k``-th of ``scored`` (rank score, features; best first)
    that the confidence model reads: besides its own evidence, how far it leads the
    best other candidate in rank score and in dense similarity, and its share of
    the softmax over all candidates' rank scores."""
    s, feats = scored[k]
    others = [x for j, x in enumerate(scored) if j != k]
    lead = s - max(o[0] for o in others) if others else s
    dense_lead = (feats["dense_question"] - max(o[1]["dense_question"] for o in others)
                  if others else feats["dense_question"])
    top = max(x[0] for x in scored)
    total = sum(math.exp(x[0] - top) for x in scored)
    return {**feats, "rank": s, "lead": lead, "dense_lead": dense_lead,
            "softmax": math.exp(s - top) / total}


@lru_cache(maxsize=1)
def load_model(path: Path = MODEL_PATH) -> Model:
    try:
        raw = json.loads(path.read_text("utf-8"))
        return Model(tuple(raw["rank"]["weights"]), float(raw["rank"]["bias"]),
                     tuple(raw["confidence"]["weights"]), float(raw["confidence"]["bias"]),
                     float(raw["threshold"]))
    except (OSError, ValueError, KeyError, TypeError):
        return DEFAULT
