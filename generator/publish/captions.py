"""Captions and alt text for every asset in the manifest, within each platform's limits.

In: the manifest entries a build made (any kind: the entry's ``kind``, ``platform``,
``source`` and the meta its renderer set, such as ``title`` and ``alt``), the
project and the preset table. Out: ``caption``, ``alt`` (and ``caption_title``
where the platform has a title, Pinterest) in each entry, and a ``.txt`` beside
each file holding the same words, declared in the entry as ``caption_file`` (its
path) and ``caption_sha256``, so a later build removes it with its asset and
``merge`` copies it with its asset.

A caption comes from the first of (project folder ``templates/captions/``, then the
built-in ``generator/data/templates/captions/``):
the item's own ``caption:`` field; ``<kind>@<platform>.txt.j2``; the project's
``<kind>.txt.j2``; ``<kind>@<voice>.txt.j2``; the built-in ``<kind>.txt.j2``; then the
same for ``default`` in place of the kind. A platform's voice (its preset's ``voice``:
"short" for X, "professional" for LinkedIn, "visual" for Instagram and TikTok, whose
captions hold no clickable link, "plain" elsewhere) picks the built-in templates that
write in that platform's manner, and a project's own template still wins. Templates run
in Jinja2's sandbox. The text is then fitted to the platform: extra hashtags are dropped
(Instagram's cap), and a caption still too long is cut after a whole sentence, or
after a whole word with an ellipsis; a trailing link and hashtags are kept whole
(a link is never cut). Shortened captions are marked ``caption_shortened`` in the
manifest and counted in one build note.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Template

from generator.errors import SelfserveError
from generator.i18n.words import words
from generator.kinds import caption_family, issue_item_kinds
from generator.load.model import FAQ, Project, RecurringIssue
from generator.load.platforms import PlatformPreset
from generator.paths import read_confined
from generator.publish import counting
from generator.publish.entry import ManifestEntry
from generator.publish.transaction import DirectWriter, Writer
from generator.publish.verify import Verifier
from generator.render.alt import shorten, tidy
from generator.render.filters import FILTERS
from generator.render.markdown import markdown_plain
from generator.render.sandbox import LimitedSandbox, render_limited

BUILTIN = Path(__file__).resolve().parents[1] / "data" / "templates" / "captions"
PROJECT_DIR = "templates/captions"
#: Formats that get a caption: images, PDF documents (LinkedIn document posts) and
#: videos. A video's cover and WebVTT file (``companion_of`` in the entry) get none:
#: they are posted with the video, not on their own.
CAPTIONED = ("png", "jpeg", "webp", "gif", "pdf", "mp4")
HASHTAG = re.compile(r"(?<![\w&#/])#\w+")
ELLIPSIS = "…"
DEFAULT_ALT_LIMIT = 1000
#: Part of every caption's inputs key: change it when the fitting rules change.
CAPTION_RULES = "3"


@dataclass(frozen=True)
class Fitted:
    """A text fitted to a limit: what was cut is said, not hidden."""

    text: str
    length: int
    shortened: bool = False
    dropped_hashtags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Caption:
    caption: str
    alt: str
    length: int
    title: str | None = None
    shortened: bool = False
    dropped_hashtags: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())


# -- fitting -------------------------------------------------------------------------------
def cap_hashtags(text: str, limit: int | None) -> tuple[str, tuple[str, ...]]:
    """Keep the first ``limit`` hashtags; the later ones are removed with their space."""
    tags = list(HASHTAG.finditer(text))
    if limit is None or len(tags) <= limit:
        return text, ()
    dropped = tags[limit:]
    for m in reversed(dropped):
        text = text[: m.start()] + text[m.end():]
    text = "\n".join(re.sub(r"[ \t]{2,}", " ", ln).strip() for ln in text.split("\n"))
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    return text, tuple(m.group(0) for m in dropped)


def _is_tail_line(line: str) -> bool:
    """A line of only links and hashtags: kept whole at the end of a shortened caption."""
    rest = HASHTAG.sub(" ", counting.URL.sub(" ", line))
    return bool(line.strip()) and not rest.strip()


def _split_tail(text: str) -> tuple[str, str]:
    lines = text.split("\n")
    tail: list[str] = []
    while lines and (_is_tail_line(lines[-1]) or (not lines[-1].strip() and tail)):
        tail.insert(0, lines.pop())
    return "\n".join(lines).rstrip(), "\n".join(tail).strip()


_SENTENCE_END = re.compile(r"(?<=[.!?。！？])(?=\s)|(?<=[。！？])|\n")


def _cut_candidates(body: str) -> tuple[list[int], list[int]]:
    """(sentence ends, word boundaries) of ``body``: offsets where it may end."""
    url_spans = [(m.start(), m.end()) for m in counting.URL.finditer(body)]
    # The whole body counts as a sentence: keeping it beats keeping the hashtags.
    sentences = sorted({m.start() for m in _SENTENCE_END.finditer(body)
                        if m.start() > 0 and not any(a < m.start() < b for a, b in url_spans)}
                       | ({len(body)} if body else set()))
    return sentences, list(counting.break_points(body))


#: Text longer than this many times the limit is cut to that before fitting.
_HUGE = 20


@lru_cache(maxsize=4096)
def fit(text: str, limit: int | None, counting_rule: str = "chars",
        hashtag_limit: int | None = None) -> Fitted:
    """``text`` within ``limit`` as ``counting_rule`` counts it.

    Order of sacrifices: hashtags over the platform's cap; then the body is cut
    after its last whole sentence that fits (else after a whole word, with an
    ellipsis) while the trailing link/hashtag lines stay; then trailing hashtags
    go one by one; a link is dropped whole, never cut.
    """
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(ln.rstrip() for ln in text.strip().splitlines()))
    text, dropped = cap_hashtags(text, hashtag_limit)
    # Every candidate is counted in full, longest first: bound the text so a 1 MB answer
    # costs milliseconds, not minutes. No caption limit fits within 1/20 of this length.
    huge = limit is not None and len(text) > _HUGE * limit
    if not huge and counting.fits(text, limit, counting_rule):
        return Fitted(text, counting.length(text, counting_rule), False, dropped)
    assert limit is not None
    body, tail = _split_tail(text)
    body = body[: _HUGE * limit]
    cand, kept_tail = _shortened(body, _tails(tail), lambda c: counting.fits(c, limit, counting_rule))
    lost = tuple(h for h in HASHTAG.findall(tail) if h not in HASHTAG.findall(kept_tail))
    return Fitted(cand, counting.length(cand, counting_rule), True, dropped + lost)


def _tails(tail: str) -> list[str]:
    """The trailing link/hashtag lines, then with fewer hashtags, then the link alone, then none."""
    tails = [tail]
    while HASHTAG.search(tails[-1]):
        tails.append(cap_hashtags(tails[-1], len(HASHTAG.findall(tails[-1])) - 1)[0])
    if tails[-1]:
        tails.append("")
    return tails


def _join(body: str, tail: str) -> str:
    return f"{body}\n\n{tail}" if body and tail else (body or tail)


def _shortened(body: str, tails: list[str], ok: Callable[[str], bool]) -> tuple[str, str]:
    """(caption, the tail it kept): whole sentences with the fullest tail that fits, else
    whole words with an ellipsis, else the tail alone, else nothing."""
    sentences, words = _cut_candidates(body)
    for t in tails:  # whole sentences first
        for off in reversed(sentences):
            cand = _join(body[:off].rstrip(), t)
            if ok(cand):
                return cand, t
    for t in tails:  # then whole words, with an ellipsis
        for off in reversed(words):
            head = body[:off].rstrip().rstrip(",;:-–—(")
            if head and ok(_join(head + ELLIPSIS, t)):
                return _join(head + ELLIPSIS, t), t
    return next(((t, t) for t in tails if t and ok(t)), ("", ""))


def shorten_chars(text: str, limit: int) -> str:
    """Alt text and titles: at most ``limit`` characters, cut after a word with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return fit(text, limit, "chars").text


