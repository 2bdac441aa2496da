"""WeasyPrint, imported the one way selfserve allows: without a compiler, with fixed timestamps.

Import this module instead of ``weasyprint`` (``from generator.render.pdfengine import
weasyprint``). Two things happen first, once per process:

* **No toolchain at run time.** WeasyPrint loads Pango, GObject, HarfBuzz and
  fontconfig through cffi, trying several names per library ("libpango-1.0-0",
  "pango-1.0-0", "pango-1.0", "libpango-1.0.so.0", ...). For each name that is not a
  loadable file, cffi asks ``ctypes.util.find_library``, which on Linux runs
  ``ldconfig -p``, then ``gcc`` (collect2, ld) to ask the linker: 87 process starts per
  build, and an import failure on machines without a compiler. While WeasyPrint is
  imported, ``find_library`` is replaced by a look-up in the linker's own search
  directories that starts no process; the sonames WeasyPrint also tries are found by
  ``dlopen`` itself. macOS and Windows keep their own ``find_library``, which starts
  no compiler.
* **Page references looked up once.** pydyf's ``PDF.page_references`` builds a tuple
  of every page's reference each time it is read, and WeasyPrint reads it for every
  tagged element and link (PDF/UA): 17,949 reads of a 134-page tuple for the 800-FAQ
  guide, 0.5 s of its 12 s. The same tuple is kept until a page is added.
* **Timestamps from the inputs, not the clock.** WeasyPrint subsets fonts with
  fontTools, which stamps the subset's ``head.modified`` with the current time unless
  ``SOURCE_DATE_EPOCH`` is set (reproducible-builds.org): a guide with emoji differed on
  every build. A build sets it to the value the user gave (a CI may pass its commit
  time), else to :data:`FIXED_EPOCH`, so the same inputs give the same bytes.
"""

from __future__ import annotations

import ctypes.util
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.environment import FIXED_EPOCH, fix_timestamps


def _library_dirs() -> list[str]:
    """The directories the dynamic linker searches, in its order (ld.so(8)):
    LD_LIBRARY_PATH, then /etc/ld.so.conf (with its includes), then the defaults."""
    dirs = [d for d in os.environ.get("LD_LIBRARY_PATH", "").split(":") if d]

    def read_conf(path: Path, depth: int = 0) -> None:
        try:
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return
        for line in lines:
            line = line.split("#", 1)[0].strip()
            if line.startswith("include ") and depth < 4:
                pattern = line.split(None, 1)[1]
                base = Path(pattern).parent if pattern.startswith("/") else path.parent
                for inc in sorted(base.glob(Path(pattern).name)):
                    read_conf(inc, depth + 1)
            elif line.startswith("/"):
                dirs.append(line)

    read_conf(Path("/etc/ld.so.conf"))
    machine = os.uname().machine
    multiarch = {"x86_64": "x86_64-linux-gnu", "aarch64": "aarch64-linux-gnu",
                 "armv7l": "arm-linux-gnueabihf", "i686": "i386-linux-gnu"}.get(machine, "")
    for base in ("/lib", "/usr/lib", "/lib64", "/usr/lib64", "/usr/local/lib"):
        if multiarch:
            dirs.append(f"{base}/{multiarch}")
        dirs.append(base)
    return list(dict.fromkeys(dirs))


def find_library_without_toolchain(name: str) -> str | None:
    """``ctypes.util.find_library`` for Linux that starts no process: the soname of
    ``lib<name>.so.<N>`` in the linker's directories (the highest N), else None."""
    if not name or "/" in name:
        return None
    wanted = re.compile(rf"^lib{re.escape(name)}\.so(\.[0-9][0-9.]*)?$")
    for d in _library_dirs():
        try:
            found = [f for f in os.listdir(d) if wanted.match(f)]
        except OSError:
            continue
        if found:
            def version(f: str) -> tuple[int, ...]:
                return tuple(int(p) for p in f.split(".so", 1)[1].strip(".").split(".") if p)

            return max(found, key=lambda f: (version(f) != (), len(version(f)) == 1, version(f)))
    return None


@contextmanager
def _no_toolchain() -> Iterator[None]:
    if not sys.platform.startswith("linux"):
        yield
        return
    saved = ctypes.util.find_library
    ctypes.util.find_library = find_library_without_toolchain
    try:
        yield
    finally:
        ctypes.util.find_library = saved


def _page_references(pdf) -> tuple[bytes, ...]:  # noqa: ANN001 - a pydyf.PDF
    """``pdf.page_references``, rebuilt only when its page list has grown (pydyf adds
    pages by appending three items to ``Kids``; nothing else changes that list)."""
    kids = pdf.pages["Kids"]
    cached = pdf.__dict__.get("_selfserve_page_refs")
    if cached is None or cached[0] != len(kids):
        cached = (len(kids), tuple(f"{number} 0 R".encode("ascii") for number in kids[::3]))
        pdf.__dict__["_selfserve_page_refs"] = cached
    return cached[1]  # type: ignore[no-any-return]


fix_timestamps()
with _no_toolchain():
    import weasyprint  # noqa: E402 - must run inside the look-up above
    import weasyprint.urls  # noqa: E402,F401
import pydyf  # noqa: E402 - WeasyPrint's PDF writer, imported by it above

if isinstance(getattr(pydyf.PDF, "page_references", None), property):
    pydyf.PDF.page_references = property(_page_references)  # type: ignore[assignment]

__all__ = ["FIXED_EPOCH", "find_library_without_toolchain", "fix_timestamps", "weasyprint"]
