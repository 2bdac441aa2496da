"""Declarative field specs: one description drives validation and the JSON Schema.

Each kind (``Str``, ``Int``, ``ListOf``, ``Record``...) validates a plain value at a
field path and reports every problem it finds (not just the first) into a
:class:`Checker`, located through the :class:`~generator.load.yamlsource.Document`.
``Record`` builds a frozen dataclass from the validated fields, so what leaves the
loader is typed. ``json_schema()`` on the same kinds gives ``selfserve schema``.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from generator.errors import Problem
from generator.load.filenames import filename_problem
from generator.load.yamlsource import Document, PathKey

INVALID: Any = type("Invalid", (), {"__repr__": lambda self: "INVALID"})()


def type_name(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "a number"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a map"
    return type(value).__name__


class Checker:
    """Collects problems for one document."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.problems: list[Problem] = []

    def error(self, path: PathKey, message: str, *, key: bool = False) -> None:
        self.problems.append(self.doc.problem(path, message, key=key))

    def warn(self, path: PathKey, message: str) -> None:
        self.problems.append(self.doc.problem(path, message, severity="warning"))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


class Kind:
    """Base of all field kinds."""

    description = ""

    def check(self, value: Any, path: PathKey, ck: Checker) -> Any:  # pragma: no cover
        raise NotImplementedError

    def json_schema(self) -> dict[str, Any]:  # pragma: no cover
        raise NotImplementedError

    def expect(self, value: Any, what: str, path: PathKey, ck: Checker) -> Any:
        ck.error(path, f"expected {what}, found {type_name(value)}")
        return INVALID


@dataclass
class Str(Kind):
    min_len: int = 1
    max_len: int = 100_000
    pattern: str | None = None
    pattern_hint: str = ""
    accept_numbers: bool = True  # `category: 2026` is still meant as text
    #: May be a translation map (``question: {en: ..., de: ...}``), resolved per locale
    #: before validation (load/translate.py); ids, colours, dates and times may not.
    translatable: bool = True

    def check(self, value: Any, path: PathKey, ck: Checker) -> Any:
        if isinstance(value, (int, float)) and not isinstance(value, bool) and self.accept_numbers:
            value = str(value)
        if not isinstance(value, str):
            return self.expect(value, "text", path, ck)
        value = value.strip("\n") if "\n" in value else value.strip()
        if len(value) < self.min_len:
            ck.error(path, "must not be empty")
            return INVALID
        if len(value) > self.max_len:
            ck.error(path, f"is {len(value):,} characters long; the limit is {self.max_len:,}")
            return INVALID
        if self.pattern and not re.fullmatch(self.pattern, value):
            ck.error(path, f"'{value}' is not valid: {self.pattern_hint or 'unexpected format'}")
            return INVALID
        return value

    def json_schema(self) -> dict[str, Any]:
        """The same verdicts as :meth:`check`: the pattern anchored as one group (an
        alternation must not escape its anchors), surrounding blanks allowed (check
        strips them), a blank text refused, a number accepted where check turns it into
        text, and a translation map of such texts where the field is translatable."""
        s: dict[str, Any] = {"type": "string", "minLength": self.min_len, "maxLength": self.max_len}
        if self.pattern:
            s["pattern"] = rf"^\s*(?:{self.pattern})\s*$"
        elif self.min_len:
            s["pattern"] = r"\S"
        text: dict[str, Any] = s
        if self.accept_numbers and not self.pattern:
            text = {"anyOf": [s, {"type": "number"}]}
        if not self.translatable:
            return text
        locale_map = {"type": "object", "minProperties": 1,
                      "propertyNames": {"pattern": r"^[a-z]{2,3}([-_][A-Za-z0-9]{2,8})*$"},
                      "additionalProperties": text}
        return {"anyOf": [*text.get("anyOf", [text]), locale_map]}


SLUG = r"[a-z0-9][a-z0-9-]*"