# -- templates -----------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _env() -> LimitedSandbox:
    from jinja2 import StrictUndefined

    env = LimitedSandbox(undefined=StrictUndefined, autoescape=False, trim_blocks=True,
                         lstrip_blocks=True, keep_trailing_newline=False)
    filters: dict[str, Callable[..., Any]] = {**FILTERS, "hashtag": hashtag, "paragraphs": paragraphs,
                                              "no_urls": no_urls, "brief": brief}
    env.add_filters(filters)
    return env


@lru_cache(maxsize=256)
def _compile(source: str, name: str) -> Template:
    from jinja2 import TemplateSyntaxError

    try:
        return _env().from_string(source)
    except TemplateSyntaxError as exc:
        raise SelfserveError(f"{name}:{exc.lineno}: caption template: {exc.message}") from None


def hashtag(tag: str) -> str:
    """``"orders & delivery"`` -> ``#OrdersDelivery``; ``"delivery"`` -> ``#Delivery``.

    CamelCase, so a screen reader reads "#OrdersDelivery" as two words, not one unknown
    one; letters after the first of a word keep their case ("iOS app" -> "#IOSApp")."""
    words = re.findall(r"\w+", tag)
    if not words:
        return ""
    return "#" + "".join(w[:1].upper() + w[1:] for w in words)


