"""Tell the shape of a FAQ file nobody wrote for us, and the mapping that reads it.

In: a parsed value tree (YAML, JSON, spreadsheet rows). Out: a :class:`Detected` with the
:class:`~generator.load.model.FieldMapping` that reads it (None when nothing looks like
FAQs), a one-line description of the file ("a mapping with keys billing, security, each a
list of 5-12 items with question/answer") and what could not be placed.

Used by ``selfserve import faqs`` to propose a mapping and by the loader to describe a
file a mapping finds nothing in, so the error teaches the fix instead of only refusing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from generator.load.model import FieldMapping

#: Our field -> keys other FAQ files use for it, most likely first. Matched without case.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "question": ("question", "q", "title", "name", "query", "frage", "pregunta", "question_text",
                 "heading"),
    "answer": ("answer", "a", "response", "content", "text", "body", "description", "antwort",
               "respuesta", "reponse", "answer_text", "desc"),
    "id": ("id", "slug", "key", "anchor"),
    "category": ("category", "topic", "section", "group", "tag", "kategorie", "categoria"),
    "tags": ("tags", "labels", "label_names"),
    "aliases": ("aliases", "keywords", "keyword", "synonyms", "utterances"),
    "link": ("link", "url", "html_url", "href", "permalink"),
    "featured": ("featured", "promoted", "pinned"),
    "image": ("image", "picture", "photo", "image_file", "bild", "imagen"),
}
#: Text fields that name a group of FAQs (its category).
GROUP_TITLE = ("title", "name", "category", "section", "heading", "label", "group")
_LOCALE = re.compile(r"[a-z]{2,3}([-_][A-Za-z0-9]{2,8})?$")
_PER_LOCALE = re.compile(r"([A-Za-z]+)[ _-]\(?([a-z]{2,3}(?:[-_][A-Za-z]{2})?)\)?$", re.IGNORECASE)


@dataclass(frozen=True)
class Detected:
    """What a file holds and how to read it."""

    description: str
    mapping: FieldMapping | None = None
    count: int = 0  # FAQs the mapping finds
    #: FAQs (or entries) it cannot place, each "where: why".
    unplaced: tuple[str, ...] = ()
    #: Keys the items carry that no FAQ field takes.
    unread_keys: tuple[str, ...] = ()
    #: The file is already in selfserve's own shape (``faqs: [{question, answer}]``).
    native: bool = False
    groups: tuple[str, ...] = field(default=())


def _key(item: dict[str, Any], names: tuple[str, ...]) -> str | None:
    lower = {str(k).lower(): k for k in item}
    for n in names:
        if n in lower:
            return str(lower[n])
    return None


def _is_text(v: Any) -> bool:
    return isinstance(v, (str, int, float)) and not isinstance(v, bool) and str(v).strip() != ""


def _locale_parts(item: dict[str, Any]) -> list[str]:
    """Keys of an item that are locales each holding a question and an answer."""
    out = []
    for k, v in item.items():
        if isinstance(v, dict) and _LOCALE.match(str(k)) and _key(v, SYNONYMS["question"]) \
                and _key(v, SYNONYMS["answer"]):
            out.append(str(k))
    return out


def looks_like_faq(item: Any) -> bool:
    """A map with a question-like and an answer-like key (or one per locale)."""
    if not isinstance(item, dict):
        return False
    q, a = _key(item, SYNONYMS["question"]), _key(item, SYNONYMS["answer"])
    if q and a and q != a:
        return True
    return len(_locale_parts(item)) > 0 or _locale_columns(item)


def _locale_columns(item: dict[str, Any]) -> bool:
    """A question and an answer column for one language at least (q_en, a_en)."""
    found: dict[str, set[str]] = {"question": set(), "answer": set()}
    for k, v in item.items():
        m = _PER_LOCALE.match(str(k))
        if m and _is_text(v):
            for ours in found:
                if m.group(1).lower() in SYNONYMS[ours]:
                    found[ours].add(m.group(2).lower())
    return bool(found["question"] & found["answer"])


def _faq_list(value: Any) -> bool:
    """Most entries of a list look like FAQs."""
    if not isinstance(value, list) or not value:
        return False
    hits = sum(looks_like_faq(v) for v in value)
    return hits > 0 and hits * 2 >= len(value)


def _fields(items: list[Any]) -> tuple[dict[str, Any], tuple[str, ...]]:
    """The field mapping that reads these items, and the keys it leaves unread."""
    dicts = [i for i in items if isinstance(i, dict)]
    locales: list[str] = []
    for d in dicts:
        for loc in _locale_parts(d):
            if loc not in locales:
                locales.append(loc)
    fields: dict[str, Any] = {}
    used: set[str] = set()
    if locales:
        inner = [d[loc] for d in dicts for loc in locales if isinstance(d.get(loc), dict)]
        for ours in ("question", "answer"):
            key = _most_common(inner, SYNONYMS[ours], set())
            if key:
                fields[ours] = {loc: f"{loc}.{key}" for loc in locales}
        used |= set(locales)
    if not locales:
        # One column per language: q_en/q_fr, question_de, "Answer (fr)".
        per: dict[str, dict[str, str]] = {}
        for k in dict.fromkeys(str(k) for d in dicts for k in d):
            m = _PER_LOCALE.match(k)
            if not m:
                continue
            base, loc = m.group(1).lower(), m.group(2).lower().replace("_", "-")
            for ours in ("question", "answer", "category"):
                if base in SYNONYMS[ours]:
                    per.setdefault(ours, {})[loc] = k
        if "question" in per and "answer" in per and set(per["question"]) & set(per["answer"]):
            for ours, by_loc in per.items():
                fields[ours] = by_loc
                used |= set(by_loc.values())
    for ours, names in SYNONYMS.items():
        if ours in fields:
            continue
        keys = _candidates(dicts, names, used)
        if keys:
            # Items of one file may name a field differently (answer here, response
            # there): every key found is a candidate, the most used first.
            fields[ours] = keys[0] if len(keys) == 1 else keys
            used |= set(keys)
    unread = {str(k) for d in dicts for k in d} - used
    return fields, tuple(sorted(unread))


def _most_common(dicts: list[dict[str, Any]], names: tuple[str, ...], used: set[str]) -> str | None:
    counts: dict[str, int] = {}
    for d in dicts:
        k = _key(d, tuple(n for n in names if n not in {u.lower() for u in used}))
        if k and k not in used:
            counts[k] = counts.get(k, 0) + 1
    if not counts:
        return None
    # The most used key; among equals, the more likely synonym.
    order = {n: i for i, n in enumerate(names)}
    return min(counts, key=lambda k: (-counts[k], order.get(k.lower(), 99)))


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _candidates(dicts: list[dict[str, Any]], names: tuple[str, ...], used: set[str]) -> list[str]:
    """Every key of ``names`` the items use for one field (one key per item), most used first."""
    out: list[str] = []
    left = [d for d in dicts]
    while left:
        key = _most_common(left, names, used | set(out))
        if not key:
            break
        out.append(key)
        left = [d for d in left if key not in d and not any(k in d for k in out)]
    return out


def _range(lengths: list[int]) -> str:
    lo, hi = min(lengths), max(lengths)
    return f"{lo}" if lo == hi else f"{lo}-{hi}"


def _item_words(items: list[Any]) -> str:
    fields, _ = _fields(items)
    q, a = fields.get("question"), fields.get("answer")
    if isinstance(q, dict):
        return "one question and answer per locale (" + ", ".join(q) + ")"
    if q and a:
        def words(v: Any) -> str:
            return " or ".join(v) if isinstance(v, list) else str(v)
        return f"{words(q)}/{words(a)}"
    keys = sorted({str(k) for i in items if isinstance(i, dict) for k in i})[:6]
    return "keys " + ", ".join(keys) if keys else "no keys"


def _names(keys: list[str], n: int = 4) -> str:
    shown = ", ".join(keys[:n])
    return shown + (f" and {len(keys) - n} more" if len(keys) > n else "")


def _group_list_key(entry: dict[str, Any]) -> str | None:
    for k, v in entry.items():
        if _faq_list(v):
            return str(k)
    return None


def describe(value: Any) -> str:
    """One line on what a file holds, for errors: what a user would see opening it."""
    if isinstance(value, list):
        if not value:
            return "an empty list"
        if _faq_list(value) and not _groups_in(value):
            return f"a list of {_count(len(value), 'item')} with {_item_words(value)}"
        if all(isinstance(v, dict) and len(v) == 1 and _faq_list(next(iter(v.values()))) for v in value):
            names = [str(next(iter(v))) for v in value]
            inner = [next(iter(v.values())) for v in value]
            return (f"a list of {len(value)} one-key maps ({_names(names)}), each a list of "
                    f"{_range([len(i) for i in inner])} items with {_item_words(sum(inner, []))}")
        if all(isinstance(v, dict) and _group_list_key(v) for v in value):
            key = _group_list_key(value[0]) or ""
            inner = [v[_group_list_key(v)] for v in value]
            return (f"a list of {len(value)} groups, each with a '{key}' list of "
                    f"{_range([len(i) for i in inner])} items with {_item_words(sum(inner, []))}")
        kinds = sorted({type(v).__name__ for v in value})
        return f"a list of {len(value)} entries ({', '.join(kinds)}) that do not look like FAQs"
    if isinstance(value, dict):
        keys = [str(k) for k in value]
        lists = [k for k in keys if _faq_list(value[k])]
        if lists and len(lists) == len(keys) and len(lists) > 1:
            return (f"a mapping with keys {_names(keys)}, each a list of "
                    f"{_range([len(value[k]) for k in lists])} items with "
                    f"{_item_words(sum((value[k] for k in lists), []))}")
        if lists:
            k = lists[0]
            return (f"a mapping whose key '{k}' is a list of {_count(len(value[k]), 'item')} with "
                    f"{_item_words(value[k])}")
        return f"a mapping with keys {_names(keys, 6)} and no list of questions and answers"
    return "text, not a list or a mapping"


def is_native(value: Any) -> bool:
    """``value`` is selfserve's own shape: ``faqs:``, a list of items with question and answer.

    Checked before :func:`detect` by the loader: describing a file looks at every key of
    every item (0.37 s of a 0.7 s ``validate`` of 800 FAQs, issue 25), which a file in our
    own shape never needs."""
    return isinstance(value, dict) and isinstance(value.get("faqs"), list) and bool(value["faqs"]) and \
        all(isinstance(i, dict) and "question" in i and "answer" in i for i in value["faqs"])


def detect(value: Any) -> Detected:
    """The mapping that reads ``value`` as FAQs, or None with a description of why not."""
    what = describe(value)
    if is_native(value):
        return Detected(what, None, len(value["faqs"]), native=True)
    # A list of groups before a list of FAQs: a group with a title and a description
    # looks like a FAQ itself, but its list of questions says what it is.
    if isinstance(value, list) and value and all(
            isinstance(v, dict) and len(v) == 1 and _faq_list(next(iter(v.values()))) for v in value):
        # a list of one-key maps {category: list}
        return _keyed(what, [(str(next(iter(v))), next(iter(v.values()))) for v in value], "")
    if isinstance(value, list) and _groups_in(value):
        return _grouped(what, value, "")
    # 1. a list of FAQs, or a mapping with one key holding it
    if _faq_list(value):
        return _flat(what, value, "")
    if isinstance(value, dict):
        lists = [str(k) for k, v in value.items() if _faq_list(v)]
        if len(lists) == 1 and not all(_faq_list(v) for v in value.values()) or \
                (len(lists) == 1 and len(value) == 1):
            return _flat(what, value[lists[0]], lists[0])
        # 2. groups as a mapping of category -> list
        if lists and len(lists) == len(value):
            return _keyed(what, [(k, value[k]) for k in lists], "")
        # 3. a mapping with one key holding groups
        for k, v in value.items():
            if isinstance(v, list) and v and _groups_in(v):
                return _grouped(what, v, str(k))
        return Detected(what)
    return Detected(what)


def _groups_in(value: list[Any]) -> bool:
    groups = [v for v in value if isinstance(v, dict) and _group_list_key(v)]
    return bool(groups) and len(groups) * 2 >= len(value)


def _unplaced(items: list[tuple[str, Any]], fields: dict[str, Any]) -> tuple[int, tuple[str, ...]]:
    ok, bad = 0, []
    for where, item in items:
        if looks_like_faq(item) or (isinstance(item, dict) and _has(item, fields)):
            ok += 1
        else:
            why = "not a map" if not isinstance(item, dict) else "no question or no answer"
            bad.append(f"{where}: {why}")
    return ok, tuple(bad)


def _has(item: dict[str, Any], fields: dict[str, Any]) -> bool:
    def any_text(keys: Any) -> bool:
        keys = keys if isinstance(keys, list) else [keys]
        return any(isinstance(k, str) and _is_text(item.get(k)) for k in keys)
    return any_text(fields.get("question")) and any_text(fields.get("answer"))


def _flat(what: str, items: list[Any], key: str) -> Detected:
    fields, unread = _fields(items)
    ok, bad = _unplaced([(f"{key or 'item'}[{i}]", v) for i, v in enumerate(items)], fields)
    return Detected(what, FieldMapping(fields=_tuples(fields), items=key), ok, bad, unread)


def _keyed(what: str, groups: list[tuple[str, list[Any]]], key: str) -> Detected:
    allitems = [i for _, g in groups for i in g]
    fields, unread = _fields(allitems)
    ok, bad = _unplaced([(f"{name}[{i}]", v) for name, g in groups for i, v in enumerate(g)], fields)
    return Detected(what, FieldMapping(fields=_tuples(fields), items=key, group_keys=True), ok, bad,
                    unread, groups=tuple(name for name, _ in groups))


def _grouped(what: str, groups: list[Any], key: str) -> Detected:
    entries = [g for g in groups if isinstance(g, dict)]
    list_key = _group_list_key(next(g for g in entries if _group_list_key(g)))
    title = None
    for name in GROUP_TITLE:
        title = next((str(k) for g in entries for k in g if str(k).lower() == name and _is_text(g[k])), None)
        if title:
            break
    allitems = [i for g in entries for i in (g.get(list_key) or []) if isinstance(g.get(list_key), list)]
    fields, unread = _fields(allitems)
    located = [(f"{key + '.' if key else ''}[{gi}].{list_key}[{i}]", v) for gi, g in enumerate(entries)
               for i, v in enumerate(g.get(list_key) or [])]
    ok, bad = _unplaced(located, fields)
    names = tuple(str(g.get(title)) for g in entries if title and _is_text(g.get(title)))
    return Detected(what, FieldMapping(fields=_tuples(fields), items=key, groups=list_key,
                                       group_category=title), ok, bad, unread, groups=names)


def _tuples(fields: dict[str, Any]) -> dict[str, Any]:
    def keys(v: Any) -> tuple[str, ...]:
        return tuple(v) if isinstance(v, list) else (v,)

    return {k: ({loc: keys(x) for loc, x in v.items()} if isinstance(v, dict) else keys(v))
            for k, v in fields.items()}


def mapping_as_yaml(mapping: FieldMapping) -> dict[str, Any]:
    """The mapping as a user writes it in selfserve.yaml (defaults left out)."""
    out: dict[str, Any] = {}
    if mapping.items:
        out["items"] = mapping.items
    if mapping.groups:
        out["groups"] = mapping.groups
    if mapping.group_category:
        out["group_category"] = mapping.group_category
    if mapping.group_keys:
        out["group_keys"] = True
    fields: dict[str, Any] = {}
    for k, v in mapping.fields.items():
        if isinstance(v, dict):
            fields[k] = {loc: (keys[0] if len(keys) == 1 else list(keys)) for loc, keys in v.items()}
        else:
            fields[k] = v[0] if len(v) == 1 else list(v)
    out["fields"] = fields
    if mapping.link:
        out["link"] = mapping.link
    if mapping.issue_groups:
        out["issue_groups"] = list(mapping.issue_groups)
    return out


def mapping_inline(mapping: FieldMapping) -> str:
    """The mapping as one line of YAML flow style, for an error message."""
    def fmt(v: Any) -> str:
        if isinstance(v, dict):
            return "{" + ", ".join(f"{k}: {fmt(x)}" for k, x in v.items()) + "}"
        if isinstance(v, list):
            return "[" + ", ".join(fmt(x) for x in v) + "]"
        if isinstance(v, bool):
            return "true" if v else "false"
        s = str(v)
        return s if re.fullmatch(r"[A-Za-z_][\w.-]*", s) else '"' + s.replace('"', '\\"') + '"'
    return fmt(mapping_as_yaml(mapping))
