"""End-to-end: the sample project's guide, and a project's own template."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.load.project import load_project
from tests.guide.conftest import build_guides, make_project


@pytest.mark.integration
@pytest.mark.slow  # an end-to-end build of every kind (seconds): the full suite runs it
def test_sample_guide_has_every_section_faq_issue_and_chart(sample: Path) -> None:
    built = build_guides(sample)
    project = load_project(sample)
    text = re.sub(r"\s+", " ", built.text())
    for faq in project.faqs:
        assert faq.question in text, faq.question
    for issue in project.issues:
        assert issue.title in text
        for step in issue.steps:
            assert step.text in text, step.text
    # Stats charts are SVG with real text, so their labels are searchable too.
    assert "How fast we reply" in text and "94.2%" in text
    for channel in project.config.contact.channels:
        assert channel.name in text
    assert "Content as of 18 November 2026" in text  # the newest issue, en-GB
    reader = PdfReader(built.pdf)
    assert built.entry["pages"] == len(reader.pages) >= 8
    assert built.entry["title"] == "Kettle & Co. help guide"
    assert reader.metadata["/CreationDate"].startswith("D:20261118")
    assert not [w for w in built.summary.warnings if "guide" in w]


def test_project_templates_replace_the_built_in_ones(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    own = root / "templates" / "guide"
    own.mkdir(parents=True)
    (own / "guide.html").write_text(
        '<html lang="{{ g.lang }}"><head><title>{{ g.title }}</title></head><body>'
        "{% for cat in g.categories %}<h1>{{ cat.name }}</h1>{% for f in cat.faqs %}"
        "<h2>{{ f.question }}</h2>{{ f.answer }}{% endfor %}{% endfor %}</body></html>")
    (own / "guide.css").write_text("@page { size: {{ page_size }}; margin: 1cm } h1 { color: {{ c.primary }} }")
    built = build_guides(root)
    text = subprocess.run(["pdftotext", str(built.pdf), "-"], capture_output=True, text=True).stdout
    assert "Tea" in text and "Contents" not in text
    assert "alert(1)" not in text  # raw HTML is read before any template sees it
