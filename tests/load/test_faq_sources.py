"""FAQ sources through the loader: mapping extensions, stable ids, teaching errors, readers."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.errors import SelfserveError
from generator.load.project import load_project

STARTER = Path(__file__).resolve().parents[2] / "generator" / "data" / "starter"
CONFIG_HEAD = """\
brand:
  name: Test
  colors: {primary: "#1F4E79", accent: "#F2B33D", background: "#F7F5F0", text: "#1B1B1B"}
contact:
  channels: [{name: Chat}]
"""


def _project(tmp_path: Path, content: str, files: dict[str, str | bytes]) -> Path:
    root = tmp_path / "proj"
    (root / "content").mkdir(parents=True)
    (root / "selfserve.yaml").write_text(CONFIG_HEAD + content, "utf-8")
    for rel, data in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            p.write_bytes(data)
        else:
            p.write_text(data, "utf-8")
    return root


def _errors(root: Path) -> list[str]:
    with pytest.raises(SelfserveError) as info:
        load_project(root)
    return [str(p) for p in info.value.problems]


GROUPED = """\
- features:
    - {slug: ALC_PM, title: What is ALC?, body: "Automatic level control.", url: "#alc"}
    - {slug: Łódź, title: Do you ship to Łódź?, body: "Yes.", url: /shipping}
- Current issues:
    - slug: gps_highpower
      title: GPS drains the battery
      body: |
        Since 2.1 the GPS stays on in the background.

        1. Open **Settings > Location**.
        2. Turn off *High accuracy*.

        A fix ships in 2.2.
"""


def test_ids_from_source_fields_links_base_url_and_issue_groups(tmp_path: Path) -> None:
    root = _project(tmp_path, """\
content:
  faqs:
    - file: content/faq.yml
      base_url: https://example.org/help/
      mapping:
        group_keys: true
        issue_groups: [Current issues]
        fields: {id: slug, question: title, answer: body, link: url}
""", {"content/faq.yml": GROUPED})
    project = load_project(root)
    by_id = {f.id: f for f in project.faqs}
    assert sorted(by_id) == ["alc-pm", "lodz"]
    assert by_id["alc-pm"].link == "https://example.org/help/#alc"
    assert by_id["lodz"].link == "https://example.org/shipping"
    assert by_id["lodz"].base_url == "https://example.org/help/" and by_id["lodz"].explicit_id
    assert by_id["alc-pm"].category == "features"
    (issue,) = project.issues
    assert issue.id == "gps-highpower" and issue.title == "GPS drains the battery"
    assert [s.text for s in issue.steps] == ["Open **Settings > Location**.", "Turn off *High accuracy*."]
    assert issue.summary == "Since 2.1 the GPS stays on in the background.\n\nA fix ships in 2.2."
    assert issue.status == "workaround" and not issue.show_count
    assert issue.source.file == "content/faq.yml" and issue.source.line == 5
    assert not [w for w in project.warnings if "no id" in w.message]


def test_a_link_template_fills_every_faq_and_an_unknown_field_is_named(tmp_path: Path) -> None:
    faqs = "- {title: How?, content: Like so.}\n- {title: Why?, content: Because.}\n"
    root = _project(tmp_path, """\
content:
  faqs:
    - file: content/faq.yml
      mapping: {link: "https://example.org/faq#{id}", fields: {question: title, answer: content}}
""", {"content/faq.yml": faqs})
    assert [f.link for f in load_project(root).faqs] == ["https://example.org/faq#how", "https://example.org/faq#why"]
    cfg = root / "selfserve.yaml"
    cfg.write_text(cfg.read_text().replace("#{id}", "#{slug}"))
    assert _errors(root) == ["selfserve.yaml:9:23: content.faqs[0].mapping.link: '{slug}' is not a FAQ "
                             "field; use {id}, {category} or {question}"]


def test_a_whole_source_as_issues(tmp_path: Path) -> None:
    root = _project(tmp_path, """\
