"""The embedding cache in the output folder: same texts give the same bytes, a warm cache
embeds nothing, a broken cache file is rebuilt instead of crashing."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from generator.reply.dense import CACHE, EmbeddingCache

TEXTS = ["Where is my order?", "Wo ist meine Bestellung?", "我想取消订阅", ""]


def test_same_texts_give_the_same_cache_bytes_and_a_warm_cache_embeds_nothing(tmp_path: Path) -> None:
    files = []
    for name in ("a", "b"):
        cache = EmbeddingCache(tmp_path / name)
        vecs = cache.get_many(TEXTS)
        cache.save(TEXTS)
        files.append((tmp_path / name / CACHE).read_bytes())
        warm = EmbeddingCache(tmp_path / name)
        assert np.array_equal(warm.get_many(TEXTS), vecs) and not warm._dirty
    assert files[0] == files[1]
    assert vecs.shape == (4, 512) and not vecs[3].any()  # an empty text embeds to zeros
    assert np.allclose(np.linalg.norm(vecs[:3], axis=1), 1.0, atol=1e-3)


def test_a_broken_cache_file_is_rebuilt(tmp_path: Path) -> None:
    (tmp_path / CACHE).parent.mkdir(parents=True)
    (tmp_path / CACHE).write_bytes(b"\x93NUMPY garbage")
    cache = EmbeddingCache(tmp_path)
    assert cache.vectors == {}
    cache.get_many(TEXTS[:1])
    cache.save(TEXTS[:1])
    assert len(EmbeddingCache(tmp_path).vectors) == 1
