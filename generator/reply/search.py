"""Ranked, typo-tolerant search over FAQs and recurring issues for ``selfserve reply``.

In: the loaded content (FAQs, issues) and a customer's message. Out: a
:class:`SearchResult` with :class:`Match` es ranked best first, each with a score
from 0 to 100, and ``good`` telling whether the best one clears the threshold.

How a message is compared (every similarity comes from rapidfuzz and Snowball,
not hand-tuned string rules):

1. *Analyse*: case-fold, drop accents, split into words, drop stop words,
   stem with the Snowball stemmer of the project's language ("charged" and
   "charges" both become ``charg``).
2. *Correct typos*: a message word that no FAQ uses is replaced by the closest
   word (or stem) of the content's vocabulary when their Damerau-Levenshtein
   similarity is at least :data:`TYPO_CUTOFF` ("parcle" -> "parcel", "pasword"
   -> "password").
3. *Score fields*: each field (question, aliases, tags, category, answer; an
   issue's title, summary and steps) gets rapidfuzz's ``token_set_ratio`` of
   the stemmed message against the stemmed field, blended with how much of the
   field's rare words the message covers (IDF-weighted, so "order" shared by
   five FAQs counts less than "refund"). Each field has a weight (a question or
   an alias is strong evidence, a word of the answer weak).
4. *Rank*: a document's score is its best weighted field plus a little of the
   others, so a FAQ whose question and answer both match beats one that only
   shares a tag, blended with the IDF-weighted share of the message's words the
   document contains anywhere ("wrong address on my order" is explained better
   by the FAQ with the alias "wrong address" than by one with "where is my order").

A message whose best score is below :data:`THRESHOLD` is "no good match": the
caller shows the closest questions instead of a card for the wrong answer.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

from rapidfuzz import fuzz, process
from rapidfuzz.distance import DamerauLevenshtein

from generator.load.model import FAQ, Project, RecurringIssue

DocKind = Literal["faq", "issue"]

#: Below this best score a message "matches nothing well" (0-100).
THRESHOLD = 55.0
#: Damerau-Levenshtein similarity (1 - edits / length) at which an unknown word is
#: read as a typo of a known one: one slip in five letters ("spilt" ~ "spill",
#: "adress" ~ "address"), but "hours" is not "house" (two edits).
TYPO_CUTOFF = 0.79  # not 0.8: rapidfuzz rounds the cutoff to whole edits, which drops 0.8 itself
#: Words shorter than this are never corrected ("tea" must not become "team").
TYPO_MIN_LEN = 4

#: Evidence per field: how much a perfect match of that field is worth.
FIELD_WEIGHTS: dict[str, float] = {
    "id": 1.0,
    "question": 1.0,
    "alias": 1.0,
    "title": 1.0,
    "tags": 0.75,
    "category": 0.5,
    "summary": 0.7,
    "answer": 0.6,
    "steps": 0.55,
}
#: Share of the other fields' evidence added to the best field's.
SUPPORT = 0.15
#: Weight of "how much of the message does this document explain" in the score.
EXPLAINED = 0.3

#: Snowball algorithm per language code (the first part of the locale).
STEMMERS: dict[str, str] = {
    "ar": "arabic", "ca": "catalan", "cs": "czech", "da": "danish", "de": "german",
    "el": "greek", "en": "english", "es": "spanish", "eu": "basque", "fi": "finnish",
    "fr": "french", "ga": "irish", "hi": "hindi", "hu": "hungarian", "hy": "armenian",
    "id": "indonesian", "it": "italian", "lt": "lithuanian", "nb": "norwegian", "ne": "nepali",
    "nl": "dutch", "nn": "norwegian", "no": "norwegian", "pl": "polish", "pt": "portuguese",
    "ro": "romanian", "ru": "russian", "sr": "serbian", "sv": "swedish", "ta": "tamil",
    "tr": "turkish", "yi": "yiddish",
}

_typo = DamerauLevenshtein.normalized_similarity
_STOPWORDS_DIR = Path(__file__).resolve().parent.parent / "data" / "reply"
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_URL = re.compile(r"https?://\S+|\bwww\.\S+", re.IGNORECASE)


# -- analysis ---------------------------------------------------------------------------
def language_of(locale: str | None) -> str:
    return (locale or "en").replace("_", "-").split("-")[0].lower()


@lru_cache(maxsize=16)
def stopwords(lang: str) -> frozenset[str]:
    """The shipped stop-word list of a language (none for languages without one:
    there the IDF weights alone keep common words from deciding)."""
    path = _STOPWORDS_DIR / f"stopwords-{lang}.txt"
    if not path.is_file():
        return frozenset()
    words: set[str] = set()
    for line in path.read_text("utf-8").splitlines():
        if not line.startswith("#"):
            words.update(_fold(line).split())
    return frozenset(words)


@lru_cache(maxsize=16)
def _stemmer(lang: str):
    import snowballstemmer

    algo = STEMMERS.get(lang)
    return snowballstemmer.stemmer(algo) if algo else None


def _fold(text: str) -> str:
    """Case-folded, accents removed: "Café" and "cafe" are one word to a searcher."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str, lang: str) -> list[str]:
    """The content words of ``text``: folded, without URLs and stop words (not stemmed)."""
    stop = stopwords(lang)
    return [w for w in _WORD.findall(_fold(_URL.sub(" ", text))) if w not in stop]


