"""A build starts no compiler, linker or ldconfig, and runs where none is installed.

cffi's fallback for WeasyPrint's library names is ``ctypes.util.find_library``, which on
Linux runs ``ldconfig -p`` and ``gcc``: 87 process starts per build before the fix, and
a failure on machines without a toolchain. The build below makes both kinds that load
WeasyPrint (a guide and a LinkedIn document PDF) with a PATH holding no toolchain, and
an audit hook records every process the interpreter starts.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.render.pdfengine import find_library_without_toolchain

ROOT = Path(__file__).resolve().parents[2]
STARTER = ROOT / "generator" / "data" / "starter"

_AUDITED = """
import json, os, sys
started = []
def hook(event, args):
    if event in ("subprocess.Popen", "os.posix_spawn", "os.exec", "os.spawn", "os.system"):
        started.append(repr(args[0]) if args else event)
sys.addaudithook(hook)
from generator.cli import main
try:
    main(sys.argv[2:])
finally:
    with open(sys.argv[1], "w") as fh:
        json.dump(started, fh)
"""

TOOLCHAIN = ("gcc", "cc", "collect2", "ld", "ldconfig", "x86_64-linux-gnu-gcc", "objdump")


@pytest.mark.slow  # a guide build in a fresh interpreter under a tracer: seconds
def test_a_pdf_build_starts_no_toolchain_and_needs_none_on_path(tmp_path: Path) -> None:
    root = tmp_path / "proj"
    shutil.copytree(STARTER, root)
    # PATH with only what a build may use: the fontconfig tool that lists installed fonts.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fc_list = shutil.which("fc-list")
    assert fc_list
    (bin_dir / "fc-list").symlink_to(fc_list)
    for tool in ("gcc", "cc", "ld", "ldconfig"):
        assert not (bin_dir / tool).exists()
    env = {**os.environ, "PATH": str(bin_dir)}
    started: list[str] = []
    # Guides belong to no platform (a --platform build leaves them alone): two builds.
    for n, args in enumerate((["--kind", "guide"],
                              ["--kind", "carousel", "--platform", "linkedin-document"])):
        log = tmp_path / f"started-{n}.json"
        proc = subprocess.run([sys.executable, "-c", _AUDITED, str(log), "-q", "build", "--project",
                               str(root), "--jobs", "1", *args],
                              capture_output=True, text=True, timeout=300, env=env, cwd=ROOT)
        assert proc.returncode == 0, proc.stderr
        started += json.loads(log.read_text())
    manifest = json.loads((root / "output" / "manifest.json").read_text())
    paths = [e["path"] for e in manifest["assets"]] if isinstance(manifest, dict) else \
        [e["path"] for e in manifest]
    assert any(p.startswith("guides/") and p.endswith(".pdf") for p in paths), paths
    assert any(p.startswith("linkedin-document/") and p.endswith(".pdf") for p in paths), paths
    toolchain = [s for s in started if Path(s.strip("'\"b")).name in TOOLCHAIN]
    assert toolchain == [], started
    # What is left is fontconfig's font list, once per process at most.
    assert all("fc-list" in s for s in started), started


def test_the_lookup_finds_what_weasyprint_needs_by_its_linker_names() -> None:
    for name, soname in (("pango-1.0", "libpango-1.0.so.0"), ("gobject-2.0", "libgobject-2.0.so.0"),
                         ("harfbuzz", "libharfbuzz.so.0"), ("fontconfig", "libfontconfig.so.1")):
        assert find_library_without_toolchain(name) == soname
    assert find_library_without_toolchain("libpango-1.0-0") is None  # a Windows-style name
    assert find_library_without_toolchain("no-such-library-anywhere") is None
    assert find_library_without_toolchain("../etc/passwd") is None