@dataclass
class FileName(Str):
    """Text that becomes a file or folder name under output/ (ids): also valid on Windows."""

    def check(self, value: Any, path: PathKey, ck: Checker) -> Any:
        value = super().check(value, path, ck)
        if isinstance(value, str):
            problem = filename_problem(value)
            if problem:
                ck.error(path, f"{problem} (ids become output file names)")
                return INVALID
        return value

    def json_schema(self) -> dict[str, Any]:
        s = super().json_schema()
        s["not"] = {"pattern": "^(con|prn|aux|nul|com[0-9]|lpt[0-9])$"}  # ids are lowercase
        return s


def Slug() -> Str:  # noqa: N802 - reads like a kind
    return FileName(max_len=80, pattern=SLUG, pattern_hint="use lowercase letters, digits and '-'",
                    translatable=False)


def Color() -> Str:  # noqa: N802
    """#RRGGBB, or the #RGB shorthand (#FFF is #FFFFFF): the message names both."""
    return Str(pattern=r"#[0-9A-Fa-f]{6}|#[0-9A-Fa-f]{3}",
               pattern_hint="write a colour as #RRGGBB (or #RGB)", translatable=False)


#: A web address: with or without https://, a host with a dot, no spaces; or a reference
#: relative to the source's ``base_url`` (``/shipping``, ``#returns``, ``../faq``).
URL = (r"(?:https?://)?[^\s/?#.:@]+(?:\.[^\s/?#.:@]+)+(?::\d{1,5})?(?:[/?#]\S*)?"
       r"|(?:/|#|\?|\.\.?/)\S*")


def Url(max_len: int = 500) -> Str:  # noqa: N802
    return Str(max_len=max_len, pattern=URL, accept_numbers=False,
               pattern_hint="write a web address such as https://example.com/help")


@dataclass
class Date(Str):
    """``YYYY-MM-DD`` that is a day of the calendar: ``2026-02-30`` is refused here, with
    its location, not by a ValueError when hours are planned."""

    max_len: int = 40
    pattern: str | None = r"\d{4}-\d{2}-\d{2}"
    pattern_hint: str = "write a date as YYYY-MM-DD"
    translatable: bool = False

    def check(self, value: Any, path: PathKey, ck: Checker) -> Any:
        value = super().check(value, path, ck)
        if value is INVALID:
            return value
        import calendar
        import datetime as _dt

        year, month, day = (int(x) for x in value.split("-"))
        if not 1 <= month <= 12:
            ck.error(path, f"'{value}' is not a date: there is no month {month}")
            return INVALID
        if year < 1:
            ck.error(path, f"'{value}' is not a date: years start at 0001")
            return INVALID
        days = calendar.monthrange(year, month)[1]
        if not 1 <= day <= days:
            ck.error(path, f"'{value}' is not a date: {_dt.date(year, month, 1):%B %Y} has {days} days")
            return INVALID
        return value


@dataclass
class Clock(Str):
    """``HH:MM``, 24-hour; ``24:00`` is the end of a day, later times do not exist."""

    max_len: int = 20
    pattern: str | None = r"([01]\d|2[0-4]):[0-5]\d"
    pattern_hint: str = "write a time as HH:MM (24-hour)"
    translatable: bool = False

    def json_schema(self) -> dict[str, Any]:
        # The same verdict as check(): a regular expression can say "24:00 and no later".
        return Str.json_schema(dataclasses.replace(self, pattern=r"([01]\d|2[0-3]):[0-5]\d|24:00"))

    def check(self, value: Any, path: PathKey, ck: Checker) -> Any:
        value = super().check(value, path, ck)
        if value is not INVALID and value.startswith("24:") and value != "24:00":
            ck.error(path, f"'{value}' is not a time of day: after 23:59 comes 24:00, the end of the day")
            return INVALID
        return value


def shown_number(value: int | float) -> str:
    """A number as a message shows it: a 600-digit one is described, not printed."""
    if isinstance(value, int) and value.bit_length() > 70:
        return f"a number of {len(str(abs(value)))} digits"
    return str(value)


