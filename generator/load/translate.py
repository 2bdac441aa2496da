"""Content in several languages: choose each text for one locale before validation.

A project lists its ``locales`` in selfserve.yaml; the first-class one is
``locale`` (the default). A text can be translated in two ways, mixed freely:

* in place, as a map of locale to text on any field (``question: {en: ..., de: ...}``);
  field mappings produce such maps from files whose items hold each language;
* in a per-locale file next to the source (``content/de/faqs.yaml``, or
  ``content/de-DE/faqs.yaml``) whose items carry an ``id`` and the fields they translate.

In: a parsed :class:`Document` of a content file (and the per-locale file, if any).
Out: the same document with every translation map replaced by the locale's text,
plus what was not translated: a *fallback* (the default locale's text is used,
when the project allows it) or *missing* (the item is left out of that locale).
Plain strings are the default locale's text. Positions are untouched, so errors
still point at the right line.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any

from generator.errors import Problem
from generator.i18n.locales import language as lang
from generator.load.yamlsource import Document

_CODE = re.compile(r"^[a-z]{2,3}([-_][A-Za-z0-9]{2,8})*$")

#: Fields whose text customers read: untranslated ones are reported per item.
TRANSLATABLE = {
    "faqs": ("question", "answer", "category", "steps"),
    "issues": ("title", "summary", "steps"),
}


def norm(code: str) -> str:
    return code.replace("_", "-").lower()


@dataclass
class Localized:
    """The outcome for one content file in one locale."""

    dropped: set[int] = field(default_factory=set)  # item indexes left out of this locale
    fallbacks: list[Problem] = field(default_factory=list)
    missing: list[Problem] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)


def is_translation_map(value: Any, langs: frozenset[str]) -> bool:
    return (isinstance(value, dict) and bool(value)
            and all(isinstance(k, str) and _CODE.match(k) for k in value)
            and any(lang(k) in langs for k in value))


def pick(value: dict[str, Any], locale: str) -> tuple[bool, Any]:
    """The text for ``locale`` in a translation map: exact tag, then its language."""
    by_norm = {norm(k): v for k, v in value.items()}
    if norm(locale) in by_norm:
        return True, by_norm[norm(locale)]
    for k, v in value.items():
        if lang(k) == lang(locale):
            return True, v
    return False, None


def resolve(value: Any, locale: str, default: str, langs: frozenset[str]) -> tuple[Any, bool]:
    """``value`` with every translation map resolved; the flag says a map lacked ``locale``
    (its default-locale text was used)."""
    if is_translation_map(value, langs):
        found, text = pick(value, locale)
        if found:
            return resolve(text, locale, default, langs)[0], False
        found, text = pick(value, default)
        if found:
            return resolve(text, locale, default, langs)[0], True
        return copy.deepcopy(next(iter(value.values()))), True  # a copy, as every other answer is
    if isinstance(value, dict):
        out, missed = {}, False
        for k, v in value.items():
            out[k], m = resolve(v, locale, default, langs)
            missed |= m
        return out, missed
    if isinstance(value, list):
        out_list, missed = [], False
        for v in value:
            r, m = resolve(v, locale, default, langs)
            out_list.append(r)
            missed |= m
        return out_list, missed
    return value, False


def localize(doc: Document, key: str, locale: str, default: str, locales: tuple[str, ...],
             fallback: bool, overlay: Document | None = None,
             id_of: Any = None) -> tuple[Document, Localized]:
    """``doc`` in ``locale``. ``overlay`` is the per-locale file (``{key: [{id, ...}]}``);
    ``id_of(item)`` gives a base item's id (FAQs may have ids made from the question)."""
    result = Localized()
    langs = frozenset(lang(c) for c in (*locales, default))
    items = doc.value.get(key) if isinstance(doc.value, dict) else None
    if not isinstance(items, list):
        # Not a list of items (stats, or a broken file the checker reports): resolve maps only
        # (resolve builds new dicts and lists: doc.value is left as it was).
        return Document(doc.file, resolve(doc.value, locale, default, langs)[0], doc.marks,
                        doc.key_marks, doc.files), result
    # A copy of the document down to each item: every field of an item is then replaced by
    # what resolve builds, so nothing below is shared with doc.value but strings and numbers
    # (a deep copy of 800 FAQs was redone for every locale). Other top-level keys, which
    # nothing here changes, are copied whole.
    value = {k: (v if k == key else copy.deepcopy(v)) for k, v in doc.value.items()}
    items = value[key] = [dict(it) if isinstance(it, dict) else copy.deepcopy(it) for it in items]
    translated_by_file: dict[str, dict[str, Any]] = {}
    if overlay is not None:
        translated_by_file = _overlay(overlay, key, items, id_of or (lambda it: it.get("id")), result)
    is_default = norm(locale) == norm(default)
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        iid = (id_of or (lambda it: it.get("id")))(item)
        extra = translated_by_file.get(str(iid), {}) if iid is not None else {}
        untranslated: list[str] = []
        for name in list(item):
            if name in extra:
                item[name] = resolve(extra[name], locale, default, langs)[0]
                continue
            item[name], missed = resolve(item[name], locale, default, langs)
            original = doc.value[key][i].get(name)
            plain = original not in (None, "", [], {}) and not _has_map(original, langs)
            if name in TRANSLATABLE.get(key, ()) and not is_default and (missed or plain):
                untranslated.append(name)
        if untranslated:
            untranslated.sort(key=TRANSLATABLE[key].index)
            line = doc.marks.get((key, i), (None, None))[0]
            what = f"no {locale} text for {', '.join(untranslated)}"
            label = f"{key}[{i}] ({iid})" if iid else f"{key}[{i}]"
            if fallback:
                result.fallbacks.append(Problem(doc.file, f"{what}; using {default}", line, None, label,
                                                "warning"))
            else:
                result.missing.append(Problem(doc.file, f"{what}; left out of {locale} (set "
                                              "'fallback: true' in selfserve.yaml to use "
                                              f"{default})", line, None, label, "warning"))
                result.dropped.add(i)
    return Document(doc.file, value, doc.marks, doc.key_marks, doc.files), result


def _has_map(value: Any, langs: frozenset[str]) -> bool:
    if is_translation_map(value, langs):
        return True
    if isinstance(value, list):
        return bool(value) and all(_has_map(v, langs) for v in value)
    return False


def _overlay(overlay: Document, key: str, items: list[Any], id_of: Any,
             result: Localized) -> dict[str, dict[str, Any]]:
    """Translations from a per-locale file, by id; an id with no source item is an error."""
    rows = overlay.value.get(key) if isinstance(overlay.value, dict) else None
    if not isinstance(rows, list):
        result.errors.append(overlay.problem((), f"expected a map with a '{key}:' list of translations "
                                                 "(each with the id of the item it translates)"))
        return {}
    ids = {str(id_of(it)) for it in items if isinstance(it, dict) and id_of(it) is not None}
    out: dict[str, dict[str, Any]] = {}
    for j, row in enumerate(rows):
        if not isinstance(row, dict) or not isinstance(row.get("id"), str):
            result.errors.append(overlay.problem((key, j), "each translation needs the 'id' of the item "
                                                           "it translates"))
            continue
        if row["id"] not in ids:
            import difflib

            close = difflib.get_close_matches(row["id"], sorted(ids), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            result.errors.append(overlay.problem((key, j, "id"), f"'{row['id']}' has no source item to "
                                                                 f"translate{hint}"))
            continue
        out[row["id"]] = {k: v for k, v in row.items() if k != "id"}
    return out
