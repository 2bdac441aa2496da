"""The field specs of every content file: the single source for validation and schema.

Adding a field to a content file is adding an ``F(...)`` here and an attribute to
the dataclass in :mod:`generator.load.model`.
"""

from __future__ import annotations

from typing import Any

from generator.icons import resolve, suggestion
from generator.load import model as m
from generator.load.schema import (
    INVALID,
    AnyOf,
    AnyValue,
    Bool,
    Checker,
    Clock,
    Color,
    Date,
    Enum,
    F,
    Int,
    ListOf,
    MapOf,
    Number,
    Record,
    Slug,
    Str,
    Url,
)
from generator.load.yamlsource import PathKey


class IconName(Str):
    """An icon of the shipped set (``truck``, ``credit-card``) or an alias (``chat``)."""

    def __init__(self) -> None:
        super().__init__(max_len=60)

    def check(self, value: Any, path: PathKey, ck: Checker) -> Any:
        value = super().check(value, path, ck)
        if isinstance(value, str) and resolve(value) is None:
            ck.error(path, f"unknown icon '{value}'{suggestion(value)} "
                           "(names: https://lucide.dev/icons)")
            return INVALID
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "description": "a Lucide icon name, e.g. truck"}


def _image_fields() -> list[F]:
    """``image:`` and its focal point, shared by FAQs, issues and categories."""
    return [
        F("image", Str(max_len=300), doc="a picture in the project (PNG, JPEG or WebP)"),
        F("focus", ListOf(Number(min=0, max=1), min_items=2, max_items=2), default=(0.5, 0.5),
          doc="[x, y] of what must stay in view when the picture is cropped (0-1)"),
    ]


def _days(value: Any, path: PathKey, ck: Checker) -> Any:
    """``mon-fri`` or ``[mon, wed]`` -> a tuple of weekday keys."""

    if isinstance(value, str):
        parts = [p.strip().lower()[:3] for p in value.split(",")]
        days: list[str] = []
        for part in value.lower().replace(" ", "").split(","):
            if "-" in part:
                a, _, b = part.partition("-")
                a, b = a[:3], b[:3]
                if a not in m.WEEKDAYS or b not in m.WEEKDAYS:
                    ck.error(path, f"'{value}' is not a day range; write e.g. mon-fri")
                    return INVALID
                i, j = m.WEEKDAYS.index(a), m.WEEKDAYS.index(b)
                days += list(m.WEEKDAYS[i: j + 1]) if i <= j else list(m.WEEKDAYS[i:] + m.WEEKDAYS[: j + 1])
            else:
                days.append(part[:3])
        parts = days
    elif isinstance(value, list):
        parts = [str(p).strip().lower()[:3] for p in value]
    else:
        ck.error(path, "expected days such as mon-fri or [sat, sun]")
        return INVALID
    for p in parts:
        if p not in m.WEEKDAYS:
            ck.error(path, f"'{p}' is not a weekday; use mon, tue, wed, thu, fri, sat, sun")
            return INVALID
    return tuple(dict.fromkeys(parts))


class Days(Str):
    def check(self, value: Any, path: PathKey, ck: Checker) -> Any:
        return _days(value, path, ck)

    def json_schema(self) -> dict[str, Any]:
        return {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
                "description": "weekdays: 'mon-fri', 'sat,sun' or a list"}


def _check_hours(rule: m.HoursRule, path: PathKey, ck: Checker) -> None:
    if rule.close <= rule.open:
        ck.error(path + ("close",), f"closes at {rule.close}, before it opens at {rule.open}")


HOURS_RULE = Record(
    "hours",
    [
        F("days", Days(), required=True, doc="weekdays, e.g. mon-fri"),
        F("open", Clock(), required=True, doc="opening time, HH:MM"),
        F("close", Clock(), required=True, doc="closing time, HH:MM"),
    ],
    factory=m.HoursRule,
    post=_check_hours,
)


