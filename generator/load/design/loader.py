"""Find and validate design files: the project's ``templates/designs/`` (or
``templates/``) first, then built-ins; a design that ``extends:`` another is composed
over it.

In: a design name and the project root. Out: a :class:`Design` with one layer
list per aspect (variants merged by layer id), or a located SelfserveError such
as ``templates/faq.yaml:14:5: layers[2].colr: unknown field; did you mean 'color'?``.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any

from generator.errors import Problem, SelfserveError
from generator.load.design.model import (
    ASPECTS,
    LAYER_TYPES,
    ROLES,
    Background,
    Design,
    Layer,
)
from generator.load.schema import (
    INVALID,
    AnyValue,
    Bool,
    Checker,
    Enum,
    F,
    Int,
    ListOf,
    MapOf,
    Number,
    Record,
    Str,
)
from generator.load.yamlsource import Document, PathKey, load_yaml
from generator.paths import OutsideProject, resolve_inside

BUILTIN_DIR = Path(__file__).resolve().parent.parent.parent / "data" / "designs"


class _Pair(ListOf):
    """``[min, max]`` or ``[x, y, w, h]``: a fixed-length list of numbers."""

    def __init__(self, n: int, lo: float | None = None, hi: float | None = None):
        super().__init__(item=Number(min=lo, max=hi), min_items=n, max_items=n)


def _layer_fields(required: bool) -> list[F]:
    return [
        F("id", Str(max_len=40), required=required),
        F("type", Enum(LAYER_TYPES), required=required),
        F("box", _Pair(4, -1, 2), doc="[x, y, width, height] in fractions of the area"),
        F("area", Enum(["safe", "canvas"])),
        F("when", Str()),
        F("fill", Str()),
        F("gradient", ListOf(Str(), min_items=2)),
        F("angle", Number()),
        F("radius", Number(min=0)),
        F("src", Str()),
        F("fit", Enum(["contain", "cover"])),
        F("focus", Str(), doc="image: [x, y] (0-1) kept in view by a cover crop, e.g. item.focus"),
        F("scrim", Str(), doc="rect: the text colour it must make readable (opacity computed)"),
        F("opacity", Number(min=0, max=1), doc="rect: fill opacity; with scrim the least one"),
        F("role", Enum(ROLES)),
        F("text", Str(min_len=0)),
        F("markdown", Bool()),
        F("family", Str()),
        F("weight", Int(min=100, max=900)),
        F("size", _Pair(2, 8, 400), doc="[min, max] px at 1080 px width"),
        F("color", Str()),
        F("align", Enum(["start", "center", "end"])),
        F("valign", Enum(["top", "center", "bottom"])),
        F("max_lines", Int(min=1)),
        F("line_height", Number(min=0.8, max=3)),
        F("uppercase", Bool()),
        F("pill", Str()),
        F("direction", Enum(["column", "row"])),
        F("gap", Number(min=0)),
        F("children", ListOf(AnyValue())),
        F("grow", Bool()),
        F("basis", Number(min=0, max=1)),
        F("max_share", Number(min=0, max=1)),
        F("width", Number(min=0)),
        F("height", Number(min=0)),
        F("justify", Enum(["start", "center", "end"])),
        F("uniform", Bool(), doc="row of columns: the n-th texts share one size and baseline"),
    ]


_LAYER = Record("layer", _layer_fields(True))
_OVERRIDE = Record("layer override", [f for f in _layer_fields(False) if f.name != "id"])
_BACKGROUND = Record("background", [
    F("fill", Str(), default="#FFFFFF"),
    F("gradient", ListOf(Str(), min_items=2), default=()),
    F("angle", Number(), default=90.0),
    F("image", Str()),
    F("overlay", Str()),
], factory=Background)
_DESIGN = Record("design", [
    F("name", Str(max_len=40), required=True),
    F("description", Str(), default=""),
    F("background", _BACKGROUND, default=Background),
    F("layers", ListOf(AnyValue(), min_items=1), required=True),
    F("variants", MapOf(MapOf(AnyValue())), default=dict),
    F("defaults", MapOf(AnyValue()), default=dict),
])


def _known_aspect(aspect: str, ck: Checker) -> bool:
    """Whether ``variants:`` names an aspect a preset has; else a located error with the
    nearest name (for whole designs and for designs that extend another alike)."""
    if aspect in ASPECTS:
        return True
    close = difflib.get_close_matches(aspect, ASPECTS, n=1)
    ck.error(("variants", aspect), "unknown aspect" + (f"; did you mean '{close[0]}'?" if close
                                                        else f"; use one of {', '.join(ASPECTS)}"),
             key=True)
    return False


def _build_layers(raw: list[Any], path: PathKey, ck: Checker, ids: set[str],
                  extends: str = "") -> tuple[Layer, ...]:
    """Layers checked and built; ``ids`` holds the ids already taken (and gains these).
    ``extends`` names the design whose layers an ``add:`` list must not repeat."""
    inherited = frozenset(ids) if extends else frozenset()
    out: list[Layer] = []
    for i, item in enumerate(raw):
        v = _LAYER.check(item, path + (i,), ck)
        if v is INVALID:
            continue
        if v["id"] in inherited:
            ck.error(path + (i, "id"), f"'{v['id']}' is already a layer of '{extends}'; change it "
                                       "under layers:, or give the new layer another id")
            continue
        if v["id"] in ids:
            ck.error(path + (i, "id"), f"duplicate layer id '{v['id']}'")
            continue
        ids.add(v["id"])
        kids = v.pop("children") or ()
        built = {k: val for k, val in v.items() if val is not None}
        if kids:
            built["children"] = _build_layers(list(kids), path + (i, "children"), ck, ids)
        for key in ("box", "size", "gradient"):
            if key in built:
                built[key] = tuple(built[key])
        out.append(Layer(**built))
    return tuple(out)


def _override(layers: tuple[Layer, ...], changes: dict[str, dict[str, Any]]) -> tuple[Layer, ...]:
    out = []
    for layer in layers:
        kids = _override(layer.children, changes) if layer.children else layer.children
        layer = dataclasses.replace(layer, children=kids)
        if layer.id in changes:
            layer = dataclasses.replace(layer, **changes[layer.id])
        out.append(layer)
    return tuple(out)


def _raw_ids(raw: list[Any]) -> list[str]:
    ids: list[str] = []
    for item in raw:
        if isinstance(item, dict):
            if isinstance(item.get("id"), str):
                ids.append(item["id"])
            if isinstance(item.get("children"), list):
                ids += _raw_ids(item["children"])
    return ids


def _all_ids(layers: tuple[Layer, ...]) -> list[str]:
    ids: list[str] = []
    for layer in layers:
        ids.append(layer.id)
        ids += _all_ids(layer.children)
    return ids


def _layer_changes(changes: dict[str, Any], path: PathKey, ck: Checker,
                   ids: list[str]) -> dict[str, dict[str, Any]]:
    """``{layer id: {field: value}}`` checked: every id names a layer of ``ids``, every
    field is a layer field with a valid value. Only the fields written are kept, so
    :func:`_override` changes those and leaves the rest as they were."""
    clean: dict[str, dict[str, Any]] = {}
    for lid, fields in changes.items():
        p = path + (lid,)
        if lid not in ids:
            close = difflib.get_close_matches(lid, ids, n=1)
            ck.error(p, "no layer has this id" + (f"; did you mean '{close[0]}'?" if close else ""),
                     key=True)
            continue
        v = _OVERRIDE.check(fields, p, ck)
        if v is INVALID or not isinstance(fields, dict):
            continue
        kept = {k: v[k] for k in fields if k in v}
        if "children" in kept:
            kept["children"] = _build_layers(list(kept["children"]), p + ("children",), ck, set())
        for key in ("box", "size", "gradient"):
            if key in kept and kept[key] is not None:
                kept[key] = tuple(kept[key])
        clean[lid] = kept
    return clean


def parse_design(doc: Document, raw_bytes: bytes) -> tuple[Design | None, list[Problem]]:
    ck = Checker(doc)
    top = _DESIGN.check(doc.value, (), ck)
    if top is INVALID:
        return None, ck.problems
    layers = _build_layers(list(top["layers"]), ("layers",), ck, set())
    # Ids of layers that failed their own checks count too: a variant naming one should
    # not add "no layer has this id" to the real problem.
    ids = _all_ids(layers) + _raw_ids(list(top["layers"]))
    variants: dict[str, tuple[Layer, ...]] = {}
    for aspect, changes in top["variants"].items():
        if not _known_aspect(aspect, ck):
            continue
        variants[aspect] = _override(layers, _layer_changes(changes, ("variants", aspect), ck, ids))
    if ck.errors:
        return None, ck.problems
    return Design(
        name=top["name"], description=top["description"], file=doc.file,
        digest=hashlib.sha256(raw_bytes).hexdigest(), background=top["background"],
        layers=layers, variants=variants, defaults=top["defaults"],
    ), ck.problems


_BACKGROUND_CHANGES = Record("background changes", [
    F("fill", Str()),
    F("gradient", ListOf(Str()), doc="two or more colours; [] drops the extended design's gradient"),
    F("angle", Number()),
    F("image", Str()),
    F("overlay", Str()),
])
#: A design that ``extends:`` another writes only what it changes.
_EXTENDING = Record("design that extends another", [
    F("extends", Str(max_len=40), required=True,
      doc="the design this one changes: a built-in, or another of the project's designs; "
          "its own name means the built-in of that name"),
    F("name", Str(max_len=40), doc="defaults to the file's name"),
    F("description", Str()),
    F("background", _BACKGROUND_CHANGES, doc="only the fields to change"),
    F("layers", MapOf(AnyValue()), default=dict,
      doc="layer id -> the fields to change, on every aspect (over the extended design's variants)"),
    F("add", ListOf(AnyValue()), default=(), doc="new layers, drawn over the extended design's"),
    F("remove", ListOf(Str()), default=(), doc="ids of the extended design's layers to leave out"),
    F("variants", MapOf(MapOf(AnyValue())), default=dict,
      doc="aspect -> layer id -> the fields to change on that aspect only"),
    F("defaults", MapOf(AnyValue()), default=dict),
])


def _without(layers: tuple[Layer, ...], removed: set[str]) -> tuple[Layer, ...]:
    return tuple(dataclasses.replace(layer, children=_without(layer.children, removed))
                 for layer in layers if layer.id not in removed)


def _variant_ids(design: Design) -> list[str]:
    ids = _all_ids(design.layers)
    for layers in design.variants.values():
        ids += [i for i in _all_ids(layers) if i not in ids]
    return ids


def parse_extension(doc: Document, raw_bytes: bytes, base: Design) -> tuple[Design | None, list[Problem]]:
    """The design ``doc`` describes as changes to ``base``: ``layers:`` changes fields of
    layers by id on every aspect, ``remove:`` leaves layers out, ``add:`` draws new ones
    on top, ``variants:`` changes one aspect, ``background:`` and ``defaults:`` change the
    fields they name. Ids are checked against ``base``, so a typo is located with a
    suggestion. The digest covers ``base``'s digest: editing either re-renders."""
    ck = Checker(doc)
    top = _EXTENDING.check(doc.value, (), ck)
    if top is INVALID:
        return None, ck.problems
    base_ids = _variant_ids(base)
    removed: set[str] = set()
    for i, lid in enumerate(top["remove"]):
        if lid in base_ids:
            removed.add(lid)
            continue
        close = difflib.get_close_matches(lid, base_ids, n=1)
        ck.error(("remove", i), f"'{base.name}' has no layer '{lid}'"
                 + (f"; did you mean '{close[0]}'?" if close else f"; its layers: {', '.join(base_ids)}"))
    kept_ids = [i for i in base_ids if i not in removed]
    added = _build_layers(list(top["add"]), ("add",), ck, set(kept_ids), extends=base.name)
    ids = kept_ids + _all_ids(added) + _raw_ids(list(top["add"]))
    changes = _layer_changes(top["layers"], ("layers",), ck, ids)
    for kids in (c["children"] for c in changes.values() if c.get("children")):
        ids += _all_ids(kids)
    per_aspect: dict[str, dict[str, dict[str, Any]]] = {}
    for aspect, fields in top["variants"].items():
        if not _known_aspect(aspect, ck):
            continue
        per_aspect[aspect] = _layer_changes(fields, ("variants", aspect), ck, ids)
    bg = top["background"] or {}
    if len(bg.get("gradient") or ()) == 1:
        ck.error(("background", "gradient"), "needs at least 2 colours, or [] for none")
    if ck.errors:
        return None, ck.problems

    def changed(layers: tuple[Layer, ...]) -> tuple[Layer, ...]:
        return _without(_override(layers, changes), removed) + added

    variants = {}
    for aspect in ASPECTS:
        if aspect in base.variants or aspect in per_aspect:
            variants[aspect] = _override(changed(base.layers_for(aspect)), per_aspect.get(aspect, {}))
    set_fields: dict[str, Any] = {
        k: tuple(v) if k == "gradient" else v for k, v in bg.items() if v is not None}
    background = dataclasses.replace(base.background, **set_fields)
    digest = hashlib.sha256(raw_bytes + b"\0extends\0" + base.digest.encode()).hexdigest()
    return Design(
        name=top["name"] or Path(doc.file).stem,
        description=base.description if top["description"] is None else top["description"],
        file=doc.file, digest=digest, background=background, layers=changed(base.layers),
        variants=variants, defaults={**base.defaults, **top["defaults"]},
    ), ck.problems


