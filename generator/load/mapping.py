"""Field mapping: read a FAQ file of another shape as if it were ours.

In: a parsed :class:`Document` of any shape and a :class:`FieldMapping`. Out: a
new Document shaped ``{"faqs": [{question, answer, ...}]}`` whose positions point
back to the original lines, so validation errors still name the right line.
Keys the mapping does not mention are ignored: foreign files carry extras.
"""

from __future__ import annotations

from typing import Any

from generator.errors import Problem
from generator.load.ids import source_id
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


def _groups_by_key(doc: Document, value: Any, base: PathKey
                   ) -> tuple[list[tuple[Any, PathKey, list[Any], PathKey]], list[Problem]]:
    """``billing: [...]`` (a mapping) or ``- billing: [...]`` (one-key maps): each key is a
    category holding a list of FAQs. Returns (category, its key path, items, items path)."""
    out: list[tuple[Any, PathKey, list[Any], PathKey]] = []
    problems: list[Problem] = []
    if isinstance(value, dict):
        for k, v in value.items():
            if not isinstance(v, list):
                problems.append(doc.problem(base + (k,), f"group '{k}' is not a list of FAQs "
                                                          "(group_keys: each key holds a list)"))
                continue
            out.append((k, base + (k,), v, base + (k,)))
        return out, problems
    for i, entry in enumerate(value):
        if not (isinstance(entry, dict) and len(entry) == 1 and isinstance(next(iter(entry.values())), list)):
            problems.append(doc.problem(base + (i,), "expected a one-key map holding a list of FAQs "
                                                     "(- category: [...]) (group_keys: true)"))
            continue
        k = next(iter(entry))
        out.append((k, base + (i, k), entry[k], base + (i, k)))
    return out, problems


def apply_mapping(doc: Document, mapping: FieldMapping, *, as_issues: bool = False
                  ) -> tuple[Document | None, list[Problem]]:
    """The file read through ``mapping`` as ``{"faqs": [...], "issues": [...]}``: items of
    the groups named in ``mapping.issue_groups`` (every item with ``as_issues``) go to
    ``issues``, with the same fields as FAQs."""
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

    # (original item path, item dict, category from its group, path of that category)
    rows: list[tuple[PathKey, dict[str, Any], Any, PathKey | None]] = []
    problems: list[Problem] = []
    if mapping.group_keys:
        if not isinstance(value, (dict, list)):
            return None, [doc.problem(base, "group_keys: expected a mapping of category -> list "
                                            "or a list of one-key maps")]
        groups, problems = _groups_by_key(doc, value, base)
        for cat, cat_path, items, ipath0 in groups:
            for j, item in enumerate(items):
                ipath = ipath0 + (j,)
                if not isinstance(item, dict):
                    problems.append(doc.problem(ipath, "expected a map (key: value) for each FAQ"))
                    continue
                rows.append((ipath, item, cat, cat_path))
        value = None
    elif not isinstance(value, list):
        return None, [doc.problem(base, "expected a list of FAQs here (check mapping.items)")]
    for i, entry in enumerate(value or []):
        path = base + (i,)
        if not isinstance(entry, dict):
            problems.append(doc.problem(path, "expected a map (key: value) for each entry"))
            continue
        if mapping.groups:
            members = entry.get(mapping.groups)
            if not isinstance(members, list):
                problems.append(doc.problem(path, f"group has no '{mapping.groups}' list"))
                continue
            cat = entry.get(mapping.group_category) if mapping.group_category else None
            where = path + (mapping.group_category,) if mapping.group_category else None
            for j, item in enumerate(members):
                ipath = path + (mapping.groups, j)
                if not isinstance(item, dict):
                    problems.append(doc.problem(ipath, "expected a map (key: value) for each FAQ"))
                    continue
                rows.append((ipath, item, cat, where))
        else:
            rows.append((path, entry, None, None))
    if problems:
        return None, problems

    out_lists: dict[str, list[dict[str, Any]]] = {"faqs": [], "issues": []}
    marks: dict[PathKey, tuple[int, int]] = {("faqs",): doc.marks.get(base, (1, 1)),
                                             ("issues",): doc.marks.get(base, (1, 1))}
    key_marks: dict[PathKey, tuple[int, int]] = {}
    files: dict[PathKey, str] = {}
    issue_groups = {str(g) for g in mapping.issue_groups}
    for ipath, item, cat, cat_at in rows:
        key = "issues" if as_issues or (cat is not None and str(cat) in issue_groups) else "faqs"
        n = len(out_lists[key])
        out: dict[str, Any] = {}
        marks[(key, n)] = doc.marks.get(ipath, (1, 1))
        if doc.file_of(ipath) != doc.file:
            files[(key, n)] = doc.file_of(ipath)
        for field, candidates in mapping.fields.items():
            if isinstance(candidates, dict):
                # One text per locale: a translation map, resolved per locale later.
                texts = {}
                for loc, keys in candidates.items():
                    found = _first(doc, item, ipath, keys)
                    if found:
                        texts[loc] = found[0]
                        marks.setdefault((key, n, field), found[1])
                if texts:
                    out[field] = texts
                continue
            found = _first(doc, item, ipath, candidates)
            if found:
                v = found[0]
                if field == "id":
                    # A source's own id (ALC_PM, 360001234, xiaomi_colors) is kept through
                    # slugify, so it names files and URLs in every language alike.
                    v = source_id(v)
                    if v is None:
                        continue
                out[field] = v
                marks[(key, n, field)] = found[1]
                kmark = doc.key_marks.get(found[2])
                if kmark:
                    key_marks[(key, n, field)] = kmark
        if "category" not in out and cat is not None:
            out["category"] = cat
            if cat_at and cat_at in doc.marks:
                marks[(key, n, "category")] = doc.marks[cat_at]
        out_lists[key].append(out)
    value_out: dict[str, Any] = {"faqs": out_lists["faqs"]}
    if out_lists["issues"]:
        value_out["issues"] = out_lists["issues"]
    _ = format_path  # paths shown are ours (faqs[n].field); lines point at the original
    return Document(doc.file, value_out, marks, key_marks, files), []
