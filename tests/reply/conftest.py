"""Shared fixtures of the reply tests: the sample project indexed once per session (the
embedding model loads once per process; content vectors are cached in a session folder)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.load.project import load_project
from generator.reply.search import SearchIndex

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def reply_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("reply-cache")


@pytest.fixture(scope="session")
def sample_index(reply_cache: Path) -> SearchIndex:
    """The repository's sample project (en-GB, de-DE, ar), every locale indexed."""
    return SearchIndex.from_project(load_project(ROOT), reply_cache / "sample")
