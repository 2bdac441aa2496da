"""The pre-commit config: it parses, names ruff, ruff format and mypy, and needs no network.

Every hook is local and runs the locked tool from .venv with its settings from
pyproject.toml; the lists those settings hold (files mypy checks, files not yet in
ruff's format) name files that exist, so a moved module is not silently dropped.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _hooks() -> dict[str, dict]:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text("utf-8"))
    assert [r["repo"] for r in config["repos"]] == ["local"]  # nothing to clone from the network
    return {h["id"]: h for r in config["repos"] for h in r["hooks"]}


def test_config_names_ruff_ruff_format_and_mypy_from_the_venv() -> None:
    hooks = _hooks()
    assert list(hooks) == ["ruff", "ruff-format", "mypy"]
    for hook in hooks.values():
        assert hook["language"] == "system"
        tool = hook["entry"].split()[0]
        assert tool.startswith(".venv/bin/")
        if (ROOT / ".venv").is_dir():  # made by sh .ci/install; the locked tool is in it
            assert (ROOT / tool).is_file(), tool
    assert hooks["ruff"]["entry"].split()[:2] == [".venv/bin/ruff", "check"]
    # The format hook reports; it never rewrites a file under the committer's feet.
    assert hooks["ruff-format"]["entry"].split()[:3] == [".venv/bin/ruff", "format", "--check"]
    # Both ruff hooks honour pyproject's exclusions also for the files pre-commit passes.
    assert all("--force-exclude" in hooks[h]["entry"].split() for h in ("ruff", "ruff-format"))
    assert hooks["mypy"]["entry"] == ".venv/bin/mypy" and hooks["mypy"]["pass_filenames"] is False


def test_the_settings_the_hooks_read_name_existing_files() -> None:
    tool = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]
    # The hook checks the packages [tool.mypy] names, strictly where an override lists the
    # strict flags (tests/test_types.py checks the flags themselves).
    mypy = tool["mypy"]
    strict = [m for o in mypy["overrides"] if o.get("disallow_untyped_defs") for m in o["module"]]
    assert strict, "[tool.mypy] has no strictly checked packages"
    named = [*mypy["packages"], *(m.removesuffix(".*") for m in strict)]
    missing = [m for m in named if not (ROOT / m.replace(".", "/")).is_dir()]
    assert not missing, f"[tool.mypy] names packages that do not exist: {missing}"
    excluded = tool["ruff"]["format"]["exclude"]
    assert excluded == sorted(set(excluded))
    gone = [p for p in excluded if not (ROOT / p).is_file()]
    assert not gone, f"[tool.ruff.format] exclude names files that do not exist (moved?): {gone}"
