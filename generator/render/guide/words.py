"""The words a guide adds around the content ("Contents", "Troubleshooting"...).

Kept beside the guide instead of in :mod:`generator.i18n.words` while several kinds
edit that table at once; :func:`guide_words` merges both, so a template can use any
key of either. English is complete; German shows the pattern for more languages.
"""

from __future__ import annotations

from pathlib import Path

from generator.i18n.locales import language
from generator.i18n.words import words

GUIDE_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "guide_title": "{brand} help guide",
        "guide_contents": "Contents",
        "guide_faqs": "Questions and answers",
        "guide_troubleshooting": "Troubleshooting",
        "guide_troubleshooting_intro":
            "Problems many customers meet at the moment, with the steps that fix them.",
        "guide_stats": "Support in numbers",
        "guide_contact": "Contact us",
        "guide_contact_intro": "Could not find your answer? We are happy to help.",
        "guide_content_date": "Content as of {date}",
        "guide_status_investigating": "Investigating",
        "guide_status_workaround": "Workaround",
        "guide_status_fixed": "Fixed",
        "guide_reported": "Reported by {count} customers",
        "guide_since": "Since {date}",
        "guide_no_steps": "We are working on it and add the steps here as soon as we have them.",
        "guide_scan": "Scan to read online",
        "guide_read_online": "Read online",
        "guide_channel": "Channel",
        "guide_address": "Where",
        "guide_hours": "Staffed hours",
        "guide_reply": "First reply within",
        "guide_usual_hours": "Usual hours",
        "guide_changed_hours": "Changed hours",
        "guide_intro": "Everything you can solve yourself, in one place.",
        "guide_steps": "Step by step",
        "guide_page": "Page",
        "guide_inside_answers": "answers to common questions",
        "guide_inside_fixes": "step-by-step fixes",
        "guide_inside_channels": "ways to reach us",
        "guide_online": "The latest answers are always online",
    },
    "de": {
        "guide_title": "{brand} Hilfe",
        "guide_contents": "Inhalt",
        "guide_faqs": "Fragen und Antworten",
        "guide_troubleshooting": "Fehlerbehebung",
        "guide_troubleshooting_intro":
            "Probleme, die gerade viele Kundinnen und Kunden haben, mit den Schritten zur Lösung.",
        "guide_stats": "Support in Zahlen",
        "guide_contact": "Kontakt",
        "guide_contact_intro": "Keine Antwort gefunden? Wir helfen gern.",
        "guide_content_date": "Stand: {date}",
        "guide_status_investigating": "Wird untersucht",
        "guide_status_workaround": "Umgehung verfügbar",
        "guide_status_fixed": "Behoben",
        "guide_reported": "Von {count} Kundinnen und Kunden gemeldet",
        "guide_since": "Seit {date}",
        "guide_no_steps": "Wir arbeiten daran und ergänzen die Schritte, sobald wir sie haben.",
        "guide_scan": "Scannen und online lesen",
        "guide_read_online": "Online lesen",
        "guide_channel": "Kanal",
        "guide_address": "Wo",
        "guide_hours": "Erreichbar",
        "guide_reply": "Erste Antwort innerhalb",
        "guide_usual_hours": "Übliche Zeiten",
        "guide_changed_hours": "Geänderte Zeiten",
        "guide_intro": "Alles, was Sie selbst lösen können, an einem Ort.",
        "guide_steps": "Schritt für Schritt",
        "guide_page": "Seite",
        "guide_inside_answers": "Antworten auf häufige Fragen",
        "guide_inside_fixes": "Lösungen Schritt für Schritt",
        "guide_inside_channels": "Wege zu uns",
        "guide_online": "Die neuesten Antworten finden Sie immer online",
    },
}


def guide_words(locale: str | None, root: Path | None = None) -> dict[str, str]:
    """Every key of :func:`~generator.i18n.words.words` plus the guide's, in ``locale``.

    The gettext catalogs (and the project's ``locale/<lang>.po`` under ``root``) win
    over this table, which stays the English source of the guide's keys.
    """
    lang = language(locale)
    return {**GUIDE_WORDS["en"], **GUIDE_WORDS.get(lang, {}), **words(locale, root)}