def _check_changed(ch: m.ChangedHours, path: PathKey, ck: Checker) -> None:
    if not ch.closed and (ch.open is None or ch.close is None):
        ck.error(path, "give 'open' and 'close' times, or 'closed: true'")
    elif ch.open and ch.close and ch.close <= ch.open:
        ck.error(path + ("close",), f"closes at {ch.close}, before it opens at {ch.open}")
    if ch.end and ch.end < ch.date:
        ck.error(path + ("end",), f"ends on {ch.end}, before it starts on {ch.date}")


CHANGED_HOURS = Record(
    "changed hours",
    [
        F("date", Date(), required=True, doc="first day, YYYY-MM-DD"),
        F("end", Date(), doc="last day when more than one"),
        F("note", Str(max_len=120), required=True, doc="why, e.g. 'Christmas Day'"),
        F("closed", Bool(), default=False),
        F("open", Clock()),
        F("close", Clock()),
        F("channels", ListOf(Str(), single_ok=True), default=(), doc="only these channels"),
    ],
    factory=m.ChangedHours,
    post=_check_changed,
)

CHANNEL = Record(
    "channel",
    [
        F("name", Str(max_len=40), required=True, doc="shown on cards, e.g. 'Live chat'"),
        F("address", Str(max_len=120), doc="where to reach it: URL, email or phone"),
        F("reply_minutes", Int(min=0, max=60 * 24 * 14), attr="reply_minutes",
          doc="promised first reply time in minutes"),
        F("hours", ListOf(HOURS_RULE), default=(), doc="staffed hours; default: contact.hours"),
        F("icon", IconName(), doc="an icon name, e.g. chat, email, phone, globe"),
    ],
    factory=m.Channel,
)

CONTACT = Record(
    "contact",
    [
        F("channels", ListOf(CHANNEL, min_items=1), required=True),
        F("hours", ListOf(HOURS_RULE), default=(), doc="staffed hours of every channel"),
        F("changed_hours", ListOf(CHANGED_HOURS), default=()),
    ],
    factory=m.Contact,
)

COLORS = Record(
    "colors",
    [
        F("primary", Color(), required=True, doc="main brand colour (backgrounds, headings)"),
        F("accent", Color(), required=True, doc="highlights: badges, numbers, rules"),
        F("background", Color(), required=True, doc="light background colour"),
        F("text", Color(), required=True, doc="body text colour"),
        F("secondary", Color()),
        F("muted", Color()),
    ],
    factory=m.Colors,
)

FONTS = Record(
    "fonts",
    [
        F("heading", Str(max_len=80), default="Noto Sans", doc="installed font family name"),
        F("body", Str(max_len=80), default="Noto Sans", doc="installed font family name"),
        F("files", ListOf(Str(max_len=300, pattern=r".+\.([tT][tT][fF]|[oO][tT][fF])",
                              pattern_hint="a .ttf or .otf file"), single_ok=True), default=(),
          doc="font files in the project, e.g. assets/fonts/*.ttf; their families count as installed"),
    ],
    factory=m.Fonts,
)

BRAND = Record(
    "brand",
    [
        F("name", Str(max_len=80), required=True),
        F("colors", COLORS, required=True),
        F("fonts", FONTS, default=m.Fonts),
        F("logo", Str(max_len=300), doc="image inside assets/, PNG or JPEG"),
        F("tagline", Str(max_len=120)),
        F("website", Url(max_len=200)),
        F("call_to_action", Str(max_len=120),
          doc="what captions without a clickable link say instead (Instagram, TikTok); default: "
              "'Link in bio' in the post's language"),
        F("theme", Enum(["calm", "bold", "playful"]), default="calm",
          doc="calm (soft), bold (square, large headings) or playful (round, dotted)"),
    ],
    factory=m.Brand,
)

