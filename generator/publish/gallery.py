"""``output/index.html``: a static page to look at every asset before it goes live."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def write_gallery(out: Path, entries: list[dict[str, Any]],
                  before: dict[str, tuple[Any, Any, Any]] | None, title: str) -> None:
    """Placeholder until the gallery lands."""
    return None
