"""Helpdesk ticket exports (CSV) -> groups of recurring complaints with counts.

In: a CSV file from a helpdesk (any common delimiter and encoding, dates in the
usual formats) and which columns hold the subject, the tags and the creation
date (named by options or by a preset for a known helpdesk). Out:
:class:`TicketGroup` s, counted over a window, largest first. Only subjects,
tags and dates are read; every other column (names, emails, bodies) is never
looked at, and subjects are scrubbed of emails, phone and order numbers before
one of them can become an issue title.

Grouping is by tag when the export has tags (each tag a group; tags the support
lead ignores are left out), else by similar subject: subjects are normalised
(lower case, "Re:"/"Fwd:" and numbers removed, stemmed) and clustered with
rapidfuzz's token-set ratio, which matches "Parcel not arrived" with "my parcel
has not arrived yet".
"""

from __future__ import annotations

import codecs
import csv
import dataclasses
import io
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from generator.errors import Problem, SelfserveError
from generator.i18n.analysis import stem_all, words

#: Column names in exports of common helpdesks (as exported in 2026; override any
#: of them with --subject-column, --tag-column, --date-column).
PRESETS: dict[str, dict[str, tuple[str, ...]]] = {
    "zendesk": {"subject": ("Subject",), "tags": ("Tags",), "created": ("Created at",)},
    "freshdesk": {"subject": ("Subject",), "tags": ("Tags",), "created": ("Created time",)},
    "helpscout": {"subject": ("Subject",), "tags": ("Tags",), "created": ("Created At", "Created")},
    "gorgias": {"subject": ("Subject",), "tags": ("Tags",), "created": ("Created Datetime",)},
    "intercom": {"subject": ("Conversation title", "Title"), "tags": ("Conversation tags", "Tags"),
                 "created": ("Created at (UTC)", "Created at")},
    "hubspot": {"subject": ("Ticket name",), "tags": ("Category", "Ticket category"),
                "created": ("Create date",)},
}
#: Tried when no preset or option names a column (compared case-insensitively).
GENERIC = {"subject": ("subject", "title", "ticket subject", "summary", "ticket name"),
           "tags": ("tags", "tag", "labels", "category", "topic"),
           "created": ("created at", "created", "created time", "date", "created date",
                       "creation date", "opened", "created_at", "create date")}
MAX_ROW_ERRORS = 10
_LIMIT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(%?)\s*$")


def bad_row_limit(spec: str, rows: int) -> int:
    """How many unreadable rows ``--max-bad-rows`` allows out of ``rows``: a count ("10")
    or a share ("5%", rounded up, so a share above 0 always allows at least one row)."""
    m = _LIMIT.match(spec or "")
    if not m:
        raise SelfserveError(f"--max-bad-rows {spec}: write a number of rows (10) or a share of "
                             "them (5%)")
    value = float(m[1])
    if m[2]:
        if value > 100:
            raise SelfserveError(f"--max-bad-rows {spec}: a share is at most 100%")
        return math.ceil(rows * value / 100)
    if not value.is_integer():
        raise SelfserveError(f"--max-bad-rows {spec}: a number of rows is a whole number")
    return int(value)

_EMAIL = re.compile(r"\S+@\S+\.\w+")
_URL = re.compile(r"https?://\S+|www\.\S+")
_PHONE = re.compile(r"\+?\d[\d ()-]{6,}\d")
_LONG_NUMBER = re.compile(r"#?\b[A-Z]{0,4}-?\d{4,}\b")
_PREFIX = re.compile(r"^\s*((re|fw|fwd|aw|wg|tr)\s*:\s*)+", re.I)


@dataclass(frozen=True)
class ReadOptions:
    subject: str | None = None
    tags: str | None = None
    created: str | None = None
    preset: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    date_order: str | None = None  # "dmy" | "mdy" for 02/11/2026; None: from the data
    tag_separator: str | None = None  # None: comma, semicolon or whitespace
    max_bad_rows: str = "5%"  # rows that cannot be read and are skipped: "N" or "N%" of the rows


@dataclass(frozen=True)
class Ticket:
    row: int
    subject: str
    tags: tuple[str, ...]
    created: date