@lru_cache(maxsize=65536)
def _stem(word: str, lang: str) -> str:
    st = _stemmer(lang)
    return st.stemWord(word) if st else word


def stem_all(ws: list[str], lang: str) -> list[str]:
    """Snowball stems (cached per word: content and messages repeat the same words)."""
    return [_stem(w, lang) for w in ws]


# -- the index --------------------------------------------------------------------------
@dataclass(frozen=True)
class Field:
    name: str  # a key of FIELD_WEIGHTS
    text: str  # as written, for showing what matched
    stems: tuple[str, ...]
    words: tuple[str, ...] = ()  # the folded words the stems come from


@dataclass(frozen=True)
class Document:
    """One searchable thing: a FAQ or a recurring issue."""

    kind: DocKind
    id: str
    title: str  # the question or the issue title
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class Match:
    kind: DocKind
    id: str
    title: str
    score: float  # 0-100
    field: str  # the field that matched best
    matched: str  # that field's text

    def as_json(self) -> dict[str, object]:
        return {"kind": self.kind, "id": self.id, "title": self.title,
                "score": round(self.score, 1), "field": self.field, "matched": self.matched}


@dataclass(frozen=True)
class SearchResult:
    query: str
    terms: tuple[str, ...]  # the stems searched for, after typo correction
    matches: tuple[Match, ...]  # best first
    threshold: float = THRESHOLD
    corrections: dict[str, str] = field(default_factory=dict)  # typo -> vocabulary word

    @property
    def good(self) -> bool:
        """Whether the best match is good enough to answer with."""
        return bool(self.matches) and self.matches[0].score >= self.threshold

    @property
    def best(self) -> Match | None:
        return self.matches[0] if self.good else None