content:
  faqs:
    - content/faqs.yaml
    - {file: content/known.yml, as: issues, mapping: {fields: {question: title, answer: text}}}
""", {"content/faqs.yaml": "faqs:\n  - {id: a, question: A?, answer: Yes.}\n",
      "content/known.yml": "- {title: Login loops, text: \"1. Clear cookies\\n2. Sign in again\"}\n"})
    project = load_project(root)
    assert [f.id for f in project.faqs] == ["a"]
    assert [(i.id, [s.text for s in i.steps]) for i in project.issues] == [
        ("login-loops", ["Clear cookies", "Sign in again"])]
    # A file in selfserve's own FAQ shape can be read as issues too.
    (root / "content/known.yml").write_text("faqs:\n  - {id: slow-app, question: The app is slow, "
                                             "answer: \"Update it:\\n\\n1. Open the store\\n2. Tap Update\"}\n")
    cfg = root / "selfserve.yaml"
    cfg.write_text(cfg.read_text().replace(", mapping: {fields: {question: title, answer: text}}", ""))
    (issue,) = load_project(root).issues
    assert (issue.id, issue.summary, [s.text for s in issue.steps]) == (
        "slow-app", "Update it:", ["Open the store", "Tap Update"])


def test_identical_questions_are_an_error_naming_both_lines(tmp_path: Path) -> None:
    root = _project(tmp_path, "", {"content/faqs.yaml": """\
faqs:
  - question: When will my order arrive?
    answer: In 2 days.
  - question: Can I pay by card?
    answer: Yes.
  - question: "When will my  order arrive?"
    answer: In two days.
"""})
    assert _errors(root) == ["content/faqs.yaml:6:15: faqs[2].question: the same question as "
                             "content/faqs.yaml:2: merge the two answers into one FAQ, or reword one question"]


def test_every_faq_without_an_id_is_warned_about(tmp_path: Path) -> None:
    root = _project(tmp_path, "", {"content/faqs.yaml": """\
faqs:
  - {id: pay, question: Can I pay by card?, answer: Yes.}
  - {question: When will my order arrive?, answer: In 2 days.}
"""})
    warnings = [str(w) for w in load_project(root).warnings]
    assert warnings == ["content/faqs.yaml:3:5: faqs[1]: no id: 'when-will-my-order-arrive' comes from the "
                        "question, so editing the question renames its files and URLs; run 'selfserve ids "
                        "--write' to keep it"]


def test_a_mapping_that_finds_nothing_describes_the_file_and_suggests_one(tmp_path: Path) -> None:
    faq = "entries:\n" + "".join(f"  - {{question: Q{i}?, answer: A{i}}}\n" for i in range(5)) + \
        "billing:\n" + "".join(f"  - {{question: B{i}?, answer: A{i}}}\n" for i in range(12)) + \
        "security:\n" + "".join(f"  - {{question: S{i}?, answer: A{i}}}\n" for i in range(7))
    root = _project(tmp_path, """\
content:
  faqs:
    - file: content/faq.yml
      mapping: {items: entries, fields: {question: title, answer: body}}
