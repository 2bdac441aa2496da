"""The guide PDF of a small project, read back with pdftotext and pypdf."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.load.project import load_project
from tests.guide.conftest import Built, build_guides, make_project

BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def flat(text: str) -> str:
    """pdftotext output with bidi marks removed and every run of whitespace one space."""
    return re.sub(r"\s+", " ", BIDI_CONTROLS.sub("", text))


def logical(text: str) -> str:
    """Text without ASCII punctuation next to Hebrew letters (see the RTL test)."""
    return re.sub(r"[?.]", "", text)


def outline_titles(reader: PdfReader) -> list[str]:
    out: list[str] = []

    def walk(items) -> None:  # noqa: ANN001 - pypdf outline nodes
        for it in items:
            if isinstance(it, list):
                walk(it)
            else:
                out.append(it.title)

    walk(reader.outline)
    return out


def test_every_question_and_step_is_in_the_text(small: Built) -> None:
    text = flat(small.text())
    project = load_project(small.root)
    for faq in project.faqs:
        assert logical(faq.question) in logical(text), faq.question
    # Steps are Markdown: their words without the markup.
    assert "Open Account → Club." in text
    assert "Choose Pause." in text
    for issue in project.issues:
        assert issue.title in text
        for step in issue.steps:
            assert step.text in text, step.text


def test_markdown_is_rendered_not_printed(small: Built) -> None:
    text = flat(small.text())
    assert "**" not in text
    assert "Standard 2-3" in text  # a table row
    assert "ORDER-1234" in text  # a code block
    assert "track the parcel" in text


def test_outline_has_sections_categories_and_every_faq(small: Built) -> None:
    reader = PdfReader(small.pdf)
    titles = outline_titles(reader)
    for faq in load_project(small.root).faqs:
        assert faq.question in titles, faq.question
    for section in ("Contents", "Questions and answers", "Troubleshooting", "Contact us", "Orders",
                    "Sign-in emails arrive late"):
        assert section in titles
    # The cover title is not a bookmark of its own, answer headings never are.
    assert titles.count("Tiny <Tea> & Co. help guide") == 0


def test_fonts_are_embedded_subsets(small: Built) -> None:
    reader = PdfReader(small.pdf)
    descriptors = []
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            for desc in font.get("/DescendantFonts", [font]):
                fd = desc.get_object().get("/FontDescriptor")
                if fd is not None:
                    descriptors.append(fd.get_object())
    assert descriptors
    for fd in descriptors:
        assert "/FontFile2" in fd or "/FontFile3" in fd, fd["/FontName"]
        assert re.match(r"/[A-Z]{6}\+", fd["/FontName"]), fd["/FontName"]  # a subset
    names = {fd["/FontName"].split("+", 1)[1] for fd in descriptors}
    assert any("Arabic" in n for n in names) and any("Hebrew" in n for n in names)
    assert any("CJK" in n for n in names)


def test_links_are_clickable(small: Built) -> None:
    reader = PdfReader(small.pdf)
    uris, internal = set(), 0
    for page in reader.pages:
        for annot in page.get("/Annots", []) or []:
            a = annot.get_object()
            action = a.get("/A")
            if action is not None and "/URI" in action.get_object():
                uris.add(action.get_object()["/URI"])
            elif "/Dest" in a or (action is not None and "/D" in action.get_object()):
                internal += 1
    for faq in load_project(small.root).faqs:
        if faq.link:
            assert faq.link in uris, faq.link
    assert "mailto:help@tinytea.example" in uris  # a Markdown link and the email channel
    assert "https://tinytea.example/help/sign-in" in uris
    assert internal >= 5  # the contents page links to its sections


def test_right_to_left_text_extracts_in_logical_order(small: Built) -> None:
    text = flat(small.text())
    # Arabic: letters, words and the Arabic question mark all in reading order.
    assert "كيف أسترد أموالي؟" in text
    # pdftotext turns the lam-alef ligature of "خلال" around when it reorders a line;
    # pypdf maps it back right, so the whole answer is checked with pypdf.
    by_pypdf = flat(" ".join(p.extract_text() for p in PdfReader(small.pdf).pages))
    assert "أرسل لنا رقم الطلب وسنعيد المبلغ خلال خمسة أيام" in by_pypdf  # "." as for Hebrew
    # Hebrew: words in reading order. No Noto Hebrew font has an ASCII '?', so it is
    # drawn from Noto Sans and poppler puts that one-glyph run first: compare without it.
    assert "איך מקבלים החזר כספי" in text
    assert "שלחו לנו את מספר ההזמנה" in text
    assert "抹茶の保存方法は？" in text


def test_network_and_outside_files_are_refused_with_located_warnings(small: Built) -> None:
    warnings = "\n".join(small.summary.warnings)
    evil = next(f for f in load_project(small.root).faqs if f.id == "evil")
    where = f"content/faqs.yaml:{evil.source.line}: faqs[5].answer"
    assert evil.source.line == 45
    for bad in ("file:///etc/passwd", "http://evil.example/y.png", "../outside.png"):
        assert f"{where}: image refused: '{bad}'" in warnings, (bad, warnings)
    assert f"{where}: HTML '<img src=\"http://evil.example/x.png\">' is not drawn" in warnings
    assert f"{where}: HTML '<script>' is not drawn" in warnings
    assert "WeasyPrint" not in warnings  # no other complaint (missing alt text, bad CSS)
    assert "link 'javascript:alert(1)' cannot be opened" in warnings
    text = flat(small.text())
    # Raw HTML is read, never run or loaded: no script code, no tag printed.
    assert "alert(1)" not in text and "<script>" not in text
    assert '<img src="http://evil.example/x.png">' not in text
    reader = PdfReader(small.pdf)
    uris = {a.get_object()["/A"]["/URI"] for p in reader.pages for a in (p.get("/Annots") or [])
            if "/A" in a.get_object() and "/URI" in a.get_object()["/A"]}
    assert not any("evil" in u or "javascript" in u for u in uris)
    # Only allowed images load: the logo, assets/step.png (an answer and a step show it:
    # one image object) and the QR codes (four links, the help centre); never
    # ../outside.png (10x10).
    images = {im.name: im.image.size for p in reader.pages for im in p.images}
    sizes = sorted(images.values())
    assert sizes == sorted([(60, 60), (80, 50)] + [(29, 29)] * 5), sizes


def test_metadata_title_author_language_and_content_date(small: Built) -> None:
    reader = PdfReader(small.pdf)
    meta = reader.metadata
    assert meta.title == "Tiny <Tea> & Co. help guide"
    assert meta.author == "Tiny <Tea> & Co."
    assert reader.trailer["/Root"]["/Lang"] == "en"
    # The content's date (the newest issue), not the build's.
    assert meta["/CreationDate"].startswith("D:20261028")
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged (PDF/UA-1)
    assert "Content as of October 28, 2026" in flat(small.text())


def test_manifest_entry(small: Built) -> None:
    e = small.entry
    assert e["kind"] == "guide" and e["format"] == "pdf"
    assert e["title"] == "Tiny <Tea> & Co. help guide"
    assert e["pages"] == len(PdfReader(small.pdf).pages) >= 6
    assert (e["width"], e["height"]) == (595, 842)
    assert e["source"]["id"] == "guide"
    assert e["alt"] == ("Tiny <Tea> & Co. help guide (PDF): 6 answers to common questions, "
                        "1 step-by-step fixes, and 2 ways to reach us")


@pytest.mark.slow  # two fresh interpreters importing WeasyPrint: seconds
def test_two_renders_in_separate_processes_give_identical_bytes(small: Built, tmp_path: Path) -> None:
    code = ("import sys; from pathlib import Path; from generator.load.project import load_project; "
            "from generator.render.guide import render_guide; from generator.kinds.guide import DEFAULT_GUIDE; "
            "sys.stdout.buffer.write(render_guide(load_project(Path(sys.argv[1])), DEFAULT_GUIDE, 'k').data)")
    outs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        outs.append(subprocess.run([sys.executable, "-c", code, str(small.root)], env=env, check=True,
                                   capture_output=True).stdout)
    assert outs[0] == outs[1]
    assert outs[0].startswith(b"%PDF-")


def test_letter_guide_of_one_category(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", """\
        guides:
          - name: tea
            title: Tea questions
            categories: [Tea]
            issues: []
            page_size: Letter
            date: 2026-01-15
        """)
    built = build_guides(root, "tea")
    reader = PdfReader(built.pdf)
    box = reader.pages[0].mediabox
    assert (round(box.width), round(box.height)) == (612, 792)
    titles = outline_titles(reader)
    assert "抹茶の保存方法は？" in titles and "When does my tea ship?" not in titles
    assert "Troubleshooting" not in titles
    assert reader.metadata.title == "Tea questions"
    assert reader.metadata["/CreationDate"].startswith("D:20260115")
    assert not (root / "output" / "guides" / "guide.pdf").exists()
