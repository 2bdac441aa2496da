"""selfserve's own words on images (not the content's): "We reply within", "Closed on"...

``words(locale)`` returns every key, in the locale's language where a translation
exists and in English otherwise, so a design can always refer to ``words.<key>``.
Dates, weekday names and durations come from Babel (CLDR) instead of this table.
Several kinds share this table: add keys, do not rename them.
"""

from __future__ import annotations

#: English is complete; other languages may leave keys out (English is used).
WORDS: dict[str, dict[str, str]] = {
    "en": {
        "banner_reply_within": "We reply within",
        "banner_closed_on": "Closed on",
        "banner_changed_hours": "Changed hours on",
        "banner_time_zone": "{zone} time",
        "banner_closed": "closed",
    },
    "de": {
        "banner_reply_within": "Wir antworten innerhalb von",
        "banner_closed_on": "Geschlossen am",
        "banner_changed_hours": "Geänderte Zeiten am",
        "banner_time_zone": "Zeitzone {zone}",
        "banner_closed": "geschlossen",
    },
}


def words(locale: str | None) -> dict[str, str]:
    """All words for ``locale`` (``de-AT`` falls back to ``de``, then to English)."""
    lang = (locale or "en").replace("_", "-").split("-")[0].lower()
    return {**WORDS["en"], **WORDS.get(lang, {})}