""", {"content/faq.yml": faq})
    assert _errors(root) == [
        "content/faq.yml:1:1: the mapping finds no FAQs: the file holds a mapping with keys entries, "
        "billing, security, each a list of 5-12 items with question/answer; try mapping: {group_keys: "
        "true, fields: {question: question, answer: answer}}"]


def test_an_unknown_format_is_named_with_the_known_ones(tmp_path: Path) -> None:
    root = _project(tmp_path, "content:\n  faqs:\n    - {file: content/faq.yml, format: zendeks}\n",
                    {"content/faq.yml": "faqs: []\n"})
    assert _errors(root)[0] == ("selfserve.yaml:8:39: content.faqs[0].format: unknown source format "
                                "'zendeks'; did you mean 'zendesk'?")


def test_csv_reads_by_header_with_excel_encoding_and_semicolons(tmp_path: Path) -> None:
    data = "Question;Answer;Category;Id\r\nWann kommt mein Paket?;In 2 Tagen.;Versand;ALC_PM\r\n" \
           "Kann ich mit Karte zahlen?;\"Ja,\r\nmit Visa.\";Zahlung;\r\n"
    root = _project(tmp_path, "content:\n  faqs: content/faq.csv\n",
                    {"content/faq.csv": data.encode("cp1252")})
    faqs = load_project(root).faqs
    assert [(f.id, f.question, f.answer, f.category, f.source.line) for f in faqs] == [
        ("alc-pm", "Wann kommt mein Paket?", "In 2 Tagen.", "Versand", 2),
        ("kann-ich-mit-karte-zahlen", "Kann ich mit Karte zahlen?", "Ja,\r\nmit Visa.", "Zahlung", 3)]


def test_csv_problems_name_row_and_column(tmp_path: Path) -> None:
    root = _project(tmp_path, "content:\n  faqs: content/faq.csv\n",
                    {"content/faq.csv": "question,answer\nHow?,\nWhy?,Because\n"})
    assert _errors(root) == ["content/faq.csv:2:1: faqs[0]: missing required field 'answer' (Markdown)"]
    (root / "content/faq.csv").write_text("question,answer,question\nHow?,Like so,x\n")
    assert _errors(root) == ["content/faq.csv:1:3: column 3 has the same header 'question' as column 1; rename one"]


def test_xlsx_rows_are_located_by_row_and_column(tmp_path: Path) -> None:
    from openpyxl import Workbook

    root = _project(tmp_path, "content:\n  faqs: content/faq.xlsx\n", {})
    book = Workbook()
    book.active.append(["Frage", "Antwort"])
    book.active.append(["Wie?", "So."])
    book.active.append(["Warum?", None])
    book.save(root / "content/faq.xlsx")
    cfg = root / "selfserve.yaml"
    cfg.write_text(cfg.read_text().replace("faqs: content/faq.xlsx",
                                           "faqs: [{file: content/faq.xlsx, mapping: {fields: "
                                           "{question: Frage, answer: Antwort}}}]"))
    assert _errors(root) == ["content/faq.xlsx:3:1: faqs[1]: missing required field 'answer' (Markdown)"]
    (root / "content/faq.xlsx").write_bytes(b"PK\x03\x04 not really")
    assert _errors(root)[0].startswith("content/faq.xlsx: not a readable .xlsx workbook (")


def test_zendesk_export_skips_drafts_and_takes_section_names(tmp_path: Path) -> None:
    export = {"articles": [
        {"id": 101, "title": "Reset your password", "draft": False, "promoted": True, "section_id": 7,
         "html_url": "https://acme.zendesk.com/hc/en-us/articles/101", "label_names": ["login"],
         "body": "<p>Open <strong>Settings</strong>:</p><ol><li>Tap <em>Reset</em></li><li>Check mail</li></ol>"},
        {"id": 102, "title": "Unfinished", "draft": True, "section_id": 7, "body": "<p>TODO</p>"}],
        "sections": [{"id": 7, "name": "Account"}], "next_page": None, "count": 2}
    root = _project(tmp_path, "content:\n  faqs: content/articles.json\n",
                    {"content/articles.json": json.dumps(export, indent=2)})
    (faq,) = load_project(root).faqs
    assert (faq.id, faq.question, faq.category, faq.tags, faq.featured, faq.link) == (
        "101", "Reset your password", "Account", ("login",), True, "https://acme.zendesk.com/hc/en-us/articles/101")
    assert faq.answer == "Open **Settings**:\n\n1. Tap *Reset*\n2. Check mail"
    assert faq.source.line == 4


def test_freshdesk_export_takes_the_folder_and_skips_drafts(tmp_path: Path) -> None:
    export = [{"id": 5, "title": "Wie ändere ich mein Passwort?", "status": 2, "folder_id": 9, "tags": [],
               "description": "<p>Unter <b>Konto</b>.</p>", "description_text": "Unter Konto.",
               "hierarchy": [{"level": 0, "type": "category", "data": {"id": 1, "name": "Hilfe"}},
                             {"level": 1, "type": "folder", "data": {"id": 9, "name": "Konto"}}]},
              {"id": 6, "title": "Entwurf", "status": 1, "folder_id": 9, "description": "<p>x</p>"}]
    root = _project(tmp_path, "content:\n  faqs: content/solutions.json\n",
                    {"content/solutions.json": json.dumps(export)})
    (faq,) = load_project(root).faqs
    assert (faq.id, faq.question, faq.answer, faq.category) == ("5", "Wie ändere ich mein Passwort?",
                                                                 "Unter **Konto**.", "Konto")


def test_faqpage_json_ld_and_microdata(tmp_path: Path) -> None:
    page = """<html><head><link rel="canonical" href="https://shop.example/faq">