#: Where a project's own designs live, first match wins: ``templates/designs/`` (beside
#: ``templates/captions/`` and ``templates/guide/``), then ``templates/`` itself, the
#: layout earlier versions documented and projects already use.
PROJECT_DIRS = ("templates/designs", "templates")


def project_designs(root: Path) -> set[str]:
    """The names of the design files the project holds (``_``-prefixed files are parts)."""
    names: set[str] = set()
    for folder in PROJECT_DIRS:
        if (root / folder).is_dir():
            names |= {p.stem for p in (root / folder).glob("*.yaml") if not p.name.startswith("_")}
    return names


def available_designs(root: Path | None) -> list[str]:
    names = {p.stem for p in BUILTIN_DIR.glob("*.yaml")}
    if root is not None:
        names |= project_designs(root)
    return sorted(names)


def design_digest(name: str, root: Path | None) -> str:
    """sha256 of everything the design ``name`` is drawn from (its file's bytes and, for a
    design that ``extends:`` another, that one's digest): part of every job key that draws
    it, so editing the project's copy, or the design it extends, re-renders what uses it."""
    try:
        return load_design(name, root).digest
    except SelfserveError:
        # A broken design fails in preflight with its located problems; the key only has
        # to change when the file does.
        path, _shown = design_path(name, root)
        try:
            return hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            return ""