@dataclass
class Export:
    """What was read, and how (for the summary the command prints)."""

    file: str
    tickets: list[Ticket]
    columns: dict[str, str]  # role -> column name used
    encoding: str
    delimiter: str
    empty_rows: int = 0
    notes: list[str] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)  # unreadable rows, as located warnings


@dataclass(frozen=True)
class TicketGroup:
    key: str  # the tag, or the normalised subject of the cluster
    label: str  # what a person reads: the tag humanised, or the commonest scrubbed subject
    count: int
    by: str  # "tag" | "subject"
    first: date
    last: date


# -- reading ---------------------------------------------------------------------------

def _decode(raw: bytes, forced: str | None, file: str) -> tuple[str, str]:
    if forced:
        try:
            return raw.decode(forced), forced
        except (LookupError, UnicodeDecodeError) as exc:
            raise SelfserveError(Problem(file, f"cannot be read as {forced}: {exc}")) from None
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16"), "utf-16"
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        # Excel on Windows saves "CSV" as Windows-1252; it decodes any byte, so say so.
        return raw.decode("cp1252", errors="replace"), "windows-1252"


def _sniff(text: str, forced: str | None) -> str:
    if forced:
        return {"tab": "\t", "\\t": "\t"}.get(forced, forced)
    sample = "\n".join(text.splitlines()[:50])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def _pick(header: list[str], role: str, opts: ReadOptions, file: str) -> str | None:
    named: str | None = getattr(opts, role)
    lower = {h.strip().lower(): h for h in header}
    if named:
        if named in header:
            return named
        if named.strip().lower() in lower:
            return lower[named.strip().lower()]
        raise SelfserveError(Problem(file, f"no column '{named}' (from --{_OPTION[role]}); the columns "
                                     f"are: {', '.join(header)}", 1))
    candidates = PRESETS[opts.preset][role] if opts.preset else ()
    for name in (*candidates, *GENERIC[role]):
        if name.strip().lower() in lower:
            return lower[name.strip().lower()]
    return None


_OPTION = {"subject": "subject-column", "tags": "tag-column", "created": "date-column"}

_FORMATS = ("%Y-%m-%d %H:%M:%S %z", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S",
            "%Y/%m/%d", "%d.%m.%Y %H:%M", "%d.%m.%Y", "%b %d, %Y %H:%M", "%b %d, %Y", "%d %b %Y %H:%M",
            "%d %b %Y", "%B %d, %Y", "%d %B %Y", "%a, %d %b %Y %H:%M:%S %z")
_SLASHED = re.compile(r"^(\d{1,2})[/-](\d{1,2})[/-](\d{2,4})(?:[ T,]+(.*))?$")


def _slash_order(values: list[str]) -> str | None:
    """'dmy' or 'mdy' when some slashed date decides it (13/02 or 02/13), else None."""
    day_first = month_first = False
    for v in values:
        m = _SLASHED.match(v.strip())
        if m:
            a, b = int(m[1]), int(m[2])
            day_first |= a > 12
            month_first |= b > 12
    if day_first and month_first:
        return "mixed"
    return "dmy" if day_first else "mdy" if month_first else None


