"""The one user-facing error type, and the located problems it carries.

Anything a user can fix (content, config, designs, environment) is raised as a
:class:`SelfserveError` holding one or more :class:`Problem` lines. The CLI prints
each line once, exits with status 1 and shows a traceback only with ``--debug``.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Iterable, Literal

import click

from generator.terminal import paint

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One located finding: ``file:line:col: field.path: message``.

    ``line`` and ``col`` are 1-based; either may be ``None`` when the problem is
    about a whole file. ``path`` is the field path inside the file, such as
    ``faqs[3].answer`` (empty for file-level problems).
    """

    file: str
    message: str
    line: int | None = None
    col: int | None = None
    path: str = ""
    severity: Severity = "error"

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.col is not None:
                where += f":{self.col}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"

    def as_json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.col,
            "path": self.path,
            "message": self.message,
            "severity": self.severity,
        }


class SelfserveError(click.ClickException):
    """A problem the user can fix. Printed without a traceback, exit status 1."""

    exit_code = 1

    def __init__(self, problems: str | Problem | Iterable[Problem]):
        if isinstance(problems, str):
            self.problems: tuple[Problem, ...] = ()
            text = problems
        else:
            if isinstance(problems, Problem):
                problems = [problems]
            self.problems = tuple(problems)
            text = "\n".join(str(p) for p in self.problems)
        super().__init__(text)

    def show(self, file=None) -> None:  # noqa: ANN001 - click's signature

        stream = file or sys.stderr
        if self.problems:
            for problem in self.problems:
                click.echo(paint(str(problem), problem.severity, stream), file=stream)
        else:
            click.echo(paint(f"error: {self.format_message()}", "error", stream), file=stream)
