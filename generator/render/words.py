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
        "status_investigating": "Investigating",
        "status_workaround": "Workaround",
        "status_fixed": "Fixed",
        "carousel_reported": "{count} customers reported this",
        "carousel_swipe": "Swipe for the fix",
        "carousel_part": "Part {part} of {parts}",
        "carousel_step": "Step {n}",
        "carousel_help": "Still stuck? We're here to help",
        "carousel_reply": "replies within {time}",
        "carousel_hours": "Staffed {hours}",
        "notice_investigating": "We know about this",
        "notice_meanwhile": "What to do meanwhile",
        "notice_fixed": "Fixed: {title}",
        "notice_fixed_body": "This is fixed. Thank you for your patience!",
    },
    "de": {
        "banner_reply_within": "Wir antworten innerhalb von",
        "banner_closed_on": "Geschlossen am",
        "banner_changed_hours": "Geänderte Zeiten am",
        "banner_time_zone": "Zeitzone {zone}",
        "banner_closed": "geschlossen",
        "status_investigating": "Wird untersucht",
        "status_workaround": "Umgehungslösung",
        "status_fixed": "Behoben",
        "carousel_reported": "{count} Kundinnen und Kunden haben das gemeldet",
        "carousel_swipe": "Wischen für die Lösung",
        "carousel_part": "Teil {part} von {parts}",
        "carousel_step": "Schritt {n}",
        "carousel_help": "Noch Fragen? Wir helfen gern",
        "carousel_reply": "antwortet innerhalb von {time}",
        "carousel_hours": "Erreichbar {hours}",
        "notice_investigating": "Wir kennen das Problem",
        "notice_meanwhile": "Was Sie bis dahin tun können",
        "notice_fixed": "Behoben: {title}",
        "notice_fixed_body": "Das Problem ist behoben. Danke für Ihre Geduld!",
    },
}


def words(locale: str | None) -> dict[str, str]:
    """All words for ``locale`` (``de-AT`` falls back to ``de``, then to English)."""
    lang = (locale or "en").replace("_", "-").split("-")[0].lower()
    return {**WORDS["en"], **WORDS.get(lang, {})}
