"""Every real FAQ file of tests/data/corpus is brought in by `import faqs --write` alone.

Each case copies one file (or folder) into a fresh starter project, runs nothing but
`selfserve import faqs PATH --write`, builds one small platform with `--kind faq`, and
checks that every question of the file is the title of an asset in the manifest. The
expected questions are read here with the standard library (yaml, csv, json, openpyxl),
not with selfserve's readers, so a reader that drops or merges a FAQ fails the test.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from tests.entrypoint import run_cli as _run

CORPUS = Path(__file__).resolve().parent / "data" / "corpus"
STARTER = Path(__file__).resolve().parents[1] / "generator" / "data" / "starter"
PLATFORM = "linkedin"  # the smallest card (1200x627): the test is about reading, not drawing


def _flat(text: str) -> str:
    return " ".join(str(text).split())


def _lineage() -> list[str]:
    data = yaml.safe_load((CORPUS / "lineageos-faq.yml").read_text("utf-8"))
    return [i["question"] for group in data for items in group.values() for i in items]


def _freifunk() -> list[str]:
    data = yaml.safe_load((CORPUS / "freifunk-bremen-faq.yml").read_text("utf-8"))
    return [i["question"] for g in data for i in g["questions"]]


def _geyser() -> list[str]:
    data = yaml.safe_load((CORPUS / "geysermc-faq.yml").read_text("utf-8"))
    return [i["title"] for g in data for i in g["items"]]


def _keyboardkit() -> list[str]:
    return [i["title"] for i in yaml.safe_load((CORPUS / "keyboardkit-faq.yml").read_text("utf-8"))]


def _infobase_en() -> list[str]:
    with (CORPUS / "gc-infobase-faq.csv").open(encoding="utf-8", newline="") as fh:
        return [r["q_en"] for r in csv.DictReader(fh)]


def _xlsx() -> list[str]:
    from openpyxl import load_workbook

    rows = list(load_workbook(CORPUS / "gc-infobase-faq.xlsx", read_only=True).worksheets[0].values)
    return [r[1] for r in rows[1:]]


def _zendesk() -> list[str]:
    data = json.loads((CORPUS / "zendesk-articles.json").read_text("utf-8"))
    return [a["title"] for a in data["articles"] if not a["draft"]]


def _freshdesk() -> list[str]:
    data = json.loads((CORPUS / "freshdesk-articles.json").read_text("utf-8"))
    return [a["title"] for a in data if a["status"] == 2]


def _markdown() -> list[str]:
    out = []
    for f in sorted((CORPUS / "gc-infobase-faq-md").rglob("*.md")):
        m = re.search(r'^title: "(.*)"$', f.read_text("utf-8"), re.M)
        assert m, f
        out.append(m.group(1).replace('\\"', '"'))
    return out


CASES = {
    "lineageos-faq.yml": (_lineage, []),
    "freifunk-bremen-faq.yml": (_freifunk, []),
    "geysermc-faq.yml": (_geyser, []),
    "keyboardkit-faq.yml": (_keyboardkit, []),
    "gc-infobase-faq.csv": (_infobase_en, ["--base-url", "https://www.tbs-sct.canada.ca/ems-sgd/edb-bdd/"]),
    "gc-infobase-faq.xlsx": (_xlsx, []),
    "gc-infobase-faq.html": (_infobase_en, []),
    "zendesk-articles.json": (_zendesk, []),
    "freshdesk-articles.json": (_freshdesk, []),
    "gc-infobase-faq-md": (_markdown, []),
}


#: The files with the most questions (2-4 s of cards each): the full suite builds them,
#: the fast lane keeps the smaller files, at least one per reader.
#: The fast lane builds one file of each reader's format (YAML, Markdown, HTML, CSV, XLSX,
#: help-desk JSON); the full suite builds every file.
FAST_CASES = ("keyboardkit-faq.yml", "gc-infobase-faq-md", "gc-infobase-faq.html", "gc-infobase-faq.csv",
              "zendesk-articles.json")


@pytest.mark.parametrize("name", [pytest.param(n, marks=[] if n in FAST_CASES else [pytest.mark.slow])
                                  for n in CASES])
def test_import_write_alone_then_every_question_is_built(name: str, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    expected, extra = CASES[name]
    questions = expected()
    assert len(questions) >= 10 and len(set(questions)) == len(questions)
    root = tmp_path / "proj"
    shutil.copytree(STARTER, root)
    src = CORPUS / name
    rel = f"content/{name}"
    if src.is_dir():
        shutil.copytree(src, root / rel)
    else:
        shutil.copy(src, root / rel)
    code, _out, err = _run(["import", "faqs", rel, "--project", str(root), "--write", *extra], capsys)
    assert code == 0, err
    assert f"Found {len(questions)} FAQs" in err
    code, _out, err = _run(["-q", "build", "--project", str(root), "--platform", PLATFORM, "--kind", "faq"],
                           capsys)
    assert code == 0, err
    assets = json.loads((root / "output" / "manifest.json").read_text("utf-8"))["assets"]
    titles = {_flat(a["title"]) for a in assets if a["source"]["file"].startswith(rel)}
    missing = [q for q in questions if _flat(q) not in titles]
    assert not missing, f"{len(missing)} questions not built: {missing[:3]}"
    assert len(titles) == len(questions)
