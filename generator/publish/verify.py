"""Is a file in the output folder exactly what the manifest says? (Reuse is verified.)

A file is reused only when its bytes hash to the manifest's sha256. Hashing every
asset of a no-op rebuild would cost a read of the whole folder, so the first check is
a **stat signature** recorded when the file was verified or committed: (size,
mtime_ns, inode) plus the hash it had. A file touched since (edited, replaced, left by
a killed build) has another signature, and is hashed again; one whose hash differs
is not reused, so it is rendered again.

The signatures live in ``<out>/.selfserve/signatures.json``: a cache, versioned and
checksummed. A damaged or foreign one is discarded (every file is then hashed once),
never trusted.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from generator.publish.atomic import write_atomic
from generator.publish.transaction import state_dir

SIGNATURES = "signatures.json"
VERSION = 1

Signature = tuple[int, int, int, str]  # size, mtime_ns, inode, sha256


def _stat(path: str) -> tuple[int, int, int] | None:
    try:
        st = os.stat(path, follow_symlinks=False)
    except OSError:
        return None
    import stat as _st

    if not _st.S_ISREG(st.st_mode):
        return None
    return st.st_size, st.st_mtime_ns, st.st_ino


def _hash(path: str) -> str | None:
    h = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    except OSError:
        return None
    return h.hexdigest()


class Verifier:
    """Checks files of one output folder against manifest hashes, remembering what it saw."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self._base = str(out)
        self.known: dict[str, Signature] = _load(out)
        self.seen: dict[str, Signature] = {}
        self.hashed = 0

    def matches(self, rel: str, sha256: str | None, size: int | None = None) -> bool:
        """Whether ``out/rel`` is a regular file whose bytes hash to ``sha256``."""
        if not sha256:
            return False
        path = os.path.join(self._base, rel)
        st = _stat(path)
        if st is None or (size is not None and st[0] != size):
            return False
        sig = self.known.get(rel)
        if sig is not None and sig[:3] == st and sig[3] == sha256:
            self.seen[rel] = sig
            return True
        self.hashed += 1
        digest = _hash(path)
        if digest is None:
            return False
        if _stat(path) == st:  # not changed while being read
            self.seen[rel] = (*st, digest)
        return digest == sha256

    def committed(self, rels: list[str], hashes: dict[str, str]) -> None:
        """Record the signatures of files a commit just moved in (their hash is known)."""
        for rel in rels:
            st = _stat(os.path.join(self._base, rel))
            if st is not None and rel in hashes:
                self.seen[rel] = (*st, hashes[rel])

    def save(self, keep: set[str]) -> None:
        """Write the signatures of the files in ``keep`` (a cache: failures are ignored)."""
        sigs = {rel: list(self.known[rel]) for rel in keep if rel in self.known}
        sigs.update({rel: list(sig) for rel, sig in self.seen.items() if rel in keep})
        body = json.dumps(sigs, sort_keys=True, separators=(",", ":"))
        doc = {"version": VERSION, "sha256": hashlib.sha256(body.encode()).hexdigest(), "files": body}
        try:
            write_atomic(state_dir(self.out) / SIGNATURES, json.dumps(doc).encode())
        except Exception:  # noqa: BLE001 - a cache that cannot be written is simply not kept
            pass


def _load(out: Path) -> dict[str, Signature]:
    try:
        doc = json.loads((state_dir(out) / SIGNATURES).read_text("utf-8"))
        body = doc["files"]
        if doc.get("version") != VERSION or hashlib.sha256(body.encode()).hexdigest() != doc["sha256"]:
            return {}
        raw = json.loads(body)
        return {str(k): (int(v[0]), int(v[1]), int(v[2]), str(v[3])) for k, v in raw.items()}
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return {}
