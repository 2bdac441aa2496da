"""Published FAQ files (tests/data/corpus) load and build through a field mapping."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from generator.load.project import load_project
from generator.publish.build import BuildOptions, build

# Copies of shared/corpus (published FAQ files, kept unchanged; see its README).
CORPUS = Path(__file__).resolve().parent / "data" / "corpus"

CONFIG = """\
brand:
  name: Corpus
  colors: {primary: "#1F4E79", accent: "#F2B33D", background: "#F7F5F0", text: "#1B1B1B"}
contact:
  channels: [{name: Chat}]
content:
  faqs:
    - file: content/geysermc-faq.yml
      mapping: {groups: items, group_category: title, fields: {question: title, answer: content}}
    - file: content/keyboardkit-faq.yml
      mapping: {fields: {question: title, answer: text, category: tag, featured: featured}}
"""


@pytest.mark.slow  # an end-to-end build of every kind (seconds): the full suite runs it
def test_corpus_files_load_and_build_through_mappings(tmp_path: Path) -> None:
    root = tmp_path / "proj"
    (root / "content").mkdir(parents=True)
    for name in ("geysermc-faq.yml", "keyboardkit-faq.yml"):
        shutil.copy(CORPUS / name, root / "content" / name)
    (root / "selfserve.yaml").write_text(CONFIG)
    geyser = yaml.safe_load((CORPUS / "geysermc-faq.yml").read_text())
    kk = yaml.safe_load((CORPUS / "keyboardkit-faq.yml").read_text())
    expected = sum(len(g["items"]) for g in geyser) + len(kk)
    project = load_project(root)
    assert len(project.faqs) == expected
    by_q = {f.question: f for f in project.faqs}
    first = geyser[0]["items"][0]
    assert by_q[first["title"]].category == geyser[0]["title"]
    assert by_q[kk[0]["title"]].category == kk[0]["tag"] and by_q[kk[0]["title"]].featured
    out = root / "output"
    summary = build(project, BuildOptions(out=out, platforms=("instagram-portrait",), kinds=("faq",)))
    assert summary.rendered == expected
    entries = json.loads((out / "manifest.json").read_text())["assets"]
    # One post per FAQ; a long published answer continues on the post's other images
    # (instagram takes ten), so no text is cut and nothing is summarised here.
    assert len({e["source"]["id"] for e in entries}) == expected
    assert {e["completeness"] for e in entries} <= {"full", "continued"}
    assert any(e["completeness"] == "continued" for e in entries)
    assert not [f for f in summary.findings if f.code in ("truncated", "summary")]
