"""BM25F over the fields of FAQs and issues, one index per locale.

In: :class:`Variant` s (one FAQ or issue in one locale, its fields analysed by
``analyze``). Out: per variant the BM25F score of a message's terms, the share of
the message it explains, and whether one of its aliases occurs in the message as
a phrase.

Why BM25F by hand and not ``bm25s``: bm25s scores one text per document; BM25F
needs each field's term frequency normalised by that field's own length and
weight before saturation (a word in a five-word question is strong evidence, the
same word in a 300-word answer is weak). With at most a few hundred documents
the whole index is a few dictionaries and scores a message in well under a
millisecond, so a sparse-matrix library would add a dependency and save nothing.

Aliases are phrases, not bags of words: "cannot pay" matches a message holding
"cannot pay" (word forms and typos allowed), never any message holding "pay".
Categories only support: their weight is small, so "Orders" alone never makes
a FAQ win.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

#: Field weights (how much one occurrence of a term is worth) and length normalisation.
WEIGHTS: dict[str, float] = {"question": 3.0, "alias": 2.0, "tags": 1.5, "answer": 1.0,
                             "category": 0.3}
B: dict[str, float] = {"question": 0.5, "alias": 0.5, "tags": 0.3, "answer": 0.75,
                       "category": 0.3}
K1 = 1.2


@dataclass(frozen=True)
class Variant:
    """One FAQ or issue in one locale, analysed."""

    kind: str  # faq | issue
    id: str
    locale: str
    lang: str
    title: str  # the question or the issue title, in this locale
    fields: tuple[tuple[str, tuple[str, ...]], ...]  # (field name, terms)
    #: each alias as its whole term sequence (stop words kept: "cannot pay")
    aliases: tuple[tuple[str, ...], ...]
    alias_texts: tuple[str, ...]
    #: what is embedded: the question and aliases (``n_titles`` of them), then
    #: question + answer and the answer's first sentences
    embed_texts: tuple[str, ...]
    n_titles: int


@dataclass(frozen=True)
class LexicalHit:
    bm25: float  # normalised to 0-1 by the message's own IDF mass
    explained: float  # IDF-weighted share of the message's terms the variant contains
    question_cover: float  # IDF-weighted share of the question's terms in the message
    alias: float  # 1.0 when an alias occurs as a phrase in the message, else 0
    alias_text: str
    field: str  # the field that gave the most


class LexicalIndex:
    """BM25F statistics of one locale's variants."""

    def __init__(self, variants: list[Variant]):
        self.variants = variants
        n = max(1, len(variants))
        df: Counter[str] = Counter()
        lengths: dict[str, list[int]] = {f: [] for f in WEIGHTS}
        self._tf: list[dict[str, Counter[str]]] = []
        for v in variants:
            per: dict[str, Counter[str]] = {}
            for name, terms in v.fields:
                per.setdefault(name, Counter()).update(terms)
            for name in WEIGHTS:
                lengths[name].append(sum(per.get(name, Counter()).values()))
            self._tf.append(per)
            df.update({t for c in per.values() for t in c})
        self.avg = {f: (sum(ls) / len(ls) if ls and sum(ls) else 1.0) for f, ls in lengths.items()}
        self.idf = {t: math.log(1 + (n - c + 0.5) / (c + 0.5)) for t, c in df.items()}
        self.unknown_idf = math.log(1 + (n + 0.5) / 0.5)
        self.vocabulary = set(df)

    def idf_of(self, term: str) -> float:
        return self.idf.get(term, self.unknown_idf)

    def score(self, terms: list[str], phrase_terms: list[str]) -> list[LexicalHit]:
        """One hit per variant, in the index's order."""
        query = Counter(terms)
        mass = sum(self.idf_of(t) for t in query) or 1.0
        hits: list[LexicalHit] = []
        for v, per in zip(self.variants, self._tf):
            total = 0.0
            by_field: dict[str, float] = {}
            present = 0.0
            for t in query:
                tf = 0.0
                for name, counts in per.items():
                    c = counts.get(t)
                    if not c:
                        continue
                    length = sum(counts.values())
                    norm = 1 - B[name] + B[name] * length / self.avg[name]
                    part = WEIGHTS[name] * c / norm
                    tf += part
                    by_field[name] = by_field.get(name, 0.0) + part
                if tf:
                    w = self.idf_of(t) * tf / (K1 + tf)
                    total += w
                    present += self.idf_of(t)
            q_terms = {t for name, ts in v.fields if name == "question" for t in ts}
            q_mass = sum(self.idf_of(t) for t in q_terms)
            q_cover = sum(self.idf_of(t) for t in q_terms if t in query) / q_mass if q_mass else 0.0
            alias, alias_text = 0.0, ""
            for seq, text in zip(v.aliases, v.alias_texts):
                if seq and _contains(phrase_terms, seq):
                    alias, alias_text = 1.0, text
                    break
            # The field that scored most (the first of equals, as Counter.most_common gives).
            field = max(by_field, key=by_field.__getitem__) if by_field else ""
            if alias:
                field = "alias"
            hits.append(LexicalHit(total / mass, present / mass, q_cover, alias, alias_text, field))
        return hits


def _contains(seq: list[str], phrase: tuple[str, ...]) -> bool:
    """Whether ``phrase`` occurs in ``seq`` as consecutive terms."""
    n = len(phrase)
    if n == 0 or n > len(seq):
        return False
    first = phrase[0]
    return any(seq[i] == first and tuple(seq[i:i + n]) == phrase for i in range(len(seq) - n + 1))
