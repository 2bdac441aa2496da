"""selfserve's own words on images (not the content's): "We reply within", "Closed on"...

``words(locale)`` returns every key, in the locale's language where a translation
exists and in English otherwise, so a design can always refer to ``words.<key>``.
Dates, weekday names and durations come from Babel (CLDR) instead of this table.
Several kinds share this table: add keys, do not rename them.
"""

from __future__ import annotations

from pathlib import Path

from generator.render.catalogs import language, translations

#: English is complete; other languages may leave keys out (English is used).
WORDS: dict[str, dict[str, str]] = {
    "en": {
        "banner_reply_within": "We reply within",
        "banner_closed_on": "Closed on",
        "banner_changed_hours": "Changed hours on",
        "banner_time_zone": "{zone} time",
        "banner_closed": "closed",
        # charts and infographics (kinds chart, infographic)
        "chart_first_reply_title": "How fast we reply",
        "chart_first_reply_sub": "First reply by channel, {period}",
        "chart_first_reply_alt": "Bar chart of median and 90th-percentile first reply time by channel, {period}",
        "chart_median": "Median",
        "chart_p90": "9 in 10 within",
        "chart_topics_title": "What you asked about",
        "chart_topics_sub": "Conversations by topic, {period}",
        "chart_topics_alt": "Horizontal bar chart of conversations by topic, {period}",
        "chart_conversations": "Conversations",
        "chart_weeks_title": "Conversations per week",
        "chart_weeks_sub": "{first} to {last}",
        "chart_weeks_alt": "Line chart of conversations per week from {first} to {last}",
        "chart_satisfaction_title": "Customer satisfaction",
        "chart_satisfaction_note": "of {responses} customers rated our help good",
        "chart_satisfaction_alt": "Customer satisfaction in {period}: {percent}",
        "info_headline": "Our support in {period}",
        "info_kicker": "Support in numbers",
        "info_fastest": "median first reply on {channel}",
        "info_satisfied": "satisfied customers",
        "info_conversations": "conversations",
        "info_weekly": "conversations a week on average",
        "info_top_questions": "Most asked",
        "info_asked": "asked {count} times",
        "info_contact": "Reach us",
        "info_alt": "{brand} support infographic for {period}",
        # hours cards (kind hours)
        "hours_title": "When we answer",
        "hours_reply": "replies within {time}",
        "hours_same": "same hours",
        "hours_this_week": "This week",
        "hours_zone": "All times {zone}",
        "hours_alt": "{brand} support hours",
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
        "alt_faq_card": "{brand} FAQ card.",
        "alt_banner": "{brand} banner.",
        "alt_step_of": "Step {n} of {total}",
        "alt_document": "{title}: {pages}-page how-to document.",
    },
    "de": {
        "banner_reply_within": "Wir antworten innerhalb von",
        "banner_closed_on": "Geschlossen am",
        "banner_changed_hours": "Geänderte Zeiten am",
        "banner_time_zone": "Zeitzone {zone}",
        "banner_closed": "geschlossen",
        "chart_first_reply_title": "So schnell antworten wir",
        "chart_first_reply_sub": "Erste Antwort je Kanal, {period}",
        "chart_first_reply_alt": "Balkendiagramm der ersten Antwortzeit je Kanal (Median und 90. Perzentil), {period}",
        "chart_median": "Median",
        "chart_p90": "9 von 10 in",
        "chart_topics_title": "Worum es ging",
        "chart_topics_sub": "Anfragen nach Thema, {period}",
        "chart_topics_alt": "Horizontales Balkendiagramm der Anfragen nach Thema, {period}",
        "chart_conversations": "Anfragen",
        "chart_weeks_title": "Anfragen pro Woche",
        "chart_weeks_sub": "{first} bis {last}",
        "chart_weeks_alt": "Liniendiagramm der Anfragen pro Woche von {first} bis {last}",
        "chart_satisfaction_title": "Kundenzufriedenheit",
        "chart_satisfaction_note": "von {responses} Befragten bewerten unsere Hilfe gut",
        "chart_satisfaction_alt": "Kundenzufriedenheit im Zeitraum {period}: {percent}",
        "info_headline": "Unser Kundenservice im {period}",
        "info_kicker": "Service in Zahlen",
        "info_fastest": "Median der ersten Antwort per {channel}",
        "info_satisfied": "zufriedene Kundinnen und Kunden",
        "info_conversations": "Anfragen",
        "info_weekly": "Anfragen pro Woche im Schnitt",
        "info_top_questions": "Häufigste Fragen",
        "info_asked": "{count}-mal gefragt",
        "info_contact": "So erreichen Sie uns",
        "info_alt": "{brand}: Infografik zum Kundenservice, {period}",
        "hours_title": "Wann wir antworten",
        "hours_reply": "Antwort in {time}",
        "hours_same": "gleiche Zeiten",
        "hours_this_week": "Diese Woche",
        "hours_zone": "Alle Zeiten: {zone}",
        "hours_alt": "{brand}: Servicezeiten",
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


def words(locale: str | None, root: Path | None = None) -> dict[str, str]:
    """All words for ``locale`` (``de-AT`` uses ``de``), English where a catalog lacks one.

    The translations come from the gettext catalogs in ``generator/data/locale`` (see
    :mod:`generator.render.catalogs`); with the project's ``root`` its own
    ``locale/<lang>.po`` wins over them, so a team can reword any of these texts.
    """
    lang = language(locale)
    return {**WORDS["en"], **WORDS.get(lang, {}), **translations(locale, WORDS["en"], root)}
