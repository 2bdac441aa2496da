"""One asset as ``manifest.json`` lists it: a frozen, typed record from render to reply.

A :class:`ManifestEntry` is made by :func:`generator.publish.manifest.entry_for` from a
renderer's file, read back from a previous manifest by :meth:`ManifestEntry.from_json`,
given its caption with :func:`dataclasses.replace` (captions return values, they never
change an entry), and read by build, merge, the gallery, the weekly plan, its scheduler
exports and ``reply``. Nobody touches an entry by key: a field that is misspelt fails
where it is written, not in a user's scheduler a week later.

What a caller may rely on:

* :meth:`ManifestEntry.to_json` writes keys in one order, the order
  ``manifest.json`` has always had: the fixed head (path ... design), then the
  renderer's facts (title, alt, pages, slide ...) sorted by name, then the caption
  fields. A field at its default (``None``, ``False``, ``()``) is left out, as before.
  So an unchanged build writes a byte-identical manifest, whatever the history of the
  folder (an entry re-captioned in place used to move ``caption_title`` to the end).
* Nothing read is lost: a key this version does not know (written by a newer or an
  older selfserve), or a known one whose value has another type than this version
  writes, is kept in :attr:`ManifestEntry.extra` and written back in its place among the
  renderer's facts. So ``from_json(e).to_json() == e`` for every entry ``to_json`` wrote.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

#: The head of every entry, in this order.
HEAD = ("path", "kind", "platform", "width", "height", "format", "bytes", "sha256", "source", "key",
        "locale", "design")
#: What a caption adds (:mod:`generator.publish.captions`), in this order, after the renderer's facts.
CAPTION = ("caption_inputs", "caption", "caption_length", "caption_title", "caption_shortened",
           "hashtags_dropped", "caption_file", "caption_sha256")
#: Head fields every entry has; an entry without one of them is not an asset selfserve wrote.
REQUIRED = ("path", "kind", "platform", "format", "bytes", "sha256")


@dataclass(frozen=True)
class Source:
    """Where the asset's item was written: content file, line and the item's id."""

    file: str | None = None
    line: int | None = None
    id: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "id": self.id}

    @classmethod
    def from_json(cls, raw: Any) -> Source:
        """Lenient: a manifest edited by hand still names what it can."""
        if not isinstance(raw, Mapping):
            return cls()
        file, line, ident = raw.get("file"), raw.get("line"), raw.get("id")
        return cls(None if file is None else str(file),
                   line if isinstance(line, int) and not isinstance(line, bool) else None,
                   None if ident is None else str(ident))


@dataclass(frozen=True)
class ManifestEntry:
    """One file selfserve wrote and what a publisher needs to post it."""

    # -- the head: every asset -------------------------------------------------------------
    path: str  # relative to the output folder, with "/"
    kind: str  # the asset kind (faq, carousel, chart ...; "reply" for reply records)
    platform: str
    format: str  # png | jpeg | webp | gif | pdf | mp4 | vtt | txt
    bytes: int
    sha256: str
    source: Source = Source()
    width: int | None = None  # None for text files (reply records)
    height: int | None = None
    key: str | None = None  # the render job's key: equal keys give equal bytes
    locale: str | None = None
    design: str | None = None

    # -- the renderer's facts (RenderedFile.meta) -------------------------------------------
    title: str | None = None
    alt: str | None = None  # the renderer's alt text, then the caption's (fitted) one
    completeness: str | None = None  # full | summary (a card that shows a summary)
    summary: str | None = None  # how the summary was made: authored | first sentences
    notice: str | None = None  # a notice card's issue status
    status: str | None = None  # a how-to's issue status
    variant: str | None = None  # hours and banner variants
    role: str | None = None  # a slide's role (cover, step, contact), a video companion's
    companion_of: str | None = None  # a video's cover or subtitles: posted with that video
    chart: str | None = None
    charts: tuple[str, ...] | None = None
    pages: int | None = None
    part: int | None = None  # a long carousel or video posted in parts
    parts: int | None = None
    slide: int | None = None
    slides: int | None = None
    quality: int | None = None  # JPEG/WebP quality the size limit allowed
    duration: float | None = None  # video seconds
    fps: int | None = None
    frames: int | None = None
    codec: str | None = None
    profile: str | None = None
    pix_fmt: str | None = None
    keyframe_seconds: float | None = None
    audio: Mapping[str, Any] | None = None
    scenes: int | None = None
    transition: str | None = None
    cover: str | None = None  # a video's cover image path
    cover_ms: int | None = None
    subtitles: str | None = None  # a video's WebVTT path
    item_kind: str | None = None  # reply records: faq | issue
    image: str | None = None  # reply records: the card sent with the reply
    caption_limit: int | None = None  # reply records: the platform's limit

    # -- the caption (publish/captions.py) ----------------------------------------------------
    caption_inputs: str | None = None  # digest of what the caption was made from
    caption: str | None = None
    caption_length: int | None = None  # as the platform counts it
    caption_title: str | None = None  # platforms with a title field (Pinterest)
    caption_shortened: bool = False
    hashtags_dropped: tuple[str, ...] = ()
    caption_file: str | None = None  # the .txt beside the asset
    caption_sha256: str | None = None

    #: Keys this version does not write (or not with that type), kept as read.
    extra: Mapping[str, Any] = field(default_factory=dict)

    # -- reading and writing -----------------------------------------------------------------
    @property
    def item_id(self) -> str:
        """The item's id ("" when the asset has none, such as a chart of all stats)."""
        return self.source.id or ""

    @classmethod
    def from_json(cls, raw: Any) -> ManifestEntry | None:
        """The entry ``raw`` (one object of ``manifest.json``'s "assets"), or None when it
        lacks what every asset has (path, kind, platform, format, bytes, sha256)."""
        if not isinstance(raw, Mapping):
            return None
        values: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        for name, value in raw.items():
            if name == "source":
                values["source"] = Source.from_json(value)
                continue
            spec = _SPECS.get(name)
            converted = spec.read(value) if spec else _UNREAD
            # A value at its field's default would vanish on writing: keep it as read.
            if converted is _UNREAD or converted == spec.default:  # type: ignore[union-attr]
                extra[str(name)] = value
            else:
                values[name] = converted
        if any(n not in values for n in REQUIRED):
            return None
        return cls(**values, extra=extra)

    @classmethod
    def from_meta(cls, head: Mapping[str, Any], meta: Mapping[str, Any]) -> ManifestEntry:
        """An entry from its head fields and a renderer's meta; meta never overrides the head."""
        merged = dict(head)
        for k, v in sorted(meta.items()):
            merged.setdefault(k, v)
        entry = cls.from_json(merged)
        assert entry is not None, "a rendered file always has the head fields"
        return entry

    def to_json(self) -> dict[str, Any]:
        """The JSON object for ``manifest.json`` (see the module docstring for the order)."""
        out: dict[str, Any] = {}
        for name in HEAD:
            if name == "source":
                out["source"] = self.source.as_json()
            elif (v := getattr(self, name)) is not None:
                out[name] = v
        facts = {name: _SPECS[name].write(getattr(self, name)) for name in _FACTS
                 if getattr(self, name) != _SPECS[name].default}
        facts.update(self.extra)
        out.update(sorted(facts.items()))
        for name in CAPTION:
            if (v := getattr(self, name)) != _SPECS[name].default:
                out[name] = _SPECS[name].write(v)
        return out