def design_path(name: str, root: Path | None, *, builtin: bool = False) -> tuple[Path, str]:
    """The file a design name refers to, and how users see its path: the project's
    ``templates/designs/<name>.yaml`` or ``templates/<name>.yaml`` (never a symbolic link
    out of the project), else the built-in one. ``builtin`` skips the project's files: a
    project design that extends the built-in of its own name."""
    found = []
    if root is not None and not builtin:
        for folder in PROJECT_DIRS:
            shown = f"{folder}/{name}.yaml"
            if (root / shown).is_file() or (root / shown).is_symlink():
                found.append(shown)
    if len(found) > 1:
        raise SelfserveError(Problem(found[1], f"design '{name}' is also defined in {found[0]}; "
                                               "keep one of the two files"))
    if found and root is not None:  # only a project has files of its own
        try:
            target = resolve_inside(root, found[0])
        except OutsideProject as exc:
            raise SelfserveError(Problem(found[0], str(exc))) from None
        if not target.is_file():
            raise SelfserveError(Problem(found[0], "is a symbolic link to a file that does not "
                                                   "exist; copy the design file here instead"))
        return target, found[0]
    p = BUILTIN_DIR / f"{name}.yaml"
    if p.is_file():
        return p, f"builtin:{name}"
    names = available_designs(root)
    close = difflib.get_close_matches(name, names, n=1)
    hint = f"; did you mean '{close[0]}'?" if close else f"; available: {', '.join(names)}"
    raise SelfserveError(f"unknown design '{name}'{hint}")


