"""selfserve's own words on images (not the content's): "We reply within", "Closed on"...

``words(locale)`` returns every key, in the locale's language where a translation
exists and in English otherwise, so a design can always refer to ``words.<key>``.
Dates, weekday names and durations come from Babel (CLDR) instead of this table.
Several kinds share this table: add keys, do not rename them.
"""

from __future__ import annotations

from pathlib import Path

from generator.i18n.catalogs import translations

#: The English source of every key. Translations live in the gettext catalogs
#: (generator/data/locale/<lang>/LC_MESSAGES/selfserve.po): after adding a key here run
#: ``python tools/sync_catalogs.py --update`` and translate it there.
WORDS: dict[str, dict[str, str]] = {
    "en": {
        "banner_reply_within": "We reply within",
        # captions on platforms whose captions hold no clickable link (Instagram, TikTok)
        "caption_link_in_bio": "Link in bio",
        "banner_closed_on": "Closed on",
        "banner_changed_hours": "Changed hours on",
        "banner_time_zone": "{zone} time",
        "banner_closed": "closed",
        "banner_back_on": "Back on",
        # charts and infographics (kinds chart, infographic)
        "chart_first_reply_title": "How fast we reply",
        "chart_first_reply_sub": "First reply by channel, {period}",
        "chart_first_reply_alt": ("Bar chart of median and 90th-percentile first reply time by "
                                  "channel, {period}"),
        "chart_median": "Median",
        "chart_p90": "9 in 10 within",
        "chart_topics_title": "What you asked about",
        "chart_topics_sub": "Conversations by topic, {period}",
        "chart_topics_alt": "Horizontal bar chart of conversations by topic, {period}",
        "chart_conversations": "Conversations",
        # under horizontal bars that had no room for every category
        "chart_more": "+{count} more",
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
        # The hours/today card (build --today): said before that day's hours.
        "hours_today": "Today",
        "hours_zone": "All times {zone}",
        "hours_alt": "{brand} support hours",
        "status_investigating": "Investigating",
        "status_workaround": "Workaround",
        "status_fixed": "Fixed",
        "carousel_reported": "{count} customers reported this",
        "carousel_swipe": "Swipe for the fix",
        "carousel_part": "Part {part} of {parts}",
        "carousel_part_title": "Part {part} of {parts}: {title}",
        "carousel_step": "Step {n}",
        "carousel_help": "Still stuck? We're here to help",
        "carousel_reply": "replies within {time}",
        "carousel_hours": "Staffed {hours}",
        "notice_investigating": "We know about this",
        "notice_meanwhile": "What to do meanwhile",
        # A fixed notice, before the steps an affected customer still takes.
        "notice_if_affected": "If you were affected",
        "notice_fixed": "Fixed: {title}",
        "notice_fixed_body": "This is fixed. Thank you for your patience!",
        "alt_faq_card": "{brand} FAQ card.",
        # FAQ cards too long for one image (the completeness rule)
        "faq_full_answer": "Full answer: {link}",
        "faq_page": "{n}/{total}",
        "alt_banner": "{brand} banner.",
        "alt_step_of": "Step {n} of {total}",
        "alt_document": "{title}: {pages}-page how-to document.",
    },
}


def words(locale: str | None, root: Path | None = None) -> dict[str, str]:
    """All words for ``locale`` (``de-AT`` uses ``de``), English where a catalog lacks one.

    The translations come from the gettext catalogs in ``generator/data/locale`` (see
    :mod:`generator.i18n.catalogs`); with the project's ``root`` its own
    ``locale/<lang>.po`` wins over them, so a team can reword any of these texts.
    """
    return {**WORDS["en"], **translations(locale, WORDS["en"], root)}
