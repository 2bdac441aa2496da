"""Several locales in one project: texts chosen per locale, per-locale output folders,
no English words added by selfserve on German or Arabic images, mirrored Arabic slides,
fallbacks reported, and bilingual files through the field mapping."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.i18n.words import WORDS
from generator.kinds.carousel import plan_carousels, slide_item
from generator.load.platforms import resolve_presets, select_platforms
from generator.load.project import load_project
from generator.plan.jobs import PlanInput, RenderContext
from generator.render.card import draw_card
from tests.conftest import copy_sample

DE_FAQS = """faqs:
  - id: delivery-times
    question: Wann kommt mein Kaffee an?
    category: Bestellung & Lieferung
    answer: Wir rösten **montags und donnerstags** und versenden am selben Nachmittag.
"""
AR_FAQS = """faqs:
  - id: delivery-times
    question: متى تصل قهوتي؟
    category: الطلبات والتوصيل
    answer: نحمّص القهوة يومي **الاثنين والخميس** ونشحنها في اليوم نفسه.
"""
DE_ISSUES = """issues:
  - id: login-link-delay
    title: Anmelde-E-Mails kommen verspätet an
    summary: Manche E-Mail-Anbieter halten unsere Anmeldelinks bis zu 15 Minuten zurück.
    steps:
      - Sehen Sie im Spam- oder Werbeordner nach.
      - Fügen Sie hello@kettleandco.example Ihren Kontakten hinzu.
      - Warten Sie fünf Minuten, bevor Sie einen neuen Link anfordern.
      - Immer noch nichts? Melden Sie sich mit Ihrem Passwort an.