MAPPING = Record(
    "field mapping",
    [
        F("items", Str(min_len=0), default="", doc="key holding the FAQ list; empty: the file is the list"),
        F("groups", Str(), doc="set when the list holds groups whose FAQs sit under this key"),
        F("group_category", Str(), doc="group field used as each FAQ's category"),
        F("group_keys", Bool(), default=False,
          doc="groups are keys (billing: [...] or - billing: [...]); the key is the category"),
        F("link", Str(max_len=500), doc="link template from the FAQ's fields, e.g. "
                                        "https://example.org/faq#{id}"),
        F("issue_groups", ListOf(Str(), single_ok=True), default=(),
          doc="groups (by category) read as recurring issues; steps: the answer's numbered list"),
        F("fields", MapOf(AnyOf(options=(
            (lambda v: isinstance(v, dict), MapOf(ListOf(Str(), single_ok=True))),
            (lambda v: True, ListOf(Str(), single_ok=True))), what="a key, a list of keys or a map "
                                                                    "of locale to key")),
          required=True,
          doc="our field <- key or keys in the file (e.g. question: title; 'en.q' reaches into "
              "a nested map), or a map of locale to key for files holding each language "
              "(question: {en: question_en, de: question_de})"),
    ],
    factory=m.FieldMapping,
)

FAQ_SOURCE = Record(
    "faq file",
    [F("file", Str(), required=True, doc="file or folder inside the project"),
     F("mapping", MAPPING),
     F("format", Str(), doc="source format (see 'selfserve import faqs --help'); default: detected"),
     F("base_url", Str(max_len=500), doc="URL that relative links in this source are relative to"),
     F("as", Enum(["faqs", "issues"]), default="faqs", attr="as_",
       doc="issues: every item is a recurring issue (steps from its answer's numbered list)"),
     F("images", Str(max_len=300),
       doc="folder where bare picture names of this source are found (a spreadsheet's image "
           "column of file names such as pause.png); default: the source file's folder")],
    factory=m.FaqSource,
    shorthand="file",
)

CONTENT_FILES = Record(
    "content files",
    [
        F("faqs", ListOf(FAQ_SOURCE, single_ok=True, min_items=1),
          default=lambda: (m.FaqSource("content/faqs.yaml"),)),
        F("issues", Str(), default="content/issues.yaml"),
        F("stats", Str(), default="content/stats.yaml"),
    ],
    factory=m.ContentFiles,
)

def _check_times(pt: m.PostingTimes, path: PathKey, ck: Checker) -> None:
    for i, t in enumerate(pt.times):
        if int(t[3:]) % 5:
            ck.error(path + ("times", i), f"{t} is not on a 5-minute boundary (schedulers such as "
                                          "Hootsuite refuse it)")


SCHEDULE = Record(
    "schedule",
    [
        F("platforms", MapOf(Record("posting times", [
            F("days", Days(), required=True, doc="weekdays, e.g. mon-fri or [tue, thu]"),
            F("times", ListOf(Clock(), single_ok=True, min_items=1), required=True,
              doc="local times, HH:MM on a 5-minute boundary"),
        ], factory=m.PostingTimes, post=_check_times)), default=dict,
          doc="platform -> days and times; empty: a default weekly cadence"),
        F("locales", MapOf(Record("locale channels", [
            F("platforms", ListOf(Str(), single_ok=True, min_items=1), required=True,
              doc="platforms this locale is posted to"),
            F("account", Str(max_len=120), default="", doc="the account or page, e.g. @kettleandco_de"),
        ], factory=m.LocaleChannels)), default=dict,
          doc="another locale -> where it is posted; the default locale goes everywhere"),
        F("account", Str(max_len=120), default="", doc="the default locale's account or page"),
        F("state", Str(max_len=300), default=".selfserve/rotation.json",
          doc="what was posted, kept for the rotation (commit it from CI)"),
        F("hootsuite_dates", Enum(["DD/MM/YYYY", "MM/DD/YYYY"]), default="DD/MM/YYYY",
          doc="date format chosen at upload in Hootsuite"),
    ],
    factory=m.Schedule,
)

