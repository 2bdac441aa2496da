"""CSV (and TSV) spreadsheets of FAQs: one row per FAQ, a header row naming the columns.

The "bulk create from a spreadsheet" workflow of Canva and Bannerbear: a marketer keeps
questions in a sheet and exports it. Columns are told by their header (Question, Answer,
Category, Id, Tags, Link, in any case; see load/shapes.py) or named by a mapping
(``fields: {question: Frage, answer: Antwort}``). Excel's Windows-1252 and UTF-16 exports
and ``;``-separated files are read as they are (the decoding of ``import tickets``).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from generator.errors import Problem, SelfserveError
from generator.load.sources import SourceFormat, SourceRead
from generator.load.tickets import _decode, _sniff
from generator.load.yamlsource import MAX_BYTES, MAX_ITEMS, Document, PathKey


def rows_document(rel: str, rows: list[tuple[int, list[Any]]]) -> SourceRead:
    """Rows (line, cells), the first non-empty one the header, as a Document of one map
    per row keyed by header; every cell located at (row line, column number)."""
    rows = [(n, cells) for n, cells in rows if any(str(c).strip() for c in cells if c is not None)]
    if not rows:
        return SourceRead(None, [Problem(rel, "the spreadsheet is empty")])
    hline, header = rows[0]
    names = [str(h).strip() if h is not None else "" for h in header]
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for col, name in enumerate(names, 1):
        if name and name in seen:
            problems.append(Problem(rel, f"column {col} has the same header '{name}' as column "
                                         f"{seen[name]}; rename one", hline, col))
        seen.setdefault(name, col)
    if problems:
        return SourceRead(None, problems)
    if len(rows) - 1 > MAX_ITEMS:
        return SourceRead(None, [Problem(rel, f"{len(rows) - 1:,} rows; the limit is {MAX_ITEMS:,} "
                                              "(split the sheet)")])
    value: list[dict[str, Any]] = []
    marks: dict[PathKey, tuple[int, int]] = {(): (hline, 1)}
    key_marks: dict[PathKey, tuple[int, int]] = {}
    notes: list[str] = []
    for line, cells in rows[1:]:
        item: dict[str, Any] = {}
        i = len(value)
        for col, name in enumerate(names):
            if not name or col >= len(cells) or cells[col] is None:
                continue
            cell = cells[col]
            text = cell.strip() if isinstance(cell, str) else cell
            if text == "":
                continue
            item[name] = text
            marks[(i, name)] = (line, col + 1)
            key_marks[(i, name)] = (hline, col + 1)
        extra = [c for c in cells[len(names):] if c is not None and str(c).strip()]
        if extra:
            notes.append(f"{rel}:{line}: {len(extra)} cell(s) right of the last header left out")
        marks[(i,)] = (line, 1)
        value.append(item)
    return SourceRead(Document(rel, value, marks, key_marks), [], notes)


def read(path: Path, rel: str) -> SourceRead:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return SourceRead(None, [Problem(rel, f"cannot read the file: {exc.strerror}")])
    if len(raw) > MAX_BYTES:
        return SourceRead(None, [Problem(rel, f"file is {len(raw) / 1e6:.0f} MB; the limit is "
                                              f"{MAX_BYTES // (1024 * 1024)} MB")])
    try:
        text, encoding = _decode(raw, None, rel)
    except SelfserveError as exc:
        return SourceRead(None, list(exc.problems))
    delimiter = "\t" if path.suffix.lower() == ".tsv" else _sniff(text, None)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[Any]]] = []
    start = 1
    try:
        for cells in reader:
            rows.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        return SourceRead(None, [Problem(rel, f"not a readable CSV file: {exc}", reader.line_num)])
    out = rows_document(rel, rows)
    if encoding != "utf-8" and out.doc is not None:
        out.notes.insert(0, f"{rel}: read as {encoding} (save as UTF-8 to be sure of every letter)")
    return out


FORMAT = SourceFormat(
    name="csv",
    title="CSV or TSV spreadsheet: a header row (Question, Answer, Category, Id, Tags, Link), "
          "one FAQ per row",
    claims=lambda path: path.suffix.lower() in (".csv", ".tsv"),
    read=read,
    detect_fields=True,
)
