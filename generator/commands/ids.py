"""``selfserve ids``: list FAQs whose id comes from the question, and pin it with --write.

A FAQ without an ``id`` is named after its question, so editing the question renames its
files, breaks published URLs and restarts its rotation. ``ids`` lists every such FAQ
and every id that changed since the last build (old and new file names, from
output/manifest.json); ``--write`` writes the ids into the YAML sources, the one the last
build used where it changed, so the files keep their names. Each id is inserted as one
line before the item's first key: comments, quoting and layout of the file are kept
byte for byte. Spreadsheets, pages and help-desk exports cannot be written: their ids
come from a column or the export's article id.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from generator.cli import CONTEXT, Verbosity, cli, json_option, project_option
from generator.errors import Problem, SelfserveError

_PLAIN = re.compile(r"[a-z][a-z0-9-]*")
_YAML11 = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


@dataclass(frozen=True)
class Pin:
    """One id to write: where the item starts in its file, and the key and value."""

    file: str
    line: int
    col: int
    key: str
    value: str
    derived: str  # the id the question gives now
    previous: str | None  # the id the last build used, when it differs
    flow: bool  # the item is written {question: ..., answer: ...}


def _scalar(v: str) -> str:
    return v if _PLAIN.fullmatch(v) and v not in _YAML11 else json.dumps(v)


def insert_ids(text: str, pins: list[Pin]) -> str:
    """``text`` with each pin's ``key: value`` inserted at its item's first key."""
    lines = text.splitlines(keepends=True)
    for pin in sorted(pins, key=lambda p: (p.line, p.col), reverse=True):
        row = lines[pin.line - 1]
        at = pin.col - 1
        if pin.flow:
            # `{question: ...}`: the node starts at the brace
            lines[pin.line - 1] = row[:at + 1] + f"{pin.key}: {_scalar(pin.value)}, " + row[at + 1:]
        else:
            lines[pin.line - 1] = row[:at] + f"{pin.key}: {_scalar(pin.value)}\n" + " " * at + row[at:]
    return "".join(lines)


def _previous(out: Path) -> dict[tuple[str, int], tuple[str, list[str]]]:
    """(source file, line) -> (id, file paths) of each FAQ in the last build's manifest."""
    from generator.publish.manifest import read_manifest
    from generator.publish.transaction import recover_if_idle

    got: dict[tuple[str, int], tuple[str, list[str]]] = {}
    try:
        recover_if_idle(out)  # the last build, completed if a crash interrupted its commit
        entries = read_manifest(out)
    except (OSError, ValueError, SelfserveError):
        return got
    for path, e in sorted(entries.items()):
        src = e.source
        if e.kind != "faq" or not src.file or not src.line:
            continue
        key = (src.file, src.line)
        sid, paths = got.get(key, (src.id or "", []))
        paths.append(path)
        got[key] = (sid, paths)
    return got


def plan_ids(project_dir: Path) -> tuple[list[Pin], list[Problem], dict[str, str]]:
    """Ids to pin, FAQs that cannot be pinned (not YAML), and mapping fixes (file -> key)."""
    from generator.load.project import load_project
    from generator.load.sources import format_for
    from generator.load.yamlsource import load_yaml
    from generator.paths import resolve_inside

    project = load_project(project_dir)
    previous = _previous(project_dir / "output")
    by_place = {(f.source.file, f.source.line): f for f in project.faqs}
    pins: list[Pin] = []
    cannot: list[Problem] = []
    add_id_field: dict[str, str] = {}
    for src in project.config.content.faqs:
        path = resolve_inside(project.root, src.file)
        fmt = format_for(path, src.format)
        if fmt.name != "yaml":
            cannot += _not_yaml(project.faqs, src.file, "column" if fmt.detect_fields else "field")
            continue
        doc, problems = load_yaml(path, src.file)
        if doc is None:
            raise SelfserveError(problems)
        key, origins = _origins(doc, src, add_id_field)
        for ln, origin in origins:
            faq = by_place.get((src.file, ln))
            if faq is None or faq.explicit_id:
                continue
            line, col = doc.marks[origin]
            prev = previous.get((src.file, ln))
            old = prev[0] if prev and prev[0] and prev[0] != faq.id else None
            flow = doc.value is not None and _is_flow(path, line, col)
            pins.append(Pin(src.file, line, col, key, old or faq.id, faq.id, old, flow))
    return pins, cannot, {f: k for f, k in add_id_field.items() if any(p.file == f for p in pins)}


def _not_yaml(faqs: Any, file: str, what: str) -> list[Problem]:
    """FAQs of a CSV, spreadsheet or JSON source whose id comes from the question."""
    return [Problem(f.source.file, f"'{f.id}' comes from the question; add an id {what} to the "
                                   "source (ids --write edits YAML files only)", f.source.line)
            for f in faqs if f.source.file == file and not f.explicit_id]


