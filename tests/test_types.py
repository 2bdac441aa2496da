"""Type checks in the test run: mypy over generator/ with pyproject.toml's ``[tool.mypy]``.

The pipeline's data stages (load, plan, publish, i18n, schedule) are checked strictly:
what they hand to the next stage has a precise type, so a stage cannot be given a dict of
unknown shape without mypy saying so. The rest of the package gets mypy's default checks.

mypy runs in-process (``mypy.api.run``) with its cache in pytest's temporary folder, so
a clean checkout needs nothing prepared and nothing is written into the repository.
Measured on the 2-core CI machine (2026-12-02, 171 modules): 6.5 s from a cold cache on an
idle machine (11 s with other jobs running), 0.2 s warm; cold is what every run pays, and
it fits the fast lane.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from mypy import api, config_parser
from mypy.main import process_options
from mypy.options import PER_MODULE_OPTIONS, Options

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "pyproject.toml"
STRICT_PACKAGES = (
    "generator.load",
    "generator.plan",
    "generator.publish",
    "generator.i18n",
    "generator.schedule",
)


@pytest.mark.slow  # ~7 s cold; the pre-commit hook runs the same check on every commit
def test_package_type_checks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """mypy over generator/, run from the repository root so ``generator`` is found as
    source and paths in messages are relative."""
    monkeypatch.chdir(ROOT)
    out, err, status = api.run(
        [
            "--config-file",
            str(CONFIG),
            "--cache-dir",
            str(tmp_path / "mypy"),
            "--no-color-output",
            "--show-error-codes",
            "-p",
            "generator",
        ]
    )
    errors = [line for line in out.splitlines() if ": error:" in line]
    assert status == 0 and not errors and not err.strip(), (
        f"mypy found {len(errors)} error(s) (exit {status}):\n" + "\n".join(errors[:40]) + err
    )
    # Nothing else either: an override section that matches no module is a note here.
    assert out.splitlines() == [out.splitlines()[-1]], out
    assert out.startswith("Success: no issues found in "), out


def _strict_flags() -> dict[str, object]:
    """The per-module options ``--strict`` turns on, with their strict values, as mypy
    itself computes them (so a new strict flag in a later mypy shows up here)."""
    _, plain = process_options(["--config-file", os.devnull, "-c", "pass"])
    _, strict = process_options(["--config-file", os.devnull, "--strict", "-c", "pass"])
    return {
        k: getattr(strict, k)
        for k in sorted(PER_MODULE_OPTIONS)
        if getattr(plain, k, None) != getattr(strict, k, None)
    }


def _configured() -> Options:
    options = Options()
    config_parser.parse_config_file(options, lambda: None, str(CONFIG), os.devnull, os.devnull)
    return options


def test_strict_flags_cover_the_stages_and_nothing_else() -> None:
    """``strict = true`` inside an override section switches strict mode on for every module
    (mypy 2.4), so pyproject spells out the flags: every one ``--strict`` sets must hold in
    each strict stage, down to its sub-packages, and none may leak into the other packages."""
    flags = _strict_flags()
    assert {"disallow_untyped_defs", "disallow_any_generics", "warn_return_any"} <= set(flags)
    options = _configured()
    for module in (
        *STRICT_PACKAGES,
        "generator.load.design.loader",
        "generator.load.sources.xlsx",
        "generator.plan.jobs",
        "generator.publish.manifest",
        "generator.i18n.localefmt",
        "generator.schedule.week",
    ):
        got = options.clone_for_module(module)
        assert {k: getattr(got, k) for k in flags} == flags, module
    for module in ("generator.render.text.fonts", "generator.kinds.faq", "generator.cli"):
        got = options.clone_for_module(module)
        assert got.disallow_untyped_defs is False and got.warn_return_any is False, module
        assert got.ignore_missing_imports is False, module


def test_untyped_libraries_are_named_one_by_one() -> None:
    """Missing stubs are allowed per library, never globally: an unknown import is an error."""
    options = _configured()
    assert options.ignore_missing_imports is False
    assert options.clone_for_module("snowballstemmer").ignore_missing_imports is True
    assert options.clone_for_module("some_new_library").ignore_missing_imports is False
