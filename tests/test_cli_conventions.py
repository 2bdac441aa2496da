"""CLI conventions a CI job and a terminal user expect: global options anywhere, environment
variables, no animation in CI or pipes, colour only on a terminal and never with NO_COLOR."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import terminal
from generator.cli import cli
from generator.errors import Problem, SelfserveError


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def run(*args: str, env: dict[str, str] | None = None):  # noqa: ANN201
    return CliRunner().invoke(cli, list(args), catch_exceptions=False, env=env)


def test_global_options_after_the_command(project: Path) -> None:
    loud = run("validate", "--project", str(project))
    assert loud.exit_code == 0 and loud.output.startswith("ok: 3 FAQs")
    for args in (("validate", "--project", str(project), "-q"), ("-q", "validate", "--project", str(project)),
                 ("validate", "--quiet", "--project", str(project))):
        r = run(*args)
        assert r.exit_code == 0 and r.output == "", (args, r.output)
    r = run("build", "--project", str(project), "--platform", "x", "--kind", "faq", "-q")
    assert r.exit_code == 0 and r.output == ""
    r = run("build", "--project", str(project), "--platform", "x", "--kind", "faq", "--force", "-v")
    assert r.exit_code == 0 and "[3/3]" in r.output  # verbose: every file written


def test_environment_variables(project: Path, tmp_path: Path) -> None:
    r = run("validate", env={"SELFSERVE_PROJECT": str(project)})
    assert r.exit_code == 0 and r.output.startswith("ok: 3 FAQs"), r.output
    out = tmp_path / "elsewhere"
    r = run("build", "--platform", "x", "--kind", "faq", "-q",
            env={"SELFSERVE_PROJECT": str(project), "SELFSERVE_OUT": str(out), "SELFSERVE_JOBS": "1"})
    assert r.exit_code == 0, r.output
    assert (out / "manifest.json").is_file() and not (project / "output").exists()
    r = run("build", "--platform", "x", env={"SELFSERVE_PROJECT": str(project), "SELFSERVE_JOBS": "many"})
    assert r.exit_code == 2 and "'many' is not a valid integer" in r.output
    # An option on the command line wins over the variable.
    r = run("validate", "--project", str(project), env={"SELFSERVE_PROJECT": str(tmp_path / "none")})
    assert r.exit_code == 0


@pytest.mark.parametrize(("ci", "out_tty", "err_tty", "expected"), [
    (None, True, True, True), ("true", True, True, False), ("1", True, True, False),
    ("false", True, True, True), (None, False, True, False), (None, True, False, False),
])
def test_animation_only_for_a_person_at_a_terminal(monkeypatch: pytest.MonkeyPatch, ci: str | None,
                                                   out_tty: bool, err_tty: bool, expected: bool) -> None:
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    monkeypatch.setattr(sys, "stdout", FakeTTY() if out_tty else io.StringIO())
    monkeypatch.setattr(sys, "stderr", FakeTTY() if err_tty else io.StringIO())
    assert terminal.may_animate() is expected


def test_colour_on_a_terminal_unless_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    err = SelfserveError(Problem("content/faqs.yaml", "expected text", 3, 5, "faqs[0].answer"))
    tty = FakeTTY()
    err.show(tty)
    assert tty.getvalue() == "\x1b[31mcontent/faqs.yaml:3:5: faqs[0].answer: expected text\x1b[0m\n"
    pipe = io.StringIO()
    err.show(pipe)
    assert pipe.getvalue() == "content/faqs.yaml:3:5: faqs[0].answer: expected text\n"
    monkeypatch.setenv("NO_COLOR", "1")
    tty = FakeTTY()
    err.show(tty)
    assert "\x1b[" not in tty.getvalue()
    monkeypatch.setenv("NO_COLOR", "")  # empty means unset (no-color.org)
    assert terminal.use_color(FakeTTY())
    monkeypatch.setenv("TERM", "dumb")
    assert not terminal.use_color(FakeTTY())
