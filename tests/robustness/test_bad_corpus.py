"""The golden bad-input corpus: every case under tests/data/bad/ gives its exact message.

A case is one input file (or a small folder of files) beside ``<case>.expected``;
adding a case is adding two files (see tests/data/bad/README.md). Each case is
dropped into a copy of the starter project that has already been built once, then
``selfserve build`` runs through the real command-line entry point. The test asserts
the exit status, the exact stderr lines (file:line:col: field.path: message), that
no traceback or internal error was printed and, for a failed build, that every
earlier output file is byte-identical.

Time is bounded by the loader's limits (bytes, list items, values, pixels), not by
a timer here: bench/bench_bad_input.py prints how long each case takes.
"""

from __future__ import annotations

import hashlib
import lzma
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.cli import main
from tests.conftest import copy_built, fast_sample
from tests.entrypoint import run_cli

ROOT = Path(__file__).resolve().parents[2]
STARTER = ROOT / "generator" / "data" / "starter"
CORPUS = ROOT / "tests" / "data" / "bad"

#: Corpus folder -> where its files are dropped in the project.
TARGETS = {
    "faqs": "content/faqs.yaml",
    "issues": "content/issues.yaml",
    "stats": "content/stats.yaml",
    "config": "selfserve.yaml",
    "design": "templates/faq.yaml",
}


@dataclass(frozen=True)
class Case:
    name: str  # e.g. faqs/unclosed-quote
    source: Path  # the input file, or a folder overlaid on the project
    exit: int
    args: tuple[str, ...]
    lines: tuple[str, ...]


def _expected(path: Path) -> tuple[int, tuple[str, ...], tuple[str, ...]]:
    """``# exit N`` and optional ``# args ...`` header lines, then the stderr lines."""
    status, args, lines = 1, (), []
    for line in path.read_text("utf-8").splitlines():
        if line.startswith("# exit "):
            status = int(line.split()[2])
        elif line.startswith("# args "):
            args = tuple(line.split()[2:])
        elif line.strip():
            lines.append(line)
    return status, args, tuple(lines)


def _cases() -> list[Case]:
    out = []
    for expected in sorted(CORPUS.glob("*/*.expected")):
        stem = expected.name[: -len(".expected")]
        found = [p for p in expected.parent.iterdir()
                 if p != expected and (p.name == stem or p.name.startswith(stem + "."))
                 and not p.name.endswith(".expected")]
        assert len(found) == 1, f"{expected}: expected one input named {stem}[.ext], found {found}"
        status, args, lines = _expected(expected)
        out.append(Case(f"{expected.parent.name}/{stem}", found[0], status, args, lines))
    return out


CASES = _cases()


def _place(src: Path, dest: Path) -> None:
    """Copy one corpus input to ``dest``: ``.xz`` is unpacked, ``.symlink`` becomes a
    symbolic link to the path it holds (so the repository stores no link to /etc)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    if dest.is_symlink() or dest.exists():
        dest.unlink()
    if src.name.endswith(".symlink"):
        dest.symlink_to(src.read_text("utf-8").strip())
    elif src.name.endswith(".xz"):
        dest.write_bytes(lzma.decompress(src.read_bytes()))
    else:
        shutil.copyfile(src, dest)


def _install(case: Case, root: Path) -> None:
    kind = case.source.parent.name
    if kind == "project":
        for f in sorted(case.source.rglob("*")):
            if f.is_file():
                rel = f.relative_to(case.source).as_posix()
                for suffix in (".symlink", ".xz"):
                    rel = rel.removesuffix(suffix)
                _place(f, root / rel)
    else:
        _place(case.source, root / TARGETS[kind])


def _hashes(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The starter project, built once; each case starts from a copy of it."""
    root = tmp_path_factory.mktemp("built") / "proj"
    shutil.copytree(STARTER, root)
    try:
        main(["-q", "build", "--project", str(root)])
    except SystemExit as exc:
        assert exc.code in (0, None), "the starter project must build"
    return root


def test_corpus_is_not_empty() -> None:
    assert len(CASES) >= 60
    assert {c.source.parent.name for c in CASES} == set(TARGETS) | {"project"}


FAST = fast_sample([c.name for c in CASES])


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name, marks=[] if c.name in FAST else [pytest.mark.slow])
                                  for c in CASES])
def test_bad_input_gives_exact_message(case: Case, built: Path, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "proj"
    copy_built(built, root)
    before = _hashes(root / "output")
    _install(case, root)
    code, _out, err = run_cli(["-q", "build", "--project", str(root), *case.args], capsys)
    assert "Traceback" not in err and "internal error" not in err, err
    got = [ln for ln in err.splitlines() if ln.strip()]
    assert code == case.exit, err
    if case.exit == 0:
        missing = [ln for ln in case.lines if ln not in got]
        assert not missing, f"expected warnings not printed: {missing}\nstderr:\n{err}"
    else:
        assert got == list(case.lines)
        assert _hashes(root / "output") == before, "a failed build changed earlier outputs"
