"""Hostile templates stop within their limits: one located line naming the template's
line, exit 1, in well under a second or two, and nothing is published (no empty caption,
no half build: the earlier output stays byte-identical)."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from tests.conftest import copy_built
from tests.robustness.test_bad_corpus import run_cli

ROOT = Path(__file__).resolve().parents[2]
STARTER = ROOT / "generator" / "data" / "starter"
CAPTION = "templates/captions/faq.txt.j2"
BUILD = ["-q", "build", "--kind", "faq", "--platform", "x", "--jobs", "1"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("limits") / "proj"
    shutil.copytree(STARTER, root)
    from generator.cli import main

    main([*BUILD, "--project", str(root)])
    return root


@pytest.fixture()
def project(built: Path, tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    copy_built(built, root)
    return root


def _snapshot(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*")
            if p.is_file() and ".selfserve" not in p.relative_to(out).parts}


CAPTIONS = [
    ("{{ title }}\n{{ 'A' * 1000000000 }}\n",
     f"error: {CAPTION}:2: template repeats a value to 1,000,000,000 characters or items (the limit "
     "is 5,000,000)"),
    ("{{ title }}\n\n{% for i in range(10000) %}{% for j in range(10000) %}x{% endfor %}{% endfor %}\n",
     f"error: {CAPTION}:3: template loops more than 100,000 times in all; loop over fewer items"),
    ("{{ 9 ** 9 ** 9 }}\n", f"error: {CAPTION}:1: template makes a number of more than 60 digits"),
    ("{{ title|center(1000000000) }}\n",
     f"error: {CAPTION}:1: template asks for a size of 1,000,000,000 (the limit is 5,000,000)"),
    ("{{ '{:>999999999}'.format(title) }}\n",
     f"error: {CAPTION}:1: template asks for a size of 999,999,999 (the limit is 5,000,000)"),
    ("{{ '%999999999s' % title }}\n",
     f"error: {CAPTION}:1: template asks for a size of 999,999,999 (the limit is 5,000,000)"),
    ("{% if false %}{{ title }}{% endif %}\n",
     f"error: {CAPTION}: the caption for x/faq/can-i-change-my-delivery-address.png is empty; the "
     "template must write some text (a title, a summary or a link)"),
]


@pytest.mark.parametrize(("source", "expected"), CAPTIONS, ids=[c[0][:30] for c in CAPTIONS])
def test_hostile_caption_templates_are_located_errors(project: Path, source: str, expected: str,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    before = _snapshot(project / "output")
    (project / "templates" / "captions").mkdir(parents=True, exist_ok=True)
    (project / CAPTION).write_text(source)
    started = time.monotonic()
    code, _out, err = run_cli([*BUILD, "--project", str(project)], capsys)
    assert time.monotonic() - started < 20  # was 266 s and 3.9 GB for 'A' * 10^9
    assert code == 1
    assert err.splitlines() == [expected]
    assert _snapshot(project / "output") == before


def test_a_hostile_design_expression_is_located_at_its_layer(project: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    design = (ROOT / "generator" / "data" / "designs" / "faq.yaml").read_text()
    (project / "templates").mkdir(exist_ok=True)
    (project / "templates" / "faq.yaml").write_text(
        design.replace('    text: "{{ brand.name }}"\n    color: "{{ colors.on_primary }}"\n'
                       '    box: [0, 0, 1, 0.08]',
                       '    text: "{{ brand.name * 1000000000 }}"\n    color: "{{ colors.on_primary }}"\n'
                       '    box: [0, 0, 1, 0.08]'))
    before = _snapshot(project / "output")
    code, _out, err = run_cli([*BUILD, "--project", str(project)], capsys)
    assert code == 1
    [line] = err.splitlines()
    assert line.startswith("templates/faq.yaml:"), line
    assert line.endswith("layers[2].text: expression repeats a value to 12,000,000,000 characters or "
                         "items (the limit is 5,000,000)"), line
    assert _snapshot(project / "output") == before


def test_ordinary_templates_are_untouched_by_the_limits() -> None:
    from generator.render.sandbox import LimitedSandbox, render_limited

    env = LimitedSandbox()
    source = ("{% for t in tags %}#{{ t }} {% endfor %}{{ (n * 3) ~ '%' }} {{ '%05.1f' % x }} "
              "{{ '{:>6}'.format(word) }}|{{ word|center(9) }}|{{ 2 ** 10 }}")
    out = render_limited(env.from_string(source), {"tags": ["a", "b"], "n": 7, "x": 3.14159,
                                                   "word": "hi"}, "t")
    assert out == "#a #b 21% 003.1     hi|    hi   |1024"
