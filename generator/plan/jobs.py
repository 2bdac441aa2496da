"""Render jobs: the plain data handed from the planner to the renderers.

A :class:`RenderJob` names everything needed to draw one asset (or one group of
files, such as a carousel) and carries a ``key``: a hash of every input that can
change its bytes. Publish compares keys with the previous manifest to skip
unchanged work, so anything a renderer reads must be part of the key: what the job
carries is put in by :func:`project_keyed` (one place, for every kind), and a
planner's own ``make_key(...)`` adds only what the renderer reads besides its job.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from generator import __version__
from generator.environment import FONT_DIRS, font_folders
from generator.i18n.catalogs import fingerprint
from generator.load.design.loader import design_digest
from generator.load.model import Config, Contact, Project, Source, VideoSettings
from generator.load.platforms import PlatformPreset
from generator.paths import OutsideProject, resolve_inside


@dataclass(frozen=True)
class RenderJob:
    kind: str
    item_id: str
    platform: str
    out: str  # path relative to the output folder (first file for multi-file jobs)
    fmt: str
    key: str
    source: Source | None
    payload: Any = None  # the content the renderer draws (frozen dataclasses)
    design: str | None = None
    locale: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    #: The settings the renderer may read (:func:`render_config`): part of the key, and the
    #: only configuration a renderer sees in a build (its context carries none).
    config: Config | None = field(default=None, repr=False)


#: Sections of ``selfserve.yaml`` a kind's renderer may read besides the brand, the
#: locale and the time zone (``AssetKind.reads``).
READABLE = ("contact", "video", "categories")


def render_config(config: Config, reads: tuple[str, ...] = READABLE) -> Config:
    """The part of ``selfserve.yaml`` a renderer may read: the brand, the locale and time
    zone, and of ``contact``, ``video`` and ``categories`` those its kind declares. What
    decides *which* jobs exist (platforms, presets, designs, guides, the schedule, other
    locales) is the planner's business and is left at its defaults, as are the sections a
    kind does not read: a renderer cannot draw them, and a change to them (a new holiday
    for a FAQ card) cannot touch its key."""
    unknown = set(reads) - set(READABLE)
    if unknown:
        raise ValueError(f"unknown config sections {sorted(unknown)}; a renderer may read {READABLE}")
    return Config(brand=config.brand, locale=config.locale, timezone=config.timezone,
                  contact=config.contact if "contact" in reads else Contact(channels=()),
                  video=config.video if "video" in reads else VideoSettings(),
                  categories=config.categories if "categories" in reads else {},
                  file=config.file)


def job_config(job: RenderJob, ctx: RenderContext) -> Config:
    """The settings a renderer draws ``job`` with: the ones its planner put in the job.
    A job made by hand (tests, benches) falls back to the context's; in a build the
    context carries no configuration, so a renderer cannot reach past its job."""
    if job.config is not None:
        return job.config
    if ctx.config is None:
        raise RuntimeError(f"{job.kind} job {job.out} carries no settings: plan it with its kind's planner")
    return ctx.config


@dataclass(frozen=True)
class PlanInput:
    """What every kind's planner receives."""

    project: Project
    presets: dict[str, PlatformPreset]
    platforms: tuple[PlatformPreset, ...]
    forced_format: str | None = None
    #: ``--today``: the date hours/today cards mark (None: no such cards; the build
    #: never reads the clock by itself, so a build is the same on any day).
    today: date | None = None
    #: Planners append what they skipped and why ("no steps: notice card only"); the
    #: build summary prints these notes.
    notes: list[str] = field(default_factory=list, compare=False, hash=False)


@dataclass(frozen=True)
class RenderContext:
    """What every renderer receives next to its job (picklable for worker processes)."""

    root: Path
    #: None inside a build: renderers read settings from their job (:func:`job_config`).
    config: Config | None
    presets: dict[str, PlatformPreset]
    project: Project | None = None
    #: Per-locale contexts of a multi-locale build (job.extra["variant"] picks one).
    variants: dict[str, RenderContext] = field(default_factory=dict)


def _plain(value: Any) -> Any:
    """Dataclasses -> JSON-able data, dropping source positions (moving an item in
    its file must not invalidate its images)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)
                if f.name not in ("source", "step_sources")}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, Path):
        return str(value)
    return value


#: (the font folders' state, the fingerprint of their files) as last computed.
_fonts_seen: tuple[tuple[tuple[str, int], ...], str] | None = None


def _fonts_digest() -> str:
    h = hashlib.sha256()
    for base in FONT_DIRS:
        for dirpath, _dirs, files in sorted(os.walk(os.path.expanduser(base))):
            for name in sorted(files):
                p = os.path.join(dirpath, name)
                try:
                    st = os.stat(p)
                except OSError:
                    continue
                h.update(f"{p}:{st.st_size}:{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def refresh_fonts_fingerprint() -> str:
    """Look at the font folders again (called once per build and per reply): a font
    installed while ``selfserve serve`` runs re-renders what it may draw on the next
    rebuild. Only the folders are stat'ed unless one of them changed."""
    global _fonts_seen
    state = font_folders(FONT_DIRS)
    if _fonts_seen is None or _fonts_seen[0] != state:
        _fonts_seen = (state, _fonts_digest())
    return _fonts_seen[1]


