"""A machine that lacks something gives one line saying what to install, free or fix.

Missing Pango (WeasyPrint cannot load it), a font family that is not installed, a
damaged font file, a full disk and a read-only output folder are simulated: each
build exits 1 with a single stderr line and no traceback.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from generator.environment import missing_library_message
from generator.errors import SelfserveError
from tests.robustness.test_bad_corpus import run_cli

ROOT = Path(__file__).resolve().parents[2]
STARTER = ROOT / "generator" / "data" / "starter"
PANGO_MISSING = ("cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared object "
                 "file: No such file or directory")

# Runs `selfserve build` in a fresh interpreter in which `import weasyprint` fails the
# way it does on a machine without Pango (cffi's dlopen raising OSError).
_NO_PANGO = f"""
import sys
from importlib.abc import MetaPathFinder

class NoPango(MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "weasyprint" or name.startswith("weasyprint."):
            raise OSError({PANGO_MISSING!r})
        return None

sys.meta_path.insert(0, NoPango())
from generator.cli import main
main(sys.argv[1:])
"""


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    shutil.copytree(STARTER, root)
    return root


@pytest.mark.parametrize("kind", ["guide", "carousel"])
def test_missing_pango_is_one_line_naming_the_packages(project: Path, kind: str) -> None:
    """Guides and document PDFs both need WeasyPrint: either way one line names Pango's
    package (the guide kind words it itself; any other path goes through the CLI)."""
    proc = subprocess.run([sys.executable, "-c", _NO_PANGO, "-q", "build", "--project", str(project),
                           "--kind", kind, "--jobs", "1"],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert proc.returncode == 1, proc.stderr
    [line] = proc.stderr.splitlines()
    assert line.startswith("error: ") and "Traceback" not in proc.stderr, line
    assert PANGO_MISSING in line and "libpango-1.0-0" in line.split(PANGO_MISSING)[1], line


@pytest.mark.parametrize(("text", "packages"), [
    ("cannot load library 'libgobject-2.0-0': not found", "libglib2.0-0"),
    ("cannot load library 'libharfbuzz-subset.so.0': no such file", "libharfbuzz-subset0"),
    ("no library called \"cairo-2\" was found", "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"),
])
def test_library_load_failures_name_a_package(text: str, packages: str) -> None:
    message = missing_library_message(OSError(text))
    assert message is not None and message.endswith(f"apt-get install {packages}")


def test_other_errors_are_not_blamed_on_the_machine() -> None:
    assert missing_library_message(OSError("disk on fire")) is None
    assert missing_library_message(KeyError("x")) is None


def test_missing_font_family_names_the_package() -> None:
    from generator.render.text.fonts import font_chain

    with pytest.raises(SelfserveError) as err:
        font_chain("No Such Family Sans")
    assert err.value.format_message() == (
        "font family 'No Such Family Sans' is not installed; install fonts-noto-core "
        "(apt-get install fonts-noto-core) or name an installed family (fc-list : family)")


def test_damaged_font_file_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """fontconfig can still list a file that was truncated after fc-cache ran."""
    from generator.render.text import fonts

    broken = tmp_path / "Broken-Regular.ttf"
    broken.write_bytes(b"\x00\x01\x00\x00" + b"\x00" * 60)
    listed = fonts.installed_fonts() + (
        fonts._Installed(str(broken), 0, ("broken sans robustness",), 400, False, False),)
    monkeypatch.setattr(fonts, "installed_fonts", lambda: listed)
    with pytest.raises(SelfserveError) as err:
        fonts.font_for("Broken Sans Robustness", 400, 32)
    assert err.value.format_message().startswith(f"font file {broken} (Broken Sans Robustness) "
                                                 "cannot be read: ")
    assert "apt-get install --reinstall" in err.value.format_message()


@pytest.mark.parametrize(("where", "code", "expected"), [
    ("mkstemp", errno.ENOSPC, "no space left on the device while writing {path}; free some space "
                              "and build again (earlier outputs are intact)"),
    ("fsync", errno.ENOSPC, "no space left on the device while writing {path}; free some space "
                            "and build again (earlier outputs are intact)"),
    ("mkstemp", errno.EROFS, "cannot write {path}: the folder is read-only or not yours; choose "
                             "another --out or fix its permissions"),
    ("mkstemp", errno.EACCES, "cannot write {path}: the folder is read-only or not yours; choose "
                              "another --out or fix its permissions"),
])
def test_full_disk_and_read_only_output_are_one_line(project: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str], where: str,
                                                     code: int, expected: str) -> None:
    def fail(*_a: object, **_k: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(tempfile if where == "mkstemp" else os, where, fail)
    status, _out, err = run_cli(["-q", "build", "--project", str(project), "--kind", "faq",
                                 "--platform", "x", "--jobs", "1"], capsys)
    assert status == 1
    lines = err.splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    first = (project / "output" / "x" / "faq").resolve()
    assert lines[0].startswith("error: ") and str(first) in lines[0], lines[0]
    path = lines[0].split("writing " if code == errno.ENOSPC else "cannot write ")[1].split(":")[0]
    path = path.split(";")[0]
    assert lines[0] == "error: " + expected.format(path=path)
