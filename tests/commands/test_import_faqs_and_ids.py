"""`selfserve import faqs` and `selfserve ids`: what they print, what they write, what they keep."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.load.project import load_project
from tests.entrypoint import run_cli as run

ROOT = Path(__file__).resolve().parents[2]
STARTER = ROOT / "generator" / "data" / "starter"
CORPUS = ROOT / "tests" / "data" / "corpus"


@pytest.fixture()
def proj(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    shutil.copytree(STARTER, root)
    return root


def test_import_prints_the_entry_and_what_it_found(proj: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(CORPUS / "lineageos-faq.yml", proj / "content")
    before = (proj / "selfserve.yaml").read_bytes()
    code, out, err = run(["import", "faqs", "content/lineageos-faq.yml", "--project", str(proj)], capsys)
    assert code == 0, err
    assert out == ("content:\n  faqs:\n    - file: content/lineageos-faq.yml\n      mapping:\n"
                   "        group_keys: true\n        fields: {question: question, answer: response}\n")
    assert "Shape: a list of 6 one-key maps (installation, downloads, device support, bugs and features " \
           "and 2 more), each a list of 3-7 items with question/response." in err
    assert "Found 29 FAQs in 6 categories." in err
    assert (proj / "selfserve.yaml").read_bytes() == before  # nothing written without --write


def test_import_write_keeps_comments_and_the_default_file(proj: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(CORPUS / "freifunk-bremen-faq.yml", proj / "content")
    cfg = proj / "selfserve.yaml"
    comments = [ln for ln in cfg.read_text("utf-8").splitlines() if ln.lstrip().startswith("#")]
    assert comments
    code, out, err = run(["import", "faqs", "content/freifunk-bremen-faq.yml", "--project", str(proj), "--write"],
                         capsys)
    assert code == 0, err
    text = cfg.read_text("utf-8")
    assert all(c in text.splitlines() for c in comments)
    project = load_project(proj)
    files = [s.file for s in project.config.content.faqs]
    assert files == ["content/faqs.yaml", "content/freifunk-bremen-faq.yml"]
    assert len(project.faqs) == 3 + 39
    assert {f.category for f in project.faqs if f.source.file.endswith("bremen-faq.yml")} == {
        "Allgemein", "Mitmachen", "Technik", "Rechtliches"}
    # Importing the same file again replaces its entry instead of adding a second one.
    code, _, err = run(["import", "faqs", "content/freifunk-bremen-faq.yml", "--project", str(proj), "--write"],
                       capsys)
    assert code == 0, err
    assert cfg.read_text("utf-8") == text


def test_import_refuses_a_file_outside_the_project(proj: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    outside = tmp_path / "faq.yml"
    outside.write_text("- {question: Q?, answer: A}\n")
    code, _, err = run(["import", "faqs", str(outside), "--project", str(proj)], capsys)
    assert code == 1 and "Traceback" not in err
    assert err.strip() == (f"{outside}: is outside the project {proj}; copy it into content/ first "
                           "(selfserve reads nothing outside the project folder)")


def test_import_of_a_file_without_faqs_describes_it(proj: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (proj / "content" / "site.yml").write_text("title: My site\nnav: [{name: Home, url: /}]\n")
    code, _, err = run(["import", "faqs", "content/site.yml", "--project", str(proj)], capsys)
    assert code == 1
    assert err.strip() == ("content/site.yml:1: no FAQs found: the file holds a mapping with keys title, nav "
                           "and no list of questions and answers; selfserve needs a question and an answer "
                           "per item (keys such as question/title and answer/content)")


def test_import_reports_drafts_left_out_and_rows_it_cannot_place(proj: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(CORPUS / "zendesk-articles.json", proj / "content")
    code, out, err = run(["import", "faqs", "content/zendesk-articles.json", "--project", str(proj), "--json"],
                         capsys)
    assert code == 0, err
    plan = json.loads(out)
    assert plan["format"] == "zendesk" and plan["faqs"] == 12 and plan["entry"] == {"file": "content/zendesk-articles.json"}
    assert plan["notes"] == ["content/zendesk-articles.json:352: article 360000000013 is a draft; left out"]
    (proj / "content" / "sheet.csv").write_text("question,answer\nHow?,Like so\nWhy?,\n")
    code, out, err = run(["import", "faqs", "content/sheet.csv", "--project", str(proj)], capsys)
    assert code == 0
    assert "Found 1 FAQs." in err
    assert "not placed: content/sheet.csv:3:1: faqs[1]: missing required field 'answer' (Markdown)" in err


def _no_ids(proj: Path) -> Path:
    faqs = proj / "content" / "faqs.yaml"
    lines = faqs.read_text("utf-8").splitlines(keepends=True)
    out = []
    for ln in lines:
        if ln.startswith("  - id: "):
            continue
        out.append(ln.replace("    question:", "  - question:", 1) if ln.startswith("    question:") else ln)
    faqs.write_text("".join(out), "utf-8")
    return faqs


def test_ids_write_pins_ids_and_keeps_every_other_byte(proj: Path, capsys: pytest.CaptureFixture[str]) -> None:
    faqs = _no_ids(proj)
    with faqs.open("a", encoding="utf-8") as fh:
        fh.write("  # a flow-style FAQ, with a comment\n  - {question: Do you ship abroad?, answer: \"No.\"}\n")
    before = faqs.read_text("utf-8")
    code, out, err = run(["ids", "--project", str(proj)], capsys)
    assert code == 0, err
    assert out.splitlines() == [
        "content/faqs.yaml:3: 'how-do-i-reset-my-password' comes from the question",
        "content/faqs.yaml:10: 'when-will-my-order-arrive' comes from the question",
        "content/faqs.yaml:15: 'can-i-change-my-delivery-address' comes from the question",
        "content/faqs.yaml:23: 'do-you-ship-abroad' comes from the question"]
    code, out, err = run(["ids", "--project", str(proj), "--write"], capsys)
    assert code == 0, err
    after = faqs.read_text("utf-8")
    assert "  - {id: do-you-ship-abroad, question: Do you ship abroad?" in after
    assert "  - id: how-do-i-reset-my-password\n    question: How do I reset my password?\n" in after
    # Only insertions: removing them gives the file back byte for byte.
    stripped = after.replace("id: do-you-ship-abroad, ", "")
    for fid in ("how-do-i-reset-my-password", "when-will-my-order-arrive", "can-i-change-my-delivery-address"):
        stripped = stripped.replace(f"- id: {fid}\n    question:", "- question:")
    assert stripped == before
    project = load_project(proj)
    assert all(f.explicit_id for f in project.faqs) and not project.warnings
    code, out, _ = run(["ids", "--project", str(proj)], capsys)
    assert out.strip() == "Every FAQ has an id of its own."


def test_an_edited_question_is_reported_with_old_and_new_files_and_keeps_its_id(
        proj: Path, capsys: pytest.CaptureFixture[str]) -> None:
    faqs = _no_ids(proj)
    code, _, err = run(["-q", "build", "--project", str(proj), "--platform", "linkedin", "--kind", "faq"], capsys)
    assert code == 0, err
    faqs.write_text(faqs.read_text("utf-8").replace("When will my order arrive?", "When will my parcel arrive?"))
    code, out, err = run(["ids", "--project", str(proj)], capsys)
    assert ("content/faqs.yaml:10: id changed 'when-will-my-order-arrive' -> 'when-will-my-parcel-arrive' with "
            "the question (linkedin/faq/when-will-my-order-arrive.png -> linkedin/faq/when-will-my-parcel-arrive"
            ".png); --write keeps 'when-will-my-order-arrive'") in out.splitlines()
    code, out, err = run(["ids", "--project", str(proj), "--write"], capsys)
    assert code == 0, err
    parcel = next(f for f in load_project(proj).faqs if f.question == "When will my parcel arrive?")
    assert parcel.id == "when-will-my-order-arrive" and parcel.explicit_id
    code, _, err = run(["-q", "build", "--project", str(proj), "--platform", "linkedin", "--kind", "faq"], capsys)
    assert code == 0, err
    assert (proj / "output" / "linkedin" / "faq" / "when-will-my-order-arrive.png").is_file()
    assert not (proj / "output" / "linkedin" / "faq" / "when-will-my-parcel-arrive.png").exists()


def test_ids_write_through_a_mapping_adds_the_id_field(proj: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(CORPUS / "lineageos-faq.yml", proj / "content")
    code, _, err = run(["import", "faqs", "content/lineageos-faq.yml", "--project", str(proj), "--write"], capsys)
    assert code == 0, err
    code, out, err = run(["ids", "--project", str(proj), "--write"], capsys)
    assert code == 0, err
    assert out.splitlines()[-1] == "Wrote 29 ids into content/lineageos-faq.yml."
    assert "fields: {question: question, answer: response, id: id}" in (proj / "selfserve.yaml").read_text()
    project = load_project(proj)
    assert all(f.explicit_id for f in project.faqs)
    assert "    - id: installing-lineageos-zips-in-recovery-results-in-error-7\n      question: " in \
        (proj / "content" / "lineageos-faq.yml").read_text()


def test_ids_cannot_write_a_spreadsheet_and_says_what_to_add(proj: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (proj / "content" / "sheet.csv").write_text("question,answer\nHow?,Like so\n")
    code, _, err = run(["import", "faqs", "content/sheet.csv", "--project", str(proj), "--write"], capsys)
    assert code == 0, err
    code, out, _ = run(["ids", "--project", str(proj)], capsys)
    assert out.strip() == ("content/sheet.csv:2: 'how' comes from the question; add an id column to the source "
                           "(ids --write edits YAML files only)")