@dataclasses.dataclass(frozen=True)
class _Extension:
    """A design file that ``extends:`` another, read but not yet composed (that needs
    the design it extends, which may change on its own)."""

    doc: Document
    raw: bytes
    base: str


@lru_cache(maxsize=64)
def _load_cached(path: Path, shown: str, mtime_ns: int, size: int) -> Design | _Extension:
    raw = path.read_bytes()
    doc, problems = load_yaml(path, shown)
    if doc is None:
        raise SelfserveError(problems)
    if isinstance(doc.value, dict) and "extends" in doc.value:
        base = doc.value["extends"]
        if not isinstance(base, str) or not base.strip():
            raise SelfserveError(doc.problem(("extends",), "give the name of a design, e.g. "
                                                            "'extends: faq'"))
        return _Extension(doc, raw, base.strip())
    design, problems = parse_design(doc, raw)
    if design is None:
        raise SelfserveError([p for p in problems if p.severity == "error"])
    return design


#: (file path, version, extended design's digest) -> the composed design.
_COMPOSED: dict[tuple[str, int, int, str], Design] = {}


def load_design(name: str, root: Path | None) -> Design:
    """The named design, validated (cached per file version); one that ``extends:``
    another is composed over it."""
    return _load_chain(name, root, (), builtin=False)


