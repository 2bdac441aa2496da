"""``guides:`` in selfserve.yaml, the confined fetcher, Markdown safety and templates:
fast tests, no PDF rendering except for the template override."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.errors import SelfserveError
from generator.kinds.guide import DEFAULT_GUIDE, guides_of, plan_guides
from generator.load.platforms import resolve_presets, select_platforms
from generator.load.project import load_project
from generator.plan.jobs import PlanInput
from generator.render.guide.fetch import ConfinedFetcher
from generator.render.guide.markup import render_answer
from generator.render.guide.templates import css_string, template_path
from generator.render.guide.view import build_view, select_faqs, select_issues
from tests.guide.conftest import make_project


def errors_of(root: Path) -> list[str]:
    with pytest.raises(SelfserveError) as exc:
        load_project(root)
    return exc.value.format_message().splitlines()


def plan(root: Path, platforms: tuple[str, ...] = ()) -> list:
    project = load_project(root)
    presets = resolve_presets(project.config.presets)
    chosen = select_platforms(presets, project.config.platforms, platforms)
    return plan_guides(PlanInput(project, presets, tuple(chosen)))


def test_default_is_one_guide_with_everything(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    project = load_project(root)
    assert guides_of(project.config) == (DEFAULT_GUIDE,)
    assert len(select_faqs(project, DEFAULT_GUIDE)) == len(project.faqs)
    assert select_issues(project, DEFAULT_GUIDE) == list(project.issues)
    jobs = plan(root)
    assert [(j.kind, j.out, j.platform) for j in jobs] == [("guide", "guides/guide.pdf", "guide")]


def test_empty_list_means_no_guides_and_platform_builds_leave_them_alone(tmp_path: Path) -> None:
    assert plan(make_project(tmp_path / "a", "guides: []\n")) == []
    assert plan(make_project(tmp_path / "b"), ("instagram-square",)) == []


def test_selection_by_category_tag_locale_and_issue_ids(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", """\
        guides:
          - {name: orders, categories: [Orders], issues: [login-late]}
          - {name: arabic, locale: ar, issues: []}
        """)
    project = load_project(root)
    orders, arabic = project.config.guides
    assert [f.id for f in select_faqs(project, orders)] == ["ship", "refund-ar", "refund-he"]
    assert [i.id for i in select_issues(project, orders)] == ["login-late"]
    assert [f.id for f in select_faqs(project, arabic)] == ["refund-ar"]
    assert select_issues(project, arabic) == []
    view = build_view(project, arabic, with_charts=False)
    assert view.dir == "rtl" and view.lang == "ar"
    assert [j.out for j in plan(root)] == ["guides/orders.pdf", "guides/arabic.pdf"]


def test_unknown_names_are_located_errors(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", """\
        guides:
          - name: one
            categories: [Order]
            tags: [nothing]
            issues: [login-late, no-such-issue]
          - name: one
            page_size: A5
        """)
    lines = errors_of(root)
    assert "selfserve.yaml:20:16: guides[1].page_size: unknown value 'A5'; use one of: A4, Letter" in lines
    # Fix the page size: the other problems are reported together.
    (root / "selfserve.yaml").write_text((root / "selfserve.yaml").read_text().replace("A5", "Letter"))
    lines = errors_of(root)
    assert lines == [
        "selfserve.yaml:16:18: guides[0].categories[0]: no FAQ category 'Order'; did you mean 'Orders'?",
        "selfserve.yaml:17:12: guides[0].tags[0]: no FAQ tag 'nothing'; known: none",
        "selfserve.yaml:18:26: guides[0].issues[1]: no issue id 'no-such-issue'; known: login-late",
        "selfserve.yaml:19:11: guides[1].name: duplicate guide name 'one'",
    ]


def test_issues_must_be_all_or_a_list(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", "guides:\n  - {name: x, issues: some}\n")
    assert errors_of(root) == ["selfserve.yaml:15:23: guides[0].issues: unknown value 'some'; use one of: all"]


def test_key_follows_content_config_and_templates(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    key = plan(root)[0].key
    assert plan(root)[0].key == key
    faqs = root / "content" / "faqs.yaml"
    faqs.write_text(faqs.read_text().replace("You can pause any time.", "Pause whenever you like."))
    key2 = plan(root)[0].key
    assert key2 != key
    (root / "templates" / "guide").mkdir(parents=True)
    (root / "templates" / "guide" / "guide.css").write_text("html { color: black; }")
    key3 = plan(root)[0].key
    assert key3 != key2
    (root / "assets" / "step.png").write_bytes((root / "assets" / "logo.png").read_bytes())
    key4 = plan(root)[0].key
    assert key4 not in (key, key2, key3)
    (root / "locale").mkdir()
    (root / "locale" / "en.po").write_text('msgctxt "guide_contents"\nmsgid "Contents"\nmsgstr "In this guide"\n')
    assert plan(root)[0].key != key4


def test_fetcher_serves_project_files_and_data_only(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    (root / "assets" / "escape").symlink_to("/etc")
    fetcher = ConfinedFetcher(root)
    assert fetcher.fetch((root / "assets" / "step.png").as_uri()).read()[:4] == b"\x89PNG"
    assert fetcher.fetch("data:text/plain;base64,aGk=").read() == b"hi"
    refused = ["file:///etc/passwd", (root / "assets" / "escape" / "passwd").as_uri(),
               (root / "assets" / ".." / ".." / "outside.png").as_uri(), "http://example.com/x.png",
               "https://example.com/x.png", "ftp://example.com/x", "file://otherhost/etc/passwd"]
    for url in refused:
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert len(fetcher.refused) == len(refused)
    assert "guides never load from the network" in fetcher.refused[3]


def test_markdown_is_escaped_and_urls_checked(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    html, warnings = render_answer(
        'A <b onclick="x">bold</b> claim & <script>alert(1)</script>\n\n'
        "[site](https://example.com) [local](faq.html) ![pic](assets/step.png) ![net](https://x.example/a.png)"
        "\n\n# Heading\n", root, "content/faqs.yaml:3: faqs[0].answer")
    # Raw HTML is read, never passed through: text tags rebuilt bare, script dropped whole.
    assert "<script>" not in html and "alert(1)" not in html
    assert "<b " not in html and "onclick" not in html and "<strong>bold</strong>" in html
    assert '<a href="https://example.com">site</a>' in html
    assert '<span class="dead-link">local</span>' in html
    assert f'src="{(root / "assets" / "step.png").as_uri()}"' in html
    assert '<span class="missing-image">[net]</span>' in html
    assert "<h4>Heading</h4>" in html
    assert warnings == [
        "content/faqs.yaml:3: faqs[0].answer: HTML '<script>' is not drawn and never loaded; "
        "use Markdown (![alt](assets/file.png)) for images",
        "content/faqs.yaml:3: faqs[0].answer: link 'faq.html' cannot be opened from a PDF; printed as text "
        "(use a full https:// address)",
        "content/faqs.yaml:3: faqs[0].answer: image refused: 'https://x.example/a.png' is not a file inside "
        "the project; guides never load from the network or elsewhere on the machine",
    ]


def test_css_strings_cannot_break_out() -> None:
    assert css_string('Evil"; } html { color: red } "') == 'Evil\\22 ; } html { color: red } \\22 '
    assert css_string("a\\b\nc") == "a\\5c b\\a c"


def test_project_template_must_stay_inside(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    (root / "templates").mkdir()
    os.symlink(tmp_path, root / "templates" / "guide")
    (tmp_path / "guide.html").write_text("<p>outside</p>")
    with pytest.raises(SelfserveError, match="outside the project folder"):
        template_path(root, "guide.html")


def test_every_locale_gets_the_guides_and_a_one_language_guide_only_its_own(tmp_path: Path) -> None:
    from generator.publish.build import BuildOptions, plan_jobs

    root = make_project(tmp_path / "p", """\
        locales: [en, de]
        guides:
          - {name: guide}
          - {name: kurz, locale: de, categories: [Orders]}
        """)
    jobs, _ctx, _notes, _shard = plan_jobs(load_project(root), BuildOptions(out=root / "output",
                                                                           kinds=("guide",)))
    assert sorted(j.out for j in jobs) == ["de/guides/guide.pdf", "de/guides/kurz.pdf",
                                           "en/guides/guide.pdf"]


def test_inline_html_and_relative_links_become_guide_markup(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    html, warnings = render_answer(
        "If it's on <a href='/devices/'>this list</a>, run <tt>sudo</tt> &mdash; <blink>now</blink>.",
        root, "content/faqs.yaml:3: faqs[0].answer", "https://wiki.lineageos.org")
    assert '<a href="https://wiki.lineageos.org/devices/">this list</a>' in html
    assert "<code>sudo</code>" in html and "\u2014" in html and "now" in html
    assert "blink" not in html and "&lt;" not in html and not warnings
    from generator.render.guide.markup import render_inline

    question, _ = render_inline("Can I have _xxx_ feature added?", root, "q")
    assert question == "Can I have <em>xxx</em> feature added?"
