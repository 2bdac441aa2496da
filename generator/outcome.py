"""The one JSON document a command prints with ``--json``, on success and on failure.

A CI job runs ``selfserve build --json > build.json || { cat build.json; exit 1; }``:
that only works when stdout holds exactly one JSON document whatever happened. Commands
print their success document with :func:`emit`; every failure (a located content
problem, a bad option, a bug) reaches ``cli.main`` and is printed by
:func:`failure_document` in the same shape: ``{"ok": false, "command": ..., "problems":
[{file, line, column, path, message, severity}]}``. The schemas of both shapes live in
``docs/schemas/<command>.schema.json`` and tests check every document against them.
"""

from __future__ import annotations

import json
from typing import Any

import click

from generator.errors import Problem, SelfserveError

#: The global options (flags, none takes a value), skipped when naming the command.
_GLOBAL_FLAGS = frozenset({"-q", "--quiet", "-v", "--verbose", "--debug"})


def wants_json(args: list[str]) -> bool:
    """True when ``--json`` was asked for (before a ``--`` that ends the options)."""
    for a in args:
        if a == "--":
            return False
        if a == "--json":
            return True
    return False


def command_name(group: click.Group, args: list[str]) -> str:
    """The command the arguments name, sub-commands joined by a space ("import tickets").

    Read from the argument list rather than click's context so that a usage error (an
    unknown option, say) that fails before any context exists still names its command.
    """
    words: list[str] = []
    node: click.Command = group
    for a in args:
        if a in _GLOBAL_FLAGS or a.startswith("-"):
            continue
        if not isinstance(node, click.Group) or a not in node.commands:
            break
        node = node.commands[a]
        words.append(a)
    return " ".join(words)


def emit(command: str, doc: dict[str, Any], *, ok: bool = True) -> None:
    """Print a command's JSON document on stdout with its ``ok`` and ``command`` fields."""
    body = {"ok": ok, "command": command, **{k: v for k, v in doc.items() if k not in ("ok", "command")}}
    click.echo(json.dumps(body, indent=2, ensure_ascii=False))


def problems_of(exc: BaseException) -> list[dict[str, Any]]:
    """The located problems an exception carries, or one unlocated problem with its text."""

    if isinstance(exc, SelfserveError) and exc.problems:
        return [p.as_json() for p in exc.problems]
    if isinstance(exc, click.ClickException):
        text = exc.format_message()
    else:
        text = str(exc) or type(exc).__name__
    return [Problem(file="", message=text).as_json() | {"file": None}]


def failure_document(command: str, exc: BaseException, *, message: str | None = None,
                     internal: bool = False) -> dict[str, Any]:
    """The document printed on stdout when ``command --json`` fails with ``exc``."""
    problems = problems_of(exc)
    if message is not None:
        problems = [Problem(file="", message=message).as_json() | {"file": None}]
    return {"ok": False, "command": command, "internal_error": internal, "problems": problems}


def print_failure(command: str, exc: BaseException, *, message: str | None = None,
                  internal: bool = False) -> None:
    click.echo(json.dumps(failure_document(command, exc, message=message, internal=internal),
                          indent=2, ensure_ascii=False))
