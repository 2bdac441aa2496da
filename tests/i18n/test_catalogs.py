"""The gettext catalogs of selfserve's own words: complete, formatting-safe, overridable."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.errors import SelfserveError
from generator.i18n import catalogs
from generator.i18n.words import WORDS, words
from generator.render.guide.words import GUIDE_WORDS, guide_words

REPO = Path(__file__).resolve().parents[2]
SHIPPED = ("en", "de", "es", "fr", "pt", "ar", "he", "ja")
#: Every key the catalogs translate: the kinds' words and the guide's.
SOURCE = {**WORDS["en"], **{k: v for k, v in GUIDE_WORDS["en"].items() if k not in WORDS["en"]}}
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def read(lang: str) -> dict[str, catalogs.Entry]:
    """The entries of one shipped catalog by key."""
    return {e.key: e for e in catalogs.entries(catalogs.read_catalog(catalogs.catalog_path(lang)))}


@pytest.fixture(autouse=True)
def fresh_caches():
    """Each test reads the catalogs anew (overrides are written inside tests)."""
    catalogs.clear_caches()
    yield
    catalogs.clear_caches()


def test_every_language_of_the_issue_is_shipped():
    assert set(SHIPPED) <= set(catalogs.shipped_languages())


@pytest.mark.parametrize("lang", SHIPPED)
def test_every_catalog_has_every_key_with_the_current_english(lang):
    have = read(lang)
    missing = sorted(set(SOURCE) - set(have))
    assert not missing, f"{lang}: run tools/sync_catalogs.py --update and translate {missing}"
    stale = sorted(k for k, e in have.items() if k in SOURCE and e.source != SOURCE[k])
    assert not stale, f"{lang}: English changed for {stale}"
    if lang != "en":
        untranslated = sorted(k for k in SOURCE if not have[k].text or have[k].fuzzy)
        assert not untranslated, f"{lang}: no translation for {untranslated}"


@pytest.mark.parametrize("lang", [lang for lang in SHIPPED if lang != "en"])
def test_translations_format_the_same_placeholders_as_english(lang):
    have = read(lang)
    for key, english in SOURCE.items():
        text = have[key].text
        assert catalogs.placeholders(text) == catalogs.placeholders(english), (lang, key, text)
        names = {p: "x" for p in catalogs.placeholders(english)}
        text.format(**names)  # no stray brace


def test_a_regional_locale_uses_its_language():
    assert words("de-DE")["carousel_part"] == "Teil {part} von {parts}"
    assert words("de_AT")["carousel_step"] == "Schritt {n}"
    assert words("pt-BR")["carousel_step"] == "Passo {n}"
    assert words("he-IL")["status_fixed"] == "תוקן"
    assert catalogs.language("iw") == "he"


def test_german_keeps_the_words_the_cards_had():
    w = words("de")
    assert w["banner_reply_within"] == "Antwort in"  # short enough for LinkedIn and YouTube banners
    assert w["status_fixed"] == "Behoben"
    assert w["carousel_part"].format(part=1, parts=2) == "Teil 1 von 2"


@pytest.mark.parametrize("lang, letters", [("ar", r"[\u0600-\u06FF]"), ("he", r"[\u05D0-\u05EA]"),
                                           ("ja", r"[\u3040-\u30FF\u4E00-\u9FFF]")])
def test_non_latin_catalogs_hold_no_english_words(lang, letters):
    w = words(lang)
    for key in SOURCE:
        text = PLACEHOLDER.sub("", w[key])
        if any(ch.isalpha() for ch in text):  # "{first}〜{last}" has no words to check
            assert re.search(letters, text), (key, w[key])
        assert not re.search(r"[A-Za-z]", text), (key, w[key])


def test_guide_headings_come_from_the_catalogs():
    assert guide_words("es")["guide_contents"] == "Índice"
    assert guide_words("ja-JP")["guide_troubleshooting"] == "トラブルシューティング"
    assert guide_words("en")["guide_contents"] == GUIDE_WORDS["en"]["guide_contents"]
    assert guide_words("de")["guide_page"] == "Seite"


def test_unknown_locale_falls_back_to_english():
    for locale in ("xx", "zz-ZZ", "", None, "not a locale!"):
        w = words(locale)
        assert {k: w[k] for k in WORDS["en"]} == WORDS["en"]


PO_HEAD = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'


def po(*entries: tuple[str | None, str, str]) -> str:
    """A small .po text: (msgctxt or None, msgid, msgstr) entries."""
    out = [PO_HEAD]
    for ctx, mid, mstr in entries:
        if ctx:
            out.append(f'msgctxt "{ctx}"\n')
        out.append(f'msgid "{mid}"\nmsgstr "{mstr}"\n\n')
    return "".join(out)


def test_a_project_override_wins(tmp_path):
    (tmp_path / "locale").mkdir()
    (tmp_path / "locale" / "de.po").write_text(po(
        ("carousel_step", "Step {n}", "Etappe {n}"),
        (None, "Fixed", "Erledigt"),  # no key: every key whose English is "Fixed"
    ), encoding="utf-8")
    w = words("de-AT", root=tmp_path)
    assert w["carousel_step"] == "Etappe {n}"
    assert w["status_fixed"] == "Erledigt"
    assert w["carousel_part"] == "Teil {part} von {parts}"  # the rest stays shipped German
    assert guide_words("de", root=tmp_path)["guide_status_fixed"] == "Erledigt"
    assert words("de")["carousel_step"] == "Schritt {n}"  # without root: shipped only
    # a regional file is more specific than the language's
    (tmp_path / "locale" / "de-AT.po").write_text(po(("carousel_step", "Step {n}", "Stufe {n}")),
                                                  encoding="utf-8")
    assert words("de-AT", root=tmp_path)["carousel_step"] == "Stufe {n}"
    assert words("de-DE", root=tmp_path)["carousel_step"] == "Etappe {n}"


def test_a_project_can_reword_english_and_add_a_language(tmp_path):
    (tmp_path / "locale").mkdir()
    (tmp_path / "locale" / "en.po").write_text(po(("guide_contact", "Contact us", "Get in touch")),
                                               encoding="utf-8")
    (tmp_path / "locale" / "nl.po").write_text(po(("carousel_step", "Step {n}", "Stap {n}")),
                                               encoding="utf-8")
    assert guide_words("en", root=tmp_path)["guide_contact"] == "Get in touch"
    assert words("nl", root=tmp_path)["carousel_step"] == "Stap {n}"
    assert words("nl", root=tmp_path)["status_fixed"] == "Fixed"


def test_an_override_is_reread_when_it_changes(tmp_path):
    (tmp_path / "locale").mkdir()
    path = tmp_path / "locale" / "fr.po"
    path.write_text(po(("status_fixed", "Fixed", "Corrigé")), encoding="utf-8")
    assert words("fr", root=tmp_path)["status_fixed"] == "Corrigé"
    path.write_text(po(("status_fixed", "Fixed", "C’est réglé")), encoding="utf-8")
    assert words("fr", root=tmp_path)["status_fixed"] == "C’est réglé"


def test_bad_overrides_are_located_errors(tmp_path):
    (tmp_path / "locale").mkdir()
    path = tmp_path / "locale" / "es.po"
    path.write_text(po(("carousel_step", "Step {n}", "Paso {numero}"),
                       ("carousel_stpe", "Step {n}", "Paso {n}"),
                       (None, "Nothing selfserve says", "Nada")), encoding="utf-8")
    with pytest.raises(SelfserveError) as err:
        words("es", root=tmp_path)
    lines = str(err.value.format_message()).splitlines()
    assert f"{path}:6: carousel_step: {{numero}}: not a placeholder of this text (it has: {{n}})" in lines
    assert any(line.startswith(f"{path}:10: carousel_stpe: unknown key 'carousel_stpe'") for line in lines)
    assert any(line.startswith(f"{path}:13: msgid: no word of selfserve reads") for line in lines)


def test_an_unreadable_override_names_its_line(tmp_path):
    (tmp_path / "locale").mkdir()
    path = tmp_path / "locale" / "ja.po"
    path.write_text(PO_HEAD + 'msgctxt "status_fixed"\nmsgid "Fixed"\nmsgstr "済"\nfixed: yes\n', encoding="utf-8")
    with pytest.raises(SelfserveError) as err:
        words("ja", root=tmp_path)
    assert str(err.value.format_message()).startswith(f"{path}:8: ")
    assert "not a valid gettext catalog" in str(err.value.format_message())


def test_fuzzy_and_empty_entries_are_not_translations(tmp_path):
    (tmp_path / "locale").mkdir()
    (tmp_path / "locale" / "pt.po").write_text(
        PO_HEAD + '#, fuzzy\nmsgctxt "status_fixed"\nmsgid "Fixed"\nmsgstr "Consertado"\n\n'
        + po(("carousel_step", "Step {n}", "")).removeprefix(PO_HEAD), encoding="utf-8")
    w = words("pt", root=tmp_path)
    assert w["status_fixed"] == "Resolvido"
    assert w["carousel_step"] == "Passo {n}"


def test_sync_script_finds_every_catalog_complete():
    result = subprocess.run([sys.executable, "tools/sync_catalogs.py", "--check"], cwd=REPO,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ja: " in result.stdout


def test_fingerprint_changes_only_with_the_catalogs_of_that_locale(tmp_path):
    before_de, before_fr = catalogs.fingerprint("de", tmp_path), catalogs.fingerprint("fr", tmp_path)
    assert catalogs.fingerprint("de", tmp_path) == before_de
    (tmp_path / "locale").mkdir()
    (tmp_path / "locale" / "de.po").write_text(po(("status_fixed", "Fixed", "Erledigt")), encoding="utf-8")
    assert catalogs.fingerprint("de", tmp_path) != before_de
    assert catalogs.fingerprint("fr", tmp_path) == before_fr


def test_catalog_check_ignores_the_babel_release_in_generated_by():
    """A Babel update changes only the 'Generated-By: Babel x.y' header of the .pot:
    that is no change of the catalog, so --check passes and nothing is rewritten."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("sync_catalogs", REPO / "tools" / "sync_catalogs.py")
    sync = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(sync)
    pot = (REPO / "generator/data/locale/selfserve.pot").read_bytes()
    assert b'"Generated-By: Babel' in pot
    other = re.sub(rb'"Generated-By: Babel [^"\\]*', b'"Generated-By: Babel 9.99.0', pot)
    assert other != pot
    assert sync.comparable(other) == sync.comparable(pot)
    reworded = pot.replace(b'msgid "We reply within"', b'msgid "We answer within"')
    assert sync.comparable(reworded) != sync.comparable(pot)