def _origins(doc: Any, src: Any, add_id_field: dict[str, str]) -> tuple[str, list[tuple[int, tuple]]]:
    """The id key to write and (line, YAML path) of each FAQ of ``src``; a mapped source
    whose mapping has no id field gets one (``add_id_field``)."""
    from generator.load.mapping import apply_mapping

    key = "id"
    origins: list[tuple[int, tuple]] = []
    if src.mapping is None:
        rows = doc.value.get("faqs") if isinstance(doc.value, dict) else None
        for i in range(len(rows) if isinstance(rows, list) else 0):
            origins.append((doc.marks[("faqs", i)][0], ("faqs", i)))
        return key, origins
    mapped, problems = apply_mapping(doc, src.mapping, as_issues=src.as_ == "issues")
    if mapped is None:
        raise SelfserveError(problems)
    ids = src.mapping.fields.get("id")
    if isinstance(ids, tuple) and ids and "." not in ids[0]:
        key = ids[0]
    elif not ids:
        add_id_field[src.file] = key
    at = {pos: p for p, pos in doc.marks.items() if _item_like(doc, p)}
    for n in range(len(mapped.value["faqs"])):
        pos = mapped.marks.get(("faqs", n), (0, 0))
        if pos in at:
            origins.append((pos[0], at[pos]))
    return key, origins


def _item_like(doc: Any, path: tuple) -> bool:
    value: Any = doc.value
    for p in path:
        try:
            value = value[p]
        except (KeyError, IndexError, TypeError):
            return False
    return isinstance(value, dict)


def _is_flow(path: Path, line: int, col: int) -> bool:
    with path.open(encoding="utf-8-sig") as fh:
        for n, row in enumerate(fh, 1):
            if n == line:
                return row[col - 1: col] == "{"
    return False


def _map_id_field(project_dir: Path, files: dict[str, str]) -> str | None:
    """Add ``id: id`` to the mappings of these sources in selfserve.yaml; the old text."""
    import io

    from generator.publish.atomic import write_text_atomic
    from generator.publish.yaml_edit import round_trip_yaml

    if not files:
        return None
    cfg = project_dir / "selfserve.yaml"
    old = cfg.read_text("utf-8")
    y = round_trip_yaml(config_indent=True)
    data = y.load(old)
    for entry in data["content"]["faqs"]:
        if isinstance(entry, dict) and entry.get("file") in files:
            entry["mapping"]["fields"]["id"] = files[entry["file"]]
    buf = io.StringIO()
    y.dump(data, buf)
    write_text_atomic(cfg, buf.getvalue())
    return old


@cli.command("ids", context_settings=CONTEXT)
@project_option
@click.option("--write", is_flag=True, help="Write the ids into the YAML sources (comments kept).")
@json_option
@click.pass_obj
def ids(v: Verbosity, project_dir: Path, write: bool, as_json: bool) -> None:
    """List FAQs whose id comes from their question; --write pins them.

    \b
    An id names a FAQ's files and URLs. Without one, editing the question
    renames them. 'ids' shows every such FAQ and every id that changed since
    the last build (old -> new file names); --write writes the ids into the
    source files, the previous one where it changed, so nothing is renamed.
    Examples:
      selfserve ids
      selfserve ids --write
    """

    project_dir = project_dir.resolve()
    pins, cannot, map_fix = plan_ids(project_dir)
    previous = _previous(project_dir / "output")
    if as_json:
        click.echo(json.dumps({"pins": [{"file": p.file, "line": p.line, "id": p.value, "derived": p.derived,
                                         "previous": p.previous} for p in pins],
                               "cannot": [str(c) for c in cannot], "written": write}, indent=2))
    else:
        _say_pins(v, pins, cannot, previous)
    if not write or not pins:
        return
    written = _write_pins(project_dir, pins, map_fix)
    if not as_json:
        v.say(f"Wrote {len(pins)} ids into {', '.join(written)}.")


def _say_pins(v: Verbosity, pins: list[Pin], cannot: list[Problem],
              previous: dict[tuple[str, int], tuple[str, list[str]]]) -> None:
    for p in pins:
        if p.previous:
            files = previous.get((p.file, p.line), ("", []))[1]
            old_new = ", ".join(f"{f} -> {f.replace('/' + p.previous + '.', '/' + p.derived + '.')}"
                                for f in files[:3])
            v.say(f"{p.file}:{p.line}: id changed '{p.previous}' -> '{p.derived}' with the question "
                  f"({old_new}); --write keeps '{p.previous}'")
        else:
            v.say(f"{p.file}:{p.line}: '{p.derived}' comes from the question")
    for c in cannot:
        v.say(str(c))
    if not pins and not cannot:
        v.say("Every FAQ has an id of its own.")


def _write_pins(project_dir: Path, pins: list[Pin], map_fix: dict[str, str]) -> list[str]:
    """Write the ids into their files (and the mapping fixes into selfserve.yaml); all or
    nothing: any failure puts every file back. Returns the files written."""
    from generator.load.project import load_project
    from generator.publish.atomic import write_text_atomic

    by_file: dict[str, list[Pin]] = {}
    for p in pins:
        by_file.setdefault(p.file, []).append(p)
    olds: dict[str, str] = {}
    try:
        for rel, group in by_file.items():
            target = project_dir / rel
            olds[rel] = target.read_text("utf-8")
            write_text_atomic(target, insert_ids(olds[rel], group))
        old_cfg = _map_id_field(project_dir, map_fix)
        if old_cfg is not None:
            olds["selfserve.yaml"] = old_cfg
        project = load_project(project_dir)
        left = [f for f in project.faqs if not f.explicit_id and f.source.file in by_file]
        if left:
            raise SelfserveError(Problem(left[0].source.file, f"the id of '{left[0].question}' was not "
                                         "written; nothing was changed", left[0].source.line))
    except BaseException:
        for rel, text in olds.items():
            write_text_atomic(project_dir / rel, text)
        raise
    return list(by_file)