@dataclass
class Int(Kind):
    min: int | None = None
    max: int | None = None

    def check(self, value: Any, path: PathKey, ck: Checker) -> Any:
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            else:
                return self.expect(value, "a whole number", path, ck)
        if self.min is not None and value < self.min:
            ck.error(path, f"must be at least {self.min}, found {shown_number(value)}")
            return INVALID
        if self.max is not None and value > self.max:
            ck.error(path, f"must be at most {self.max}, found {shown_number(value)}")
            return INVALID
        return value

    def json_schema(self) -> dict[str, Any]:
        s: dict[str, Any] = {"type": "integer"}
        if self.min is not None:
            s["minimum"] = self.min
        if self.max is not None:
            s["maximum"] = self.max
        return s


@dataclass
class Number(Kind):
    min: float | None = None
    max: float | None = None
    unit: str = ""

    def check(self, value: Any, path: PathKey, ck: Checker) -> Any:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return self.expect(value, "a number", path, ck)
        if value != value or value in (float("inf"), float("-inf")):
            ck.error(path, "must be a finite number")
            return INVALID
        if self.min is not None and value < self.min:
            ck.error(path, f"must be at least {self.min:g}{self.unit}, found {value:g}")
            return INVALID
        if self.max is not None and value > self.max:
            ck.error(path, f"must be at most {self.max:g}{self.unit}, found {value:g}")
            return INVALID
        return value

    def json_schema(self) -> dict[str, Any]:
        s: dict[str, Any] = {"type": "number"}
        if self.min is not None:
            s["minimum"] = self.min
        if self.max is not None:
            s["maximum"] = self.max
        return s


@dataclass
class Bool(Kind):
    def check(self, value: Any, path: PathKey, ck: Checker) -> Any:
        if isinstance(value, int) and not isinstance(value, bool) and value in (0, 1):
            return bool(value)  # `featured: 1` is common in published FAQ files
        if not isinstance(value, bool):
            return self.expect(value, "true or false", path, ck)
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"anyOf": [{"type": "boolean"}, {"enum": [0, 1]}]}  # check reads 0 and 1 too


@dataclass
class Enum(Kind):
    values: Sequence[str] = ()

    def check(self, value: Any, path: PathKey, ck: Checker) -> Any:
        if not isinstance(value, str):
            return self.expect(value, "one of " + ", ".join(self.values), path, ck)
        if value not in self.values:
            close = difflib.get_close_matches(value, list(self.values), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else f"; use one of: {', '.join(self.values)}"
            ck.error(path, f"unknown value '{value}'{hint}")
            return INVALID
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "enum": list(self.values)}


@dataclass
class ListOf(Kind):
    item: Kind = field(default_factory=Str)
    min_items: int = 0
    max_items: int | None = None
    single_ok: bool = False  # accept `tags: billing` as `tags: [billing]`

    def check(self, value: Any, path: PathKey, ck: Checker) -> Any:
        if self.single_ok and value is not None and not isinstance(value, (list, dict)):
            value = [value]
        if not isinstance(value, list):
            return self.expect(value, "a list", path, ck)
        if len(value) < self.min_items:
            ck.error(path, f"needs at least {self.min_items} item{'s' if self.min_items > 1 else ''}")
            return INVALID
        if self.max_items is not None and len(value) > self.max_items:
            ck.error(path, f"has {len(value):,} items; the limit is {self.max_items:,}")
            return INVALID
        out = [self.item.check(v, path + (i,), ck) for i, v in enumerate(value)]
        return INVALID if any(v is INVALID for v in out) else tuple(out)

    def json_schema(self) -> dict[str, Any]:
        s: dict[str, Any] = {"type": "array", "items": self.item.json_schema()}
        if self.min_items:
            s["minItems"] = self.min_items
        if self.max_items is not None:
            s["maxItems"] = self.max_items
        if self.single_ok:
            return {"anyOf": [s, self.item.json_schema()]}
        return s


@dataclass
class MapOf(Kind):
    value_kind: Kind = field(default_factory=Str)
    key_kind: Kind | None = None

    def check(self, value: Any, path: PathKey, ck: Checker) -> Any:
        if not isinstance(value, dict):
            return self.expect(value, "a map (key: value)", path, ck)
        out = {}
        bad = False
        for k, v in value.items():
            if self.key_kind is not None and self.key_kind.check(k, path + (k,), ck) is INVALID:
                bad = True
                continue
            out[k] = self.value_kind.check(v, path + (k,), ck)
            bad = bad or out[k] is INVALID
        return INVALID if bad else out

    def json_schema(self) -> dict[str, Any]:
        return {"type": "object", "additionalProperties": self.value_kind.json_schema()}