def hashtags_for(tags: Iterable[str], count: int | None) -> list[str]:
    """Distinct hashtags (case-insensitive) in order, at most ``count``."""
    seen: set[str] = set()
    out: list[str] = []
    for t in tags:
        h = hashtag(str(t))
        if h and h.casefold() not in seen and not h[1:].isdigit():
            seen.add(h.casefold())
            out.append(h)
    return out if count is None else out[:count]


_SENTENCES = re.compile(r"(?<=[.!?])\s+(?=\S)|(?<=[。！？])")


def paragraphs(text: str, per: int = 2) -> list[str]:
    """Short paragraphs of ``per`` sentences (LinkedIn reads as a page of short blocks)."""
    out: list[str] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        sentences = [s.strip() for s in _SENTENCES.split(" ".join(block.split())) if s.strip()]
        out += [" ".join(sentences[i: i + per]) for i in range(0, len(sentences), per)]
    return out


def no_urls(text: str) -> str:
    """Text without raw links (Instagram and TikTok captions do not link them)."""
    text = counting.URL.sub("", text)
    text = re.sub(r"\(\s*\)|\[\s*\]", "", text)
    return "\n".join(re.sub(r"[ \t]{2,}", " ", ln).strip() for ln in text.split("\n")).strip()


def brief(text: str, limit: int = 140) -> str:
    """The first sentences of ``text`` within ``limit`` characters (a short post's body)."""

    return shorten(text, limit)


def _candidates(kind: str, platform: str, voice: str = "plain") -> list[tuple[str, str]]:
    """(name, where) in lookup order; where is "both", "project" or "builtin". A project's
    ``<kind>.txt.j2`` beats the built-in voice template of that kind, which beats the
    built-in ``<kind>.txt.j2``. Then the same for the kind's caption family (its record's
    ``caption``: a new kind may write like the FAQ cards without a template of its own),
    then for ``default``."""
    out: list[tuple[str, str]] = []
    for k in dict.fromkeys((kind, caption_family(kind), "default")):
        out += [(f"{k}@{platform}.txt.j2", "both"), (f"{k}.txt.j2", "project"),
                (f"{k}@{voice}.txt.j2", "both"), (f"{k}.txt.j2", "builtin")]
    return out


def _listing(folder: Path) -> frozenset[str]:
    try:
        return frozenset(os.listdir(folder))
    except OSError:
        return frozenset()