<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [{"@type": "WebPage"},
 {"@type": "FAQPage", "mainEntity": [{"@type": "Question", "@id": "https://shop.example/faq#returns",
  "name": "Can I return an item?", "acceptedAnswer": {"@type": "Answer",
  "text": "<p>Yes, within <b>30 days</b>. See <a href='/returns'>returns</a>.</p>"}}]}]}</script>
<script type="application/ld+json">{ broken </script></head><body></body></html>"""
    root = _project(tmp_path, "content:\n  faqs: content/faq.html\n", {"content/faq.html": page})
    project = load_project(root)
    (faq,) = project.faqs
    assert (faq.id, faq.question) == ("returns", "Can I return an item?")
    assert faq.answer == "Yes, within **30 days**. See [returns](/returns)."
    assert [str(w) for w in project.warnings if "JSON-LD" in w.message] == [
        "content/faq.html:6: a JSON-LD block is not valid JSON (Expecting property name enclosed in double "
        "quotes); it is skipped"]
    micro = """<div itemscope itemtype="https://schema.org/FAQPage">
<div itemscope itemprop="mainEntity" itemtype="https://schema.org/Question" id="q1">
<h3 itemprop="name">Is my data sent anywhere?</h3>
<div itemscope itemprop="acceptedAnswer" itemtype="https://schema.org/Answer">
<p itemprop="text">No. It stays <em>in your browser</em>.</p></div></div></div>"""
    (root / "content/faq.html").write_text(micro)
    (faq,) = load_project(root).faqs
    assert (faq.id, faq.question, faq.answer) == ("q1", "Is my data sent anywhere?", "No. It stays *in your browser*.")


def test_markdown_folder_names_the_file_of_a_problem(tmp_path: Path) -> None:
    root = _project(tmp_path, "content:\n  faqs: content/faq\n", {
        "content/faq/README.md": "# About this folder\n",
        "content/faq/billing/refunds.md": "---\ntitle: How do refunds work?\ntags: [money]\n---\nWithin 5 days.\n",
        "content/faq/login.md": "# How do I log in?\n\nWith your email.\n",
    })
    faqs = load_project(root).faqs
    assert [(f.id, f.question, f.answer, f.category, f.source.file) for f in faqs] == [
        ("refunds", "How do refunds work?", "Within 5 days.", "Billing", "content/faq/billing/refunds.md"),
        ("login", "How do I log in?", "With your email.", "General", "content/faq/login.md")]
    (root / "content/faq/login.md").write_text("---\ntitle: [broken\n---\nx\n")
    assert _errors(root)[0].startswith("content/faq/login.md:3:1: YAML syntax error")
    (root / "content/faq/login.md").write_text("---\ntitle: Where?\n---\n")
    assert _errors(root) == ["content/faq/login.md:1:1: faqs[1]: missing required field 'answer' (Markdown)"]


def test_a_symlinked_markdown_file_outside_the_folder_is_not_read(tmp_path: Path) -> None:
    root = _project(tmp_path, "content:\n  faqs: content/faq\n",
                    {"content/faq/a.md": "# A?\n\nYes.\n"})
    secret = tmp_path / "secret.md"
    secret.write_text("# Secret?\n\nKey.\n")
    (root / "content/faq/b.md").symlink_to(secret)
    assert _errors(root) == ["content/faq/b.md: is a link to a file outside the folder; it is not read"]


def test_starter_faqs_have_explicit_ids(tmp_path: Path) -> None:
    shutil.copytree(STARTER, tmp_path / "s")
    project = load_project(tmp_path / "s")
    assert all(f.explicit_id for f in project.faqs)
    assert not [w for w in project.warnings if "no id" in w.message]


def test_another_tools_file_under_our_faqs_key_gets_the_mapping_suggested(tmp_path: Path) -> None:
    root = _project(tmp_path, "", {"content/faqs.yaml": "faqs:\n  - {title: How?, content: Like so.}\n"})
    assert _errors(root) == [
        "content/faqs.yaml:1:1: no FAQs found: the file holds a mapping whose key 'faqs' is a list of 1 item "
        "with title/content; read it as it is with mapping: {items: faqs, fields: {question: title, answer: "
        "content}} (or run 'selfserve import faqs content/faqs.yaml --write')"]
    (root / "content/faqs.yaml").write_text("faqs:\n  - {questoin: How?, answer: Like so.}\n")
    assert "content/faqs.yaml:2:6: faqs[0].questoin: unknown field; did you mean 'question'?" in _errors(root)


def _png() -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (64, 48), (40, 90, 160)).save(buf, "PNG")
    return buf.getvalue()


def test_spreadsheet_images_are_matched_by_file_name_beside_the_sheet_or_in_its_images_folder(
        tmp_path: Path) -> None:
    """The bulk-create habit of Canva and Bannerbear: a column of picture file names."""
    sheet = ("id,Question,Answer,Image\n"
             "pause,How do I pause?,Open **Account**.,pause.png\n"
             "ship,When do you ship?,Within 2 days.,\n"
             "logo,Where is the logo?,In assets.,assets/logo.png\n")
    root = _project(tmp_path, "content:\n  faqs: [content/faqs.csv]\n",
                    {"content/faqs.csv": sheet, "content/pause.png": _png(), "assets/logo.png": _png()})
    faqs = {f.id: f for f in load_project(root).faqs}
    assert faqs["pause"].image == "content/pause.png"  # beside the sheet
    assert faqs["ship"].image is None
    assert faqs["logo"].image == "assets/logo.png"  # a path with a folder is a project path
    (root / "selfserve.yaml").write_text(
        CONFIG_HEAD + "content:\n  faqs:\n    - {file: content/faqs.csv, images: assets/pictures}\n", "utf-8")
    (root / "assets" / "pictures").mkdir()
    (root / "assets" / "pictures" / "pause.png").write_bytes(_png())
    assert {f.id: f for f in load_project(root).faqs}["pause"].image == "assets/pictures/pause.png"
    # A name that matches no file is located at its cell.
    (root / "assets" / "pictures" / "pause.png").unlink()
    [error] = [e for e in _errors(root) if "pause.png" in e]
    assert error.startswith("content/faqs.csv:2:4: faqs[0].image:"), error


def test_yaml_faqs_keep_naming_pictures_from_the_project_folder(tmp_path: Path) -> None:
    root = _project(tmp_path, "", {
        "content/faqs.yaml": "faqs:\n  - {id: a, question: Q?, answer: A., image: photo.png}\n",
        "photo.png": _png()})
    assert load_project(root).faqs[0].image == "photo.png"