# -- how each field is read from JSON and written back ------------------------------------------
_UNREAD = object()


@dataclass(frozen=True)
class _Spec:
    """A field's JSON type: ``read`` gives the field value or ``_UNREAD`` (kept in extra)."""

    types: tuple[type, ...]
    default: Any = None
    sequence: bool = False  # a JSON list held as a tuple of strings

    def read(self, value: Any) -> Any:
        if self.sequence:
            if isinstance(value, list) and all(isinstance(x, str) for x in value):
                return tuple(value)
            return _UNREAD
        if isinstance(value, bool) and bool not in self.types:
            return _UNREAD  # JSON true is not a count
        return value if isinstance(value, self.types) else _UNREAD

    def write(self, value: Any) -> Any:
        return list(value) if self.sequence else value


def _spec_of(annotation: str, default: Any) -> _Spec:
    if "tuple" in annotation:
        return _Spec((), default, sequence=True)
    if annotation.startswith("bool"):
        return _Spec((bool,), default)
    if annotation.startswith("int"):
        return _Spec((int,), default)
    if annotation.startswith("float"):
        return _Spec((int, float), default)  # 2 stays 2: bytes unchanged
    if annotation.startswith("Mapping"):
        return _Spec((dict,), default)
    return _Spec((str,), default)


_SPECS: dict[str, _Spec] = {f.name: _spec_of(str(f.type), f.default) for f in fields(ManifestEntry)
                            if f.name not in ("source", "extra")}
#: The renderer's facts: every field neither in the head nor the caption.
_FACTS: tuple[str, ...] = tuple(n for n in _SPECS if n not in HEAD and n not in CAPTION)