def find_template(root: Path, kind: str, platform: str,
                  listings: tuple[frozenset[str], frozenset[str]] | None = None,
                  voice: str = "plain") -> tuple[str, str]:
    """(shown name, source) of the caption template for ``kind`` on ``platform``.
    ``listings``: the names in the project's and the built-in folder, if already read."""
    own, builtin = listings or (_listing(root / PROJECT_DIR), _listing(BUILTIN))
    for name, where in _candidates(kind, platform, voice):
        for folder, names, shown, side in ((root / PROJECT_DIR, own, f"{PROJECT_DIR}/{name}", "project"),
                                           (BUILTIN, builtin, f"(built-in) {name}", "builtin")):
            if where in ("both", side) and name in names and (folder / name).is_file():
                return shown, _read_template(root if folder != BUILTIN else BUILTIN, folder / name, shown)
    raise SelfserveError(f"no caption template for {kind}: add {PROJECT_DIR}/default.txt.j2")


def _read_template(root: Path, path: Path, shown: str) -> str:
    """A caption template's text, read only when it resolves inside ``root``."""

    data = read_confined(root, path, shown)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SelfserveError(f"{shown}: caption template is not UTF-8 text (byte {exc.start}); "
                             "save it as UTF-8") from None


def _link(url: str | None) -> str:
    """Links in posts carry a scheme: X then counts 23 and every platform links them."""
    if not url:
        return ""
    url = url.strip()
    return url if re.match(r"^[a-z][a-z0-9+.-]*://", url, re.IGNORECASE) else f"https://{url}"