def parse_date(value: str, order: str) -> date | None:
    v = value.strip()
    if not v:
        return None
    try:
        return datetime.fromisoformat(v.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    m = _SLASHED.match(v)
    if m:
        a, b, y = int(m[1]), int(m[2]), int(m[3])
        y += 2000 if y < 100 else 0
        d, mo = (a, b) if order == "dmy" else (b, a)
        try:
            return date(y, mo, d)
        except ValueError:
            return None
    for fmt in _FORMATS:
        try:
            return datetime.strptime(v, fmt).date()
        except ValueError:
            continue
    return None


def _split_tags(value: str, sep: str | None) -> tuple[str, ...]:
    parts = value.split(sep) if sep else re.split(r"[,;]\s*|\s+" if "," not in value and ";" not in value
                                                  else r"\s*[,;]\s*", value)
    return tuple(dict.fromkeys(p.strip().lower() for p in parts if p.strip()))


def read_export(path: Path, opts: ReadOptions, shown: str | None = None) -> Export:
    """Read a ticket export; a located error for what cannot be used (missing columns,
    bad dates with their row numbers); empty rows are skipped and counted."""
    file = shown or str(path)
    if opts.preset and opts.preset not in PRESETS:
        raise SelfserveError(f"unknown preset '{opts.preset}'; choose one of {', '.join(PRESETS)}")
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SelfserveError(Problem(file, "no such file")) from None
    except OSError as exc:
        raise SelfserveError(Problem(file, f"cannot be read: {exc.strerror or exc}")) from None
    if b"\x00" in raw[:4096] and not raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise SelfserveError(Problem(file, "is not a text CSV file (it holds NUL bytes); export it "
                                     "as CSV, or pass --encoding utf-16 if it is UTF-16 without a BOM"))
    text, encoding = _decode(raw, opts.encoding, file)
    if not text.strip():
        raise SelfserveError(Problem(file, "is empty; export the tickets again", 1))
    delimiter = _sniff(text, opts.delimiter)
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(rows)
    except csv.Error as exc:
        raise SelfserveError(Problem(file, f"is not valid CSV: {exc}", 1)) from None
    header = [h.strip() for h in header]
    cols = {role: _pick(header, role, opts, file) for role in ("subject", "tags", "created")}
    if not cols["subject"] and not cols["tags"]:
        raise SelfserveError(Problem(file, "has no subject or tag column (the columns are: "
                                     f"{', '.join(header)}); name one with --subject-column or "
                                     "--tag-column, or use --preset " + "|".join(PRESETS), 1))
    if not cols["created"]:
        raise SelfserveError(Problem(file, "has no creation date column (the columns are: "
                                     f"{', '.join(header)}); name it with --date-column", 1))
    idx = {role: header.index(c) for role, c in cols.items() if c}
    export = Export(file, [], {r: c for r, c in cols.items() if c}, encoding, delimiter)
    if encoding == "windows-1252":
        export.notes.append(f"{file} is not UTF-8; read it as Windows-1252 (use --encoding to change)")
    body: list[tuple[int, list[str]]] = []
    try:
        for row in rows:
            if not any(c.strip() for c in row):
                export.empty_rows += 1
                continue
            body.append((rows.line_num, row))
    except csv.Error as exc:
        raise SelfserveError(Problem(file, f"is not valid CSV: {exc}", rows.line_num)) from None
    order = opts.date_order or _slash_order([r[idx["created"]] for _, r in body
                                             if len(r) > idx["created"]])
    if order == "mixed":
        raise SelfserveError(Problem(file, f"column '{cols['created']}' mixes day-first and month-first "
                                     "dates (13/02 and 02/13); pass --date-order dmy or mdy"))
    order = order or "dmy"
    problems: list[Problem] = []
    width = max(idx.values()) + 1
    for line, row in body:
        if len(row) < width:
            problems.append(Problem(file, f"has {len(row)} columns, the header has {len(header)} "
                                    f"(delimiter '{delimiter}')", line))
            continue
        raw_date = row[idx["created"]]
        created = parse_date(raw_date, order)
        if created is None:
            problems.append(Problem(file, f"'{raw_date}' is not a date I can read (e.g. 2026-11-02, "
                                    "2026-11-02 14:03:11 +0000, 02/11/2026 or 2 Nov 2026)", line,
                                    path=cols["created"] or ""))
            continue
        subject = row[idx["subject"]].strip() if "subject" in idx else ""
        tags = _split_tags(row[idx["tags"]], opts.tag_separator) if "tags" in idx else ()
        if not subject and not tags:
            export.empty_rows += 1
            continue
        export.tickets.append(Ticket(line, subject, tags, created))
    limit = bad_row_limit(opts.max_bad_rows, len(body))
    if problems and (len(problems) > limit or not export.tickets):
        shown_problems = problems[:MAX_ROW_ERRORS]
        if len(problems) > MAX_ROW_ERRORS:
            shown_problems.append(Problem(file, f"... and {len(problems) - MAX_ROW_ERRORS} more rows "
                                          "like these"))
        if len(problems) > limit:
            shown_problems.append(Problem(file, f"{len(problems)} of {len(body)} rows cannot be read, "
                                          f"more than --max-bad-rows {opts.max_bad_rows} allows ({limit}); "
                                          "fix them, check the columns and --date-order, or raise "
                                          "--max-bad-rows"))
        raise SelfserveError(shown_problems)
    # A few unreadable rows in a big export are skipped, each one reported where it is.
    export.skipped = [dataclasses.replace(p, message=f"{p.message}; row skipped", severity="warning")
                      for p in problems]
    if not export.tickets:
        raise SelfserveError(Problem(file, "has no ticket rows (only a header or empty rows)"))
    return export


# -- the window --------------------------------------------------------------------------

_SPAN = re.compile(r"^(\d+)\s*([dwm])$")


def window_start(since: str | None, until: date) -> date | None:
    """``30d``, ``6w``, ``3m`` before ``until``, or a date; ``None`` for everything."""
    if not since:
        return None
    m = _SPAN.match(since.strip().lower())
    if m:
        n, unit = int(m[1]), m[2]
        return until - timedelta(days=n * {"d": 1, "w": 7, "m": 30}[unit]) + timedelta(days=1)
    try:
        return date.fromisoformat(since)
    except ValueError:
        raise SelfserveError(f"--since {since}: use a span such as 30d, 6w or 3m, or a date "
                             "such as 2026-10-01") from None


# -- grouping ----------------------------------------------------------------------------

def scrub(subject: str) -> str:
    """A subject without emails, links, phone or order numbers and reply prefixes."""
    s = _PREFIX.sub("", subject)
    s = _EMAIL.sub("", s)
    s = _URL.sub("", s)
    s = _PHONE.sub("", s)
    s = _LONG_NUMBER.sub("", s)
    s = re.sub(r"\s+([,.!?:;])", r"\1", s)
    return " ".join(s.split()).strip(" -:,;#")


def normalise(subject: str, lang: str = "en") -> str:
    """The subject's content words, stemmed: the same tokenizer, stop words and stemmer
    as ``selfserve reply`` (so "Parcel not arrived" and "parcels not arriving" meet)."""

    return " ".join(stem_all([w for w in words(scrub(subject), lang) if not w.isdigit()], lang))


def humanise_tag(tag: str) -> str:
    words = re.sub(r"[_\-:/]+", " ", tag).strip()
    return words[:1].upper() + words[1:]


def _label(subjects: Counter[str]) -> str:
    """The wording most customers used ("where is my order" and "Where is my order?"
    count as one), written as most of them wrote it, capitalised."""
    def fold(x: str) -> str:
        return " ".join(re.sub(r"[^\w\s]", " ", x.casefold()).split())

    totals: Counter[str] = Counter()
    for subject, n in subjects.items():
        totals[fold(subject)] += n
    best = max(totals.items(), key=lambda kv: (kv[1], -len(kv[0]), kv[0]))[0]
    variants = [(n, subject) for subject, n in subjects.items() if fold(subject) == best]
    label = max(variants, key=lambda v: (v[1][:1].isupper(), v[0], v[1]))[1]
    return label[:1].upper() + label[1:]


def group_tickets(tickets: list[Ticket], by: str, ignore_tags: frozenset[str] = frozenset(),
                  threshold: float = 82.0) -> list[TicketGroup]:
    """Groups largest first (ties by key, so the order is stable)."""
    from rapidfuzz import fuzz, process

    members: dict[str, list[Ticket]] = {}
    labels: dict[str, Counter[str]] = {}
    if by == "tag":
        for t in tickets:
            for tag in t.tags:
                if tag not in ignore_tags:
                    members.setdefault(tag, []).append(t)
        label_of = {k: humanise_tag(k) for k in members}
    else:
        keys: list[str] = []
        for t in tickets:
            norm = normalise(t.subject)
            if not norm:
                continue
            hit = process.extractOne(norm, keys, scorer=fuzz.token_set_ratio, score_cutoff=threshold)
            key = hit[0] if hit else norm
            if not hit:
                keys.append(norm)
            members.setdefault(key, []).append(t)
            labels.setdefault(key, Counter())[scrub(t.subject)] += 1
        label_of = {k: _label(c) for k, c in labels.items()}
    groups = [TicketGroup(k, label_of[k], len(v), by, min(t.created for t in v),
                          max(t.created for t in v)) for k, v in members.items()]
    return sorted(groups, key=lambda g: (-g.count, g.key))
