"""``selfserve reply --eval``, the labelled case sets, and a German message answered with the
German card of the sample project end to end."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import _load_command_modules, cli
from generator.load.project import load_project
from generator.reply.fitting import split_of
from tests.conftest import copy_sample

ROOT = Path(__file__).resolve().parents[2]
STARTER = ROOT / "generator" / "data" / "starter"
CASES = Path(__file__).parent / "data" / "cases"
_load_command_modules()


@pytest.fixture()
def starter(tmp_path: Path) -> Path:
    dest = tmp_path / "proj"
    shutil.copytree(STARTER, dest)
    return dest


def run(*args: str):  # noqa: ANN201
    return CliRunner().invoke(cli, list(args))


def test_eval_prints_the_five_figures(starter: Path) -> None:
    (starter / "cases.yaml").write_text(
        "cases:\n"
        "  - {message: 'i forgot my pasword', answer: how-do-i-reset-my-password}\n"
        "  - {message: 'where is my order??', answer: when-will-my-order-arrive}\n"
        "  - {message: 'what will the weather be in Lisbon', answer: none}\n", "utf-8")
    r = run("reply", "--eval", str(starter / "cases.yaml"), "--project", str(starter))
    assert r.exit_code == 0, r.output
    assert r.output.startswith("3 cases: 2 with an answer, 1 without")
    for label in ("top-1", "top-3", "answered right", "false-confident", "no-match right"):
        assert label in r.output
    doc = json.loads(run("reply", "--eval", str(starter / "cases.yaml"), "--project", str(starter),
                         "--json").output)
    m = doc["metrics"]
    assert (m["cases"], m["with_answer"], m["without_answer"]) == (3, 2, 1)
    right = [c["right"] for c in doc["cases"]]
    assert m["top1"] == sum(right[:2]) / 2
    answered_wrong = sum(c["answered"] and not c["right"] for c in doc["cases"])
    assert m["false_confident"] == answered_wrong / 3
    assert m["no_match_right"] == (0.0 if doc["cases"][2]["answered"] else 1.0)


def test_eval_names_a_bad_case_by_file_line_and_field(starter: Path) -> None:
    cases = starter / "cases.yaml"
    cases.write_text("cases:\n  - {message: 'hi', answer: how-do-i-reset-my-password}\n"
                     "  - {message: 'where is it', answer: no-such-faq}\n  - {answer: x}\n", "utf-8")
    r = run("reply", "--eval", str(cases), "--project", str(starter))
    assert r.exit_code == 1
    lines = r.output.strip().splitlines()
    assert lines[0] == f"{cases}:3:38: cases[1].answer: no FAQ or issue with id 'no-such-faq'"
    assert lines[1].startswith(f"{cases}:4:5: cases[2]: each case needs 'message'")
    assert "Traceback" not in r.output


def test_eval_and_a_message_together_is_a_usage_error(starter: Path) -> None:
    r = run("reply", "hello", "--eval", "cases.yaml", "--project", str(starter))
    assert r.exit_code == 2 and "leave out MESSAGE" in r.output


def test_the_labelled_sets_are_what_the_confidence_is_fitted_on() -> None:
    total = none = 0
    splits = {"fit": 0, "held-out": 0}
    projects = set()
    for f in sorted(CASES.glob("*.yaml")):
        doc = yaml.safe_load(f.read_text("utf-8"))
        project = load_project((f.parent / doc["project"]).resolve())
        projects.add(project.config.brand.name)
        ids = {x.id for x in project.faqs} | {x.id for x in project.issues}
        for case in doc["cases"]:
            answers = case["answer"] if isinstance(case["answer"], list) else [case["answer"]]
            total += 1
            none += answers == ["none"]
            assert answers == ["none"] or set(answers) <= ids, case
            splits[split_of(case["message"])] += 1
    assert len(projects) >= 3 and total >= 250 and none / total >= 0.2
    assert min(splits.values()) >= 0.4 * total


@pytest.mark.integration
def test_a_german_message_gets_the_german_card_and_reply(tmp_path: Path) -> None:
    proj = copy_sample(tmp_path / "sample", locales=True)
    r = run("reply", "Ich möchte mein Abo kündigen", "--platform", "x", "--project", str(proj),
            "--json")
    assert r.exit_code == 0, r.output
    doc = json.loads(r.output)
    assert (doc["locale"], doc["picked"]["id"]) == ("de-DE", "cancel-subscription")
    assert doc["card"]["path"] == "de-DE/x/faq/cancel-subscription.png"
    assert doc["reply"]["text"].startswith("Öffnen Sie Konto → Abonnement")
    record = proj / "output" / "de-DE" / "x" / "reply" / "cancel-subscription.txt"
    assert record.read_text("utf-8") == doc["reply"]["text"] + "\n"
    english = json.loads(run("reply", "how do I cancel my subscription", "--platform", "x",
                             "--project", str(proj), "--json").output)
    assert english["locale"] == "en-GB" and english["card"]["path"] == "en-GB/x/faq/cancel-subscription.png"
    assert (proj / "output" / "x" / "reply" / "cancel-subscription.txt").is_file()
