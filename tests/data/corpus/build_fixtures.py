"""Rebuild the export-format fixtures from the real GC InfoBase FAQ (gc-infobase-faq.csv).

Zendesk, Freshdesk, a saved FAQPage web page, an Excel sheet and a Markdown folder are
written in each vendor's documented format with the real questions and answers (English
and French, HTML in the answers, relative links), so the readers meet real text in the
exact shapes the exports have. Run from the repository root:

    python tests/data/corpus/build_fixtures.py

Output is deterministic (no dates from the clock); the files are committed.
"""

from __future__ import annotations

import csv
import html
import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROWS = list(csv.DictReader((HERE / "gc-infobase-faq.csv").open(encoding="utf-8", newline="")))
BASE = "https://www.tbs-sct.canada.ca/ems-sgd/edb-bdd/index-eng.html"
STAMP = "2026-04-09T18:15:36Z"  # the date of the CSV's commit
SECTIONS = {"data": ("Data", "Données", 360000000101), "app": ("The application", "L'application", 360000000102)}
APP = {"open_source", "tools", "infographic_tools", "creation", "contact"}


def section(row: dict[str, str]) -> str:
    return "app" if row["id"] in APP else "data"


def paragraphs(text: str) -> str:
    """A CSV answer (Markdown lines with inline HTML) as the HTML a help-desk editor saves."""
    out = []
    for block in re.split(r"\n\s*\n", text.strip()):
        text_lines: list[str] = []
        items: list[str] = []
        for ln in block.splitlines():
            if ln.strip().startswith("- "):
                items.append(f"<li>{_links(ln.strip()[2:])}</li>")
            elif items:
                items[-1] = items[-1][:-5] + " " + _links(ln.strip()) + "</li>"
            else:
                text_lines.append(ln.strip())
        if text_lines:
            out.append(f"<p>{_links(' '.join(text_lines))}</p>")
        if items:
            out.append(f"<ul>{''.join(items)}</ul>")
    return "".join(out)


def _links(text: str) -> str:
    return re.sub(r"\[([^\]]+)\]\(([^)]+)\)", r'<a href="\2">\1</a>', text)


def zendesk() -> None:
    articles = []
    for n, row in enumerate(ROWS):
        aid = 360000000000 + n + 1
        slug = re.sub(r"[^a-z0-9]+", "-", row["q_en"].lower()).strip("-")
        articles.append({
            "id": aid, "url": f"https://gcinfobase.zendesk.com/api/v2/help_center/en-us/articles/{aid}.json",
            "html_url": f"https://gcinfobase.zendesk.com/hc/en-us/articles/{aid}-{slug}",
            "author_id": 360000000001, "comments_disabled": False, "draft": n == len(ROWS) - 1,
            "promoted": n == 0, "position": n, "vote_sum": 0, "vote_count": 0,
            "section_id": SECTIONS[section(row)][2], "created_at": STAMP, "updated_at": STAMP,
            "name": row["q_en"], "title": row["q_en"], "source_locale": "en-us", "locale": "en-us",
            "outdated": False, "outdated_locales": [], "edited_at": STAMP, "user_segment_id": None,
            "permission_group_id": 360000000002, "content_tag_ids": [], "label_names": [section(row)],
            "body": paragraphs(row["a_en"]),
        })
    doc = {"articles": articles,
           "sections": [{"id": s[2], "name": s[0], "locale": "en-us"} for s in SECTIONS.values()],
           "page": 1, "previous_page": None, "next_page": None, "per_page": 30, "page_count": 1,
           "count": len(articles), "sort_by": "position", "sort_order": "asc"}
    (HERE / "zendesk-articles.json").write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")


def freshdesk() -> None:
    out = []
    for n, row in enumerate(ROWS):
        name_fr, sid = SECTIONS[section(row)][1], SECTIONS[section(row)][2]
        desc = paragraphs(row["a_fr"])
        out.append({
            "id": 43000000000 + n + 1, "type": 1, "category_id": 43000000001, "folder_id": sid,
            "hierarchy": [{"level": 0, "type": "category", "data": {"id": 43000000001, "name": "InfoBase du GC"}},
                          {"level": 1, "type": "folder", "data": {"id": sid, "name": name_fr}}],
            "thumbs_up": 0, "thumbs_down": 0, "hits": 10 * n, "tags": [row["id"]],
            "seo_data": {"meta_title": row["q_fr"], "meta_description": ""},
            "agent_id": 43000000002, "title": row["q_fr"], "description": desc,
            "description_text": re.sub(r"<[^>]+>", "", html.unescape(desc)),
            "status": 1 if n == len(ROWS) - 1 else 2, "created_at": STAMP, "updated_at": STAMP,
        })
    (HERE / "freshdesk-articles.json").write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n")


def page() -> None:
    entities = [{"@type": "Question", "@id": f"{BASE}#faq-{r['id'].replace('_', '-')}", "name": r["q_en"],
                 "acceptedAnswer": {"@type": "Answer", "text": paragraphs(r["a_en"])}} for r in ROWS]
    ld = json.dumps({"@context": "https://schema.org", "@type": "FAQPage", "mainEntity": entities},
                    indent=2, ensure_ascii=False)
    body = "\n".join(f'  <details id="faq-{r["id"]}"><summary>{html.escape(r["q_en"])}</summary>'
                     f'{paragraphs(r["a_en"])}</details>' for r in ROWS)
    (HERE / "gc-infobase-faq.html").write_text(f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Frequently asked questions - GC InfoBase</title>
  <link rel="canonical" href="{BASE}">
  <script type="application/ld+json">
{ld}
  </script>
</head>
<body>
<h1>Frequently asked questions</h1>
{body}
</body>
</html>
""")


def markdown() -> None:
    root = HERE / "gc-infobase-faq-md"
    for sub in ("donnees", "application"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    for r in ROWS:
        sub = "application" if r["id"] in APP else "donnees"
        title = r["q_fr"].replace('"', '\\"')
        (root / sub / f"{r['id'].replace('_', '-')}.md").write_text(
            f'---\ntitle: "{title}"\ntags: [{r["id"]}]\n---\n{r["a_fr"].strip()}\n')


def xlsx() -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "FAQ"
    sheet.append(["Id", "Question", "Answer", "Category"])
    for r in ROWS:
        sheet.append([r["id"], r["q_en"], r["a_en"].strip(), SECTIONS[section(r)][0]])
    import datetime

    book.properties.created = book.properties.modified = datetime.datetime(2026, 4, 9, 18, 15, 36)
    book.save(HERE / "gc-infobase-faq.xlsx")


if __name__ == "__main__":
    zendesk()
    freshdesk()
    page()
    markdown()
    xlsx()
