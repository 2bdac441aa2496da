"""Every kind of bad content input named by the foundation issue, with its exact message.

Each case writes one broken content/faqs.yaml (as bytes, so encodings can be wrong)
into a copy of the starter project and compares the located lines load_project
reports. A case list in code keeps each input beside the lines it must produce.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.errors import SelfserveError
from generator.load.project import load_project

ROOT = Path(__file__).resolve().parents[1]
STARTER = ROOT / "generator" / "data" / "starter"
F = "content/faqs.yaml"
BOMB = b"a: &a [x, x, x, x, x, x, x, x, x]\n" + b"".join(
    f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n".encode() for p, c in zip("abcdefgh", "bcdefghi"))

CASES: dict[str, tuple[bytes, list[str]]] = {
    "five mistakes": (
        b"faqs:\n  - id: reset\n    question: How do I reset?\n    answr: hello\n"
        b"  - question: [a]\n    answer: x\n    featured: maybe\n"
        b"  - id: reset\n    question: x\n    answer: y\n",
        [f"{F}:2:5: faqs[0]: missing required field 'answer' (Markdown)",
         f"{F}:4:5: faqs[0].answr: unknown field; did you mean 'answer'?",
         f"{F}:5:15: faqs[1].question: expected text, found a list",
         f"{F}:7:15: faqs[1].featured: expected true or false, found text",
         f"{F}:8:9: faqs[2].id: duplicate id 'reset' (first at {F}:2)"]),
    "empty file": (b"# nothing yet\n\n", [f"{F}: file is empty"]),
    "list where a map belongs": (
        b"- question: Hi\n  answer: There\n",
        [f"{F}:1:1: the file is a list of 1 item with question/answer without 'faqs:' at the top; "
         "write 'faqs:' on the first line and indent the list under it"]),
    "missing list": (b"faq:\n  - question: Hi\n",
                     [f"{F}:1:1: faq: unknown field; did you mean 'faqs'?",
                      f"{F}:1:1: missing required field 'faqs' (the list of FAQs)"]),
    "unclosed quote": (b'faqs:\n  - question: "Hi\n    answer: x\n',
                       [f"{F}:4:1: YAML syntax error: found unexpected end of stream "
                        "(while scanning a quoted scalar)"]),
    "bad indentation": (b"faqs:\n  - question: Hi\n   answer: x\n",
                        [f"{F}:3:4: YAML syntax error: did not find expected '-' indicator "
                         "(while parsing a block collection)"]),
    "tabs": (b"faqs:\n\t- question: Hi\n", [f"{F}:2:1: tab character in indentation; indent with spaces"]),
    "latin-1": ("faqs:\n  - question: Café?\n    answer: Oui\n".encode("latin-1"),
                [f"{F}:2:18: byte 0xE9 is not valid UTF-8 (the file looks like Latin-1 or "
                 "Windows-1252); save it as UTF-8"]),
    "utf-16": ("faqs:\n  - question: Hi\n".encode("utf-16"),
               [f"{F}:1:1: file is UTF-16 encoded; save it as UTF-8"]),
    "NUL byte": (b"faqs:\n  - question: Hi\x00\n    answer: x\n",
                 [f"{F}:2:17: control character U+0000 is not allowed; delete it"]),
    "control character": (b"faqs:\n  - question: Hi\x1b[31m\n    answer: x\n",
                          [f"{F}:2:17: control character U+001B is not allowed; delete it"]),
    "python tag": (b"faqs:\n  - question: !!python/object/apply:os.system [ls]\n    answer: x\n",
                   [f"{F}:2:15: faqs[0].question: tag !!python/object/apply:os.system is not allowed; "
                    "content files hold plain text, numbers, lists and maps only"]),
    "duplicate key": (b"faqs:\n  - question: Hi\n    question: Again\n    answer: x\n",
                      [f"{F}:3:5: faqs[0].question: duplicate key 'question' (first at line 2)"]),
    "alias bomb": (BOMB, None),  # message checked separately (path depends on expansion order)
}


def _load(tmp_path: Path, data: bytes) -> list[str]:
    root = tmp_path / "proj"
    shutil.copytree(STARTER, root)
    (root / F).write_bytes(data)
    with pytest.raises(SelfserveError) as err:
        load_project(root)
    return [str(p) for p in err.value.problems]


@pytest.mark.parametrize("case", [c for c in CASES if CASES[c][1] is not None])
def test_bad_input_gives_exact_located_lines(tmp_path: Path, case: str) -> None:
    data, expected = CASES[case]
    assert _load(tmp_path, data) == expected


def test_alias_bomb_is_refused(tmp_path: Path) -> None:
    # Bounded by the loader's value budget (MAX_VALUES), not by a timer in the test.
    lines = _load(tmp_path, BOMB)
    assert len(lines) == 1 and lines[0].startswith(f"{F}:")
    assert lines[0].endswith("anchors and aliases expand to more than 200,000 values; the file is "
                             "refused (a YAML 'billion laughs' bomb?)")


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    root = tmp_path / "proj"
    shutil.copytree(STARTER, root)
    (root / F).write_bytes(b"\xef\xbb\xbffaqs:\n  - question: Hi\n    answer: There\n")
    assert [f.question for f in load_project(root).faqs] == ["Hi"]


def test_problems_in_several_files_are_all_reported(tmp_path: Path) -> None:
    root = tmp_path / "proj"
    shutil.copytree(STARTER, root)
    (root / "selfserve.yaml").write_text((root / "selfserve.yaml").read_text()
                                         .replace("timezone: Europe/London", "timezone: Europe/Londn"))
    (root / "content" / "issues.yaml").write_text("issues:\n  - id: a\n    title: T\n    summary: S\n"
                                                  "    status: investigatin\n")
    (root / "content" / "stats.yaml").write_text("period: Oct\nsatisfaction: {percent: 140}\n")
    with pytest.raises(SelfserveError) as err:
        load_project(root)
    lines = [str(p) for p in err.value.problems]
    assert "selfserve.yaml:17:11: timezone: unknown time zone 'Europe/Londn'; did you mean 'Europe/London'?" in lines
    assert "content/issues.yaml:5:13: issues[0].status: unknown value 'investigatin'; did you mean 'investigating'?" in lines
    assert "content/stats.yaml:2:25: satisfaction.percent: must be at most 100%, found 140" in lines
