"""The command line: exit codes, messages, strict lint, init, schema, platforms."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from generator.cli import cli

ROOT = Path(__file__).resolve().parents[1]
STARTER = ROOT / "generator" / "data" / "starter"



def run(*args: str):  # noqa: ANN201
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_init_creates_a_valid_project(tmp_path: Path) -> None:
    r = run("init", str(tmp_path / "new"))
    assert r.exit_code == 0, r.output
    r = run("validate", "--project", str(tmp_path / "new"))
    assert r.exit_code == 0 and r.output.startswith("ok: 3 FAQs"), r.output
    assert run("init", str(tmp_path / "new")).exit_code == 1  # never overwrites


def test_validate_reports_every_problem_located(project: Path) -> None:
    (project / "content" / "faqs.yaml").write_text(
        "faqs:\n  - question: Hi\n    answr: x\n  - question: 7\n    answer: [a]\n    featured: maybe\n"
        "  - id: Bad Id\n    question: x\n    answer: y\n")
    r = run("validate", "--project", str(project))
    assert r.exit_code == 1
    lines = r.output.strip().splitlines()
    assert "content/faqs.yaml:3:5: faqs[0].answr: unknown field; did you mean 'answer'?" in lines
    assert "content/faqs.yaml:5:13: faqs[1].answer: expected text, found a list" in lines
    assert all(line.startswith("content/faqs.yaml:") for line in lines)
    assert "Traceback" not in r.output


def test_strict_build_passes_on_good_brand_and_fails_on_low_contrast(project: Path) -> None:
    out = project / "output"
    r = run("build", "--project", str(project), "--platform", "x", "--kind", "faq", "--strict")
    assert r.exit_code == 0, r.output
    assert json.loads((out / "report.json").read_text())["findings"] == []
    cfg = project / "selfserve.yaml"
    cfg.write_text(cfg.read_text().replace('text: "#1B1B1B"', 'text: "#C9C4BA"'))
    r = run("build", "--project", str(project), "--platform", "x", "--kind", "faq", "--strict")
    assert r.exit_code == 1
    assert "#C9C4BA has contrast" in r.output and "needs 4.5:1); try #" in r.output
    findings = json.loads((out / "report.json").read_text())["findings"]
    assert findings and all(f["code"] == "contrast" for f in findings)
    answer = [f for f in findings if f["layer"] == "answer"]
    assert len(answer) == 3  # one per FAQ
    assert all(f["color"] == "#C9C4BA" and f["suggestion"].startswith("#") for f in answer)


def test_unknown_platform_suggests(project: Path) -> None:
    r = run("build", "--project", str(project), "--platform", "instagram")
    assert r.exit_code == 1
    assert "unknown platform 'instagram'; did you mean" in r.output


def test_platforms_and_schema_print(project: Path) -> None:
    r = run("platforms", "--json")
    rows = json.loads(r.output)["platforms"]
    assert len(rows) >= 16 and {"instagram-square", "x", "youtube-thumbnail"} <= {p["name"] for p in rows}
    r = run("schema", "faqs")
    schema = json.loads(r.output)
    assert schema["properties"]["faqs"]["items"]["required"] == ["question", "answer"]


def test_project_defaults_to_the_nearest_folder_upward_holding_selfserve_yaml(
        project: Path, tmp_path: Path, monkeypatch) -> None:
    """Like git: run from content/ (or deeper), and the project above is the one built."""
    deep = project / "content" / "drafts"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    result = run("validate")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok: ")
    result = run("-q", "build", "--kind", "faq", "--platform", "x")
    assert result.exit_code == 0, result.output
    assert (project / "output" / "manifest.json").is_file()
    assert not (deep / "output").exists()
    # Nowhere above holds one: the loader's message names the folder it started from.
    lonely = tmp_path / "elsewhere" / "sub"
    lonely.mkdir(parents=True)
    monkeypatch.chdir(lonely)
    result = run("validate")
    assert result.exit_code == 1
    assert f"no selfserve.yaml in {lonely}" in result.output