VIDEO = Record(
    "video",
    [
        F("transition", Enum(["crossfade", "slide", "zoom"]), default="crossfade",
          doc="between scenes: crossfade, slide or zoom"),
        F("audio", Str(max_len=300), doc="background audio file, e.g. assets/audio/calm.m4a"),
        F("audio_licence", Str(max_len=500),
          doc="author and licence of the audio (required with audio; copied to the manifest)"),
        F("audio_volume", Number(min=0, max=1), default=0.6, doc="0-1"),
    ],
    factory=m.VideoSettings,
)

LOCALE = Str(max_len=20, pattern=r"[a-zA-Z]{2,3}([-_][A-Za-z0-9]{2,8})*",
             pattern_hint="write a locale such as en, en-GB, de or ar")

GUIDE = Record(
    "guide",
    [
        F("name", Slug(), required=True, doc="file name: output/guides/<name>.pdf"),
        F("title", Str(max_len=120), doc="cover title; default: '<brand> help guide'"),
        F("categories", ListOf(Str(max_len=60), single_ok=True), default=(),
          doc="FAQ categories to include; with tags: FAQs in either"),
        F("tags", ListOf(Str(max_len=40), single_ok=True), default=()),
        F("issues", AnyOf([(lambda v: isinstance(v, str), Enum(["all"])),
                           (lambda v: isinstance(v, list), ListOf(Str(max_len=80)))],
                          what="'all' or a list of issue ids"),
          default="all", doc="'all' or a list of issue ids"),
        F("page_size", Enum(["A4", "Letter"]), default="A4"),
        F("locale", LOCALE, doc="only FAQs in this language; default: every FAQ"),
        F("date", Date(), doc="date of the content on the cover; default: newest issue date"),
    ],
    factory=m.Guide,
)

CATEGORY = Record(
    "category",
    [F("icon", IconName(), doc="an icon name, e.g. truck"), *_image_fields()],
    factory=m.CategoryLook,
)

CONFIG = Record(
    "selfserve.yaml",
    [
        F("brand", BRAND, required=True),
        F("contact", CONTACT, required=True),
        F("locale", LOCALE, default="en"),
        F("timezone", Str(max_len=64), default="UTC", doc="IANA name such as Europe/Berlin"),
        F("platforms", ListOf(Str(), single_ok=True), default=(),
          doc="presets to build; empty: every card preset"),
        F("presets", MapOf(MapOf(AnyValue())), default=dict,
          doc="override preset values or add presets (checked against the preset table)"),
        F("content", CONTENT_FILES, default=m.ContentFiles),
        F("designs", MapOf(Str()), default=dict, doc="asset kind or platform -> design name"),
        F("guides", ListOf(GUIDE), doc="PDF guides; default: one guide 'guide' with everything"),
        F("schedule", SCHEDULE, default=m.Schedule, doc="posting cadence for 'selfserve plan'"),
        F("locales", ListOf(LOCALE, single_ok=True), default=(),
          doc="locales to build, e.g. [en-GB, de-DE, ar]; default: only 'locale'"),
        F("fallback", Bool(), default=True,
          doc="use the default locale's text where a translation is missing (listed in report.json)"),
        F("video", VIDEO, default=m.VideoSettings, doc="short vertical videos (kind 'video')"),
        F("categories", MapOf(CATEGORY), default=dict,
          doc="per category (its default-locale name): icon, image and focus"),
    ],
)


#: Characters of an answer that are laid out; the rest is reported and left out.
ANSWER_LIMIT = 20_000
#: An answer longer than this is refused: it is a pasted file, not an answer.
ANSWER_REFUSED = 2_000_000

