"""Read one YAML file into plain Python values plus the position of every value.

In: a path inside the project. Out: a :class:`Document` (value tree of dict, list,
str, int, float, bool, None) with a map from field path to (line, column), or a
list of located :class:`~generator.errors.Problem` lines.

Why not ``yaml.safe_load``: it forgets where values came from, accepts duplicate
keys silently and expands alias bombs without limit. We compose the node graph
with PyYAML's safe machinery and convert it ourselves, so every later error can
say ``file:line:col`` and hostile files are refused before they cost memory.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from generator.errors import Problem

PathKey = tuple[str | int, ...]

#: Values produced from one file, aliases counted every time they expand.
MAX_VALUES = 200_000
#: Items of one list: 100,000 FAQs in one file would take hours to render on every
#: platform, so they are refused before any of them is converted.
MAX_ITEMS = 10_000
#: Nesting depth; real content files are a few levels deep.
#: Longest number accepted in content (any real value has a few digits).
MAX_NUMBER_CHARS = 100
MAX_DEPTH = 64
#: Bytes; a content file larger than this is almost certainly not hand-written, and
#: parsing it alone would take longer than a whole build should (YAML reads ~1 MB/s).
MAX_BYTES = 5 * 1024 * 1024

_STD = "tag:yaml.org,2002:"
_STR = _STD + "str"
_ALLOWED_TAGS = {
    _STD + t for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp", "binary")
}


def format_path(path: PathKey) -> str:
    """``("faqs", 3, "answer")`` -> ``faqs[3].answer``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


@dataclass
class Document:
    """A parsed file: its values and where each one was written."""

    file: str  # project-relative path, as shown to users
    value: Any
    marks: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    #: Items written in another file than ``file`` (a folder of Markdown files): item
    #: path -> that file, so a problem names the file the user edits.
    files: dict[PathKey, str] = field(default_factory=dict)

    def file_of(self, path: PathKey) -> str:
        """The file ``path`` was written in."""
        p = path
        while p:
            if p in self.files:
                return self.files[p]
            p = p[:-1]
        return self.file

    def where(self, path: PathKey, *, key: bool = False) -> tuple[int | None, int | None]:
        """Line and column of ``path`` (or of its key), else of the nearest parent."""
        table = self.key_marks if key else self.marks
        if path in table:
            return table[path]
        p = path
        while p:
            p = p[:-1]
            if p in self.marks:
                return self.marks[p]
        return (None, None)

    def problem(self, path: PathKey, message: str, *, key: bool = False,
                severity: str = "error") -> Problem:
        line, col = self.where(path, key=key)
        return Problem(self.file_of(path), message, line, col, format_path(path), severity)  # type: ignore[arg-type]


class _Abort(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem


def _decode(raw: bytes, rel: str) -> tuple[str | None, list[Problem]]:
    """Bytes -> text, refusing what YAML tools would misread without a clear word."""
    utf16_bom = raw.startswith((b"\xff\xfe", b"\xfe\xff"))
    if utf16_bom or (len(raw) > 3 and (raw[1:2] == b"\0" or raw[0:1] == b"\0")):
        return None, [Problem(rel, "file is UTF-16 encoded; save it as UTF-8", 1, 1)]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a UTF-8 byte order mark is harmless; editors on Windows add it
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        bad = raw[exc.start]
        return None, [Problem(rel, f"byte 0x{bad:02X} is not valid UTF-8 (the file looks like "
                                   "Latin-1 or Windows-1252); save it as UTF-8", line, col)]
    return text, []


#: Characters refused anywhere: C0/C1 controls except tab, newline and carriage return,
#: DEL, and the non-characters U+FFFE/U+FFFF (a sign of a mis-decoded UTF-16 file).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_TAB_INDENT = re.compile(r"^[ \t]*\t[ \t]*(?=\S)", re.MULTILINE)


def _scan_text(text: str, rel: str) -> list[Problem]:
    """Control characters and tab indentation, one problem per line, at most 100 lines.

    Regex searches over the whole text (not a loop per character): a 5 MB file is
    scanned in a fraction of a second, and only lines with a finding are looked at."""
    found: dict[int, Problem] = {}
    for pattern in (_TAB_INDENT, _CONTROL):
        lineno, pos = 1, 0
        for m in pattern.finditer(text):
            lineno += text.count("\n", pos, m.start())
            pos = m.start()
            if lineno in found:
                continue
            if pattern is _TAB_INDENT:
                found[lineno] = Problem(rel, "tab character in indentation; indent with spaces",
                                        lineno, m.group().index("\t") + 1)
            else:
                col = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
                found[lineno] = Problem(rel, f"control character U+{ord(m.group()):04X} is not "
                                             "allowed; delete it", lineno, col)
            if len(found) >= 100:
                break
    return [found[k] for k in sorted(found)]


class _Converter:
    """Node graph -> plain values with positions; counts every expansion."""

    def __init__(self, rel: str):
        self.rel = rel
        self.count = 0
        self.marks: dict[PathKey, tuple[int, int]] = {}
        self.key_marks: dict[PathKey, tuple[int, int]] = {}
        self.scalars = SafeConstructor()
        self.seen: set[int] = set()  # collection nodes converted so far
        self.aliased = False  # an alias re-used one of them

    def fail(self, node: yaml.Node, message: str, path: PathKey) -> None:
        m = node.start_mark
        raise _Abort(Problem(self.rel, message, m.line + 1, m.column + 1, format_path(path)))

    def convert(self, node: yaml.Node, path: PathKey, depth: int = 0) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            if self.aliased:
                self.fail(node, f"anchors and aliases expand to more than {MAX_VALUES:,} values; "
                                "the file is refused (a YAML 'billion laughs' bomb?)", path)
            self.fail(node, f"the file holds more than {MAX_VALUES:,} values; split it into "
                            "smaller files", path)
        if depth > MAX_DEPTH:
            self.fail(node, f"nesting deeper than {MAX_DEPTH} levels (or an alias that refers to "
                            "itself); the file is refused", path[:4])
        if node.tag not in _ALLOWED_TAGS:
            self.fail(node, f"tag {node.tag.replace(_STD, '!!')} is not allowed; content files hold "
                            "plain text, numbers, lists and maps only", path)
        self.marks.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, yaml.CollectionNode):
            if id(node) in self.seen:
                self.aliased = True
            self.seen.add(id(node))
            if len(node.value) > MAX_ITEMS:
                what = "list" if isinstance(node, yaml.SequenceNode) else "map"
                self.fail(node, f"this {what} has {len(node.value):,} items; the limit is "
                                f"{MAX_ITEMS:,} (split the content into smaller files)", path)
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            first_seen: dict[str, int] = {}
            for key_node, value_node in node.value:
                if key_node.tag == _STD + "merge":
                    self.fail(key_node, "merge keys ('<<') are not supported; write the fields out", path)
                if not isinstance(key_node, yaml.ScalarNode):
                    self.fail(key_node, "a key must be plain text, not a list or map", path)
                key = str(key_node.value)
                if key in out:
                    self.fail(key_node, f"duplicate key '{key}' (first at line {first_seen[key]})",
                              path + (key,))
                first_seen[key] = key_node.start_mark.line + 1
                self.key_marks[path + (key,)] = (key_node.start_mark.line + 1,
                                                 key_node.start_mark.column + 1)
                out[key] = self.convert(value_node, path + (key,), depth + 1)
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(v, path + (i,), depth + 1) for i, v in enumerate(node.value)]
        # Scalars: text is the node's own value (what SafeConstructor would return, without
        # its per-node bookkeeping: most of a content file is text); keep timestamps as the
        # text the author wrote, validators parse dates.
        if node.tag == _STR:
            return node.value
        if node.tag == _STD + "timestamp":
            return str(node.value)
        if node.tag in (_STD + "int", _STD + "float") and len(str(node.value)) > MAX_NUMBER_CHARS:
            # Python refuses to read integers of over 4,300 digits (a ValueError deep in
            # PyYAML); no setting needs more than a few.
            self.fail(node, f"a number of {len(str(node.value)):,} characters is far too large; "
                            "put it in quotes if it is meant as text", path)
        try:
            return self.scalars.construct_object(node)
        except (ValueError, OverflowError) as exc:
            self.fail(node, f"'{str(node.value)[:40]}' cannot be read as a value ({exc})", path)


