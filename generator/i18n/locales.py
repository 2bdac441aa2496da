"""Locale codes: the one place that turns ``de_AT.UTF-8`` into ``de-AT``, a locale into its
language, and says whether a language is written right to left.

Everything that asks "which language is this?" or "does this run right to left?" (cards,
charts, guides, video captions, reply's stemmer, catalogs) asks here, so a new alias or a
new right-to-left language is one change, not eight. Direction comes from CLDR through
Babel (``Locale.text_direction``): it knows Arabic, Hebrew, Persian, Urdu, Yiddish, Pashto,
Sindhi, Uyghur, Dhivehi, Sorani and the rest, so no hand-kept list can drift.
"""

from __future__ import annotations

import re
from functools import lru_cache

from babel import Locale, UnknownLocaleError

#: The source language: texts written in the code and the catalogs' msgids.
SOURCE = "en"
#: Old or alternative language codes that name a shipped catalog.
_ALIASES = {"iw": "he", "jp": "ja"}
_LOCALE_RE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")


def normalize(locale: str | None) -> str:
    """``de_AT.UTF-8`` / ``de-at`` -> ``de-AT``; ``None``, empty or malformed -> ``en``."""
    text = (locale or SOURCE).split(".")[0].split("@")[0].replace("_", "-").strip()
    if not text or not _LOCALE_RE.match(text):
        return SOURCE
    parts = text.split("-")
    lang = parts[0].lower()
    rest = [p.upper() if len(p) == 2 else p.title() if len(p) == 4 else p for p in parts[1:]]
    return "-".join([_ALIASES.get(lang, lang), *rest])


def language(locale: str | None) -> str:
    """The language part of a locale: ``de-AT`` -> ``de``, ``pt_BR`` -> ``pt``, ``None`` -> ``en``."""
    return normalize(locale).split("-")[0]


@lru_cache(maxsize=256)
def _direction(lang: str) -> str:
    try:
        return Locale.parse(lang).text_direction
    except (UnknownLocaleError, ValueError):
        return "ltr"


def is_rtl(locale: str | None) -> bool:
    """True when the locale's language is written right to left (CLDR's character order).

    ``None`` or an empty string is left to right: a card without a locale is laid out as
    the project's default, which callers pass explicitly when they have one."""
    if not locale:
        return False
    return _direction(language(locale)) == "rtl"