FAQ = Record(
    "faq",
    [
        F("id", Slug(), doc="stable id; default: a slug of the question"),
        F("question", Str(max_len=300), required=True),
        # Beyond ANSWER_LIMIT (~3,000 words) an answer is kept only up to a paragraph or
        # sentence end below it, with a located warning (a 1 MB answer took minutes in
        # guides and captions); beyond ANSWER_REFUSED it is refused.
        F("answer", Str(max_len=ANSWER_REFUSED), required=True, doc="Markdown"),
        F("category", Str(max_len=60), default="General"),
        F("tags", ListOf(Str(max_len=40), single_ok=True), default=()),
        F("link", Url()),
        F("featured", Bool(), default=False),
        F("locale", LOCALE),
        F("steps", ListOf(Str(max_len=1000)), default=()),
        F("design", Str(max_len=60)),
        F("aliases", ListOf(Str(max_len=200), single_ok=True), default=(),
          doc="other ways customers ask this"),
        F("caption", Str(max_len=5000), doc="this FAQ's own post text (a Jinja2 caption template)"),
        F("summary", Str(max_len=600),
          doc="a short answer (Markdown) for one-image cards the whole answer does not fit"),
        F("icon", IconName(), doc="an icon name; default: the category's icon"),
        *_image_fields(),
    ],
)

FIX_STEP = Record(
    "step",
    [F("text", Str(max_len=2000), required=True), *_image_fields()],
    factory=m.FixStep,
    shorthand="text",
)

ISSUE = Record(
    "issue",
    [
        F("id", Slug(), required=True),
        F("title", Str(max_len=200), required=True),
        F("summary", Str(max_len=2000), required=True),
        F("tickets", Int(min=0), default=0, doc="tickets about it in the current window"),
        F("status", Enum(m.ISSUE_STATUSES), required=True),
        F("steps", ListOf(FIX_STEP), default=()),
        F("link", Url()),
        F("since", Date()),
        F("show_count", Bool(), default=True, doc="show the ticket count on the cover slide"),
        F("draft", Bool(), default=False,
          doc="not built yet (set by 'import tickets' on new entries; delete it when written)"),
        F("match", ListOf(Str(max_len=200), single_ok=True), default=(),
          doc="ticket tags or subjects that count as this issue in 'import tickets'"),
        F("icon", IconName(), doc="an icon name; default: one from the title's words"),
        *_image_fields(),
    ],
)

def _check_reply_time(r: m.ReplyTime, path: PathKey, ck: Checker) -> None:
    if r.p90_minutes < r.median_minutes:
        ck.error(path + ("p90_minutes",), f"{r.p90_minutes:g} is below the median {r.median_minutes:g}")


REPLY_TIME = Record(
    "reply time",
    [
        F("channel", Str(max_len=40), required=True),
        F("median_minutes", Number(min=0), required=True),
        F("p90_minutes", Number(min=0), required=True),
    ],
    factory=m.ReplyTime,
    post=_check_reply_time,
)


def _count(label: str) -> Record:
    return Record(
        label,
        [F("label", Str(max_len=60), required=True), F("value", Int(min=0), required=True)],
        factory=m.Count,
    )


STATS = Record(
    "stats",
    [
        F("period", Str(max_len=60), required=True, doc="e.g. 'October 2026'"),
        F("first_reply", ListOf(REPLY_TIME), default=()),
        F("volume_by_topic", ListOf(_count("topic")), default=()),
        F("volume_by_week", ListOf(_count("week")), default=()),
        F("satisfaction", Record("satisfaction", [
            F("percent", Number(min=0, max=100, unit="%"), required=True),
            F("responses", Int(min=0), default=0),
        ], factory=m.Satisfaction)),
        F("top_questions", ListOf(Record("top question", [
            F("faq", Str(), required=True, doc="FAQ id"),
            F("asked", Int(min=0), default=0),
        ], factory=m.TopQuestion)), default=()),
    ],
)
