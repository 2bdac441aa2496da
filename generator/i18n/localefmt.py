"""Numbers, percentages, durations, clock times and weekday names in the project's locale.

In: a value and a BCP 47 locale as written in ``selfserve.yaml`` (``en-GB``, ``de-DE``,
``ar``). Out: the string a reader of that locale expects, from Babel's CLDR data:
``1.5`` / ``1,5`` / ``١٫٥``, ``94.2%`` / ``94,2 %``, ``Monday`` / ``Montag``, ``09:00``
or ``9:00 AM``. Charts, infographics and hours cards call these instead of f-strings,
so a German project never shows a decimal point. No hand-written rules per language.
"""

from __future__ import annotations

from datetime import date, time
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # Babel is imported where it is used, so the CLI starts fast.
    from babel import Locale

#: CLDR's unit widths (``format_unit``) and weekday-name widths (``get_day_names``).
UnitLength = Literal["short", "long", "narrow"]
DayWidth = Literal["abbreviated", "narrow", "short", "wide"]

#: Monday-first weekday keys as the config writes them (see generator.load.model.WEEKDAYS).
_DAY_INDEX = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}


@lru_cache(maxsize=64)
def babel_locale(locale: str | None) -> Locale:
    """``de-DE`` -> Babel's ``de_DE``; an unknown region falls back to its language, then English."""
    from babel import Locale, UnknownLocaleError

    tag = (locale or "en").replace("-", "_")
    for candidate in (tag, tag.split("_")[0], "en"):
        try:
            return Locale.parse(candidate)
        except (UnknownLocaleError, ValueError):
            continue
    return Locale.parse("en")


def number(value: float, locale: str | None, *, decimals: int = 1) -> str:
    """A count or measure with at most ``decimals`` decimals and the locale's separators:
    ``1.5`` (en), ``1,5`` (de), ``1,286`` (en) / ``1.286`` (de); ``3.0`` prints as ``3``."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "#" * decimals if decimals > 0 else "")
    return format_decimal(round(value, decimals), format=pattern, locale=babel_locale(locale))


def count(value: int, locale: str | None) -> str:
    """A whole number with grouping: ``1,286`` (en), ``1.286`` (de)."""
    return number(value, locale, decimals=0)


def percent(value: float, locale: str | None, *, decimals: int = 1) -> str:
    """``94.2`` (already a percentage) -> ``94.2%`` (en), ``94,2 %`` (de)."""
    from babel.numbers import format_percent

    pattern = "#,##0" + ("." + "#" * decimals if decimals > 0 else "") + "%"
    loc = babel_locale(locale)
    # Babel's pattern decides where the sign goes and whether a (narrow) space precedes it.
    std = loc.percent_formats.get(None)
    if std is not None and std.pattern:
        head, _, tail = std.pattern.partition(";")[0].partition("#,##0")
        pattern = head + "#,##0" + ("." + "#" * decimals if decimals > 0 else "") + tail.lstrip("0.#")
    return format_percent(round(value, decimals) / 100, format=pattern, locale=loc)


def minutes(value: float, locale: str | None, *, length: UnitLength = "short") -> str:
    """A reply time: under 90 minutes in minutes (``1.5 min``), else in hours (``2.4 hr``).

    ``length`` is CLDR's unit width: ``short`` for chart labels, ``long`` for sentences."""
    from babel.units import format_unit

    loc = babel_locale(locale)
    if value < 90:
        return format_unit(_plain(value), "duration-minute", length=length, locale=loc,
                           format=_unit_pattern(value))
    hours = value / 60
    return format_unit(_plain(hours), "duration-hour", length=length, locale=loc,
                       format=_unit_pattern(hours))


def _plain(value: float) -> float | int:
    value = round(value, 1)
    return int(value) if value == int(value) else value


def _unit_pattern(value: float) -> str:
    return "#,##0" if round(value, 1) == int(round(value, 1)) else "#,##0.0"


def weekday(day: str, locale: str | None, width: DayWidth = "wide") -> str:
    """``mon`` -> ``Monday`` / ``Montag`` (wide) or ``Mon`` / ``Mo.`` (abbreviated)."""
    from babel.dates import get_day_names

    return str(get_day_names(width, locale=babel_locale(locale))[_DAY_INDEX[day]])


def clock(hhmm: str, locale: str | None) -> str:
    """``17:00`` -> ``17:00`` (en-GB, de) or ``5:00 PM`` (en-US): the locale's short time."""
    from babel.dates import format_time

    h, m = (int(p) for p in hhmm.split(":"))
    if h == 24:  # "open until 24:00" is midnight at the end of the day
        h = 0
    return format_time(time(h, m), format="short", locale=babel_locale(locale))


def day_month(day: str, locale: str | None) -> str:
    """``2026-12-24`` -> ``24 Dec`` (en-GB), ``24. Dez.`` (de), ``Dec 24`` (en-US)."""
    from babel.dates import format_skeleton

    return format_skeleton("MMMd", date.fromisoformat(day), locale=babel_locale(locale))


def digits(text: str, locale: str | None) -> str:
    """The digits of a label (``2026-W44``) in the locale's default numbering system."""
    from babel.numbers import format_decimal

    loc = babel_locale(locale)
    if format_decimal(0, locale=loc) == "0":
        return text
    native = {str(i): format_decimal(i, locale=loc) for i in range(10)}
    return "".join(native.get(ch, ch) for ch in text)
