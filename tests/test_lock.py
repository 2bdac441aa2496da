"""requirements.lock agrees with pyproject.toml: every declared range has a locked,
hash-checked version inside it, so `.ci/install` installs what the project declares."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements.lock"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[([A-Za-z0-9,._-]+)\])?==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")


def locked() -> dict[str, list[tuple[Version, Marker | None, int]]]:
    """name -> [(version, marker, number of hashes)] from the lock's requirement blocks."""
    pins: dict[str, list[tuple[Version, Marker | None, int]]] = {}
    current: list[tuple[Version, Marker | None, int]] | None = None
    name = ""
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        m = PIN.match(line)
        if m:
            name = canonicalize_name(m.group(1))
            current = pins.setdefault(name, [])
            current.append((Version(m.group(3)), Marker(m.group(4)) if m.group(4) else None, 0))
        elif line.strip().startswith("--hash=sha256:") and current:
            version, marker, hashes = current[-1]
            current[-1] = (version, marker, hashes + 1)
        elif line and not line.startswith((" ", "#")):
            raise AssertionError(f"requirements.lock: unexpected line {line!r}")
    return pins


def declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    reqs = [Requirement(r) for r in project["dependencies"]]
    reqs += [Requirement(r) for r in project["optional-dependencies"]["test"]]
    build = [line.split("#")[0].strip() for line in (ROOT / "tools/lock-build.in").read_text().splitlines()]
    reqs += [Requirement(r) for r in build if r]
    return reqs


def test_every_declared_dependency_is_locked_inside_its_range_with_hashes():
    pins = locked()
    problems = []
    for req in declared():
        entries = [(v, m, n) for v, m, n in pins.get(canonicalize_name(req.name), [])
                   if m is None or m.evaluate()]
        if not entries:
            problems.append(f"{req.name}: in pyproject.toml but not in requirements.lock")
            continue
        for version, _marker, hashes in entries:
            if version not in req.specifier:
                problems.append(f"{req.name}: locked {version} is outside pyproject's '{req.specifier}'")
            if hashes == 0:
                problems.append(f"{req.name}: locked without a --hash")
    assert not problems, "run: sh tools/update-lock.sh\n" + "\n".join(problems)


def test_lock_pins_every_package_exactly_with_hashes():
    pins = locked()
    assert len(pins) > 40  # the whole tree, not only the direct dependencies
    unhashed = [name for name, entries in pins.items() for _v, _m, n in entries if n == 0]
    assert not unhashed
    # pip's hash-checking mode refuses anything not in the file: the editable install of
    # selfserve itself is the only thing installed without it, with --no-deps.
    install = (ROOT / ".ci/install").read_text()
    assert "--require-hashes -r requirements.lock" in install
    assert "--no-deps --no-build-isolation -e ." in install


def test_installed_versions_are_the_locked_ones():
    """The environment running the tests was built from the lock (README's commands)."""
    from importlib.metadata import PackageNotFoundError, version

    wrong = []
    for name, entries in locked().items():
        for locked_version, marker, _n in entries:
            if marker is not None and not marker.evaluate():
                continue
            try:
                have = Version(version(name))
            except PackageNotFoundError:
                wrong.append(f"{name}: not installed (locked {locked_version})")
                continue
            if have != locked_version:
                wrong.append(f"{name}: {have} installed, {locked_version} locked")
    assert not wrong, "reinstall with: sh .ci/install\n" + "\n".join(wrong)


def test_every_extra_a_locked_package_asks_for_is_pinned_with_it():
    """pip's hash mode (23.2, the venv's) takes 'fonttools[woff]>=4.59' from WeasyPrint as
    its own requirement: a lock line 'fonttools==4.68.0' does not pin it, and the day PyPI
    published fonttools 4.69.1 every fresh install failed ('all requirements must have
    their versions pinned with =='). The line must carry the extra."""
    from importlib.metadata import distributions

    from packaging.markers import default_environment

    pinned: dict[str, set[str]] = {}
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        m = PIN.match(line)
        if m:
            extras = {canonicalize_name(e) for e in (m.group(2) or "").split(",") if e}
            pinned.setdefault(canonicalize_name(m.group(1)), set()).update(extras)
    env = dict(default_environment())
    missing = []
    for dist in distributions():
        if canonicalize_name(dist.metadata["Name"]) not in pinned:
            continue
        for text in dist.requires or []:
            req = Requirement(text)
            if not req.extras or (req.marker and not req.marker.evaluate({**env, "extra": ""})):
                continue
            name = canonicalize_name(req.name)
            lacking = {canonicalize_name(e) for e in req.extras} - pinned.get(name, set())
            if lacking:
                missing.append(f"{dist.metadata['Name']} asks for {text!r}: the lock pins "
                               f"{req.name} without [{','.join(sorted(lacking))}]")
    assert not missing, "write the extra on the lock's line (tools/update-lock.sh)\n" + "\n".join(missing)
