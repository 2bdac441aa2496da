"""``selfserve reply --eval CASES.yaml``: how often reply would be right on a project's own cases.

In: a YAML file of labelled messages::
    cases:
      - message: "my parcle never arived"
        answer: delivery-times          # the FAQ or issue id an agent would answer with
      - message: "can I pay with bitcoin"
        answer: none                    # no FAQ answers it: reply should decline
      - message: "card refused"
        answer: [payment-declined, card-declined-3ds]   # either is right

Out: an :class:`Evaluation` with, over the cases:

- *top-1*: of the messages that have an answer, the share with the right one first;
- *top-3*: the share with the right one among the first three;
- *answered right*: the share reply answers on its own (probability over the
  threshold) with the right card;
- *false-confident*: of all messages, the share reply answers on its own wrongly
  (a wrong card, or a card for a message that has no answer): what a support lead
  must keep low before trusting it;
- *no-match right*: of the messages without an answer, the share reply declines.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import Problem, SelfserveError
from generator.load.yamlsource import load_yaml
from generator.reply.search import SearchIndex, SearchResult

NONE = "none"


@dataclass(frozen=True)
class Case:
    message: str
    answers: tuple[str, ...]  # empty: no right answer
    line: int | None = None


@dataclass(frozen=True)
class Outcome:
    case: Case
    result: SearchResult

    @property
    def top(self) -> str | None:
        return self.result.matches[0].id if self.result.matches else None

    @property
    def answered(self) -> bool:
        return self.result.good

    @property
    def top1(self) -> bool:
        return bool(self.case.answers) and self.top in self.case.answers

    @property
    def top3(self) -> bool:
        return bool(self.case.answers) and any(m.id in self.case.answers
                                               for m in self.result.matches[:3])

    @property
    def false_confident(self) -> bool:
        return self.answered and not self.top1


@dataclass(frozen=True)
class Evaluation:
    outcomes: tuple[Outcome, ...]

    def _share(self, hits: int, total: int) -> float:
        return hits / total if total else 0.0

    @property
    def answerable(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.case.answers]

    @property
    def unanswerable(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.case.answers]

    def metrics(self) -> dict[str, float | int]:
        a, u = self.answerable, self.unanswerable
        return {
            "cases": len(self.outcomes), "with_answer": len(a), "without_answer": len(u),
            "top1": self._share(sum(o.top1 for o in a), len(a)),
            "top3": self._share(sum(o.top3 for o in a), len(a)),
            "answered_right": self._share(sum(o.top1 and o.answered for o in a), len(a)),
            "false_confident": self._share(sum(o.false_confident for o in self.outcomes),
                                           len(self.outcomes)),
            "no_match_right": self._share(sum(not o.answered for o in u), len(u)),
        }


def load_cases(path: Path, shown: str, known_ids: set[str] | None = None) -> list[Case]:
    """The cases of a file, or a :class:`SelfserveError` naming each bad one (file:line)."""

    doc, problems = load_yaml(path, shown)
    if doc is None:
        raise SelfserveError(problems)
    raw = doc.value.get("cases") if isinstance(doc.value, dict) else None
    if not isinstance(raw, list) or not raw:
        raise SelfserveError(doc.problem(("cases",) if isinstance(doc.value, dict) else (),
                                         "expected 'cases:' with a list of {message, answer}"))
    cases: list[Case] = []
    bad: list[Problem] = []
    for i, item in enumerate(raw):
        where = ("cases", i)
        if not isinstance(item, dict) or not isinstance(item.get("message"), str) \
                or not item["message"].strip():
            bad.append(doc.problem(where, "each case needs 'message' (the customer's text) "
                                          "and 'answer' (an id, a list of ids, or none)"))
            continue
        ans = item.get("answer", NONE)
        if ans is None:
            ans = NONE
        ids = [ans] if isinstance(ans, str) else ans
        if not isinstance(ids, list) or not all(isinstance(x, str) for x in ids):
            bad.append(doc.problem(where + ("answer",), "expected an id, a list of ids, or none"))
            continue
        ids = [x for x in ids if x.lower() != NONE]
        unknown = [x for x in ids if known_ids is not None and x not in known_ids]
        if unknown:
            bad.append(doc.problem(where + ("answer",), f"no FAQ or issue with id '{unknown[0]}'"))
            continue
        cases.append(Case(item["message"], tuple(ids), doc.where(where)[0]))
    if bad:
        raise SelfserveError(bad)
    return cases


def evaluate(index: SearchIndex, cases: list[Case]) -> Evaluation:
    return Evaluation(tuple(Outcome(c, index.search(c.message, limit=3)) for c in cases))


def report_lines(ev: Evaluation, threshold: float) -> list[str]:
    m = ev.metrics()
    pct = lambda x: f"{100 * x:5.1f}%"  # noqa: E731
    lines = [f"{m['cases']} cases: {m['with_answer']} with an answer, "
             f"{m['without_answer']} without (answering at probability >= {threshold:.2f})",
             f"  top-1            {pct(m['top1'])}  right answer first",
             f"  top-3            {pct(m['top3'])}  right answer among the first three",
             f"  answered right   {pct(m['answered_right'])}  answered on its own, correctly",
             f"  false-confident  {pct(m['false_confident'])}  answered on its own, wrongly "
             "(of all cases)",
             f"  no-match right   {pct(m['no_match_right'])}  declined a message without an answer"]
    wrong = [o for o in ev.outcomes if o.false_confident]
    if wrong:
        lines.append("Answered wrongly:")
        for o in wrong[:20]:
            p = o.result.matches[0].probability
            want = ", ".join(o.case.answers) or NONE
            lines.append(f"  line {o.case.line}: {o.case.message[:60]!r} -> {o.top} "
                         f"(p={p:.2f}; expected {want})")
    return lines


def as_json(ev: Evaluation, threshold: float) -> dict[str, Any]:
    return {"threshold": threshold, "metrics": ev.metrics(),
            "cases": [{"line": o.case.line, "message": o.case.message,
                       "expected": list(o.case.answers), "top": o.top,
                       "probability": round(o.result.matches[0].probability, 3)
                       if o.result.matches else 0.0,
                       "answered": o.answered, "right": o.top1} for o in ev.outcomes]}