class SearchIndex:
    """FAQs and issues analysed once; :meth:`search` ranks them for a message."""

    def __init__(self, documents: list[Document], lang: str):
        self.lang = lang
        self.documents = documents
        df: Counter[str] = Counter()
        for doc in documents:
            df.update({s for f in doc.fields for s in f.stems})
        n = max(1, len(documents))
        self.idf = {s: math.log(1 + n / c) for s, c in df.items()}
        self._default_idf = math.log(1 + n)
        # Surface words of the content -> their stem, for typo correction.
        self.vocabulary: dict[str, str] = {}
        for doc in documents:
            for f in doc.fields:
                for w, st in zip(f.words, f.stems):
                    self.vocabulary.setdefault(w, st)
        self._stems = set(self.idf)
        self._surface = list(self.vocabulary)
        self._stem_list = sorted(self._stems)
        # A word of the content for each stem, to show what a typo was read as.
        self._example: dict[str, str] = {}
        for w, st in self.vocabulary.items():
            self._example.setdefault(st, w)
        self._ids = {d.id: d for d in documents}
        self._doc_stems = {d.id: {s for f in d.fields for s in f.stems} for d in documents}

    # -- building ------------------------------------------------------------------------
    @classmethod
    def from_project(cls, project: Project) -> SearchIndex:
        lang = language_of(project.config.locale)
        docs = [faq_document(f, lang) for f in project.faqs]
        docs += [issue_document(i, lang) for i in project.issues]
        return cls(docs, lang)

    # -- querying ------------------------------------------------------------------------
    def analyse(self, text: str) -> tuple[list[str], dict[str, str]]:
        """Stems of a message with unknown words corrected to the content's vocabulary.

        A word is compared both as written (against the content's words) and as a
        stem (against the content's stems): "declinding" is far from "declined"
        but its stem ``declind`` is close to ``declin``, and "spilt" is close to
        the stem ``spill`` of "spilled".
        """
        out: list[str] = []
        fixes: dict[str, str] = {}
        for w in words(text, self.lang):
            s = _stem(w, self.lang)
            if s not in self._stems and len(w) >= TYPO_MIN_LEN and self.vocabulary:
                by_word = process.extractOne(w, self._surface, scorer=_typo, score_cutoff=TYPO_CUTOFF)
                by_stem = process.extractOne(s, self._stem_list, scorer=_typo,
                                             score_cutoff=TYPO_CUTOFF) if len(s) >= TYPO_MIN_LEN else None
                if by_word is not None and (by_stem is None or by_word[1] >= by_stem[1]):
                    fixes[w] = by_word[0]
                    s = self.vocabulary[by_word[0]]
                elif by_stem is not None:
                    fixes[w] = self._example[by_stem[0]]
                    s = by_stem[0]
            out.append(s)
        return out, fixes

    def _coverage(self, query: set[str], stems: tuple[str, ...]) -> float:
        """IDF-weighted share of a field's words that the message contains (0-1)."""
        unique = set(stems)
        total = sum(self.idf.get(s, self._default_idf) for s in unique)
        if not total:
            return 0.0
        return sum(self.idf.get(s, self._default_idf) for s in unique & query) / total

    def _field_score(self, q_stems: list[str], q_text: str, f: Field) -> float:
        if not f.stems or not q_stems:
            return 0.0
        ratio = fuzz.token_set_ratio(q_text, " ".join(f.stems))
        cover = 100.0 * self._coverage(set(q_stems), f.stems)
        if f.name in ("answer", "summary", "steps"):
            # Long texts: share of the *message* found in them, or a long answer
            # that mentions one of the message's words would always look perfect.
            cover = 100.0 * self._coverage(set(f.stems), tuple(q_stems))
        return 0.5 * ratio + 0.5 * cover

    def search(self, message: str, limit: int = 5) -> SearchResult:
        """Rank every document for ``message`` (a customer's text or an item id)."""
        text = message.strip()
        exact = self._ids.get(text) or self._ids.get(text.lower())
        if exact is not None:
            m = Match(exact.kind, exact.id, exact.title, 100.0, "id", exact.id)
            rest = [Match(d.kind, d.id, d.title, 0.0, "id", d.id) for d in self.documents
                    if d is not exact][: max(0, limit - 1)]
            return SearchResult(message, (), (m, *rest))
        stems, fixes = self.analyse(text)
        q_text = " ".join(stems)
        scored: list[Match] = []
        for doc in self.documents:
            per_field: dict[str, tuple[float, str]] = {}
            for f in doc.fields:
                s = FIELD_WEIGHTS[f.name] * self._field_score(stems, q_text, f)
                if s > per_field.get(f.name, (-1.0, ""))[0]:
                    per_field[f.name] = (s, f.text)
            ranked = sorted(per_field.items(), key=lambda kv: -kv[1][0])
            if not ranked:
                continue
            best_name, (best, best_text) = ranked[0]
            others = [s for _n, (s, _t) in ranked[1:]]
            support = sum(others) / len(others) if others else 0.0
            fields = min(100.0, best + SUPPORT * support * (100.0 - best) / 100.0)
            # How much of the message this document explains at all: a long complaint
            # that shares one common word with a short alias is not a match.
            explained = 100.0 * self._coverage(self._doc_stems[doc.id], tuple(stems))
            score = (1 - EXPLAINED) * fields + EXPLAINED * explained
            scored.append(Match(doc.kind, doc.id, doc.title, score, best_name, best_text))
        # Ties: FAQs before issues, then content order (stable sort keeps it).
        scored.sort(key=lambda m: (-round(m.score, 6), m.kind != "faq"))
        return SearchResult(message, tuple(stems), tuple(scored[:limit]), corrections=fixes)


def _field(name: str, text: str, lang: str) -> Field:
    ws = words(text, lang)
    return Field(name, text, tuple(stem_all(ws, lang)), tuple(ws))


def faq_document(faq: FAQ, lang: str | None = None) -> Document:
    lang = language_of(faq.locale) if faq.locale else (lang or "en")
    fields = [_field("question", faq.question, lang), _field("category", faq.category, lang),
              _field("answer", faq.answer + " " + " ".join(faq.steps), lang)]
    fields += [_field("alias", a, lang) for a in faq.aliases]
    if faq.tags:
        fields.append(_field("tags", " ".join(faq.tags), lang))
    return Document("faq", faq.id, faq.question, tuple(fields))


def issue_document(issue: RecurringIssue, lang: str = "en") -> Document:
    fields = [_field("title", issue.title, lang), _field("summary", issue.summary, lang)]
    if issue.steps:
        fields.append(_field("steps", " ".join(s.text for s in issue.steps), lang))
    return Document("issue", issue.id, issue.title, tuple(fields))


def search_project(project: Project, message: str, limit: int = 5) -> SearchResult:
    """Convenience: index ``project`` and search it once."""
    return SearchIndex.from_project(project).search(message, limit)
