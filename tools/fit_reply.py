"""Fit ``selfserve reply``'s ranking and confidence models on the labelled cases.

Usage: python tools/fit_reply.py [--cache DIR] [--dry-run]

Reads tests/reply/data/cases/*.yaml (each names its project), fits on the cases of
the fitting half (see generator/reply/fitting.py: split by a hash of the message)
and writes generator/data/reply/model.json. Prints the metrics on both halves;
bench/bench_reply.py reports the held-out ones against the targets.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.reply.confidence import CONFIDENCE_FEATURES, MODEL_PATH, RANK_FEATURES  # noqa: E402
from generator.reply.evaluate import Evaluation, Outcome  # noqa: E402
from generator.reply.fitting import fit, load_case_sets, split_of  # noqa: E402

CASES = ROOT / "tests" / "reply" / "data" / "cases"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "selfserve-fit-reply")
    ap.add_argument("--dry-run", action="store_true", help="print the metrics, do not write")
    args = ap.parse_args()
    sets = load_case_sets(sorted(CASES.glob("*.yaml")), args.cache)
    model = fit(sets)
    for cs in sets:
        cs.index.model = model
    for split in ("fit", "held-out"):
        outs = [Outcome(c, cs.index.search(c.message, limit=3)) for cs in sets for c in cs.cases
                if split_of(c.message) == split]
        m = Evaluation(tuple(outs)).metrics()
        print(split, json.dumps({k: round(v, 3) for k, v in m.items()}))
    doc = {"about": "Fitted by tools/fit_reply.py on the fitting half of tests/reply/data/cases; "
                    "see generator/reply/confidence.py",
           "rank": {"features": list(RANK_FEATURES), "weights": [round(w, 4) for w in model.rank_weights],
                    "bias": round(model.rank_bias, 4)},
           "confidence": {"features": list(CONFIDENCE_FEATURES),
                          "weights": [round(w, 4) for w in model.conf_weights],
                          "bias": round(model.conf_bias, 4)},
           "threshold": model.threshold}
    print(json.dumps(doc, indent=2))
    if not args.dry_run:
        MODEL_PATH.write_text(json.dumps(doc, indent=2) + "\n", "utf-8")
        print(f"wrote {MODEL_PATH.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
