"""Hybrid retrieval for ``selfserve reply``: which FAQ or issue answers a message, and how sure.

In: the loaded project (every locale it builds) and a customer's message. Out: a
:class:`SearchResult` with :class:`Match` es best first, each with a calibrated
``probability`` that it is the right answer, and ``locale``: the project locale the
message is written in, so a German message is answered with the German card.

1. *Index*: every locale's FAQs and issues (``analyze``: Snowball stems, CJK
   bigrams, Arabic normalisation), one BM25F index per locale (``lexical``), and
   sentence vectors of each question, alias and question + answer (``dense``;
   cached in the output folder).
2. *Analyse the message* per locale: the same analysis, and a word the content
   does not use is corrected to a close word of the content only when it is not a
   real word of any of the project's languages ("pasword" -> "password", but
   "getting" stays "getting").
3. *Score* every variant (an item in one locale): BM25F, the share of the message
   it explains, the share of its question the message holds, an alias found as a
   phrase, and the cosine of the message's vector to the question / aliases and to
   the question + answer. An item's score is its best variant's.
4. *Fuse and calibrate* (``confidence``): a fitted logistic model ranks; a second one
   turns the top score and its lead into the probability of being right. The
   message is answered when that probability reaches the fitted threshold.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from generator.errors import SelfserveError
from generator.i18n.analysis import (
    Token,
    is_bigram_script,
    is_real_word,
    message_language,
    stem,
    stem_all,
    stopwords,
    tokens,
    words,
)
from generator.i18n.locales import language
from generator.load.model import FAQ, Project, RecurringIssue
from generator.load.project import load_project
from generator.render.markdown import markdown_plain
from generator.reply.confidence import Model, confidence_features, load_model
from generator.reply.dense import EmbeddingCache, embed
from generator.reply.lexical import LexicalHit, LexicalIndex, Variant

__all__ = ["Match", "SearchIndex", "SearchResult", "clean_message", "faq_variant",
           "issue_variant", "stem_all", "words"]

DocKind = Literal["faq", "issue"]

#: Damerau-Levenshtein similarity (1 - edits / length) at which an unknown word is
#: read as a typo of a known one: one slip in five letters ("adress" ~ "address").
TYPO_CUTOFF = 0.79  # not 0.8: rapidfuzz rounds the cutoff to whole edits, which drops 0.8 itself
#: Words shorter than this are never corrected ("tea" must not become "team").
TYPO_MIN_LEN = 4
#: A message is cut to this many characters before searching (a pasted e-mail
#: thread of 100,000 characters still answers in bounded time).
MAX_MESSAGE = 4000
#: Invisible characters a pasted message may carry: bidi controls, zero-width marks.
_INVISIBLE = dict.fromkeys([*range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2066, 0x206A),
                            0xFEFF, 0x061C])


#: Sentences of an answer embedded on their own (besides question + answer): a message
#: about "the valve" meets the one sentence of a long answer that mentions it.
ANSWER_SENTENCES = 6
_SENTENCE = re.compile(r"(?<=[.!?。！？؟])\s+|\n+")


@dataclass(frozen=True)
class Match:
    kind: DocKind
    id: str
    title: str
    probability: float  # that this is the right answer, 0-1
    score: float  # the fused ranking score (log-odds)
    field: str  # the evidence that counted most: question, alias, answer, meaning, id
    matched: str  # that field's text
    locale: str  # the locale whose text matched best

    def as_json(self) -> dict[str, object]:
        return {"kind": self.kind, "id": self.id, "title": self.title,
                "probability": round(self.probability, 3), "score": round(self.score, 3),
                "field": self.field, "matched": self.matched, "locale": self.locale}


@dataclass(frozen=True)
class Candidate:
    """An item and its evidence for one message, before ranking."""

    variant: Variant
    hit: LexicalHit
    features: dict[str, float]


@dataclass(frozen=True)
class SearchResult:
    query: str
    terms: tuple[str, ...]  # the terms searched for in the answer locale, after typo correction
    matches: tuple[Match, ...]  # best first
    threshold: float
    locale: str  # the locale to answer in (the message's language, when the project builds it)
    corrections: dict[str, str] = field(default_factory=dict)  # typo -> content word
    reason: str = ""  # why nothing can match at all ("no words"), else ""

    @property
    def good(self) -> bool:
        """Whether the best match is likely enough to be right to answer with."""
        return bool(self.matches) and self.matches[0].probability >= self.threshold

    @property
    def best(self) -> Match | None:
        return self.matches[0] if self.good else None


def clean_message(message: str) -> str:
    """The message as text: undecodable bytes (from a terminal in another encoding)
    become U+FFFD, bidi and zero-width controls are dropped, and it is cut to
    :data:`MAX_MESSAGE` characters."""
    text = message.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    text = text.translate(_INVISIBLE)
    text = "".join(c if c in "\n\t" or unicodedata.category(c)[0] != "C" else " " for c in text)
    return text.strip()[:MAX_MESSAGE]


class SearchIndex:
    """Every locale's FAQs and issues analysed once; :meth:`search` ranks them for a message."""

    def __init__(self, variants: list[Variant], default_locale: str, out: Path | None = None,
                 model: Model | None = None):
        self.default_locale = default_locale
        self.model = model or load_model()
        self.variants = variants
        self.locales = tuple(dict.fromkeys([default_locale, *(v.locale for v in variants)]))
        self.langs = tuple(dict.fromkeys(language(loc) for loc in self.locales))
        self._by_locale: dict[str, list[int]] = {}
        for i, v in enumerate(variants):
            self._by_locale.setdefault(v.locale, []).append(i)
        self._lexical = {loc: LexicalIndex([variants[i] for i in idx])
                         for loc, idx in self._by_locale.items()}
        # Content words per locale, for typo correction: folded word -> term.
        self._vocab: dict[str, dict[str, str]] = {}
        for loc in self._by_locale:
            vocab: dict[str, str] = {}
            for i in self._by_locale[loc]:
                for text in variants[i].embed_texts:
                    for t in tokens(text, variants[i].lang, keep_stopwords=True):
                        vocab.setdefault(t.folded, t.term)
            self._vocab[loc] = vocab
        # ... and term -> a content word with it, for typos read by their stem.
        self._stem_words = {loc: {st: w for w, st in vocab.items()} for loc, vocab in self._vocab.items()}
        self._surface = {loc: list(vocab) for loc, vocab in self._vocab.items()}
        self._stem_list = {loc: list(d) for loc, d in self._stem_words.items()}
        self._ids = {v.id: v for v in variants if v.locale == default_locale}
        self._ids.update({v.id: v for v in variants if v.id not in self._ids})
        self._out = out
        self._vectors: Any = None
        self._spans: list[tuple[int, int]] = []

    # -- building ------------------------------------------------------------------------
    @classmethod
    def from_project(cls, project: Project, out: Path | None = None) -> SearchIndex:
        """Index every locale the project builds (a locale that fails to load is left out:
        ``build`` reports its problems)."""

        default = project.config.locale
        variants = project_variants(project, default)
        seen = {(v.kind, v.id): v.title for v in variants}
        for loc in project.config.build_locales:
            if loc == default:
                continue
            try:
                other = load_project(project.root, locale=loc)
            except SelfserveError:
                continue
            for v in project_variants(other, loc):
                if seen.get((v.kind, v.id)) != v.title:  # a fallback repeats the default text
                    variants.append(v)
        return cls(variants, default, out)

    def _dense(self) -> Any:
        """Content vectors (from the output folder's cache when current)."""
        if self._vectors is None:
            cache = EmbeddingCache(self._out)
            texts: list[str] = []
            for v in self.variants:
                self._spans.append((len(texts), len(texts) + len(v.embed_texts)))
                texts.extend(v.embed_texts)
            self._vectors = cache.get_many(texts)
            cache.save(texts)
        return self._vectors

    # -- querying ------------------------------------------------------------------------
    def analyse(self, text: str, locale: str) -> tuple[list[str], list[str], dict[str, str]]:
        """The message's terms for ``locale``'s index (stop words out), its phrase terms
        (stop words kept, for aliases) and the typo corrections made."""
        from rapidfuzz import process
        from rapidfuzz.distance import DamerauLevenshtein

        lang = language(locale)
        index = self._lexical[locale]
        vocab = self._vocab[locale]
        surface = self._surface[locale]
        all_tokens = tokens(text, lang, keep_stopwords=True)
        fixes: dict[str, str] = {}
        fixed: list[Token] = []
        for t in all_tokens:
            term = t.term
            if (term not in index.vocabulary and t.folded not in vocab and len(t.folded) >= TYPO_MIN_LEN
                    and not t.folded.isdigit() and not is_bigram_script(t.folded) and surface):
                # (word, score, index): the index is not used, so a stem's match fills it with None.
                hit: tuple[str, float, int | None] | None = process.extractOne(
                    t.folded, surface, scorer=DamerauLevenshtein.normalized_similarity,
                    score_cutoff=TYPO_CUTOFF)
                if hit is None:
                    s = stem(t.folded, lang)
                    if len(s) >= TYPO_MIN_LEN:
                        stems = self._stem_words[locale]
                        by_stem = process.extractOne(s, self._stem_list[locale],
                                                     scorer=DamerauLevenshtein.normalized_similarity,
                                                     score_cutoff=TYPO_CUTOFF)
                        if by_stem is not None:
                            hit = (stems[by_stem[0]], by_stem[1], None)
                if hit is not None and not is_real_word(t.surface, self.langs):
                    fixes[t.surface] = hit[0]
                    term = vocab[hit[0]]
            fixed.append(Token(t.surface, t.folded, term))

        stop = stopwords(lang)
        terms = [t.term for t in fixed if t.folded not in stop]
        return terms, [t.term for t in fixed], fixes

    def novelty(self, text: str, locale: str, terms: list[str]) -> float:
        """IDF-weighted share of the message's terms that are real words of ``locale``'s
        language but appear nowhere in its content: "bitcoin" in "can I pay with
        bitcoin" says the message is about something the FAQs do not cover."""
        index = self._lexical[locale]
        lang = language(locale)
        mass = sum(index.idf_of(t) for t in set(terms))
        if not mass:
            return 0.0
        by_term = {t.term: t.surface for t in tokens(text, lang)}
        novel = {t for t in set(terms) if t not in index.vocabulary and t in by_term
                 and not is_bigram_script(t) and not t.isdigit()
                 and is_real_word(by_term[t], (lang,))}
        return sum(index.idf_of(t) for t in novel) / mass

    def search(self, message: str, limit: int = 5) -> SearchResult:
        """Rank every item for ``message`` (a customer's text or an item id)."""
        model = self.model
        text = clean_message(message)
        answer_locale = self._answer_locale(text)
        exact = self._ids.get(text) or self._ids.get(text.lower())
        if exact is not None:
            m = Match(exact.kind, exact.id, exact.title, 1.0, 99.0, "id", exact.id, answer_locale)  # type: ignore[arg-type]
            return SearchResult(message, (), (m,), model.threshold, answer_locale)
        if not self.variants:
            return SearchResult(message, (), (), model.threshold, answer_locale,
                                reason="the project has no FAQs or issues to answer with")
        per_locale = {loc: self.analyse(text, loc) for loc in self._by_locale}
        terms, _phrase, fixes = (per_locale.get(answer_locale) or per_locale.get(self.default_locale)
                                 or next(iter(per_locale.values())))
        if not any(ts for ts, _p, _f in per_locale.values()):
            return SearchResult(message, (), (), model.threshold, answer_locale,
                                reason="the message has no words to search for")
        scored = [(model.rank(c.features), c) for c in self.candidates(text, per_locale)]
        novel = self.novelty(text, answer_locale, terms)
        scored.sort(key=lambda x: (-x[0], x[1].variant.kind != "faq"))
        plain = [(s, c.features) for s, c in scored]
        matches: list[Match] = []
        for k, (s, c) in enumerate(scored[:limit]):
            p = model.probability({**confidence_features(plain, k), "novel": novel})
            v = c.variant
            fld, matched = _evidence(v, c.hit, c.features)
            matches.append(Match(v.kind, v.id, self._title(v, answer_locale), p, s, fld,  # type: ignore[arg-type]
                                 matched, v.locale))
        return SearchResult(message, tuple(terms), tuple(matches), model.threshold, answer_locale,
                            corrections=fixes)

    def candidates(self, text: str, per_locale: dict[str, tuple[list[str], list[str], dict[str, str]]]
                   | None = None) -> list[Candidate]:
        """Every item with its evidence: each feature is the best over the item's locale
        variants (the German alias and the English answer may both speak for it); the
        variant shown is the one with the most lexical and dense evidence."""
        if per_locale is None:
            per_locale = {loc: self.analyse(text, loc) for loc in self._by_locale}
        hits: list[LexicalHit | None] = [None] * len(self.variants)
        for loc, idx in self._by_locale.items():
            ts, phrase, _f = per_locale[loc]
            for i, lexical in zip(idx, self._lexical[loc].score(ts, phrase)):
                hits[i] = lexical
        dq, da = self._dense_scores(text)
        best: dict[tuple[str, str], Candidate] = {}
        for i, v in enumerate(self.variants):
            h = hits[i]
            assert h is not None  # every variant belongs to one locale's index
            feats = {"dense_question": dq[i], "dense_answer": da[i], "bm25": h.bm25,
                     "explained": h.explained, "question_cover": h.question_cover, "alias": h.alias}
            key = (v.kind, v.id)
            prev = best.get(key)
            if prev is None:
                best[key] = Candidate(v, h, feats)
                continue
            merged = {n: max(prev.features[n], feats[n]) for n in feats}
            lead = feats["dense_question"] + feats["bm25"] + feats["alias"]
            was = prev.features["dense_question"] + prev.features["bm25"] + prev.features["alias"]
            v2, h2 = (v, h) if lead > was else (prev.variant, prev.hit)
            best[key] = Candidate(v2, h2, merged)
        return list(best.values())

    def _answer_locale(self, text: str) -> str:
        """The built locale the message is written in: by script for Arabic and CJK,
        else the locale whose content shares most of the message's words, function
        words included ("ich", "mein" are German before "Abo" is); the default
        locale when none clearly does."""
        lang = message_language(text, self.langs, language(self.default_locale))
        if lang != language(self.default_locale):
            for loc in self.locales:
                if language(loc) == lang:
                    return loc
        share: dict[str, float] = {}
        for loc, vocab in self._vocab.items():
            ws = [t.folded for t in tokens(text, language(loc), keep_stopwords=True)
                  if not t.folded.isdigit()]
            share[loc] = sum(w in vocab for w in ws) / len(ws) if ws else 0.0
        best = max(share, key=lambda loc: (share[loc], loc == self.default_locale), default=None)
        if best is None or share[best] < 0.3 or share[best] <= share.get(self.default_locale, 0.0) + 0.1:
            return self.default_locale
        return best

    def _title(self, v: Variant, locale: str) -> str:
        for w in self.variants:
            if w.id == v.id and w.kind == v.kind and w.locale == locale:
                return w.title
        return v.title

    def _dense_scores(self, text: str) -> tuple[list[float], list[float]]:
        import numpy as np


        vectors = self._dense()
        q = embed([text], self._out)[0]
        sims = vectors @ q if len(vectors) else np.zeros(0)
        dq: list[float] = []
        da: list[float] = []
        for v, (a, b) in zip(self.variants, self._spans):
            mid = a + v.n_titles
            dq.append(float(sims[a:mid].max()) if mid > a else 0.0)
            da.append(float(sims[mid:b].max()) if b > mid else 0.0)
        return dq, da