class Captioner:
    """Captions for the entries of one build; items and templates looked up once."""

    def __init__(self, project: Project, presets: dict[str, PlatformPreset]):
        self.project = project
        self.presets = presets
        self.plain = markdown_plain
        self.faqs: dict[str, FAQ] = {f.id: f for f in project.faqs}
        self.issues: dict[str, RecurringIssue] = {i.id: i for i in project.issues}
        cfg = project.config
        self.faq_files = {s.file for s in cfg.content.faqs}
        self.issue_file = cfg.content.issues
        self._templates: dict[tuple[str, str], tuple[str, str]] = {}
        #: Kinds whose entries name a recurring issue first ("issue": older manifests).
        self._issue_kinds = issue_item_kinds() | {"issue"}
        self._digests: dict[Any, str] = {}
        self._listings: tuple[frozenset[str], frozenset[str]] | None = None
        self._brand = repr((cfg.brand, cfg.locale, cfg.content))

    def item_for(self, entry: ManifestEntry) -> FAQ | RecurringIssue | None:
        item_id, file = entry.item_id, entry.source.file
        if file == self.issue_file or entry.kind in self._issue_kinds:
            return self.issues.get(item_id) or self.faqs.get(item_id)
        return self.faqs.get(item_id) or (self.issues.get(item_id) if file not in self.faq_files else None)

    def inputs_key(self, entry: ManifestEntry) -> str:
        """A digest of everything a caption is made from: the template, the item, the preset,
        the brand and the asset (its key and bytes). Equal keys give equal captions, so a
        rebuild skips unchanged ones (3,200 captions cost ~0.7 s to remake, ~0.05 s to skip)."""
        kind, platform = entry.kind, entry.platform
        item = self.item_for(entry)
        own = getattr(item, "caption", None)
        name, source = ("own", own) if own else self.template(kind, platform)
        if id(item) not in self._digests:
            self._digests[id(item)] = hashlib.sha256(repr(item).encode()).hexdigest()
        if platform not in self._digests:
            self._digests[platform] = hashlib.sha256(repr(self.presets.get(platform)).encode()).hexdigest()
        blob = "\0".join((CAPTION_RULES, name, source, self._digests[id(item)], self._digests[platform],
                          self._brand, str(entry.key), entry.sha256, str(entry.title),
                          str(entry.locale)))
        return hashlib.sha256(blob.encode()).hexdigest()[:32]

    def template(self, kind: str, platform: str) -> tuple[str, str]:
        k = (kind, platform)
        if k not in self._templates:
            if self._listings is None:
                self._listings = (_listing(self.project.root / PROJECT_DIR), _listing(BUILTIN))
            preset = self.presets.get(platform)
            self._templates[k] = find_template(self.project.root, kind, platform, self._listings,
                                               preset.voice if preset else "plain")
        return self._templates[k]

    def context(self, entry: ManifestEntry, preset: PlatformPreset | None) -> dict[str, Any]:
        item = self.item_for(entry)
        brand = self.project.config.brand
        fields: dict[str, Any] = {}
        if item is not None:
            fields = {f.name: getattr(item, f.name) for f in dataclasses.fields(item)
                      if f.name not in ("source",)}
        title = entry.title or fields.get("question") or fields.get("title") or brand.name
        if isinstance(item, FAQ):
            summary = self.plain(item.answer)
        elif isinstance(item, RecurringIssue):
            summary = item.summary
        else:  # charts, hours cards...: what the image says is in its alt text
            summary = str(entry.extra.get("description") or "")
            alt = entry.alt or ""
            if not summary and alt:
                summary = alt[len(str(title)):].lstrip(" .:–-") if alt.startswith(str(title)) else alt
        steps = [s.text if hasattr(s, "text") else str(s) for s in fields.get("steps", ())]
        tags = tuple(fields.get("tags", ())) or tuple(entry.extra.get("tags", ()) or ())
        # Hashtags from the tags, then the category (a FAQ without tags still gets one).
        category = fields.get("category") or entry.extra.get("category")
        topics = (*tags, *([category] if category else []))
        return {
            "kind": entry.kind, "platform": entry.platform,
            "platform_label": preset.label if preset else entry.platform,
            "limit": preset.caption_limit if preset else None,
            "title": str(title), "summary": summary, "steps": [self.plain(s) for s in steps],
            "link": _link(fields.get("link") or entry.extra.get("link") or brand.website),
            "hashtags": hashtags_for(topics, preset.hashtag_count if preset else None),
            "voice": preset.voice if preset else "plain",
            "cta": self.call_to_action(entry),
            # ``meta``: the entry as manifest.json shows it, for templates that read a fact.
            "item": fields, "meta": entry.to_json(), "status": fields.get("status"),
            "brand": {"name": brand.name, "tagline": brand.tagline or "", "website": _link(brand.website)},
            "locale": entry.locale or self.project.config.locale,
        }

    def call_to_action(self, entry: ManifestEntry) -> str:
        """What a caption without a clickable link says instead: ``brand.call_to_action``,
        else "Link in bio" in the entry's language (selfserve's own words)."""
        own = getattr(self.project.config.brand, "call_to_action", None)
        if own:
            return str(own)

        return words(entry.locale or self.project.config.locale,
                     self.project.root)["caption_link_in_bio"]

    def caption(self, entry: ManifestEntry) -> Caption:
        platform, kind = entry.platform, entry.kind
        preset = self.presets.get(platform)
        ctx = self.context(entry, preset)
        item = self.item_for(entry)
        own = getattr(item, "caption", None)
        if own:
            src = item.source if item is not None else None
            name, source = (f"{src.file}:{src.line}" if src else "caption"), own
        else:
            name, source = self.template(kind, platform)

        try:
            raw = render_limited(_compile(source, name), ctx, name)
        except SelfserveError:
            raise
        except Exception as exc:  # noqa: BLE001 - a template error is the user's, say where
            raise SelfserveError(f"{name}: caption template for {entry.path}: "
                                 f"{type(exc).__name__}: {exc}") from None
        limit = preset.caption_limit if preset else None
        rule = preset.caption_counting if preset else "chars"
        fitted = fit(raw, limit, rule, preset.hashtag_limit if preset else None)
        if not fitted.text.strip():  # never publish an empty caption
            raise SelfserveError(f"{name}: the caption for {entry.path} is empty; the template "
                                 "must write some text (a title, a summary or a link)")
        alt_limit = (preset.alt_limit if preset else None) or DEFAULT_ALT_LIMIT

        alt = (entry.alt or "").strip()
        if not alt:
            head = tidy(ctx["title"]).rstrip()
            alt = f"{head}{'' if head[-1:] in '.!?' else '.'} {ctx['summary']}".strip()
        alt = shorten(alt, alt_limit)  # at a sentence or clause end, never mid-word
        title = shorten_chars(ctx["title"], preset.title_limit) if preset and preset.title_limit else None
        notes: tuple[str, ...] = ()
        if fitted.shortened:
            notes = (f"{entry.path}: caption shortened to {fitted.length}/{limit} ({rule})",)
        return Caption(fitted.text, alt, fitted.length, title, fitted.shortened,
                       fitted.dropped_hashtags, notes)


