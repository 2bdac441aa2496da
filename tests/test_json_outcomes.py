"""`--json` prints exactly one JSON document on stdout for every outcome of every command.

Each document is checked with a real JSON Schema validator against the command's schema in
docs/schemas/, which is what a CI job or a helpdesk integration reads (README: "Publishing
from CI"). Failures are run through ``cli.main`` as the installed ``selfserve`` runs them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from generator.cli import main

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = ROOT / "docs" / "schemas"


def _registry() -> Registry:
    resources = []
    for f in sorted(SCHEMAS.glob("*.schema.json")):
        doc = json.loads(f.read_text("utf-8"))
        Draft202012Validator.check_schema(doc)
        resources.append((doc["$id"], Resource.from_contents(doc)))
    return Registry().with_resources(resources)


REGISTRY = _registry()


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict]:
    """Run ``selfserve ARGS --json``; the exit status and the one document on stdout."""
    code = 0
    try:
        main([*args, "--json"])
    except SystemExit as exc:
        code = int(exc.code or 0)
    out = capsys.readouterr().out
    doc = json.loads(out)  # raises if stdout is empty, not JSON, or two documents
    return code, doc


def check(doc: dict, schema: str) -> None:
    schema_doc = json.loads((SCHEMAS / f"{schema}.schema.json").read_text("utf-8"))
    errors = list(Draft202012Validator(schema_doc, registry=REGISTRY).iter_errors(doc))
    assert not errors, [e.message for e in errors]


def test_every_schema_is_valid_and_every_command_has_one() -> None:
    names = {f.name.removesuffix(".schema.json") for f in SCHEMAS.glob("*.schema.json")}
    assert {"validate", "build", "plan", "reply", "reply-eval", "import-tickets", "merge", "platforms",
            "failure", "problem"} <= names


def test_validate_success_and_located_failure(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, doc = run_json(capsys, "validate", "--project", str(project))
    assert code == 0 and doc["ok"] is True and doc["faqs"] == 3
    check(doc, "validate")
    (project / "content" / "faqs.yaml").write_text("faqs:\n  - question: Hi\n    answr: x\n", "utf-8")
    code, doc = run_json(capsys, "validate", "--project", str(project))
    assert code == 1 and doc["ok"] is False and doc["command"] == "validate"
    check(doc, "validate")
    typo = next(q for q in doc["problems"] if q["path"] == "faqs[0].answr")
    assert (typo["file"], typo["line"], typo["column"]) == ("content/faqs.yaml", 3, 5)
    assert typo["message"] == "unknown field; did you mean 'answer'?"


def test_build_plan_reply_success_and_failure(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = str(project)
    code, doc = run_json(capsys, "build", "--project", p, "--platform", "x", "--kind", "faq")
    assert code == 0 and doc["ok"] is True and doc["rendered"] == 3
    check(doc, "build")
    code, doc = run_json(capsys, "build", "--project", p, "--platform", "instagram")
    assert code == 1 and doc["command"] == "build"
    assert "unknown platform 'instagram'; did you mean" in doc["problems"][0]["message"]
    check(doc, "build")

    code, doc = run_json(capsys, "plan", "--project", p, "--week", "2026-W49", "--now", "2026-11-26T09:00",
                         "--dry-run", "--base-url", "https://cdn.example.com/s/")
    assert code == 0 and doc["ok"] is True and doc["week"] == "2026-W49"
    check(doc, "plan")
    code, doc = run_json(capsys, "plan", "--project", p, "--export", "buffer", "--week", "2026-W49")
    assert code == 1 and doc["problems"][0]["message"].startswith(
        "--base-url: Buffer bulk import needs public image URLs; pass --base-url")
    check(doc, "plan")
    code, doc = run_json(capsys, "plan", "--project", p, "--out", str(project / "nothing"))
    assert code == 1 and "run 'selfserve build' first" in doc["problems"][0]["message"]
    check(doc, "plan")

    code, doc = run_json(capsys, "reply", "forgot my pasword", "--platform", "x", "--project", p)
    assert code == 0 and doc["ok"] is True and doc["reply"]["text"]
    check(doc, "reply")
    code, doc = run_json(capsys, "reply", "zzqx wibble", "--platform", "x", "--project", p)
    assert code != 0 and doc["ok"] is False and "problems" not in doc  # answered: no good match
    check(doc, "reply")
    code, doc = run_json(capsys, "reply", "password", "--platform", "nope", "--project", p)
    assert code == 1 and doc["problems"] and doc["command"] == "reply"
    check(doc, "reply")


def test_usage_errors_and_other_commands(project: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    code, doc = run_json(capsys, "build", "--project", str(project), "--no-such-option")
    assert code == 2 and doc["command"] == "build" and "No such option" in doc["problems"][0]["message"]
    check(doc, "failure")
    code, doc = run_json(capsys, "platforms")
    assert code == 0 and len(doc["platforms"]) >= 16
    check(doc, "platforms")
    code, doc = run_json(capsys, "merge", str(tmp_path), "--out", str(tmp_path / "m"))
    assert code == 1 and doc["command"] == "merge"
    check(doc, "merge")
    export = tmp_path / "t.csv"
    export.write_text("Subject,Tags,Created at\n" + "".join(
        f"Cannot log in {i},login,2026-11-{i + 1:02d}\n" for i in range(6)), "utf-8")
    code, doc = run_json(capsys, "import", "tickets", str(export), "--project", str(project), "--dry-run")
    assert code == 0 and doc["command"] == "import tickets" and doc["rows"] == 6
    check(doc, "import-tickets")
    code, doc = run_json(capsys, "import", "tickets", str(tmp_path / "missing.csv"), "--project", str(project))
    assert code == 1 and doc["command"] == "import tickets" and doc["problems"]
    check(doc, "import-tickets")


def test_reply_eval_document_and_its_failure(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cases = project / "cases.yaml"
    cases.write_text("cases:\n"
                     "  - {message: 'i forgot my pasword', answer: how-do-i-reset-my-password}\n"
                     "  - {message: 'what will the weather be in Lisbon', answer: none}\n", "utf-8")
    code, doc = run_json(capsys, "reply", "--eval", str(cases), "--project", str(project))
    assert code == 0 and doc["ok"] is True and doc["command"] == "reply" and doc["eval"] is True
    check(doc, "reply-eval")
    assert doc["metrics"]["cases"] == 2 and [c["line"] for c in doc["cases"]] == [2, 3]
    assert doc["cases"][1]["expected"] == []
    cases.write_text("cases:\n  - {message: 'where is it', answer: no-such-faq}\n", "utf-8")
    code, doc = run_json(capsys, "reply", "--eval", str(cases), "--project", str(project))
    assert code == 1 and doc["ok"] is False
    check(doc, "reply-eval")
    assert doc["problems"][0]["message"] == "no FAQ or issue with id 'no-such-faq'"
    assert doc["problems"][0]["line"] == 2