def _evidence(v: Variant, h: LexicalHit, feats: dict[str, float]) -> tuple[str, str]:
    """What to show an agent as the reason for a match."""
    if h.alias:
        return "alias", h.alias_text
    if h.field in ("question", "tags", "answer", "category") and feats["bm25"] >= 0.15:
        name = "question" if h.field == "question" else h.field
        return name, v.title if name == "question" else ""
    return "meaning", v.title


def _variant(kind: str, item_id: str, locale: str, lang: str, question: str, category: str,
             body: str, aliases: tuple[str, ...], tags: tuple[str, ...]) -> Variant:

    def terms(text: str) -> tuple[str, ...]:
        return tuple(t.term for t in tokens(text, lang))

    fields: list[tuple[str, tuple[str, ...]]] = [("question", terms(question)),
                                                 ("answer", terms(body))]
    if category:
        fields.append(("category", terms(category)))
    if aliases:
        fields.append(("alias", terms(" ".join(aliases))))
    if tags:
        fields.append(("tags", terms(" ".join(t.replace("-", " ") for t in tags))))
    seqs = tuple(tuple(t.term for t in tokens(a, lang, keep_stopwords=True)) for a in aliases)
    summary = f"{question} {body}"[:600]
    sentences = [x for x in _SENTENCE.split(body) if len(x) >= 15][:ANSWER_SENTENCES]
    return Variant(kind, item_id, locale, lang, question, tuple(fields), seqs, tuple(aliases),
                   (question, *aliases, summary, *sentences), 1 + len(aliases))


def faq_variant(faq: FAQ, locale: str) -> Variant:
    body = markdown_plain(faq.answer) + (" " + " ".join(faq.steps) if faq.steps else "")
    return _variant("faq", faq.id, locale, language(faq.locale or locale), faq.question,
                    faq.category, body,
                    tuple(faq.aliases), tuple(faq.tags))


def issue_variant(issue: RecurringIssue, locale: str) -> Variant:
    body = " ".join([issue.summary, *(s.text for s in issue.steps)])
    return _variant("issue", issue.id, locale, language(locale), issue.title, "", body, (), ())


def project_variants(project: Project, locale: str) -> list[Variant]:
    return ([faq_variant(f, locale) for f in project.faqs]
            + [issue_variant(i, locale) for i in project.issues])