def load_yaml(path: Path, rel: str) -> tuple[Document | None, list[Problem]]:
    """Parse ``path`` (shown to users as ``rel``). Never raises for bad content."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, [Problem(rel, "file not found")]
    except IsADirectoryError:
        return None, [Problem(rel, "is a folder, expected a YAML file")]
    except OSError as exc:
        return None, [Problem(rel, f"cannot read the file: {exc.strerror}")]
    if len(raw) > MAX_BYTES:
        return None, [Problem(rel, f"file is {len(raw) / 1e6:.0f} MB; content files are limited "
                                   f"to {MAX_BYTES // (1024 * 1024)} MB; split it into smaller files")]
    text, problems = _decode(raw, rel)
    if text is None:
        return None, problems
    return load_yaml_text(text, rel)


def load_yaml_text(text: str, rel: str, first_line: int = 1) -> tuple[Document | None, list[Problem]]:
    """Parse YAML text that starts at line ``first_line`` of ``rel`` (front matter of a
    Markdown file starts at line 2); positions are lines of the file."""
    doc, problems = _parse_text(text, rel)
    shift = first_line - 1
    if shift:
        problems = [Problem(p.file, p.message, p.line + shift if p.line else p.line, p.col, p.path,
                            p.severity) for p in problems]
        if doc is not None:
            doc.marks = {k: (ln + shift, c) for k, (ln, c) in doc.marks.items()}
            doc.key_marks = {k: (ln + shift, c) for k, (ln, c) in doc.key_marks.items()}
    return doc, problems


def _parse_text(text: str, rel: str) -> tuple[Document | None, list[Problem]]:
    problems = _scan_text(text, rel)
    if problems:
        return None, problems
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        return None, [Problem(rel, "file is empty")]
    try:
        # libyaml's composer (when PyYAML was built with it) is ~10x faster and gives
        # the same nodes and marks; the pure-Python one is the fallback.
        node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        msg = exc.problem or exc.context or "YAML syntax error"
        if exc.context and exc.problem:
            msg = f"{exc.problem} ({exc.context})"
        return None, [Problem(rel, f"YAML syntax error: {msg}",
                              mark.line + 1 if mark else None, mark.column + 1 if mark else None)]
    except yaml.YAMLError as exc:
        return None, [Problem(rel, f"YAML syntax error: {exc}")]
    except RecursionError:
        return None, [Problem(rel, "nesting is too deep; the file is refused")]
    if node is None:
        return None, [Problem(rel, "file is empty")]
    conv = _Converter(rel)
    try:
        value = conv.convert(node, ())
    except _Abort as abort:
        return None, [abort.problem]
    except RecursionError:
        return None, [Problem(rel, "nesting is too deep; the file is refused")]
    except yaml.YAMLError as exc:
        return None, [Problem(rel, f"cannot read value: {exc}")]
    return Document(rel, value, conv.marks, conv.key_marks), []
