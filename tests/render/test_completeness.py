"""The completeness rule: every FAQ asset carries its whole question and answer, continues
on the post's other images, or openly shows a summary; read back from the laid-out lines."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from generator.kinds.faq import plan_faq_cards, render_faq_card
from generator.load.platforms import resolve_presets
from generator.load.project import load_project
from generator.plan.jobs import PlanInput, RenderContext
from generator.publish.build import BuildOptions, build
from generator.render.completeness import first_sentences, paginate, pieces, sentences
from generator.render.markdown import inline_plain, markdown_plain

ROOT = Path(__file__).resolve().parents[2]
STARTER = ROOT / "generator" / "data" / "starter"
CORPUS = ROOT / "tests" / "data" / "corpus"

STEPS_12 = [f"Step number {i}: open the settings panel, choose Sync, then press Retry {i} times."
            for i in range(1, 13)]
LONG = ("Why does the app say Error 0x80070057 when I sync?",
        "The path of a synced file is longer than 260 characters on Windows. "
        + " ".join(f"Fix {i}: move the folder C:\\Sync\\Projects closer to the drive root and "
                   f"retry the sync once more from the menu." for i in range(1, 9)))


def _project(tmp_path: Path, faqs: list[dict], website: str = "https://help.example.com") -> Path:
    dest = tmp_path / "proj"
    shutil.copytree(STARTER, dest)
    cfg = dest / "selfserve.yaml"
    text = cfg.read_text("utf-8")
    if "website:" in text:
        text = re.sub(r"website:.*", f"website: {website}", text, count=1)
    cfg.write_text(text, "utf-8")
    (dest / "content" / "faqs.yaml").write_text(yaml.safe_dump({"faqs": faqs}, allow_unicode=True),
                                                "utf-8")
    return dest


def _render_all(root: Path, platforms: tuple[str, ...]):
    project = load_project(root)
    presets = resolve_presets(project.config.presets)
    ctx = RenderContext(project.root, project.config, presets, project)
    jobs = plan_faq_cards(PlanInput(project, presets, tuple(presets[p] for p in platforms)))
    return project, [(job, render_faq_card(job, ctx)) for job in jobs]


_WORD = re.compile(r"\w+", re.UNICODE)


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def _missing(expected: str, drawn: str) -> list[str]:
    """Words of ``expected`` not drawn (a word broken over two lines still counts)."""
    have = set(_words(drawn))
    squashed = re.sub(r"[\s\-‐]+", "", drawn).casefold()
    return [w for w in _words(expected) if w not in have and w not in squashed]


def _drawn(result, layers: tuple[str, ...]) -> str:
    return " ".join(" ".join(lines) for f in result.files for layer, lines in f.texts
                    if layer.startswith(layers))


def check_complete(faq, result) -> str:
    """Assert the rule for one FAQ asset on one platform; return its completeness."""
    kinds = {f.meta["completeness"] for f in result.files}
    assert len(kinds) == 1, kinds
    kind = kinds.pop()
    question = inline_plain(faq.question)
    for f in result.files:  # every image of the post names the whole question
        one = " ".join(" ".join(lines) for layer, lines in f.texts if layer.startswith("question"))
        assert not _missing(question, one), (f.rel, _missing(question, one))
    answer = _drawn(result, ("answer", "steps"))
    if "…" not in faq.answer:
        assert "…" not in answer, f"{result.job.out}: an ellipsis inside the answer"
    body = markdown_plain(faq.answer) + " " + " ".join(faq.steps)
    if kind in ("full", "continued"):
        lost = _missing(body, answer)
        assert not lost, f"{result.job.out} ({kind}) lost {lost[:8]}"
        if kind == "continued":
            assert [f.meta["slide"] for f in result.files] == list(range(1, len(result.files) + 1))
    else:
        assert len(result.files) == 1
        assert "full answer" in answer.casefold()
    return kind


def test_pieces_keep_lists_links_and_emphasis_whole() -> None:
    md = ("First sentence, e.g. with 3.5 units. _A sentence. In emphasis._ Last [one. two](/x).\n\n"
          "1. Boot\n2. Select \"Advanced\"\n3. Reboot")
    got = [p.text for p in pieces(md)]
    assert got == ["First sentence, e.g. with 3.5 units.", "_A sentence. In emphasis._",
                   "Last [one. two](/x).", "1. Boot", '2. Select "Advanced"', "3. Reboot"]
    assert sentences("日本語の文です。次の文！最後") == ["日本語の文です。", "次の文！", "最後"]


def test_paginate_joins_back_to_the_whole_answer_and_keeps_item_numbers() -> None:
    md = "Intro line.\n\n" + "\n".join(f"{i}. step {i}" for i in range(1, 8))
    pages = paginate(md, lambda t: len(t) <= 40, 10)
    assert pages and all(len(p) <= 40 for p in pages)
    assert "\n".join(pages).replace("\n\n", "\n") == md.replace("\n\n", "\n")
    assert pages[1].startswith(f"{pages[1][0]}.")  # a later page opens with its own item number
    assert paginate(md, lambda t: len(t) <= 40, 2) is None  # more pages than the post takes


def test_first_sentences_never_cut_inside_a_sentence() -> None:
    md = "One short sentence. A second, much longer sentence that will not fit at all here."
    assert first_sentences(md, lambda t: len(t) <= 40) == "One short sentence."
    assert first_sentences(md, lambda t: False) == ""


def test_long_answer_continues_on_the_posts_images_with_every_word(tmp_path: Path) -> None:
    root = _project(tmp_path, [{"question": LONG[0], "answer": LONG[1], "category": "Sync"}])
    project, results = _render_all(root, ("instagram-square",))
    [(job, result)] = results
    assert check_complete(project.faqs[0], result) == "continued"
    assert [f.rel for f in result.files][:2] == [job.out, job.out.replace(".", "_02.", 1)]
    assert len(result.files) <= 10
    pills = [next(lines for layer, lines in f.texts if layer == "category") for f in result.files]
    assert pills[0][0].endswith(f"1/{len(result.files)}")


def test_steps_card_carries_the_answer_and_all_twelve_steps(tmp_path: Path) -> None:
    root = _project(tmp_path, [{"question": "How do I fix a stuck sync?", "answer":
                                "Most stuck syncs clear after these steps.", "steps": STEPS_12}])
    project, results = _render_all(root, ("instagram-portrait", "linkedin"))
    for _job, result in results:
        assert check_complete(project.faqs[0], result) in ("full", "continued")


def test_one_image_placement_shows_a_summary_with_the_full_answer_link(tmp_path: Path) -> None:
    faqs = [{"question": LONG[0], "answer": LONG[1], "link": "/sync/error-0x80070057"},
            {"question": "Why is my invoice late?", "answer": LONG[1],
             "summary": "Invoices are sent within 2 days. Re-download any invoice from Billing.",
             "link": "https://example.com/billing"}]
    root = _project(tmp_path, faqs)
    project, results = _render_all(root, ("pinterest",))
    by_id = {job.item_id: result for job, result in results}
    auto, authored = (by_id[f.id] for f in project.faqs)
    assert check_complete(project.faqs[0], auto) == "summary"
    drawn = _drawn(auto, ("answer",))
    # A relative link resolves against the brand's website; the shown text is whole sentences.
    assert "help.example.com/sync/error-0x80070057" in re.sub(r"\s+", "", drawn)  # may wrap at /
    assert drawn.split("Full answer")[0].strip().endswith(".")
    [note] = [f for f in auto.findings if f.code == "summary"]
    assert note.source == "content/faqs.yaml:2" and "write a 'summary:'" in note.message
    assert check_complete(project.faqs[1], authored) == "summary"
    assert "Re-download any invoice from Billing." in _drawn(authored, ("answer",))
    assert not [f for f in authored.findings if f.code == "summary"]


def test_build_records_completeness_lists_summaries_and_strict_fails(tmp_path: Path) -> None:
    root = _project(tmp_path, [{"question": LONG[0], "answer": LONG[1]},
                               {"question": "Short?", "answer": "Yes."}])
    out = root / "output"
    summary = build(load_project(root), BuildOptions(out=out, platforms=("pinterest",),
                                                     kinds=("faq",)))
    entries = {e["source"]["id"]: e for e in json.loads((out / "manifest.json").read_text())["assets"]}
    assert {i: e["completeness"] for i, e in entries.items()} == {
        "why-does-the-app-say-error-0x80070057-when-i-sync": "summary", "short": "full"}
    report = json.loads((out / "report.json").read_text())
    assert [s["item"] for s in report["summaries"]] == [
        "why-does-the-app-say-error-0x80070057-when-i-sync"]
    assert report["summaries"][0]["summary"] == "first-sentences"
    assert any(f.code == "summary" for f in summary.findings)  # what --strict fails on


def _corpus_project(tmp_path: Path) -> Path:
    """The published FAQ files as one project (LineageOS's category map flattened)."""
    dest = tmp_path / "corpus"
    (dest / "content").mkdir(parents=True)
    lineage = yaml.safe_load((CORPUS / "lineageos-faq.yml").read_text("utf-8"))
    flat = [{"question": it["question"], "answer": it["response"], "category": cat}
            for group in lineage for cat, items in group.items() for it in items]
    (dest / "content" / "lineageos.yaml").write_text(yaml.safe_dump({"faqs": flat},
                                                                    allow_unicode=True), "utf-8")
    for name in ("toranj-faq.yml", "18f-sam-faqs.yml", "gsa-idmanagement-faqs.yml"):
        shutil.copy(CORPUS / name, dest / "content" / name)
    flat_map = "mapping: {fields: {question: question, answer: answer}}"
    (dest / "selfserve.yaml").write_text(
        "brand:\n  name: Corpus\n  website: https://example.org\n"
        "  colors: {primary: \"#1F4E79\", accent: \"#F2B33D\", background: \"#F7F5F0\", "
        "text: \"#1B1B1B\"}\ncontact:\n  channels: [{name: Chat}]\ncontent:\n  faqs:\n"
        "    - content/lineageos.yaml\n"
        + "".join(f"    - file: content/{n}\n      {flat_map}\n"
                  for n in ("toranj-faq.yml", "18f-sam-faqs.yml", "gsa-idmanagement-faqs.yml")),
        "utf-8")
    return dest


#: One platform per aspect ratio: square and portrait feeds take 10 images, tall
#: pinterest one, landscape x four.
CORPUS_PLATFORMS = ("instagram-square", "instagram-portrait", "pinterest", "x")


@pytest.mark.slow
def test_corpus_assets_carry_every_word_unless_marked_summary(tmp_path: Path) -> None:
    project, results = _render_all(_corpus_project(tmp_path), CORPUS_PLATFORMS)
    faqs = {f.id: f for f in project.faqs}
    assert len(faqs) >= 45
    counts: dict[str, int] = {}
    for job, result in results:
        kind = check_complete(faqs[job.item_id], result)
        counts[kind] = counts.get(kind, 0) + 1
        if kind == "summary":
            assert job.platform in ("pinterest", "x")  # never where the post takes 10 images
    assert counts.get("full", 0) > counts.get("summary", 0)
