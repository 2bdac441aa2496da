"""A folder of Markdown files, one FAQ each, with YAML front matter.

The shape of static-site help centres (Jekyll collections, Hugo, Docusaurus, MkDocs):

    ---
    title: How do I reset my password?
    id: reset-password        # optional: default the file name
    category: Account         # optional: default the sub-folder, else General
    tags: [login]
    ---
    Open **Settings** ...

The question is the front matter's ``question`` or ``title``, else the first ``# heading``
(which is then not repeated in the answer); the answer is the body. The id is the
front matter's ``id``/``slug``, else the file name: renaming a question keeps its files.
Files are read in name order; ``README.md``, ``index.md`` and ``_index.md`` are pages about
the folder, not FAQs, and are skipped. Every problem names the Markdown file and line.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from generator.errors import Problem
from generator.load.model import FieldMapping
from generator.load.sources import SourceFormat, SourceRead
from generator.load.yamlsource import MAX_BYTES, MAX_ITEMS, Document, PathKey, _decode, load_yaml_text

SKIP = {"readme.md", "index.md", "_index.md"}
_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*\r?$\n?", re.DOTALL | re.MULTILINE)
_HEADING = re.compile(r"\A\s*#[ \t]+(.+?)[ \t#]*\r?$\n?", re.MULTILINE)


def _one(path: Path, rel: str, category: str | None
         ) -> tuple[dict[str, Any] | None, dict[PathKey, tuple[int, int]], list[Problem]]:
    raw = path.read_bytes()
    if len(raw) > MAX_BYTES:
        return None, {}, [Problem(rel, "file is larger than 5 MB")]
    text, problems = _decode(raw, rel)
    if text is None:
        return None, {}, problems
    item: dict[str, Any] = {}
    marks: dict[PathKey, tuple[int, int]] = {}
    body, body_line = text, 1
    m = _FRONT.match(text)
    if m:
        doc, problems = load_yaml_text(m.group(1), rel, first_line=2) if m.group(1).strip() else (None, [])
        if problems:
            return None, {}, problems
        if doc is not None:
            if not isinstance(doc.value, dict):
                return None, {}, [Problem(rel, "front matter must be key: value lines", 2, 1)]
            item.update(doc.value)
            marks.update({k: v for k, v in doc.marks.items() if k})
        body = text[m.end():]
        body_line = text.count("\n", 0, m.end()) + 1
    if not any(k in item for k in ("question", "title")):
        h = _HEADING.match(body)
        if h:
            item["title"] = h.group(1).strip()
            marks[("title",)] = (body_line + body[:h.start(1)].count("\n"), 1)
            body_line += body.count("\n", 0, h.end())
            body = body[h.end():]
    if body.strip():
        item["body"] = body.strip("\n")
        marks[("body",)] = (body_line + len(body) - len(body.lstrip("\n")), 1)
    item.setdefault("file_id", path.stem)
    if category and "category" not in item:
        item["category"] = category
    return item, marks, []


def read(path: Path, rel: str) -> SourceRead:
    if not path.is_dir():
        return SourceRead(None, [Problem(rel, "not a folder of Markdown files")])
    root = path.resolve()
    files = sorted((p for p in path.rglob("*.md") if p.name.lower() not in SKIP),
                   key=lambda p: p.relative_to(path).as_posix())
    if not files:
        return SourceRead(None, [Problem(rel, "no .md files in this folder")])
    if len(files) > MAX_ITEMS:
        return SourceRead(None, [Problem(rel, f"{len(files):,} files; the limit is {MAX_ITEMS:,}")])
    items: list[dict[str, Any]] = []
    marks: dict[PathKey, tuple[int, int]] = {(): (1, 1)}
    files_of: dict[PathKey, str] = {}
    problems: list[Problem] = []
    for f in files:
        frel = (Path(rel) / f.relative_to(path)).as_posix()
        try:
            f.resolve().relative_to(root)
        except ValueError:
            problems.append(Problem(frel, "is a link to a file outside the folder; it is not read"))
            continue
        sub = f.parent.relative_to(path).parts
        try:
            item, fmarks, probs = _one(f, frel, sub[0].replace("-", " ").replace("_", " ").capitalize()
                                       if sub else None)
        except OSError as exc:
            problems.append(Problem(frel, f"cannot read the file: {exc.strerror}"))
            continue
        problems += probs
        if item is None:
            continue
        n = len(items)
        marks[(n,)] = (1, 1)
        for k, v in fmarks.items():
            marks[(n, *k)] = v
        files_of[(n,)] = frel
        items.append(item)
    if not items:
        return SourceRead(None, problems)
    return SourceRead(Document(rel, items, marks, files=files_of), problems)


FORMAT = SourceFormat(
    name="markdown",
    title="folder of Markdown files with front matter (title/question, id, category, tags), one FAQ each",
    claims=lambda path: path.is_dir(),
    read=read,
    mapping=FieldMapping(fields={"question": ("question", "title"), "answer": ("answer", "body"),
                                 "id": ("id", "slug", "file_id"), "category": ("category",),
                                 "tags": ("tags",), "link": ("link", "url"),
                                 "featured": ("featured",), "aliases": ("aliases",)}),
)
