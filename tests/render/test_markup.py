"""Markup rendered, never printed: Markdown and the inline HTML real FAQ files carry."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.load.project import load_project
from generator.render.markdown import inline_plain, markdown_blocks, markdown_inline
from generator.render.text.model import Block, Span

ROOT = Path(__file__).resolve().parents[2]


def _text(blocks: tuple[Block, ...]) -> list[str]:
    return ["".join(s.text for s in b.spans) for b in blocks]


def test_inline_html_becomes_the_same_runs_as_markdown() -> None:
    html = markdown_blocks("Use <b>bold</b>, <i>it</i>, <tt>sudo</tt> and <a href='https://x.org/'>a link</a>.")
    md = markdown_blocks("Use **bold**, *it*, `sudo` and [a link](https://x.org/).")
    assert html == md


def test_entities_and_nested_inline_tags() -> None:
    [b] = markdown_blocks("cache&mdash;even <strong>fast <em>links</em></strong> &amp; more")
    assert "".join(s.text for s in b.spans) == "cache\u2014even fast links & more"
    assert Span("links", bold=True, italic=True) in b.spans


def test_html_block_lists_and_paragraphs_become_blocks() -> None:
    blocks = markdown_blocks("<p>Before you start:</p>\n<ol><li>Boot</li><li>Select <b>Advanced</b></li></ol>")
    assert _text(blocks) == ["Before you start:", "Boot", "Select Advanced"]
    assert [(b.kind, b.number) for b in blocks] == [("para", None), ("number", 1), ("number", 2)]


def test_hard_breaks_gfm_kramdown_and_br_become_line_breaks() -> None:
    for source in ("One  \nTwo", "One\\\nTwo", "One \\\\\nTwo", "One<br>Two", "One<br/>Two"):
        assert _text(markdown_blocks(source)) == ["One\nTwo"], source
    assert _text(markdown_blocks("Ends with a kramdown break \\\\")) == ["Ends with a kramdown break"]


def test_relative_links_resolve_against_the_base_url() -> None:
    [b] = markdown_blocks("If it's on <a href='/devices/'>this list</a> or [that](how-to/bugreport).",
                          "https://wiki.lineageos.org")
    links = [s.link for s in b.spans if s.link]
    assert links == ["https://wiki.lineageos.org/devices/", "https://wiki.lineageos.org/how-to/bugreport"]
    [b] = markdown_blocks("[mail](mailto:a@b.c) and [top](#faq)", "example.com/help")
    assert [s.link for s in b.spans if s.link] == ["mailto:a@b.c", "#faq"]


def test_questions_take_inline_markdown_never_blocks() -> None:
    [b] = markdown_inline("Can I have _xxx_ feature added?")
    assert Span("xxx", italic=True) in b.spans
    assert inline_plain("1. Why *this*?") == "1. Why this?"  # not a numbered list
    assert inline_plain("# of items?") == "# of items?"  # not a heading


def test_unknown_tags_keep_their_text_with_one_warning_per_file(tmp_path: Path) -> None:
    root = tmp_path / "proj"
    shutil.copytree(ROOT / "generator" / "data" / "starter", root)
    (root / "content" / "stats.yaml").unlink()
    (root / "content" / "faqs.yaml").write_text(
        'faqs:\n  - question: "Is <blink>this</blink> new?"\n    answer: "Yes <marquee>it</marquee>."\n'
        '  - question: "Again?"\n    answer: "Once <blink>x</blink> <script>alert(1)</script>."\n', "utf-8")
    project = load_project(root)
    tags = [w for w in project.warnings if "HTML tag" in str(w)]
    assert [str(w) for w in tags] == [
        "content/faqs.yaml:2:15: faqs[0].question: HTML tags <blink>, <marquee>, <script> are not "
        "drawn in this file: the text inside is kept and the tag dropped (supported: a, b, strong, "
        "i, em, code, tt, br, p, ul, ol, li)"]
    assert _text(markdown_blocks(project.faqs[1].answer)) == ["Once x ."]  # script code dropped