# -- the build hook ------------------------------------------------------------------------
def caption_path(asset_path: str) -> str:
    """``x/faq/delivery-times.png`` -> ``x/faq/delivery-times.txt``."""
    stem, dot, _ext = asset_path.rpartition(".")
    return f"{stem}.txt" if dot and "/" not in _ext else f"{asset_path}.txt"


def caption_file_text(c: Caption) -> str:
    parts = [c.caption, ""]
    if c.title:
        parts += ["--- title ---", c.title, ""]
    parts += ["--- alt text ---", c.alt]
    return "\n".join(parts).rstrip() + "\n"


def companion_paths(entries: Iterable[ManifestEntry]) -> set[str]:
    """The ``.txt`` files declared by ``entries`` (removed with their asset)."""
    return {e.caption_file for e in entries if e.caption_file}


@dataclass(frozen=True)
class EntryCaption:
    """What a caption gives one entry: the build makes the new entry with :meth:`apply`."""

    caption_inputs: str
    caption: str
    alt: str
    caption_length: int
    caption_title: str | None
    caption_shortened: bool
    hashtags_dropped: tuple[str, ...]
    caption_file: str
    caption_sha256: str

    def apply(self, entry: ManifestEntry) -> ManifestEntry:
        return dataclasses.replace(entry, **{f.name: getattr(self, f.name)
                                             for f in dataclasses.fields(self)})


@dataclass
class CaptionSummary:
    captioned: int = 0
    written: int = 0
    shortened: list[str] = field(default_factory=list)
    #: New caption fields by asset path; an entry whose caption still holds is not here.
    captions: dict[str, EntryCaption] = field(default_factory=dict)

    @property
    def note(self) -> str | None:
        if not self.shortened:
            return None
        return (f"{len(self.shortened)} caption(s) shortened to fit their platform "
                f"(caption_shortened in manifest.json), e.g. {self.shortened[0]}")

    def applied(self, entries: Iterable[ManifestEntry]) -> list[ManifestEntry]:
        """``entries`` with their new captions (new entries; the given ones are unchanged)."""
        return [c.apply(e) if (c := self.captions.get(e.path)) else e for e in entries]


@dataclass
class _Early:
    """A caption made while the build still rendered: for this very entry, its .txt staged."""

    entry: ManifestEntry
    made: EntryCaption
    written: bool
    notes: list[str]


class CaptionsAhead:
    """Captions of fresh entries made as their jobs arrive, while the workers draw the rest.

    Why: a fresh sample build captioned its 2,400 files after the last card, one after
    another (template, fitting, a .txt written and synced each): some 4 s of the parallel
    build's tail with both cores idle (issue 25). Made here, :func:`add_captions` finds them
    done. Only what the end would make is made, the same way and with the same result: a
    caption whose template fails is left to the end, which reports it as before; no kind
    writes .txt assets, so a caption file's name cannot meet an asset's (the end checks).
    """

    def __init__(self, project: Project, presets: dict[str, PlatformPreset], out: Path,
                 locales: dict[str, Project] | None, writer: Writer, verifier: Verifier) -> None:
        self.default = Captioner(project, presets)
        self.by_locale = {loc: Captioner(p, presets)
                          for loc, p in (locales or {}).items() if p is not project}
        self.out, self.writer, self.verifier = out, writer, verifier
        self.early: dict[str, _Early] = {}
        self.failed = False

    def captioner(self, e: ManifestEntry) -> Captioner:
        return self.by_locale.get(str(e.locale), self.default)

    def add(self, e: ManifestEntry) -> None:
        """Caption ``e`` now when the end would (a captioned format, its caption stale)."""
        if self.failed or e.format not in CAPTIONED or e.companion_of:
            return
        cap = self.captioner(e)
        try:
            inputs = cap.inputs_key(e)
            if _still_valid(e, inputs, self.verifier):
                return
            made, data, notes = _caption_entry(cap, e, inputs, set())
        except SelfserveError:
            self.failed = True  # said at the end, in its place among the build's steps
            return
        written = not self.verifier.matches(made.caption_file, made.caption_sha256, len(data))
        if written:
            self.writer.write(self.out / made.caption_file, data)
        self.early[e.path] = _Early(e, made, written, notes)


