"""Excel workbooks (.xlsx) of FAQs: the first sheet, a header row, one FAQ per row.

Read with openpyxl in read-only mode with cached values (``data_only``): a formula cell
gives the value Excel last showed, never the formula text. Cells are located as
``file:row:column``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.errors import Problem
from generator.load.sources import SourceFormat, SourceRead
from generator.load.sources.spreadsheet import rows_document
from generator.load.yamlsource import MAX_BYTES, MAX_ITEMS


def read(path: Path, rel: str) -> SourceRead:
    import zipfile

    from openpyxl import load_workbook

    try:
        if path.stat().st_size > MAX_BYTES * 4:
            return SourceRead(None, [Problem(rel, "the workbook is larger than 20 MB; export the FAQ "
                                                  "sheet alone")])
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        return SourceRead(None, [Problem(rel, f"not a readable .xlsx workbook ({exc}); save it from "
                                              "Excel or LibreOffice as .xlsx, or export CSV")])
    try:
        sheet = book.worksheets[0]
        rows: list[tuple[int, list[Any]]] = []
        for n, cells in enumerate(sheet.iter_rows(values_only=True), 1):
            rows.append((n, [c if not isinstance(c, float) or not c.is_integer() else int(c) for c in cells]))
            if n > MAX_ITEMS + 50:
                break
        notes = [f"{rel}: only the first sheet '{sheet.title}' is read ({len(book.worksheets)} sheets)"] \
            if len(book.worksheets) > 1 else []
    finally:
        book.close()
    out = rows_document(rel, rows)
    out.notes[:0] = notes
    return out


FORMAT = SourceFormat(
    name="xlsx",
    title="Excel workbook (.xlsx): the first sheet, a header row, one FAQ per row",
    claims=lambda path: path.suffix.lower() in (".xlsx", ".xlsm"),
    read=read,
    detect_fields=True,
)
