"""Find and validate design files: the project's ``templates/`` first, then built-ins.

In: a design name and the project root. Out: a :class:`Design` with one layer
list per aspect (variants merged by layer id), or a located SelfserveError such
as ``templates/faq.yaml:14:5: layers[2].colr: unknown field; did you mean 'color'?``.
"""

from __future__ import annotations

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
from generator.load.yamlsource import Document, load_yaml
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


def _build_layers(raw: list[Any], path: tuple, ck: Checker, ids: set[str]) -> tuple[Layer, ...]:
    out: list[Layer] = []
    for i, item in enumerate(raw):
        v = _LAYER.check(item, path + (i,), ck)
        if v is INVALID:
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
    import dataclasses

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
        if aspect not in ASPECTS:
            close = difflib.get_close_matches(aspect, ASPECTS, n=1)
            ck.error(("variants", aspect), "unknown aspect" + (f"; did you mean '{close[0]}'?" if close
                                                                else f"; use one of {', '.join(ASPECTS)}"),
                     key=True)
            continue
        clean: dict[str, dict[str, Any]] = {}
        for lid, fields in changes.items():
            p = ("variants", aspect, lid)
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
        variants[aspect] = _override(layers, clean)
    if ck.errors:
        return None, ck.problems
    return Design(
        name=top["name"], description=top["description"], file=doc.file,
        digest=hashlib.sha256(raw_bytes).hexdigest(), background=top["background"],
        layers=layers, variants=variants, defaults=top["defaults"],
    ), ck.problems


def available_designs(root: Path | None) -> list[str]:
    names = {p.stem for p in BUILTIN_DIR.glob("*.yaml")}
    if root is not None and (root / "templates").is_dir():
        names |= {p.stem for p in (root / "templates").glob("*.yaml") if not p.name.startswith("_")}
    return sorted(names)


def design_digest(name: str, root: Path | None) -> str:
    """sha256 of the bytes of the design file ``name`` resolves to: part of every job key
    that draws it, so editing the project's copy re-renders what uses it."""
    import hashlib

    path, _shown = design_path(name, root)
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def design_path(name: str, root: Path | None) -> tuple[Path, str]:
    """The file a design name refers to, and how users see its path."""
    if root is not None:
        p = root / "templates" / f"{name}.yaml"
        if p.is_file():
            try:
                resolve_inside(root, f"templates/{name}.yaml")
            except OutsideProject as exc:
                raise SelfserveError(Problem(f"templates/{name}.yaml", str(exc))) from None
            return p, f"templates/{name}.yaml"
    p = BUILTIN_DIR / f"{name}.yaml"
    if p.is_file():
        return p, f"builtin:{name}"
    names = available_designs(root)
    close = difflib.get_close_matches(name, names, n=1)
    hint = f"; did you mean '{close[0]}'?" if close else f"; available: {', '.join(names)}"
    raise SelfserveError(f"unknown design '{name}'{hint}")


@lru_cache(maxsize=64)
def _load_cached(path: Path, shown: str, mtime_ns: int, size: int) -> Design:
    raw = path.read_bytes()
    doc, problems = load_yaml(path, shown)
    if doc is None:
        raise SelfserveError(problems)
    design, problems = parse_design(doc, raw)
    if design is None:
        raise SelfserveError([p for p in problems if p.severity == "error"])
    return design


def load_design(name: str, root: Path | None) -> Design:
    """The named design, validated (cached per file version)."""
    path, shown = design_path(name, root)
    st = path.stat()
    return _load_cached(path, shown, st.st_mtime_ns, st.st_size)


#: ``design: auto`` for a FAQ: the built-in designs it rotates through, in this order.
#: The picture designs only for a FAQ with a picture, ``tip`` only for a short answer.
AUTO_FAQ = ("faq", "faq-question", "faq-photo", "faq-chat", "faq-cover", "faq-inset", "tip")
PHOTO_DESIGNS = ("faq-photo", "faq-cover", "faq-inset")
AUTO_STEPS = ("steps", "steps-cards")
AUTO = "auto"


class DesignLocator:
    """Problems about a design layer, at the line of the layer's field when the design
    file is the project's own (built-in designs have no lines worth showing)."""

    def __init__(self, file: str, doc: Document | None):
        self.file = file
        self.doc = doc
        self.paths: dict[str, tuple] = {}
        if doc is not None and isinstance(doc.value, dict):
            self._walk(doc.value.get("layers"), ("layers",))

    def _walk(self, layers: object, path: tuple) -> None:
        for i, layer in enumerate(layers if isinstance(layers, list) else []):
            if isinstance(layer, dict) and isinstance(layer.get("id"), str):
                self.paths.setdefault(layer["id"], path + (i,))
                self._walk(layer.get("children"), path + (i, "children"))

    def __call__(self, layer_id: str, field_name: str, message: str) -> Problem:
        if self.doc is not None and layer_id in self.paths:
            return self.doc.problem(self.paths[layer_id] + (field_name,), message)
        return Problem(self.file, f"layer '{layer_id}': {field_name}: {message}")
