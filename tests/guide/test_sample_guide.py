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
    # No chart label is printed under 7 pt (the running header, the guide's smallest
    # text, is 7.5 pt): word box heights on the stats page, scaled by the header's.
    page = next(i for i, p in enumerate(PdfReader(built.pdf).pages, 1)
                if "94.2%" in (p.extract_text() or ""))
    boxes = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-bbox", str(built.pdf),
                            "-"], capture_output=True, text=True, check=True).stdout
    heights = {m[4]: float(m[3]) - float(m[1]) for m in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]+)<', boxes)}
    header = heights["KETTLE"]
    assert not {w: h for w, h in heights.items() if h < header * 7 / 7.5}, header
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


def test_charts_in_joined_scripts_reach_the_guide_as_outlines(sample: Path) -> None:
    """WeasyPrint sets SVG text one letter at a time, which printed the Arabic charts'
    words reversed and unjoined: their labels come as glyph outlines shaped by raqm,
    while Latin labels stay text (searchable)."""
    import base64

    from generator.render.guide.view import letterwise, stats_chart_views

    assert letterwise("94.2% of 1,286 customers") and letterwise("Zufriedenheit 94,2 %")
    assert not letterwise("رضا العملاء") and not letterwise("שלום")
    assert not letterwise("हिन्दी")  # a vowel sign and a virama combine
    project = load_project(sample)
    for locale, as_text in (("en-GB", True), ("ar", False)):
        views, notes = stats_chart_views(project, locale)
        assert views and not notes
        for view in views:
            svg = base64.b64decode(view.svg.split(",", 1)[1]).decode()
            assert ("<text" in svg) == as_text, (locale, view.title)
