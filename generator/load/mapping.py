"""Field mapping: read a FAQ file of another shape as if it were ours.

In: a parsed :class:`Document` of any shape and a :class:`FieldMapping`. Out: a
new Document shaped ``{"faqs": [{question, answer, ...}]}`` whose positions point
back to the original lines, so validation errors still name the right line.
Keys the mapping does not mention are ignored: foreign files carry extras.
"""

from __future__ import annotations

from typing import Any

from generator.errors import Problem
from generator.load.model import FieldMapping
from generator.load.yamlsource import Document, PathKey, format_path


def _at(doc: Document, path: PathKey) -> tuple[int, int] | None:
    return doc.marks.get(path)


def _first(doc: Document, item: dict[str, Any], ipath: PathKey, keys: tuple[str, ...]
           ) -> tuple[Any, tuple[int, int], PathKey] | None:
    """The first of ``keys`` the item has (``en.question`` reaches into ``en:``), with
    its position."""
    for key in keys:
        value: Any = item
        path = ipath
        for part in key.split(".") if key not in item else [key]:
            if not isinstance(value, dict) or part not in value:
                break
            value = value[part]
            path += (part,)
        else:
            return value, _at(doc, path) or _at(doc, ipath) or (1, 1), path
    return None


def apply_mapping(doc: Document, mapping: FieldMapping) -> tuple[Document | None, list[Problem]]:
    value: Any = doc.value
    base: PathKey = ()
    if mapping.items:
        for part in mapping.items.split("."):
            if not isinstance(value, dict) or part not in value:
                return None, [doc.problem(base, f"mapping.items: no key '{part}' here; the file's "
                                                "top-level keys are: " + ", ".join(map(str, value))
                                          if isinstance(value, dict) else
                                          f"mapping.items: expected a map holding '{part}', found a list")]
            value = value[part]
            base += (part,)
    if not isinstance(value, list):
        return None, [doc.problem(base, "expected a list of FAQs here (check mapping.items)")]

    # (original item path, item dict, category from its group)
    rows: list[tuple[PathKey, dict[str, Any], Any, PathKey | None]] = []
    problems: list[Problem] = []
    for i, entry in enumerate(value):
        path = base + (i,)
        if not isinstance(entry, dict):
            problems.append(doc.problem(path, "expected a map (key: value) for each entry"))
            continue
        if mapping.groups:
            items = entry.get(mapping.groups)
            if not isinstance(items, list):
                problems.append(doc.problem(path, f"group has no '{mapping.groups}' list"))
                continue
            cat = entry.get(mapping.group_category) if mapping.group_category else None
            cat_path = path + (mapping.group_category,) if mapping.group_category else None
            for j, item in enumerate(items):
                ipath = path + (mapping.groups, j)
                if not isinstance(item, dict):
                    problems.append(doc.problem(ipath, "expected a map (key: value) for each FAQ"))
                    continue
                rows.append((ipath, item, cat, cat_path))
        else:
            rows.append((path, entry, None, None))
    if problems:
        return None, problems

    faqs: list[dict[str, Any]] = []
    marks: dict[PathKey, tuple[int, int]] = {("faqs",): doc.marks.get(base, (1, 1))}
    key_marks: dict[PathKey, tuple[int, int]] = {}
    for n, (ipath, item, cat, cat_path) in enumerate(rows):
        out: dict[str, Any] = {}
        marks[("faqs", n)] = doc.marks.get(ipath, (1, 1))
        for field, candidates in mapping.fields.items():
            if isinstance(candidates, dict):
                # One text per locale: a translation map, resolved per locale later.
                texts = {}
                for loc, keys in candidates.items():
                    found = _first(doc, item, ipath, keys)
                    if found:
                        texts[loc] = found[0]
                        marks.setdefault(("faqs", n, field), found[1])
                if texts:
                    out[field] = texts
                continue
            found = _first(doc, item, ipath, candidates)
            if found:
                out[field] = found[0]
                marks[("faqs", n, field)] = found[1]
                kmark = doc.key_marks.get(found[2])
                if kmark:
                    key_marks[("faqs", n, field)] = kmark
        if "category" not in out and cat is not None:
            out["category"] = cat
            if cat_path and cat_path in doc.marks:
                marks[("faqs", n, "category")] = doc.marks[cat_path]
        faqs.append(out)
    _ = format_path  # paths shown are ours (faqs[n].field); lines point at the original
    return Document(doc.file, {"faqs": faqs}, marks, key_marks), []
