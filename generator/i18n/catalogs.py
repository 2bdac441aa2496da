"""gettext catalogs for the words selfserve adds, read with Babel.

Each shipped language has ``generator/data/locale/<lang>/LC_MESSAGES/selfserve.po``.
An entry's ``msgctxt`` is the key of :data:`generator.i18n.words.WORDS` and its
``msgid`` the English text, so two keys with the same English words ("Fixed" on a badge
and in a guide) can still differ in another language. Plain ``.po`` files are read
directly (no compiled ``.mo`` in git, nothing to rebuild after an edit) and cached per
process, which is what the render worker processes need.

A project overrides any word in ``<project>/locale/<lang>.po`` (or, more specific,
``<project>/locale/<lang>-<REGION>.po``): its entries win over the shipped ones. The
override is checked like content: a key selfserve does not know, or a ``{placeholder}``
the English text does not have, is a located error rather than a silent no-op or a
``KeyError`` in the middle of a render.
"""

from __future__ import annotations

import hashlib
import string
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po

from generator.errors import Problem, SelfserveError
from generator.i18n.locales import SOURCE, language, normalize
from generator.paths import OutsideProject, confined

#: Where the shipped catalogs live, one folder per language.
LOCALE_DIR = Path(__file__).resolve().parent.parent / "data" / "locale"
#: gettext domain: the file name of every catalog.
DOMAIN = "selfserve"
#: Where a project keeps its overrides, relative to the project root.
PROJECT_DIR = "locale"


def catalog_path(lang: str) -> Path:
    """Where the shipped catalog of ``lang`` is (it may not exist)."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def shipped_languages() -> tuple[str, ...]:
    """Every language with a shipped catalog, sorted."""
    if not LOCALE_DIR.is_dir():
        return ()
    return tuple(sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")))


def placeholders(text: str) -> frozenset[str]:
    """The ``{names}`` a text formats (``"Part {part} of {parts}"`` -> part, parts)."""
    try:
        return frozenset(name for _, name, _, _ in string.Formatter().parse(text) if name is not None)
    except ValueError:  # an unbalanced brace: no valid placeholder set
        return frozenset({"<invalid>"})


def read_catalog(path: Path) -> Catalog:
    """Read one ``.po`` file; a syntax error is a located error naming the line."""
    try:
        with path.open("rb") as fh:
            return read_po(fh, abort_invalid=True)
    except PoFileError as exc:
        line = getattr(exc, "lineno", None)
        raise SelfserveError(Problem(str(path), f"not a valid gettext catalog: {exc}",
                                     line=(line or 0) + 1 if line is not None else None)) from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise SelfserveError(Problem(str(path), f"cannot read this catalog: {exc}")) from None


@dataclass(frozen=True)
class Entry:
    """One message of a catalog: ``key`` (msgctxt), English ``source`` (msgid), ``text``."""

    key: str
    source: str
    text: str
    fuzzy: bool
    line: int | None


def entries(cat: Catalog) -> list[Entry]:
    """The keyed messages of a catalog in file order (the header is left out)."""
    out: list[Entry] = []
    for msg in cat:
        if not msg.id or not isinstance(msg.id, str):
            continue
        text = msg.string if isinstance(msg.string, str) else ""
        out.append(Entry(msg.context or "", msg.id, text, msg.fuzzy, msg.lineno))
    return out


@lru_cache(maxsize=32)
def shipped(lang: str) -> Mapping[str, str]:
    """Translations of the shipped catalog of ``lang`` by key (empty for unknown ones).

    Only finished entries count: an empty or fuzzy ``msgstr`` means "not translated yet",
    which falls back to English like gettext does.
    """
    path = catalog_path(lang)
    if not path.is_file():
        return MappingProxyType({})
    found = {e.key: e.text for e in entries(read_catalog(path)) if e.key and e.text and not e.fuzzy}
    return MappingProxyType(found)


@lru_cache(maxsize=1)
def source_texts() -> Mapping[str, str]:
    """The English text of every key the shipped catalogs know (the msgids of ``en``)."""
    path = catalog_path(SOURCE)
    if not path.is_file():
        return MappingProxyType({})
    return MappingProxyType({e.key: e.source for e in entries(read_catalog(path)) if e.key})


def project_files(root: Path, locale: str | None) -> list[Path]:
    """The project's override files for ``locale``, least specific first."""
    folder = Path(root) / PROJECT_DIR
    full = normalize(locale)
    names = [f"{language(locale)}.po"]
    if full != language(locale):
        names += [f"{full}.po", f"{full.replace('-', '_')}.po"]
    found = [folder / n for n in dict.fromkeys(names) if (folder / n).is_file()]

    for path in found:  # the one confinement rule: a catalog linked from elsewhere is refused
        try:
            confined(Path(root), path)
        except OutsideProject as exc:
            raise SelfserveError(Problem(path.relative_to(root).as_posix(), str(exc))) from None
    return found