"""


def multilingual(tmp_path: Path, *, fallback: bool = True) -> Path:
    """The sample with English, German and Arabic, partly translated (per-locale files)."""
    root = copy_sample(tmp_path / "ml")
    for sub in ("de-DE", "ar"):  # the sample's own translations are replaced by small ones
        for f in (root / "content" / sub).glob("*.yaml") if (root / "content" / sub).is_dir() else ():
            f.unlink()
    cfg = root / "selfserve.yaml"
    text = re.sub(r"(?m)^locales:.*\n", "", cfg.read_text())
    text = text.replace("locale: en-GB\n", "locale: en-GB\nlocales: [en-GB, de-DE, ar]\n"
                        + ("" if fallback else "fallback: false\n"))
    cfg.write_text(text)
    (root / "content" / "de-DE").mkdir(exist_ok=True)
    (root / "content" / "ar").mkdir(exist_ok=True)
    (root / "content" / "de-DE" / "faqs.yaml").write_text(DE_FAQS)
    (root / "content" / "de-DE" / "issues.yaml").write_text(DE_ISSUES)
    (root / "content" / "ar" / "faqs.yaml").write_text(AR_FAQS)
    return root


def test_each_locale_gets_its_texts_and_the_default_fills_gaps(tmp_path):
    root = multilingual(tmp_path)
    en, de, ar = (load_project(root, locale=loc) for loc in ("en-GB", "de-DE", "ar"))
    assert de.config.locale == "de-DE" and de.default_locale == "en-GB"
    q = {p.config.locale: {f.id: f.question for f in p.faqs}["delivery-times"] for p in (en, de, ar)}
    assert q == {"en-GB": "When will my coffee arrive?", "de-DE": "Wann kommt mein Kaffee an?",
                 "ar": "متى تصل قهوتي؟"}
    # Untranslated FAQs fall back to English, and each is listed.
    assert len(de.faqs) == len(en.faqs)
    assert {f.id: f.question for f in de.faqs}["ship-to-ireland"] == "Do you ship to Ireland?"
    listed = [str(t) for t in de.translations]
    assert any("ship-to-ireland" in t and "no de-DE text for question, answer, category; using "
               "en-GB" in t for t in listed)
    assert not any("delivery-times" in t and "faqs.yaml" in t for t in listed)
    assert not en.translations


def test_without_fallback_an_untranslated_item_is_left_out_and_listed(tmp_path):
    root = multilingual(tmp_path, fallback=False)
    de = load_project(root, locale="de-DE")
    assert [f.id for f in de.faqs] == ["delivery-times"]
    assert any("left out of de-DE" in str(t) for t in de.translations)


def test_a_translation_without_a_source_item_is_a_located_error(tmp_path):
    root = multilingual(tmp_path)
    (root / "content" / "de-DE" / "faqs.yaml").write_text(DE_FAQS + "  - id: delivery-time\n"
                                                          "    question: Gibt es nicht\n")
    res = CliRunner().invoke(cli, ["validate", "--project", str(root)])
    assert res.exit_code == 1
    assert ("content/de-DE/faqs.yaml:6:9: faqs[1].id: 'delivery-time' has no source item to "
            "translate; did you mean 'delivery-times'?") in res.output


def test_an_unknown_locale_is_a_located_error(tmp_path):
    root = multilingual(tmp_path)
    cfg = root / "selfserve.yaml"
    cfg.write_text(cfg.read_text().replace("locales: [en-GB, de-DE, ar]", "locales: [en-GB, xx-YY]"))
    res = CliRunner().invoke(cli, ["validate", "--project", str(root)])
    assert res.exit_code == 1
    assert "selfserve.yaml" in res.output and "locales[1]: unknown locale 'xx-YY'" in res.output


def _slides(project, platform: str):  # noqa: ANN001, ANN202
    presets = resolve_presets(project.config.presets)
    chosen = select_platforms(presets, project.config.platforms, (platform,))
    jobs = plan_carousels(PlanInput(project, presets, tuple(chosen)))
    ctx = RenderContext(project.root, project.config, presets, project)
    job = next(j for j in jobs if j.item_id == "login-link-delay")
    out = []
    for slide in job.payload.slides:
        item = slide_item(job.payload.issue, slide, ctx.config, project.config.locale)
        out.append((slide, draw_card(job, ctx, item)))
    return ctx.presets[platform], out


#: selfserve's own English words (not content), as they could appear on an image.
ENGLISH = sorted({re.sub(r"\{[a-z_]+\}", "", v).strip(" :") for v in WORDS["en"].values()} - {""},
                 key=len, reverse=True)


@pytest.mark.parametrize("locale", ["de-DE", "ar"])
def test_no_english_words_added_by_selfserve_on_german_or_arabic_slides(tmp_path, locale):
    root = multilingual(tmp_path)
    project = load_project(root, locale=locale)
    _, slides = _slides(project, "instagram-square")
    issue = next(i for i in project.issues if i.id == "login-link-delay")
    content = [issue.title, issue.summary, *(s.text for s in issue.steps), "Kettle & Co.",
               *(c.name for c in project.config.contact.channels)]
    for _slide, card in slides:
        for t in card.texts:
            drawn = " ".join(t.texts)
            for text in content:  # content may be English (a fallback); selfserve's words may not
                drawn = drawn.replace(" ".join(text.split()), "")
            for word in ENGLISH:
                if len(word) > 3:
                    assert word.lower() not in drawn.lower(), (locale, t.layer, word, drawn)
    if locale == "de-DE":
        drawn = {t.layer: " ".join(t.texts) for t in slides[0][1].texts}
        assert drawn["reported"].endswith("haben das gemeldet") and "Umgehung" in drawn["badge"].title()


def test_arabic_slides_are_mirrored(tmp_path):
    root = multilingual(tmp_path)
    preset, en = _slides(load_project(root, locale="en-GB"), "instagram-square")
    _, ar = _slides(load_project(root, locale="ar"), "instagram-square")
    mid = preset.width / 2
    for (slide, en_card), (_, ar_card) in zip(en, ar):
        e = {t.layer: t.ink for t in en_card.texts}
        a = {t.layer: t.ink for t in ar_card.texts}
        if slide.slide == "step":  # the one position indicator, on step slides
            assert e["progress"][0] > mid and a["progress"][2] < mid  # pill: right -> left
            assert e["number"][2] < mid and a["number"][0] > mid  # step number: left -> right
        if slide.slide == "cover":
            assert "←" in " ".join(next(t.texts for t in ar_card.texts if t.layer == "swipe"))
    # The logo moves to the right edge: its pixels are where the English progress pill was.
    img_en, img_ar = en[1][1].image, ar[1][1].image
    left, top, right, _ = preset.safe_box
    assert img_en.getpixel((left + 20, top + 40)) != img_ar.getpixel((left + 20, top + 40))


def test_a_multi_locale_build_writes_each_locale_folder_and_reports_fallbacks(tmp_path):
    root = multilingual(tmp_path)
    res = CliRunner().invoke(cli, ["build", "--project", str(root), "--platform", "instagram-square",
                                   "--kind", "faq", "--kind", "notice"])
    assert res.exit_code == 0, res.output
    out = root / "output"
    manifest = json.loads((out / "manifest.json").read_text())
    paths = {a["path"]: a for a in manifest["assets"]}
    for loc in ("en-GB", "de-DE", "ar"):
        entry = paths[f"{loc}/instagram-square/faq/delivery-times.jpg"]
        assert entry["locale"] == loc and (out / entry["path"]).is_file()
    assert not any(p.startswith("instagram-square/") for p in paths)
    assert paths["de-DE/instagram-square/faq/delivery-times.jpg"]["title"] == "Wann kommt mein Kaffee an?"
    report = json.loads((out / "report.json").read_text())
    fallbacks = [t for t in report["translations"] if t["locale"] == "ar"]
    assert any(t["path"].startswith("faqs[1] (ship-to-ireland)") for t in fallbacks)
    assert "use the default locale's text where a translation is missing" in res.output


BILINGUAL = """entries:
  - key: delivery
    en: {q: When will my order arrive?, a: In **2-3 working days**.}
    de: {q: Wann kommt meine Bestellung an?, a: In **2-3 Werktagen**.}
  - key: returns
    en: {q: How do I return something?, a: Reply to your dispatch email.}
    de: {q: Wie schicke ich etwas zurück?, a: Antworten Sie auf Ihre Versand-E-Mail.}