@dataclass
class F:
    """One field of a :class:`Record`."""

    name: str
    kind: Kind
    required: bool = False
    default: Any = None
    doc: str = ""
    attr: str | None = None  # dataclass attribute when it differs from the YAML key


@dataclass
class Record(Kind):
    """A map with known fields, built into ``factory(**fields)``.

    ``shorthand`` names the field a bare string fills (``- Restart the app`` for a
    step with only ``text``). ``post`` runs cross-field checks on the built object
    and may report problems (for example hours that end before they start).
    """

    title: str = ""
    fields: Sequence[F] = ()
    factory: Callable[..., Any] | None = None
    shorthand: str | None = None
    post: Callable[[Any, PathKey, Checker], None] | None = None
    extra: dict[str, str] = field(default_factory=dict)  # key -> hint for recognised extras

    def check(self, value: Any, path: PathKey, ck: Checker) -> Any:
        if self.shorthand and isinstance(value, (str, int, float)) and not isinstance(value, bool):
            value = {self.shorthand: value}
            shorthand_used = True
        else:
            shorthand_used = False
        if not isinstance(value, dict):
            return self.expect(value, "a map (key: value)", path, ck)
        names = [f.name for f in self.fields]
        ok = True
        for key in value:
            if key not in names:
                close = difflib.get_close_matches(str(key), names, n=1, cutoff=0.6)
                hint = f"; did you mean '{close[0]}'?" if close else f"; known fields: {', '.join(names)}"
                ck.error(path + (key,), f"unknown field{hint}", key=True)
                ok = False
        built: dict[str, Any] = {}
        for f in self.fields:
            attr = f.attr or f.name.replace("-", "_")
            if f.name not in value or value[f.name] is None:
                if f.required:
                    ck.error(path if shorthand_used or f.name not in value else path + (f.name,),
                             f"missing required field '{f.name}'" + (f" ({f.doc})" if f.doc else ""))
                    ok = False
                built[attr] = f.default() if callable(f.default) else f.default
                continue
            v = f.kind.check(value[f.name], path + (f.name,), ck)
            if v is INVALID:
                ok = False
            built[attr] = v
        if not ok:
            return INVALID
        obj = self.factory(**built) if self.factory else built
        if self.post is not None:
            before = len(ck.errors)
            self.post(obj, path, ck)
            if len(ck.errors) > before:
                return INVALID
        return obj

    def json_schema(self) -> dict[str, Any]:
        props = {}
        for f in self.fields:
            s = f.kind.json_schema()
            if not f.required:  # check treats `field: null` as left out
                s = {"anyOf": [s, {"type": "null"}]}
            if f.doc:
                s = {**s, "description": f.doc}
            props[f.name] = s
        s = {
            "type": "object",
            "properties": props,
            "additionalProperties": False,
            "required": [f.name for f in self.fields if f.required],
        }
        if self.title:
            s["title"] = self.title
        if self.shorthand:
            return {"anyOf": [s, props[self.shorthand]]}
        return s


@dataclass
class AnyOf(Kind):
    """First kind whose type matches the value decides (e.g. text or a locale map)."""

    options: Sequence[tuple[Callable[[Any], bool], Kind]] = ()
    what: str = "a value"

    def check(self, value: Any, path: PathKey, ck: Checker) -> Any:
        for accepts, kind in self.options:
            if accepts(value):
                return kind.check(value, path, ck)
        return self.expect(value, self.what, path, ck)

    def json_schema(self) -> dict[str, Any]:
        return {"anyOf": [k.json_schema() for _, k in self.options]}


@dataclass
class AnyValue(Kind):
    """Anything; a later stage checks it (preset overrides against the preset table)."""

    def check(self, value: Any, path: PathKey, ck: Checker) -> Any:
        return value

    def json_schema(self) -> dict[str, Any]:
        return {}
