"""Typed content: the frozen dataclasses the loader hands to the planner.

Nothing here knows about YAML or pixels. Every item carries a :class:`Source` so a
later stage can name the file and line in a warning without reading the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from generator.errors import Problem

IssueStatus = Literal["investigating", "workaround", "fixed"]
ISSUE_STATUSES: tuple[str, ...] = ("investigating", "workaround", "fixed")
WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class Source:
    """Where an item was written: ``content/faqs.yaml:14`` and its field path."""

    file: str
    line: int | None
    path: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


@dataclass(frozen=True)
class Colors:
    primary: str
    accent: str
    background: str
    text: str
    secondary: str | None = None
    muted: str | None = None


@dataclass(frozen=True)
class Fonts:
    heading: str = "Noto Sans"
    body: str = "Noto Sans"
    #: Font files in the project (``assets/fonts/*.ttf|otf``) whose families ``heading``
    #: and ``body`` may name, used as if installed.
    files: tuple[str, ...] = ()


@dataclass(frozen=True)
class Brand:
    name: str
    colors: Colors
    fonts: Fonts = field(default_factory=Fonts)
    logo: str | None = None
    tagline: str | None = None
    website: str | None = None
    call_to_action: str | None = None  # instead of a link where captions cannot link
    theme: str = "calm"  # calm | bold | playful: corners, heading scale, background pattern


@dataclass(frozen=True)
class HoursRule:
    """Staffed hours on some weekdays, local time of the project's time zone."""

    days: tuple[str, ...]
    open: str
    close: str


@dataclass(frozen=True)
class Channel:
    name: str
    address: str | None = None
    reply_minutes: int | None = None  # promised first reply, in minutes
    hours: tuple[HoursRule, ...] = ()
    icon: str | None = None


@dataclass(frozen=True)
class ChangedHours:
    """A day (or range) with other hours than usual: a holiday, a migration weekend."""

    date: str
    note: str
    end: str | None = None
    closed: bool = False
    open: str | None = None
    close: str | None = None
    channels: tuple[str, ...] = ()


@dataclass(frozen=True)
class Contact:
    channels: tuple[Channel, ...]
    hours: tuple[HoursRule, ...] = ()
    changed_hours: tuple[ChangedHours, ...] = ()


@dataclass(frozen=True)
class FieldMapping:
    """How to read a FAQ file of another shape.

    ``items`` is the key holding the list of FAQs (``""``: the file is the list).
    ``groups`` is set when the list holds groups that each hold FAQs under that
    key; ``group_category`` names the group field that becomes the category.
    ``fields`` maps our field name to one or more candidate keys in the file.
    """

    #: our field -> the file's keys to try, or locale -> keys (bilingual files)
    fields: dict[str, tuple[str, ...] | dict[str, tuple[str, ...]]]
    items: str = ""
    groups: str | None = None
    group_category: str | None = None
    #: The groups are keys: ``billing: [...]`` or ``- billing: [...]``; each key is the
    #: category of the FAQs under it.
    group_keys: bool = False
    #: A link for every FAQ built from its fields, e.g. ``https://example.org/faq#{id}``.
    link: str | None = None
    #: Groups (by category) read as recurring issues instead of FAQs.
    issue_groups: tuple[str, ...] = ()


@dataclass(frozen=True)
class FaqSource:
    """One entry of ``content.faqs``: a file (or folder) in one of the formats of
    :mod:`generator.load.sources`, and how to read it."""

    file: str
    mapping: FieldMapping | None = None
    #: A registered source format; None: told by the file's name and content.
    format: str | None = None
    #: Relative links in this source (``/pricing``, ``#gps``) are relative to this URL.
    base_url: str | None = None
    #: ``issues``: every item of the source is a recurring issue, not a FAQ.
    as_: str = "faqs"
    #: Folder where this source's bare picture names (``pause.png`` in a spreadsheet's
    #: image column) are found; None: the source file's own folder.
    images: str | None = None


@dataclass(frozen=True)
class ContentFiles:
    faqs: tuple[FaqSource, ...] = (FaqSource("content/faqs.yaml"),)
    issues: str | None = "content/issues.yaml"
    stats: str | None = "content/stats.yaml"


@dataclass(frozen=True)
class Guide:
    """One PDF guide (``guides:`` in selfserve.yaml). Empty ``categories`` and ``tags``
    take every FAQ; otherwise a FAQ is in when its category or one of its tags is listed."""

    name: str
    title: str | None = None
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    issues: str | tuple[str, ...] = "all"  # "all" or issue ids
    page_size: str = "A4"
    locale: str | None = None
    date: str | None = None  # the content's date on the cover; default: newest issue date


@dataclass(frozen=True)
class PostingTimes:
    """When one platform gets posts: these weekdays at these local times."""

    days: tuple[str, ...]
    times: tuple[str, ...]


@dataclass(frozen=True)
class LocaleChannels:
    """Where one more locale is posted: these platforms, on this account."""

    platforms: tuple[str, ...]
    account: str = ""


@dataclass(frozen=True)
class Schedule:
    """``schedule:`` for ``selfserve plan``; no platforms: a default weekly cadence."""

    platforms: dict[str, PostingTimes] = field(default_factory=dict)
    #: Locales other than the default one -> the platforms (and account) they go to;
    #: the default locale goes to every scheduled platform.
    locales: dict[str, LocaleChannels] = field(default_factory=dict)
    account: str = ""  # the default locale's account, for the plan's readers
    state: str = ".selfserve/rotation.json"  # what was posted, for the rotation (CI commits it)
    hootsuite_dates: str = "DD/MM/YYYY"