"""


def test_a_bilingual_file_builds_into_both_locales_through_the_field_mapping(project):
    (project / "content" / "bilingual.yaml").write_text(BILINGUAL)
    cfg = project / "selfserve.yaml"
    text = cfg.read_text()
    text = re.sub(r"(?m)^locale: .*$", "locale: en\nlocales: [en, de]", text)
    text += """content:
  faqs:
    - file: content/bilingual.yaml
      mapping:
        items: entries
        fields: {id: key, question: {en: en.q, de: de.q}, answer: {en: en.a, de: de.a}}
"""
    cfg.write_text(text)
    en, de = load_project(project, locale="en"), load_project(project, locale="de")
    assert [f.question for f in en.faqs] == ["When will my order arrive?", "How do I return something?"]
    assert [f.question for f in de.faqs] == ["Wann kommt meine Bestellung an?", "Wie schicke ich etwas zurück?"]
    assert [f.id for f in de.faqs] == ["delivery", "returns"]
    assert not [t for t in de.translations if t.path.startswith("faqs")]
    res = CliRunner().invoke(cli, ["build", "--project", str(project), "--platform", "x", "--kind", "faq"])
    assert res.exit_code == 0, res.output
    assert (project / "output" / "de" / "x" / "faq" / "returns.png").is_file()
    assert (project / "output" / "en" / "x" / "faq" / "returns.png").is_file()


def test_the_sample_project_is_fully_translated_into_german_and_arabic(tmp_path):
    root = copy_sample(tmp_path / "s", locales=True)
    en = load_project(root)
    assert en.config.build_locales == ("en-GB", "de-DE", "ar")
    for loc in ("de-DE", "ar"):
        p = load_project(root, locale=loc)
        assert not p.translations, [str(t) for t in p.translations]
        assert [f.id for f in p.faqs] == [f.id for f in en.faqs]
        assert all(f.question != e.question for f, e in zip(p.faqs, en.faqs))
        assert [len(i.steps) for i in p.issues] == [len(i.steps) for i in en.issues]
        assert p.stats.period != en.stats.period
        assert p.config.contact.changed_hours[0].note != en.config.contact.changed_hours[0].note


OVERRIDE = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgctxt "notice_investigating"
msgid "We know about this"
msgstr "Bekanntes Problem"
'''


def test_a_project_catalog_rewords_selfserves_words_and_rerenders_only_its_locale(tmp_path):
    root = multilingual(tmp_path)
    args = ["build", "--project", str(root), "--platform", "instagram-square", "--kind", "notice"]
    assert CliRunner().invoke(cli, args).exit_code == 0
    (root / "locale").mkdir()
    (root / "locale" / "de.po").write_text(OVERRIDE, "utf-8")
    res = CliRunner().invoke(cli, args)
    assert res.exit_code == 0, res.output
    out = root / "output"
    rendered = json.loads((out / "build.json").read_text())["rendered"]
    assert rendered and all(p.startswith("de-DE/") for p in rendered)
    assets = {a["path"]: a for a in json.loads((out / "manifest.json").read_text())["assets"]}
    assert assets["de-DE/instagram-square/notice/tracking-not-updating.jpg"]["alt"].startswith(
        "Bekanntes Problem")
    assert assets["en-GB/instagram-square/notice/tracking-not-updating.jpg"]["alt"].startswith(
        "We know about this")


@pytest.mark.slow  # an end-to-end build of every kind (seconds): the full suite runs it
def test_reply_in_a_multi_locale_project_uses_the_default_locales_card(tmp_path):
    from generator.cli import _load_command_modules

    _load_command_modules()
    root = copy_sample(tmp_path / "s", locales=True)
    run = CliRunner()
    res = run.invoke(cli, ["build", "--project", str(root), "--platform", "x", "--kind", "faq"])
    assert res.exit_code == 0, res.output
    res = run.invoke(cli, ["reply", "where is my parcel", "--platform", "x", "--project", str(root),
                           "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    # The sample's delivery FAQ has a photo, so `design: auto` draws it as a photo card (JPEG).
    assert data["card"]["path"] == "en-GB/x/faq/delivery-times.jpg" and data["card"]["reused"] is True
    assert not (root / "output" / "x" / "faq").exists()  # no second, unlocalised card


def test_a_right_to_left_faq_in_a_left_to_right_project_gets_a_mirrored_card(project: Path, monkeypatch):
    """A Persian FAQ in an English project (toranj's FAQ in tests/data/corpus): its text was
    right-aligned, but the badge, the rule under the question and the brand stayed on the left."""
    import yaml

    from generator.kinds import faq as faq_kind
    from tests.charts.test_charts import _plan

    faqs = project / "content" / "faqs.yaml"
    data = yaml.safe_load(faqs.read_text())
    data["faqs"].append({"id": "support-hours-fa", "category": "General",
                         "question": "پشتیبانی مشتریان چه ساعاتی پاسخگو است؟",
                         "answer": "تیم پشتیبانی از طریق واتساپ و تلگرام معمولاً در ساعات کاری روزانه پاسخگو است."})
    faqs.write_text(yaml.safe_dump(data, allow_unicode=True))
    _project, jobs, render, ctx = _plan(project, "faq")
    drawn = []
    real = faq_kind.draw_card
    monkeypatch.setattr(faq_kind, "draw_card", lambda *a, **k: drawn.append(real(*a, **k)) or drawn[-1])
    inks = {}
    for job in jobs:
        if job.platform == "instagram-portrait" and job.item_id in ("support-hours-fa", data["faqs"][0]["id"]):
            render(job, ctx)
            inks[job.item_id] = {t.layer: t.ink for t in drawn[-1].texts}
    mid = ctx.presets["instagram-portrait"].width / 2
    fa, en = inks["support-hours-fa"], inks[data["faqs"][0]["id"]]
    assert en["category"][2] < mid and fa["category"][0] > mid  # the badge: left -> right
    assert fa["question"][2] > en["question"][2]  # the question set against the right edge
