"""Property tests: arbitrary text never crashes selfserve and is never drawn outside its box.

Two properties, each over generated input (hypothesis):

* FAQ cards: any question and answer (every script, emoji sequences, combining
  marks, bidi controls, very long words, Markdown punctuation) either loads and
  draws with every text's ink inside its layer box and the safe zone, or is refused
  with a located :class:`SelfserveError` (file and line). Cards are drawn on small
  canvases (the engine scales designs with the width) so a few thousand cases take
  about a minute.
* Loader: any YAML-ish text in content/faqs.yaml gives a project or a located
  SelfserveError, never another exception.

Examples are derandomized (the same cases on every run, so CI is not flaky) and the
count scales with ``SELFSERVE_HYPOTHESIS_SCALE`` (default 1) for longer local runs.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import SelfserveError
from generator.load.platforms import PRESETS, SafeZone, resolve_presets
from generator.load.project import load_project
from generator.plan.jobs import RenderContext, RenderJob
from generator.render.card import draw_card

ROOT = Path(__file__).resolve().parents[2]
STARTER = ROOT / "generator" / "data" / "starter"
SCALE = float(os.environ.get("SELFSERVE_HYPOTHESIS_SCALE", "1"))

settings.register_profile(
    "selfserve-robustness",
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.function_scoped_fixture],
)
PROFILE = settings.get_profile("selfserve-robustness")
#: Thousands of generated cases (about 20 s): the full suite runs them, the fast lane does not.
pytestmark = pytest.mark.slow


def examples(n: int) -> int:
    return max(10, int(n * SCALE))


# -- text strategies -----------------------------------------------------------------------
SCRIPTS = [
    "كيف أعيد تعيين كلمة المرور", "איך מאפסים סיסמה", "如何更改我的送货地址", "配送先住所を変更する",
    "배송 주소를 변경", "เปลี่ยนที่อยู่จัดส่ง", "पासवर्ड कैसे बदलें", "Πώς αλλάζω", "Как изменить",
    "ሰላም ለዓለም", "ខ្ញុំស្រឡាញ់", "Ελληνικά", "Tiếng Việt có dấu",
]
EMOJI = ["📦", "👩‍💻", "🏳️‍🌈", "👍🏽", "🇩🇪", "❤️", "1️⃣", "🧑🏿‍🤝‍🧑🏻"]
MARKS = ["\u0301", "\u0308", "\u0323", "\u0336", "\u20dd", "\u0e31", "\u0654"]
BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
        "\u200e", "\u200f", "\u061c", "\u200b", "\u200d", "\u2060", "\ufeff", "\u00ad"]
MARKDOWN = ["**", "*", "_", "`", "[x](https://example.com)", "\n\n", "\n- ", "\n1. ", "# ", "> ",
            "<b>", "{{ 7*7 }}", "{% if %}", "\\", "&amp;", "https://example.com/a/very/long/path?q=1"]

piece = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), max_size=12),  # any code point
    st.text(st.characters(codec="utf-8", categories=("L", "M", "N", "P", "S", "Zs")), min_size=1,
            max_size=30),
    st.sampled_from(SCRIPTS), st.sampled_from(EMOJI), st.sampled_from(MARKDOWN),
    st.builds(lambda base, ms: base + "".join(ms), st.sampled_from("aeoAOZ"),
              st.lists(st.sampled_from(MARKS), min_size=1, max_size=40)),  # stacked marks
    st.sampled_from(BIDI),
    st.builds(lambda c, n: c * n, st.sampled_from(["W", "m", "ش", "字", "x", "🎉", "‐"]),
              st.integers(20, 400)),  # very long words
    st.just(" "),
)
texts = st.lists(piece, min_size=1, max_size=10).map("".join)


# -- FAQ cards -----------------------------------------------------------------------------
def _small(name: str, width: int) -> object:
    """The preset at ``width`` px wide, same aspect and proportional safe zone: designs
    scale with the width, so a small canvas draws the same layout, faster."""
    p = PRESETS[name]
    k = width / p.width
    s = p.safe
    return dataclasses.replace(p, width=width, height=round(p.height * k), safe=SafeZone(
        round(s.top * k), round(s.right * k), round(s.bottom * k), round(s.left * k)))


PLATFORMS = ("instagram-portrait", "x", "instagram-story")


def _only_faqs(root: Path) -> None:
    """Issues and stats are optional files: without them each example loads faster."""
    for name in ("issues.yaml", "stats.yaml"):
        (root / "content" / name).unlink()


@pytest.fixture(scope="module")
def card_env(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("prop") / "proj"
    shutil.copytree(STARTER, root)
    _only_faqs(root)
    presets = dict(resolve_presets({}))
    for name in PLATFORMS:
        presets[name] = _small(name, 360)
    return root, presets


def _located(err: SelfserveError) -> None:
    assert err.problems, f"unlocated error: {err.format_message()}"
    for p in err.problems:
        assert p.file and p.line is not None, f"problem without file and line: {p}"


@settings(PROFILE, max_examples=examples(1000))
@given(question=texts, answer=texts, platform=st.sampled_from(PLATFORMS),
       locale=st.sampled_from([None, "ar", "he", "ja", "zh-TW", "ko", "th", "de"]))
def test_any_text_is_drawn_inside_its_box_or_refused_with_a_location(
        card_env, question: str, answer: str, platform: str, locale: str | None) -> None:
    root, presets = card_env
    faq = {"id": "prop", "question": question, "answer": answer}
    if locale:
        faq["locale"] = locale
    (root / "content" / "faqs.yaml").write_text(
        yaml.safe_dump({"faqs": [faq]}, allow_unicode=True, width=10_000), encoding="utf-8")
    try:
        project = load_project(root)
    except SelfserveError as err:
        _located(err)
        return
    [loaded] = project.faqs
    ctx = RenderContext(project.root, project.config, presets, project)
    preset = presets[platform]
    job = RenderJob("faq", loaded.id, platform, "x.png", "png", "k", loaded.source, loaded,
                    design="faq", locale=loaded.locale)
    item = {f.name: getattr(loaded, f.name) for f in dataclasses.fields(loaded) if f.name != "source"}
    card = draw_card(job, ctx, item)
    assert card.image.size == (preset.width, preset.height)
    sl, st_, sr, sb = preset.safe_box
    for t in card.texts:
        il, it, ir, ib = t.ink
        if ir <= il or ib <= it:
            continue  # nothing visible was drawn (only spaces or zero-width characters)
        bl, bt, br, bb = t.box
        assert bl <= il and bt <= it and ir <= br and ib <= bb, (t.layer, t.ink, t.box, t.texts)
        assert sl <= il and st_ <= it and ir <= sr and ib <= sb, (t.layer, t.ink, preset.safe_box)


# -- the loader ----------------------------------------------------------------------------
yaml_bits = st.one_of(
    st.sampled_from(["faqs:", "\n", "  - ", "    ", "question: ", "answer: ", "id: ", "tags: ",
                     "featured: ", "- ", ": ", "[", "]", "{", "}", ",", "'", '"', "&a ", "*a", "<<: ",
                     "!!python/object:os.system ", "!!binary ", "!!set ", "? ", "|\n", ">-\n", "#",
                     "---\n", "...\n", "%YAML 1.1\n", "\t", "\r\n", "\x00", "\x1b", "\ufeff", "~",
                     "null", "true", "1e309", "0x1F", "2026-13-45", ".nan", "é", "👍🏽", "\u202e"]),
    st.text(max_size=8),
)
yamlish = st.lists(yaml_bits, max_size=40).map("".join)


@pytest.fixture(scope="module")
def loader_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("load") / "proj"
    shutil.copytree(STARTER, root)
    _only_faqs(root)
    return root


@settings(PROFILE, max_examples=examples(2000))
@given(text=yamlish, encoding=st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-16", "latin-1"]))
def test_any_faqs_file_loads_or_gives_located_problems(loader_root: Path, text: str, encoding: str) -> None:
    (loader_root / "content" / "faqs.yaml").write_bytes(text.encode(encoding, "replace"))
    try:
        project = load_project(loader_root)
    except SelfserveError as err:
        assert err.problems, err.format_message()
        for p in err.problems:
            assert p.file, p
        return
    assert all(f.question and f.answer for f in project.faqs)
