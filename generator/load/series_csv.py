"""Stats series read from a CSV file that ``content/stats.yaml`` names.

``volume_by_week: {csv: data/weekly.csv}`` reads the file (inside the project only)
whose header row names the fields (``label,value`` or
``channel,median_minutes,p90_minutes``) into the same rows the YAML list would hold.
Every problem is located in the CSV file (``data/weekly.csv:5: volume_by_week[3].value:
...``): a row with more or fewer cells than the header, a value that is not a number,
a negative count; a missing file or a path leaving the project is located at the
``csv:`` key in stats.yaml. Out: the rows as plain dicts for the STATS spec, and the
problems.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from generator.errors import Problem
from generator.load.schema import INVALID, Checker, Kind
from generator.load.yamlsource import Document, PathKey
from generator.paths import OutsideProject, resolve_inside


def _number(text: str) -> Any:
    """``"612"`` -> 612, ``"1.5"`` -> 1.5; anything else stays text for the spec to reject."""
    t = text.strip()
    try:
        return int(t)
    except ValueError:
        pass
    try:
        return float(t)
    except ValueError:
        return t


def read_series(root: Path, doc: Document, field: str, rel: Any, row_spec: Kind
                ) -> tuple[list[dict[str, Any]] | None, list[Problem]]:
    """The rows of the CSV series ``field`` (``None`` when it cannot be used)."""
    at = (field, "csv")
    if not isinstance(rel, str) or not rel.strip():
        return None, [doc.problem(at, "expected a CSV file path inside the project")]
    try:
        path = resolve_inside(root, rel)
    except OutsideProject as exc:
        return None, [doc.problem(at, str(exc))]
    if not path.is_file():
        return None, [doc.problem(at, f"file '{rel}' not found")]
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [doc.problem(at, f"'{rel}' cannot be read as UTF-8 text ({exc})")]
    rows = list(csv.reader(io.StringIO(text)))
    lines = [i + 1 for i, r in enumerate(rows) if any(c.strip() for c in r)]
    data = [r for r in rows if any(c.strip() for c in r)]
    if not data:
        return [], []
    header = [h.strip() for h in data[0]]
    problems: list[Problem] = []
    out: list[tuple[int, dict[str, Any]]] = []
    marks: dict[PathKey, tuple[int, int]] = {}
    for i, (line, cells) in enumerate(zip(lines[1:], data[1:])):
        if len(cells) != len(header):
            problems.append(Problem(rel, f"row has {len(cells)} values, the header has "
                                         f"{len(header)} ({', '.join(header)})", line, None,
                                    f"{field}[{i}]"))
            continue
        marks[(field, i)] = (line, 1)
        for j, name in enumerate(header):
            marks[(field, i, name)] = (line, j + 1)
        out.append((i, {name: _number(cell) for name, cell in zip(header, cells)}))
    ck = Checker(Document(rel, {field: [row for _i, row in out]}, marks))
    good = [row for i, row in out if row_spec.check(row, (field, i), ck) is not INVALID]
    problems += ck.problems
    return (good if not problems else None), problems
