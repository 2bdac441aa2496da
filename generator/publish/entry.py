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
        # ``type() in``, not isinstance: JSON true is not a count. Comprehensions: a
        # manifest has thousands of entries and this is most of reading one.
        types = _TYPES
        values = {k: v for k, v in raw.items() if type(v) in types.get(k, ())}
        extra = {str(k): v for k, v in raw.items() if k not in values and k != "source"}
        # A value at its field's default (false, []) would vanish on writing: keep it as read.
        if values.get("caption_shortened") is False:
            extra["caption_shortened"] = values.pop("caption_shortened")
        for name in _SEQUENCES:
            if name in values:
                if _strings(values[name]):
                    values[name] = tuple(values[name])
                else:
                    extra[name] = values.pop(name)
        values["source"] = Source.from_json(raw.get("source"))
        if any(n not in values for n in REQUIRED):
            return None
        # Every value is type-checked above: fill the instance's fields directly, without
        # the frozen __init__'s setattr per field (56 of them; half the cost of reading).
        entry = object.__new__(cls)
        entry.__dict__.update(_DEFAULTS, **values, extra=extra)
        return entry

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
        d = self.__dict__  # one dict lookup per field: a manifest has thousands of entries
        out: dict[str, Any] = {"path": d["path"], "kind": d["kind"], "platform": d["platform"]}
        if d["width"] is not None:
            out["width"] = d["width"]
        if d["height"] is not None:
            out["height"] = d["height"]
        out.update(format=d["format"], bytes=d["bytes"], sha256=d["sha256"], source=self.source.as_json())
        for name in ("key", "locale", "design"):
            if d[name] is not None:
                out[name] = d[name]
        facts = {name: d[name] for name in _FACTS if d[name] is not None}
        if "charts" in facts:
            facts["charts"] = list(facts["charts"])
        facts.update(self.extra)
        out.update(sorted(facts.items()))
        for name in CAPTION:
            v = d[name]
            if v is not None and v is not False and v != ():
                out[name] = list(v) if name == "hashtags_dropped" else v
        return out


# -- how each field is read from JSON ------------------------------------------------------------
_LIST = (list,)  # a JSON list of strings, held as a tuple


def _strings(value: list[Any]) -> bool:
    return bool(value) and all(type(x) is str for x in value)


def _types_of(annotation: str) -> tuple[type, ...]:
    """The JSON types a field takes, from its annotation."""
    if "tuple" in annotation:
        return _LIST
    for prefix, types in (("bool", (bool,)), ("int", (int,)), ("float", (int, float)),
                          ("Mapping", (dict,))):
        if annotation.startswith(prefix):
            return types  # a float field keeps an int as an int: 2 stays 2, bytes unchanged
    return (str,)


_TYPES: dict[str, tuple[type, ...]] = {f.name: _types_of(str(f.type)) for f in fields(ManifestEntry)
                                       if f.name not in ("source", "extra")}
#: Every field with a default but ``extra`` (given on each read).
_DEFAULTS: dict[str, Any] = {f.name: f.default for f in fields(ManifestEntry)
                             if f.name not in (*REQUIRED, "extra")}
_SEQUENCES: tuple[str, ...] = tuple(n for n, t in _TYPES.items() if t is _LIST)
#: The renderer's facts: every field neither in the head nor the caption.
_FACTS: tuple[str, ...] = tuple(n for n in _TYPES if n not in HEAD and n not in CAPTION)