def project_translations(root: Path | None, locale: str | None, english: Mapping[str, str]) -> dict[str, str]:
    """The project's overrides for ``locale`` by key; ``english`` is every known key's text.

    Entries without ``msgctxt`` apply to every key whose English text is their ``msgid``
    (how a plain gettext catalog would be written).
    """
    if root is None:
        return {}
    out: dict[str, str] = {}
    for path in project_files(root, locale):
        stat = path.stat()
        out.update(_project_file(path, stat.st_mtime_ns, stat.st_size, tuple(sorted(english.items()))))
    return out


@lru_cache(maxsize=64)
def _project_file(path: Path, _mtime: int, _size: int,
                  english_items: tuple[tuple[str, str], ...]) -> Mapping[str, str]:
    """One override file, checked against the known keys; cached until the file changes."""
    english = dict(english_items)
    by_text: dict[str, list[str]] = {}
    for key, text in english_items:
        by_text.setdefault(text, []).append(key)
    problems: list[Problem] = []
    out: dict[str, str] = {}
    for e in entries(read_catalog(path)):
        if not e.text or e.fuzzy:
            continue
        keys = [e.key] if e.key else by_text.get(e.source, [])
        where = e.key or "msgid"
        if e.key and e.key not in english:
            near = sorted(k for k in english if k.split("_")[0] == e.key.split("_")[0])[:6]
            hint = f" (keys like it: {', '.join(near)})" if near else ""
            problems.append(Problem(str(path), f"unknown key {e.key!r}{hint}", line=e.line, path=where))
            continue
        if not keys:
            problems.append(Problem(str(path), f"no word of selfserve reads {e.source!r}: "
                                    "give the key as msgctxt", line=e.line, path=where))
            continue
        for key in keys:
            extra = placeholders(e.text) - placeholders(english[key])
            if extra:
                allowed = ", ".join(_braced(placeholders(english[key]))) or "none"
                problems.append(Problem(str(path), f"{', '.join(_braced(extra))}: not a placeholder of "
                                        f"this text (it has: {allowed})", line=e.line, path=key))
                continue
            out[key] = e.text
    if problems:
        raise SelfserveError(problems)
    return MappingProxyType(out)


def _braced(names: frozenset[str]) -> list[str]:
    """``{"n", "part"}`` -> ``["{n}", "{part}"]`` for messages."""
    return ["{" + n + "}" for n in sorted(names)]


#: The project whose ``locale/<lang>.po`` overrides apply when a caller passes no root:
#: set around planning and around each render (in the worker that runs it), so every
#: kind's words follow the project without threading its root through each helper.
PROJECT_ROOT: ContextVar[Path | None] = ContextVar("selfserve_project_root", default=None)


@contextmanager
def use_project(root: Path | None) -> Iterator[None]:
    token = PROJECT_ROOT.set(root)
    try:
        yield
    finally:
        PROJECT_ROOT.reset(token)


def translations(locale: str | None, english: Mapping[str, str], root: Path | None = None) -> dict[str, str]:
    """Every translated word for ``locale``: shipped catalog, then the project's overrides."""
    root = root if root is not None else PROJECT_ROOT.get()
    lang = language(locale)
    known = {**source_texts(), **english}
    return {**shipped(lang), **project_translations(root, locale, known)}


def fingerprint(locale: str | None, root: Path | None = None) -> str:
    """A short hash of every catalog file that decides ``locale``'s words, for plan keys.

    A planner puts it into ``make_key(...)`` so that editing ``<project>/locale/de.po``
    (or a shipped catalog) re-renders the German images and nothing else.
    """
    digest = hashlib.sha256(normalize(locale).encode())
    paths = [catalog_path(language(locale))]
    if root is not None:
        paths += project_files(root, locale)
    for path in paths:
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def clear_caches() -> None:
    """Forget every catalog read so far (tests, ``serve`` after a catalog edit)."""
    shipped.cache_clear()
    source_texts.cache_clear()
    _project_file.cache_clear()