def add_captions(project: Project, presets: dict[str, PlatformPreset], out: Path,
                 entries: Iterable[ManifestEntry], locales: dict[str, Project] | None = None,
                 writer: Writer | None = None, verifier: Verifier | None = None,
                 ahead: CaptionsAhead | None = None) -> CaptionSummary:
    """The caption of every captioned entry whose caption is missing or stale, and its
    ``.txt`` written (only when its bytes changed, atomically); the entries are not
    changed: combine them with :meth:`CaptionSummary.applied`. Deterministic: the text
    depends on entries and project only.

    ``locales``: the project in each locale of a multi-locale build; an entry of a
    locale is captioned from that locale's texts. A .txt is kept only when its bytes
    hash to the entry's ``caption_sha256`` (``verifier``), else it is written again.
    ``ahead``: the captions a build made while it rendered (the same writer), taken as
    made for the same entry objects."""
    writer = writer or DirectWriter()
    verifier = verifier or Verifier(out)
    if ahead is None:
        ahead = CaptionsAhead(project, presets, out, locales, writer, verifier)
    summary = CaptionSummary()
    ordered = sorted(entries, key=lambda e: e.path)
    taken = {e.path for e in ordered}
    for e in ordered:
        if e.format not in CAPTIONED or e.companion_of:
            continue
        summary.captioned += 1
        early = ahead.early.pop(e.path, None)
        if early is not None and early.entry is e and caption_path(e.path) not in taken:
            summary.written += early.written
            summary.captions[e.path] = early.made
            summary.shortened += early.notes
            continue
        cap = ahead.captioner(e)
        inputs = cap.inputs_key(e)
        if _still_valid(e, inputs, verifier):
            if e.caption_shortened:
                summary.shortened.append(f"{e.path}: caption shortened to {e.caption_length}")
            continue
        made, data, notes = _caption_entry(cap, e, inputs, taken)
        if not verifier.matches(made.caption_file, made.caption_sha256, len(data)):
            writer.write(out / made.caption_file, data)
            summary.written += 1
        summary.captions[e.path] = made
        summary.shortened += notes
    return summary


def _caption_entry(cap: Captioner, e: ManifestEntry, inputs: str, taken: set[str]
                   ) -> tuple[EntryCaption, bytes, list[str]]:
    """The caption fields of ``e``, the bytes of its .txt and the build notes about it."""
    c = cap.caption(e)
    rel = caption_path(e.path)
    if rel in taken:
        rel = e.path + ".txt"
    data = caption_file_text(c).encode("utf-8")
    sha = hashlib.sha256(data).hexdigest()
    return EntryCaption(inputs, c.caption, c.alt, c.length, c.title, c.shortened, c.dropped_hashtags,
                        rel, sha), data, list(c.notes)


def _still_valid(e: ManifestEntry, inputs: str, verifier: Verifier) -> bool:
    """The entry's caption was made from these inputs and its .txt is in place, unaltered."""
    if e.caption_inputs != inputs or e.caption is None or not e.caption_file:
        return False
    return verifier.matches(e.caption_file, e.caption_sha256)


def caption_text_of(e: ManifestEntry) -> str:
    """The .txt text of an entry's caption fields (as :func:`caption_file_text` writes it)."""
    return caption_file_text(Caption(e.caption or "", e.alt or "", e.caption_length or 0,
                                     e.caption_title))
