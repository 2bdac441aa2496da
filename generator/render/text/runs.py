"""Font runs: which face of the fallback chain draws each grapheme cluster.

In: logical text and a font chain. Out: :class:`FontRun` ranges (logical order) and the
characters no face covers. Whole grapheme clusters are assigned, so a base letter and
its combining marks, or an emoji ZWJ sequence, always come from one font. Spaces,
digits and punctuation stay in the font of their neighbours when it covers them, so
an Arabic sentence is one run in Noto Sans Arabic instead of alternating with the
Latin font at every space.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from generator.render.text.chars import graphemes, ignorable, is_emoji_cluster
from generator.render.text.coverage import face_coverage
from generator.render.text.fonts import FontFace


@dataclass(frozen=True)
class FontRun:
    """``text[start:end]`` is drawn with ``face``."""

    start: int
    end: int
    face: FontFace


def _strong(cluster: str) -> bool:
    """Letters, marks and emoji decide the font; neutrals follow their neighbours."""
    return unicodedata.category(cluster[0])[0] in "LM" or is_emoji_cluster(cluster)


class _ChainIndex:
    """Per-chain caches: coverage sets loaded on first need, cluster -> face decisions.

    Hashing a chain (a tuple of ~30 faces) per cluster showed up as the top cost of
    itemizing, so a chain is hashed once per call and clusters are looked up here.
    """

    def __init__(self, chain: tuple[FontFace, ...]) -> None:
        self.chain = chain
        self.bitmap = [f.bitmap for f in chain]
        self._cov: list[frozenset[int] | None] = [None] * len(chain)
        self._picks: dict[str, tuple[int, frozenset[str]]] = {}
        self._covers: dict[tuple[int, str], bool] = {}

    def covers(self, i: int, text: str) -> bool:
        key = (i, text)
        hit = self._covers.get(key)
        if hit is None:
            cov = self._cov[i]
            if cov is None:
                cov = self._cov[i] = face_coverage(self.chain[i])
            hit = self._covers[key] = all(ord(c) in cov or ignorable(c) for c in text)
        return hit

    def resolve(self, cluster: str) -> tuple[int, frozenset[str]]:
        hit = self._picks.get(cluster)
        if hit is None:
            hit = self._picks[cluster] = self._resolve(cluster)
        return hit

    def _resolve(self, cluster: str) -> tuple[int, frozenset[str]]:
        if all(ignorable(c) for c in cluster):
            return 0, frozenset()
        emoji = is_emoji_cluster(cluster)
        # Emoji clusters try the bitmap emoji font first; text clusters try it last.
        order = sorted(range(len(self.chain)), key=lambda i: (self.bitmap[i] != emoji, i))
        for i in order:
            if self.covers(i, cluster):
                return i, frozenset()
        base = next(c for c in cluster if not ignorable(c))
        for i in order:
            if self.covers(i, base):
                return i, frozenset(c for c in cluster if not self.covers(i, c))
        return 0, frozenset(c for c in cluster if not ignorable(c))


@lru_cache(maxsize=64)
def chain_index(chain: tuple[FontFace, ...]) -> _ChainIndex:
    """The cache object of one fallback chain (chains are few: one per style)."""
    return _ChainIndex(chain)


def resolve_cluster(chain: tuple[FontFace, ...], cluster: str) -> tuple[int, frozenset[str]]:
    """Index in ``chain`` of the face for ``cluster`` and the characters it cannot draw."""
    return chain_index(chain).resolve(cluster)


def itemize(text: str, chain: tuple[FontFace, ...]) -> tuple[list[FontRun], frozenset[str]]:
    """Split ``text`` into maximal runs of one face; also return undrawable characters."""
    index = chain_index(chain)
    clusters = graphemes(text)
    picks: list[int | None] = []
    missing: set[str] = set()
    for cl in clusters:
        if _strong(cl):
            idx, miss = index.resolve(cl)
            missing |= miss
            picks.append(idx)
        else:
            picks.append(None)
    # Neutrals: previous face if it covers them, else the next strong face, else the chain.
    nxt: list[int | None] = [None] * len(picks)
    following: int | None = None
    for i in range(len(picks) - 1, -1, -1):
        nxt[i] = following
        if picks[i] is not None:
            following = picks[i]
    prev: int | None = None
    for i, cl in enumerate(clusters):
        if picks[i] is None:
            for cand in (prev, nxt[i]):
                if cand is not None and not index.bitmap[cand] and index.covers(cand, cl):
                    picks[i] = cand
                    break
            else:
                idx, miss = index.resolve(cl)
                missing |= miss
                picks[i] = idx
        prev = picks[i]
    runs: list[FontRun] = []
    pos, run_start = 0, 0
    run_idx: int | None = picks[0] if picks else 0
    for cl, pick in zip(clusters, picks):
        if pick != run_idx:
            runs.append(FontRun(run_start, pos, chain[run_idx or 0]))
            run_start, run_idx = pos, pick
        pos += len(cl)
    if pos > run_start:
        runs.append(FontRun(run_start, pos, chain[run_idx or 0]))
    return runs, frozenset(missing)
