"""The one slug function: ids of FAQs, from a question or from a source's own id field.

Ids name output files and URLs, so they must be stable, ASCII and readable in every
language. python-slugify (with text-unidecode) transliterates instead of dropping
letters: ``Łódź`` -> ``lodz``, ``Почему?`` -> ``pochemu``, ``ALC_PM`` -> ``alc-pm``, which a
hand-written NFKD fold got wrong (``Ł`` has no decomposition and vanished).
"""

from __future__ import annotations

import hashlib

from generator.load.filenames import is_safe_filename

#: Ids longer than this are cut at a word boundary; file names stay readable.
MAX_ID = 60


def slug(text: str, limit: int = MAX_ID) -> str:
    """A stable, readable id: ``How do I pause?`` -> ``how-do-i-pause``.

    Text that transliterates to fewer than three characters (an emoji, ``?``) gets a short
    hash of the text instead, stable for the same text.
    """
    from slugify import slugify as _slugify

    # Cut at the last whole word ourselves: python-slugify's word_boundary skips a long
    # word and keeps later short ones ("overtop an unofficial build" -> "overtop-an-build").
    out = _slugify(str(text))
    if len(out) > limit:
        out = out[:limit].rsplit("-", 1)[0]  # as ids were cut before: existing files keep names
    if len(out) < 3:
        out = "faq-" + hashlib.sha1(str(text).encode()).hexdigest()[:8]
    return _safe(out)


def _safe(name: str) -> str:
    """``con`` (from "Con?" or an id CON) is a device name on Windows: ``con-faq``."""

    return name if is_safe_filename(name) else name + "-faq"


def source_id(value: object) -> str | None:
    """A source's own id (``ALC_PM``, ``360001234567``, ``xiaomi_colors``) as one of ours;
    None when it has nothing to slugify (an empty cell)."""
    if value is None or isinstance(value, (bool, list, dict)):
        return None
    text = str(value).strip()
    if not text:
        return None
    from slugify import slugify as _slugify

    out = _slugify(text)
    if len(out) > 80:
        out = out[:81].rsplit("-", 1)[0] if "-" in out[:81] else out[:80]
    return out or None
