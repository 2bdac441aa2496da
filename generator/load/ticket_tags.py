"""Which helpdesk tags say nothing about a customer's problem.

Helpdesks tag tickets by where they came from (``android``, ``web``, ``email``), how urgent
they are (``priority_high``, ``p2``), where the customer lives (``uk``, ``region:emea``), who
they are (``vip``, ``tier_1``) and where the ticket is in its workflow (``solved``,
``escalated``). Such tags are on many tickets, so by count alone they would become draft
issues titled "Ios" or "Vip". :func:`is_generic` says whether a tag is one of them: the
whole tag is a known generic word, or every part of it (split at ``_ - : / .`` and spaces)
is a generic word, a facet name such as ``priority`` or ``region``, or a number. Regions
come from Babel's CLDR territory codes and English names (``de``, ``germany``), so every
country is covered without a hand-typed list. A support lead adds tags with
``--ignore-tag`` and takes any back with ``--keep-tag``.
"""

from __future__ import annotations

import re
from functools import lru_cache


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Where a ticket came from: device, operating system, channel.
PLATFORMS = _words("""
android ios iphone ipad ipados macos mac osx windows linux chromeos web website webapp browser chrome
firefox safari edge mobile desktop tablet app apps mobileapp email e-mail mail inbox chat livechat
messenger whatsapp sms phone call voice voicemail telephone facebook instagram twitter x tiktok
linkedin social api widget form contactform portal helpcenter kiosk
""")
#: How urgent it is.
PRIORITIES = _words("""
urgent high medium normal low critical blocker minor major trivial asap important p0 p1 p2 p3 p4 p5
sev0 sev1 sev2 sev3 sev4 hi lo med
""")
#: Regions bigger or other than one country (countries come from CLDR).
REGIONS = _words("""
uk eu emea apac latam amer americas na nam dach nordics nordic benelux mena anz row intl international
domestic europe asia africa oceania global worldwide us usa gb
""")
#: Who the customer is.
TIERS = _words("""
vip premium pro plus basic free freemium trial enterprise business starter standard gold silver
bronze platinum diamond paid paying unpaid customer customers new returning existing prospect lead
b2b b2c smb sme partner reseller wholesale retail member members subscriber subscribers staff
employee internal test demo beta keyaccount key account
""")
#: Where the ticket is in the helpdesk's workflow.
WORKFLOW = _words("""
open opened closed solved resolved pending new reopened escalated escalation spam autoreply auto
reply automated autoresponder csat nps feedback survey merged duplicate followup follow up waiting
onhold hold hold_on assigned unassigned triage triaged handover bot chatbot macro sla breached
first contact fcr tier level
""")
#: Names of a tag's facet ("priority" in priority_high, "region" in region:uk).
FACETS = _words("""
priority prio severity sev tier level region country lang language locale channel source via
platform device os plan segment type status group queue brand market site team
""")


@lru_cache(maxsize=1)
def _cldr_words() -> frozenset[str]:
    """Territory codes and English country names, two-letter language codes and English
    language names, from CLDR (Babel). Three-letter language codes are left out: "fan",
    "men" or "war" are real words a problem tag may be."""
    from babel import Locale

    en = Locale("en")
    words: set[str] = set()
    for code, name in en.territories.items():
        if code.isalpha():
            words.add(code.lower())
            words.add(re.sub(r"[^\w]+", "", name.casefold()))  # "United Kingdom" -> unitedkingdom
    for code, name in en.languages.items():
        if code.isalpha() and len(code) == 2:
            words.add(code.lower())
            words.add(name.casefold())
    return frozenset(words)


def _generic_word(word: str) -> bool:
    return (word.isdigit() or word in PLATFORMS or word in PRIORITIES or word in REGIONS
            or word in TIERS or word in WORKFLOW or word in FACETS or word in _cldr_words())


_PARTS = re.compile(r"[\s_\-:/.]+")


def is_generic(tag: str) -> bool:
    """True for a tag about channel, priority, region, tier or workflow, not the problem."""
    t = tag.strip().casefold()
    if not t:
        return True
    if _generic_word(t) or _generic_word(re.sub(r"[\s_\-:/.]+", "", t)):
        return True
    parts = [p for p in _PARTS.split(t) if p]
    return bool(parts) and all(_generic_word(p) for p in parts)
