"""The gallery's thumbnails: one small JPEG (WebP when the image has transparency) per
image asset, in ``output/gallery/thumbs/``.

Why: a gallery that shows the rendered files themselves downloads 100-300 KB per card
(the sample's 2,327 images are 285 MB); a thumbnail about 360 px wide is 15-30 KB, so the
first screen of any project stays well under 2 MB.

In: the manifest entries and the writer of the build. Out: for each image's path, the
thumbnail's path (relative to the output folder). A thumbnail is named by its asset's
sha256 (which the manifest already holds) and :data:`SPEC`, so an unchanged asset finds
its thumbnail by name: it is neither decoded nor re-hashed, only its size is compared with
the listing ``gallery/thumbs.json``. The listing is rewritten only when the set of
thumbnails changes, and the ones no entry needs any more are removed through the same
writer (so a build's transaction adds and removes them with the build). Bytes depend only on
the asset's bytes and Pillow's encoders: the same inputs give the same files.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.publish.entry import ManifestEntry
from generator.publish.transaction import Writer

if TYPE_CHECKING:
    from PIL import Image

FOLDER = "gallery/thumbs"
LISTING = "gallery/thumbs.json"
#: What the bytes of a thumbnail depend on besides its asset: change it with the recipe.
SPEC = "t1-360-q80"
#: Assets drawn small: 1080 px wide posts become 360 px (a gallery column is 250-300 px).
TARGET_WIDTH = 360
JPEG_QUALITY = 80
WEBP_QUALITY = 75
#: Formats thumbnailed; a GIF keeps its own file (its animation is what is reviewed).
THUMBED = ("png", "jpeg", "webp")


#: Thumbnails already made by the render workers, by name: ``{name: (bytes, extension)}``.
Made = Mapping[str, tuple[bytes, str]]


def _name(sha256: str) -> str:
    return f"{sha256}-{SPEC}"


def thumbnail_name(data: bytes) -> str:
    """The name of the thumbnail of an image file with these bytes."""
    return _name(hashlib.sha256(data).hexdigest())


def listed_names(out: Path) -> frozenset[str]:
    """The thumbnails the last build listed (with this spec): what workers need not make."""
    return frozenset(_read_listing(out / LISTING))


def _thumb_size(width: int, height: int) -> tuple[int, int]:
    """A thumbnail's size: the asset's divided by a whole factor, rounded up."""
    factor = max(1, width // TARGET_WIDTH)
    return -(-width // factor), -(-height // factor)


def _small(im: Image.Image, size: tuple[int, int] | None = None) -> tuple[Image.Image, bool]:
    """A loaded image at thumbnail ``size`` (of its own size unless a JPEG's draft already
    shrank it), and whether it has alpha."""
    from PIL import Image

    size = size or _thumb_size(im.width, im.height)
    alpha = im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info)
    small = im if im.mode in ("RGB", "RGBA") else im.convert("RGBA" if alpha else "RGB")
    if small.size != size:
        k = max(1, round(small.width / size[0]))  # what is left after a JPEG's draft
        exact = (-(-small.width // k), -(-small.height // k)) == size
        small = small.reduce(k) if exact else small.resize(size, Image.Resampling.BOX)
    return small, alpha


def reduced_png(pixels: Image.Image) -> Image.Image:
    """What :func:`make_thumbnail` reduces a PNG of these RGB ``pixels`` to, without the PNG
    (encode.watching_png hands over the very pixels the file holds): the same thumbnail bytes."""
    assert pixels.mode == "RGB", pixels.mode
    return _small(pixels)[0]


class PngSources:
    """The PNGs this process encodes while watching (render.encode.watching_png), kept
    reduced to thumbnail size by their bytes until :meth:`take` n, so a thumbnail need not
    decode the file it is made of. One per job: nothing outlives it."""

    def __init__(self) -> None:
        self._seen: dict[int, tuple[bytes, Image.Image]] = {}

    def __call__(self, data: bytes, pixels: Image.Image) -> None:
        self._seen[id(data)] = (data, reduced_png(pixels))

    def take(self, data: bytes) -> Image.Image | None:
        """The reduced image of these very bytes (the same object), or None."""
        hit = self._seen.pop(id(data), None)
        return hit[1] if hit is not None and hit[0] is data else None


def make_thumbnail(data: bytes, reduced: Image.Image | None = None) -> tuple[bytes, str]:
    """The thumbnail of an image file's bytes and its extension (``jpg`` or ``webp``).

    The size is the asset's divided by a whole factor, averaging each factor x factor
    block (``reduce``: every source pixel counts once, which keeps thin text legible, and
    it costs a quarter of a resampling filter), so it is exact and repeatable; a JPEG is
    decoded at reduced scale (``draft``) first, which skips most of its decoding. An
    alpha channel that is opaque everywhere (most PNG cards) is dropped: JPEG is smaller
    and quicker than WebP. ``reduced``: :meth:`PngSources.take`'s image for these bytes,
    which skips the decoding (the same pixels)."""
    from PIL import Image

    if reduced is not None:
        small, alpha = reduced, False
    else:
        with Image.open(io.BytesIO(data)) as im:
            size = _thumb_size(im.width, im.height)
            if im.format == "JPEG":
                im.draft("RGB", size)
            im.load()
            small, alpha = _small(im, size)
    if alpha and small.getchannel("A").getextrema() == (255, 255):
        alpha = False
    buf = io.BytesIO()
    if alpha:
        small.save(buf, "WEBP", quality=WEBP_QUALITY, method=2)
        return buf.getvalue(), "webp"
    if small.mode != "RGB":
        small = small.convert("RGB")
    small.save(buf, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return buf.getvalue(), "jpg"


def _read_listing(path: Path) -> dict[str, list[Any]]:
    """``{name: [file, bytes]}`` from the previous build; empty when missing or not ours."""
    try:
        doc = json.loads(path.read_text("utf-8"))
        thumbs = doc["thumbs"] if doc.get("spec") == SPEC else {}
        return {str(k): [str(v[0]), int(v[1])] for k, v in thumbs.items()}
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return {}


def _size(path: str) -> int | None:
    try:
        return os.stat(path).st_size
    except OSError:
        return None


def _old_files(listing_path: Path) -> set[str]:
    """Every thumbnail file the previous listing names, whatever its spec (to remove)."""
    try:
        doc = json.loads(listing_path.read_text("utf-8"))
        return {str(v[0]) for v in doc["thumbs"].values()}
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return set()


def stage_made(out: Path, entry: ManifestEntry, made: dict[str, tuple[bytes, str]], writer: Writer) -> None:
    """Stage the thumbnail a render worker made of ``entry``'s file as its result arrives.

    Why: written by :func:`thumbnails` after the last card, 1,300 thumbnails (a synced file
    each) were about a second of a parallel build's tail with the cores idle (issue 25).
    Only made ones are staged: each belongs to a fresh entry, which the build lists, so
    :func:`thumbnails` lists it too (and does not write it again)."""
    name = _name(entry.sha256)
    hit = made.get(name)
    if hit is None or not hit[0] or entry.format not in THUMBED or entry.companion_of:
        return
    target = out / f"{FOLDER}/{name}.{hit[1]}"
    if writer.current(target) == target:
        writer.write(target, hit[0])
        # Staged: the bytes need not wait in this process for the gallery (a serial
        # build's parent held 2,400 of them); :func:`thumbnails` reads the staged size.
        made[name] = (b"", hit[1])


def thumbnails(
    out: Path, entries: Iterable[ManifestEntry], writer: Writer, remove: Callable[[str], None],
    made: Made | None = None,
) -> dict[str, str]:
    """Make the missing thumbnails, reuse the others, drop the unused; ``{asset path: thumb path}``.

    ``remove`` takes a path relative to ``out`` (a build's transaction stages the removal).
    ``made``: thumbnails the render workers made beside their images (in parallel, from
    bytes still in memory); the others are made here, one after another.
    An asset whose file cannot be read (a limited build keeps entries of files it did not
    check) gets no thumbnail: the gallery then shows the asset itself."""
    listing_path = out / LISTING
    listed = _read_listing(listing_path)
    root = f"{out}{os.sep}"  # one stat per thumbnail: strings, not Path objects (2,000+ of them)
    wanted: dict[str, list[Any]] = {}
    by_path: dict[str, str] = {}
    for e in entries:
        if e.format not in THUMBED or e.companion_of:
            continue
        name = _name(e.sha256)
        if name not in wanted:
            known = listed.get(name)
            if known is not None and _size(root + known[0]) == known[1]:
                wanted[name] = known
            else:
                hit = made.get(name) if made is not None else None
                target = out / f"{FOLDER}/{name}.{hit[1]}" if hit is not None else None
                staged = writer.current(target) if target is not None else None
                if target is not None and staged is not None and staged != target:
                    # stage_made staged it as its image arrived (and let go of its bytes)
                    wanted[name] = [f"{FOLDER}/{target.name}", staged.stat().st_size]
                else:
                    if hit is not None and hit[0]:
                        thumb, ext = hit
                    else:
                        try:
                            data = writer.current(out / e.path).read_bytes()
                        except OSError:
                            continue
                        thumb, ext = make_thumbnail(data)
                    rel = f"{FOLDER}/{name}.{ext}"
                    writer.write(out / rel, thumb)
                    wanted[name] = [rel, len(thumb)]
        by_path[e.path] = wanted[name][0]
    if wanted == listed:
        return by_path  # the no-op: nothing made, nothing dropped, the listing holds
    if not wanted and not listing_path.exists():
        return by_path  # a project without images gets no gallery folder
    keep = {v[0] for v in wanted.values()}
    for rel in sorted(_old_files(listing_path) - keep):
        remove(rel)
    body = json.dumps({"spec": SPEC, "thumbs": dict(sorted(wanted.items()))}, separators=(",", ":"))
    writer.write(listing_path, (body + "\n").encode())
    return by_path
