"""Keep the gettext catalogs of selfserve's own words in step with the English source.

    python tools/sync_catalogs.py            # rewrite selfserve.pot and en.po, report gaps
    python tools/sync_catalogs.py --update   # also add missing keys (empty) to every .po
    python tools/sync_catalogs.py --check    # write nothing; an outdated .pot is an error too

The English texts live in code (``WORDS["en"]`` in generator/i18n/words.py and the
guide's ``GUIDE_WORDS["en"]``) because kinds add keys there as they are written. This
script turns them into ``generator/data/locale/selfserve.pot`` (msgctxt = key, msgid =
English) and ``en/LC_MESSAGES/selfserve.po``, then checks every other shipped catalog:

* missing: a key with no entry, an empty or a fuzzy ``msgstr``;
* stale: the entry's msgid is not the current English text (the English was reworded,
  so the translation may say something else now);
* placeholders: a translation whose ``{names}`` differ from the English ones;
* obsolete: an entry whose key is gone from the source (reported, not an error).

It exits 1 when a catalog has a missing, stale or placeholder problem, so CI and the
test suite notice a key added in English only. ``--update`` adds the missing keys as
empty entries and marks stale ones fuzzy with the new English, the way msgmerge does,
so a translator sees exactly what to do. Output is deterministic: fixed header dates,
source order, no line numbers, files rewritten only when their bytes change.
"""

from __future__ import annotations

import argparse
import io
import sys
from datetime import datetime, UTC
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from generator.i18n import catalogs  # noqa: E402

#: Fixed header dates: the catalogs are data in git, not build products.
FIXED_DATE = datetime(2026, 1, 1, tzinfo=UTC)
LANGUAGE_NAMES = {"en": "English", "de": "German", "es": "Spanish", "fr": "French",
                  "pt": "Portuguese", "ar": "Arabic", "he": "Hebrew", "ja": "Japanese"}


def source_messages() -> dict[str, str]:
    """Every key and its English text, in source order (words first, then the guide's)."""
    from generator.i18n.words import WORDS

    out = dict(WORDS["en"])
    try:
        from generator.render.guide.words import GUIDE_WORDS
    except ImportError:  # the guide keeps its words elsewhere (or in WORDS) by now
        GUIDE_WORDS = {"en": {}}
    for key, text in GUIDE_WORDS["en"].items():
        out.setdefault(key, text)
    return out


def new_catalog(lang: str | None) -> Catalog:
    """An empty catalog with a deterministic header for ``lang`` (``None``: the template)."""
    name = LANGUAGE_NAMES.get(lang or "", lang or "")
    comment = ("# The words selfserve adds to images and guides (msgctxt = key, msgid = English).\n"
               + (f"# {name} translations; regenerate with tools/sync_catalogs.py.\n#" if lang
                  else "# Template; regenerate with tools/sync_catalogs.py.\n#"))
    return Catalog(locale=lang, domain=catalogs.DOMAIN, header_comment=comment, project="selfserve",
                   version="1", creation_date=FIXED_DATE, revision_date=FIXED_DATE,
                   last_translator="selfserve", language_team=f"{name} <selfserve>" if lang else None,
                   fuzzy=False)


def render(cat: Catalog) -> bytes:
    """The ``.po`` bytes of a catalog: no locations, no wrapping, messages in insertion order."""
    buf = io.BytesIO()
    write_po(buf, cat, width=0, no_location=True, include_lineno=False, include_previous=False)
    return buf.getvalue()


def comparable(data: bytes) -> bytes:
    """``.po`` bytes without the ``Generated-By: Babel x.y`` header line, which names the
    installed Babel release and says nothing about the catalog's content: a Babel update
    must neither fail ``--check`` nor rewrite every catalog."""
    return b"".join(line for line in data.splitlines(keepends=True)
                    if not line.startswith(b'"Generated-By:'))


def same_catalog(path: Path, data: bytes) -> bool:
    """True when ``path`` already holds ``data`` (up to the Generated-By line)."""
    return path.is_file() and comparable(path.read_bytes()) == comparable(data)


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` unless ``path`` already holds it; True when it wrote."""
    if same_catalog(path, data):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def check(lang: str, source: dict[str, str], update: bool) -> tuple[list[str], list[str]]:
    """Problems (errors) and notes for one language's catalog; with ``update`` rewrite it."""
    path = catalogs.catalog_path(lang)
    have = {e.key: e for e in catalogs.entries(catalogs.read_catalog(path))} if path.is_file() else {}
    errors: list[str] = []
    notes: list[str] = []
    cat = new_catalog(lang)
    for key, english in source.items():
        e = have.get(key)
        if e is None or not e.text:
            errors.append(f"missing {key}: {english!r}")
            cat.add(english, "", context=key)
            continue
        flags = ["fuzzy"] if e.fuzzy else []
        if e.fuzzy:
            errors.append(f"missing {key} (fuzzy): {english!r}")
        if e.source != english:
            errors.append(f"stale {key}: English is now {english!r}, was {e.source!r}")
            flags = ["fuzzy"]
        if catalogs.placeholders(e.text) != catalogs.placeholders(english):
            errors.append(f"placeholders {key}: {e.text!r} does not format the same names as {english!r}")
        cat.add(english if update else e.source, e.text, context=key, flags=flags if update else
                (["fuzzy"] if e.fuzzy else []))
    for key, e in have.items():
        if key not in source:
            notes.append(f"obsolete {key}: {e.source!r} (no longer in the source)")
            if not update:
                cat.add(e.source, e.text, context=key, flags=["fuzzy"] if e.fuzzy else [])
    if update and write_if_changed(path, render(cat)):
        notes.append(f"updated {path.relative_to(ROOT)}")
    return errors, notes


def main(argv: list[str] | None = None) -> int:
    """Regenerate the template and the English catalog, report every language's gaps."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--update", action="store_true",
                        help="add missing keys (empty) and mark stale ones fuzzy in every .po")
    parser.add_argument("--check", action="store_true", help="write nothing, only report")
    args = parser.parse_args(argv)
    source = source_messages()

    template = new_catalog(None)
    english = new_catalog(catalogs.SOURCE)
    for key, text in source.items():
        template.add(text, "", context=key)
        english.add(text, "", context=key)
    failed = False
    for path, cat in ((catalogs.LOCALE_DIR / f"{catalogs.DOMAIN}.pot", template),
                      (catalogs.catalog_path(catalogs.SOURCE), english)):
        if args.check:
            if not same_catalog(path, render(cat)):
                print(f"{path.relative_to(ROOT)} is out of date: run tools/sync_catalogs.py")
                failed = True
        elif write_if_changed(path, render(cat)):
            print(f"wrote {path.relative_to(ROOT)}")

    langs = sorted(set(catalogs.shipped_languages()) | set(LANGUAGE_NAMES))
    for lang in langs:
        if lang == catalogs.SOURCE:
            continue
        errors, notes = check(lang, source, args.update and not args.check)
        status = "ok" if not errors else f"{len(errors)} problem(s)"
        print(f"{lang}: {len(source)} keys, {status}")
        for line in errors + notes:
            print(f"  {line}")
        failed |= bool(errors)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