def _load_chain(name: str, root: Path | None, chain: tuple[tuple[str, Document], ...], *,
                builtin: bool) -> Design:
    path, shown = design_path(name, root, builtin=builtin)
    st = path.stat()
    source = _load_cached(path, shown, st.st_mtime_ns, st.st_size)
    if isinstance(source, Design):
        return source
    files = [f for f, _doc in chain]
    if shown in files:
        # Told the same way whichever of its designs was loaded first (preflight loads each
        # of them): from the first file by name, at that file's ``extends``.
        cycle = chain[files.index(shown):]
        first = min(range(len(cycle)), key=lambda i: cycle[i][0])
        cycle = cycle[first:] + cycle[:first]
        loop = " -> ".join([*(f for f, _doc in cycle), cycle[0][0]])
        raise SelfserveError(cycle[0][1].problem(("extends",), f"designs extend each other in a loop "
                                                               f"({loop}); one of them must extend "
                                                               "a built-in design"))
    # A project design that extends its own name changes the built-in of that name.
    own = source.base == name
    try:
        design_path(source.base, root, builtin=own)
    except SelfserveError as exc:
        if exc.problems:
            raise
        what = f"no built-in design '{source.base}'" if own else f"unknown design '{source.base}'"
        names = available_designs(None if own else root)
        close = difflib.get_close_matches(source.base, names, n=1)
        raise SelfserveError(source.doc.problem(("extends",), what + (
            f"; did you mean '{close[0]}'?" if close else f"; available: {', '.join(names)}"))) from None
    base = _load_chain(source.base, root, (*chain, (shown, source.doc)), builtin=own)
    key = (str(path), st.st_mtime_ns, st.st_size, base.digest)
    design = _COMPOSED.get(key)  # render threads share the table: read it once
    if design is None:
        design, problems = parse_extension(source.doc, source.raw, base)
        if design is None:
            raise SelfserveError([p for p in problems if p.severity == "error"])
        if len(_COMPOSED) >= 64:
            _COMPOSED.clear()
        _COMPOSED[key] = design
    return design


#: ``design: auto``: not a file, the kind picks from its rotation (``AssetKind.auto_designs``).
AUTO = "auto"


class DesignLocator:
    """Problems about a design layer, at the line of the layer's field when the design
    file is the project's own (built-in designs have no lines worth showing)."""

    def __init__(self, file: str, doc: Document | None):
        self.file = file
        self.doc = doc
        self.paths: dict[str, PathKey] = {}
        if doc is not None and isinstance(doc.value, dict):
            layers = doc.value.get("layers")
            if isinstance(layers, dict):  # a design that extends another: id -> changes
                for lid, changes in layers.items():
                    self.paths.setdefault(str(lid), ("layers", lid))
                    if isinstance(changes, dict):
                        self._walk(changes.get("children"), ("layers", lid, "children"))
                self._walk(doc.value.get("add"), ("add",))
            else:
                self._walk(layers, ("layers",))

    def _walk(self, layers: object, path: PathKey) -> None:
        for i, layer in enumerate(layers if isinstance(layers, list) else []):
            if isinstance(layer, dict) and isinstance(layer.get("id"), str):
                self.paths.setdefault(layer["id"], path + (i,))
                self._walk(layer.get("children"), path + (i, "children"))

    def __call__(self, layer_id: str, field_name: str, message: str) -> Problem:
        if self.doc is not None and layer_id in self.paths:
            return self.doc.problem(self.paths[layer_id] + (field_name,), message)
        return Problem(self.file, f"layer '{layer_id}': {field_name}: {message}")