@dataclass(frozen=True)
class VideoSettings:
    """``video:`` in ``selfserve.yaml``: how short vertical videos look and sound."""

    #: Between scenes: ``crossfade``, ``slide`` (the next scene pushes in from the side
    #: text runs towards) or ``zoom`` (the next scene fades in while settling from 106%).
    transition: str = "crossfade"
    #: A project file (under assets/audio/) laid under every video, trimmed and faded;
    #: None: a silent track or none, as each platform prefers.
    audio: str | None = None
    #: Who made the audio and under which licence: copied into every video's manifest entry.
    audio_licence: str | None = None
    #: Audio loudness, 0-1 (music under text should not shout).
    audio_volume: float = 0.6


@dataclass(frozen=True)
class CategoryLook:
    """How a category looks on cards: an icon, a picture and its focal point."""

    icon: str | None = None
    image: str | None = None
    focus: tuple[float, float] = (0.5, 0.5)


@dataclass(frozen=True)
class Config:
    """``selfserve.yaml``, validated."""

    brand: Brand
    contact: Contact
    locale: str = "en"
    timezone: str = "UTC"
    platforms: tuple[str, ...] = ()
    presets: dict[str, dict[str, Any]] = field(default_factory=dict)
    content: ContentFiles = field(default_factory=ContentFiles)
    designs: dict[str, str] = field(default_factory=dict)  # platform or kind -> design name
    guides: tuple[Guide, ...] | None = None  # None: one guide named "guide" with everything
    schedule: Schedule = field(default_factory=Schedule)
    #: Locales to build (the default ``locale`` first); empty: only ``locale``.
    locales: tuple[str, ...] = ()
    #: A text missing in a locale uses the default locale's (listed in report.json);
    #: False leaves the item out of that locale instead.
    fallback: bool = True
    video: VideoSettings = field(default_factory=VideoSettings)
    #: Per category (by its default-locale name): its icon and picture.
    categories: dict[str, CategoryLook] = field(default_factory=dict)
    file: str = "selfserve.yaml"

    @property
    def build_locales(self) -> tuple[str, ...]:
        """Every locale to build, the default first, each once."""
        return tuple(dict.fromkeys((self.locale, *self.locales)))


@dataclass(frozen=True)
class FAQ:
    id: str
    question: str
    answer: str  # Markdown
    category: str
    source: Source
    tags: tuple[str, ...] = ()
    link: str | None = None
    featured: bool = False
    locale: str | None = None
    steps: tuple[str, ...] = ()
    design: str | None = None
    aliases: tuple[str, ...] = ()
    #: The category in the default locale: what a guide's ``categories`` name, whatever
    #: the locale of this FAQ's text.
    category_key: str = ""
    caption: str | None = None  # a caption template of its own (templates/captions/ otherwise)
    #: Where relative links in this FAQ's text point (its content source's ``base_url``);
    #: None: the brand's website.
    base_url: str | None = None
    #: The id was written in the source (not derived from the question): files keep
    #: their names when the question is edited.
    explicit_id: bool = True
    #: The author's short form of the answer, shown (with a "Full answer" link) on a
    #: one-image card the whole answer cannot fit at a legible size.
    summary: str | None = None
    #: The answer's length in the file when it was longer than the loader keeps
    #: (``specs.ANSWER_LIMIT``); its cards then show a summary. 0: kept whole.
    clipped_from: int = 0
    icon: str | None = None  # an icon name; None: the category's
    image: str | None = None  # a project picture (path inside the project)
    focus: tuple[float, float] = (0.5, 0.5)  # what stays in view when it is cropped


@dataclass(frozen=True)
class FixStep:
    text: str
    image: str | None = None
    focus: tuple[float, float] = (0.5, 0.5)


@dataclass(frozen=True)
class RecurringIssue:
    id: str
    title: str
    summary: str
    tickets: int
    status: str
    source: Source
    steps: tuple[FixStep, ...] = ()
    link: str | None = None
    since: str | None = None
    show_count: bool = True
    draft: bool = False
    match: tuple[str, ...] = ()
    #: Where each step is written (for "step 5 is too long" errors); not part of any key.
    step_sources: tuple[Source, ...] = ()
    icon: str | None = None
    image: str | None = None
    focus: tuple[float, float] = (0.5, 0.5)


@dataclass(frozen=True)
class ReplyTime:
    channel: str
    median_minutes: float
    p90_minutes: float


@dataclass(frozen=True)
class Count:
    label: str
    value: int


@dataclass(frozen=True)
class Satisfaction:
    percent: float
    responses: int


@dataclass(frozen=True)
class TopQuestion:
    faq: str
    asked: int


@dataclass(frozen=True)
class Stats:
    period: str
    source: Source
    first_reply: tuple[ReplyTime, ...] = ()
    volume_by_topic: tuple[Count, ...] = ()
    volume_by_week: tuple[Count, ...] = ()
    satisfaction: Satisfaction | None = None
    top_questions: tuple[TopQuestion, ...] = ()


@dataclass(frozen=True)
class Project:
    """Everything the planner needs, loaded and validated."""

    root: Path
    config: Config
    faqs: tuple[FAQ, ...]
    issues: tuple[RecurringIssue, ...] = ()
    stats: Stats | None = None
    warnings: tuple[Problem, ...] = ()  # problems of severity "warning"
    #: The project's default locale (``config.locale`` is the one this project is in).
    default_locale: str = ""
    #: Texts not translated into ``config.locale``: fallbacks and items left out (Problems).
    translations: tuple[Problem, ...] = ()