def fonts_fingerprint() -> str:
    """Installed font files (path, size, mtime) as of the last
    :func:`refresh_fonts_fingerprint`: a font update re-renders everything. Every key of a
    build reads it, so it is not recomputed per key."""
    return _fonts_seen[1] if _fonts_seen is not None else refresh_fonts_fingerprint()


#: The package whose code draws every asset (renderers, designs, templates, catalogs).
_PACKAGE = Path(__file__).resolve().parents[1]
#: Distributions whose code changes pixels or bytes: an upgrade re-renders what they draw.
_DRAWING_LIBRARIES = ("pillow", "zlib-ng", "matplotlib", "weasyprint", "pydyf", "fonttools",
                      "markdown-it-py", "mdit-py-plugins", "uniseg", "budoux", "segno", "jinja2",
                      "babel", "numpy", "resvg-py", "lucide")
_code_seen: str | None = None


def code_fingerprint(package: Path | None = None) -> str:
    """sha256 of selfserve's own files (every ``.py``, design, template and catalog under
    the package, by content) and of the versions of the libraries that draw.

    Why: the version alone did not change when a renderer did, so a fix to a chart
    reached an existing output folder only with ``--force`` (stop 28). By content, not
    by mtime, so two checkouts of one commit agree and CI publishes only what changed;
    a change that leaves a file's bytes alone re-renders it, and the manifest's hashes
    then show it unchanged. Computed once per process (about 5 ms for 200 files)."""
    global _code_seen
    if package is None and _code_seen is not None:
        return _code_seen
    root = package or _PACKAGE
    h = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if "__pycache__" in path.parts or not path.is_file() or path.suffix in (".pyc", ".pyo"):
            continue
        h.update(f"{path.relative_to(root).as_posix()}\0".encode())
        h.update(hashlib.sha256(path.read_bytes()).digest())
    h.update("\n".join(_library_versions()).encode())
    digest = h.hexdigest()
    if package is None:
        _code_seen = digest
    return digest


def _library_versions() -> list[str]:
    """``name-version`` of each drawing library installed on the import path, read from
    the names of the ``.dist-info`` folders (one directory listing per path entry:
    ``importlib.metadata.version`` takes 2 ms a library)."""
    wanted = {n.replace("-", "_").casefold() for n in _DRAWING_LIBRARIES}
    found = set()
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if name.endswith(".dist-info") and name.split("-", 1)[0].casefold() in wanted:
                found.add(name.removesuffix(".dist-info"))
    return sorted(found)


def file_fingerprint(root: Path, rel: str | None) -> str:
    """sha256 of a project file's bytes ('' when absent)."""
    if not rel:
        return ""

    try:
        return hashlib.sha256(resolve_inside(root, rel).read_bytes()).hexdigest()
    except (OSError, OutsideProject):  # the loader has reported a file outside the project
        return ""


def make_key(*parts: object) -> str:
    blob = json.dumps([__version__, fonts_fingerprint(), *(_plain(p) for p in parts)],
                      sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


def _digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(_plain(value), sort_keys=True, ensure_ascii=False,
                                     default=str).encode()).hexdigest()


def project_keyed(jobs: list[RenderJob], project: Project, locale: str,
                  presets: Mapping[str, PlatformPreset]) -> list[RenderJob]:
    """``jobs`` with their final keys, derived here and nowhere else. A planner's ``key``
    covers only what its renderer reads from outside the job (the brand, the contact
    details, files it names); this adds everything the job itself carries, so no planner
    can forget it: the kind, item, platform, output path and format, the locale, the
    payload (the content drawn), the design's name and file bytes, the platform's whole
    preset. Then the inputs every asset of the project shares: selfserve's own code and
    the drawing libraries' versions (:func:`code_fingerprint`), the locale's catalogs
    (shipped, and the project's ``locale/<lang>.po``: editing de.po re-renders the German
    assets and nothing else) and the bytes of the project's own font files
    (``brand.fonts.files``). Every planner's caller (build, reply) keys jobs this way, so
    their keys agree. Each distinct payload, preset and design is digested once."""
    fonts = [(rel, file_fingerprint(project.root, rel)) for rel in project.config.brand.fonts.files]
    shared = hashlib.sha256(json.dumps([fingerprint(locale, project.root), fonts,
                                        code_fingerprint()]).encode()).hexdigest()
    payloads: dict[int, str] = {}
    configs: dict[int, str] = {}
    preset_digests: dict[str, str] = {}
    designs: dict[str, str] = {}
    out: list[RenderJob] = []
    for j in jobs:
        if id(j.payload) not in payloads:
            payloads[id(j.payload)] = _digest(j.payload)
        if id(j.config) not in configs:
            configs[id(j.config)] = _digest(j.config)
        if j.platform not in preset_digests:
            preset_digests[j.platform] = _digest(presets.get(j.platform))
        if j.design and j.design not in designs:
            designs[j.design] = design_digest(j.design, project.root)
        carried = json.dumps([j.kind, j.item_id, j.platform, j.out, j.fmt, j.locale, j.design,
                              designs.get(j.design or "", ""), preset_digests[j.platform],
                              payloads[id(j.payload)], configs[id(j.config)]], ensure_ascii=False)
        key = hashlib.sha256(f"{j.key}:{carried}:{shared}".encode()).hexdigest()
        out.append(dataclasses.replace(j, key=key))
    return out
