"""Encode a rendered image in a platform's format, under its file-size limit.

Deterministic by construction: no timestamps, no EXIF, no ICC profile (the
pixels are sRGB and every platform assumes sRGB without a profile), fixed encoder
settings. JPEG and WebP quality steps down until the file fits; we choose the
settings rather than hope.
"""

from __future__ import annotations

import io
import struct
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PIL import Image
from zlib_ng import zlib_ng

from generator.errors import SelfserveError

_EPOCH = time.gmtime(0)
#: Called with each PNG's bytes and the image they hold, while :func:`watching_png` is on.
_PNG_WATCHERS: list[Callable[[bytes, Image.Image], None]] = []


@contextmanager
def watching_png(watcher: Callable[[bytes, Image.Image], None]) -> Iterator[None]:
    """Show ``watcher`` every PNG that :func:`encode` writes meanwhile, with its RGB pixels.

    Why: the build's gallery thumbnails were made by decoding each PNG it had just encoded
    (6 of a thumbnail's 6.5 ms, some 13 s of CPU in a fresh sample build; issue 25). The
    image is still in memory here, and a PNG's decoded pixels are exactly its RGB channels,
    so a watcher can start from it instead. PNGs only: JPEG and WebP decode to other pixels.
    """
    _PNG_WATCHERS.append(watcher)
    try:
        yield
    finally:
        _PNG_WATCHERS.remove(watcher)


def _save(image: Image.Image, fmt: str, **opts) -> bytes:
    buf = io.BytesIO()
    image.save(buf, fmt, **opts)
    return buf.getvalue()


_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
#: zlib-ng's level 6, unfiltered rows: on 300 cards of the sample's build 5 ms and 81 KB a card,
#: against Pillow's encoder at level 3 (what selfserve used) 20-45 ms and 96 KB, and never
#: larger on any one file; ISA-L (isal) level 2 took 1 ms but made a third of the files
#: larger than before (gradient slides by up to 15%). See bench/RESULTS.md.
#: Re-measured 2026-12-02 on 138 sample cards (threads, x, instagram-portrait; CPU per
#: card, mean size): zlib-ng 6 7.8 ms 130.5 KB; ISA-L 2 1.8 ms 151.9 KB (every file
#: larger); libdeflate 6 9.3 ms 121.4 KB (8 larger), libdeflate 9 26.5 ms; stdlib zlib 6
#: 18.8 ms 119.9 KB; the Up and Sub filters before zlib-ng 6 or ISA-L were slower or
#: larger. No encoder is both faster and never larger, so this one stays.
PNG_LEVEL = 6


def _chunk(tag: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + tag + body + struct.pack(">I", zlib.crc32(tag + body))


def png_bytes(rgb: Image.Image) -> bytes:
    """An 8-bit RGB PNG of ``rgb``, every row unfiltered, deflated by zlib-ng.

    Why not Pillow's encoder: it tries all five PNG filters on every row, which is most of
    its cost, and on cards (flat colours, anti-aliased text) the filters win nothing: long
    runs of one colour are what deflate's matches already find, and zlib-ng's matching is both
    faster and tighter than zlib's (Pillow's). The decoded pixels are exactly ``rgb``'s, and
    the same pixels give the same bytes (fixed level, no timestamps).

    An RGBA image (a card's opaque drawing canvas) is packed to RGB rows by the same
    raw encoder, its alpha dropped as ``convert("RGB")`` drops it: the same bytes
    without the full-canvas conversion.
    """
    return _png(rgb)[0]


def _png(rgb: Image.Image) -> tuple[bytes, bytes]:
    """:func:`png_bytes`, and the RGB rows it packed (each with one pad byte after it)."""
    if rgb.mode not in ("RGB", "RGBA"):
        raise ValueError(f"png_bytes needs an RGB or opaque RGBA image, not {rgb.mode}")
    w, h = rgb.size
    # Rows packed with a stride one byte longer than the pixels: Pillow's raw encoder
    # zero-pads each row, so that pad byte is the next row's filter type 0 (None) and the
    # whole scanline stream is one zero byte, then these bytes less the last pad. No copy.
    raw = rgb.tobytes("raw", ("RGB", w * 3 + 1))
    rows = memoryview(raw)
    deflate = zlib_ng.compressobj(PNG_LEVEL)
    idat = deflate.compress(b"\0") + deflate.compress(rows[:-1]) + deflate.flush()
    header = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)  # 8 bits, truecolour, no interlace
    return (_PNG_SIGNATURE + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")), raw


def encode(image: Image.Image, fmt: str, max_bytes: int, *, title: str = "",
           author: str = "") -> tuple[bytes, dict[str, object]]:
    """Bytes of ``image`` as ``fmt`` (png, jpeg, webp, pdf) no larger than ``max_bytes``.

    Returns the bytes and the settings used (``quality`` for lossy formats), which
    go into the manifest so a reader knows why a file looks the way it does.
    """
    # Renderers hand over RGB, or a card's RGBA canvas: PNG packs either without a
    # conversion (png_bytes drops alpha as convert("RGB") would); the others need RGB.
    rgb = image if image.mode == "RGB" or (fmt == "png" and image.mode == "RGBA") \
        else image.convert("RGB")
    if fmt == "png":
        data, rows = _png(rgb)
        if len(data) > max_bytes:
            data = _save(rgb.convert("RGB").quantize(256, dither=Image.Dither.NONE), "PNG",
                         optimize=True)
        elif _PNG_WATCHERS:
            # The RGB pixels the PNG holds, from the rows just packed: an RGBA canvas is
            # not converted again (reducing it would premultiply: 6 ms against 2).
            pixels = Image.frombuffer("RGB", rgb.size, rows, "raw", "RGB", rgb.width * 3 + 1, 1)
            for watcher in _PNG_WATCHERS:
                watcher(data, pixels)
        del rows
        settings: dict[str, object] = {}
    elif fmt in ("jpeg", "webp"):
        settings = {}
        data = b""
        for quality in (92, 88, 84, 80, 75, 70, 65, 60, 50, 40):
            if fmt == "jpeg":
                # 4:4:4 chroma keeps coloured text edges sharp. Huffman optimisation would
                # halve the speed for ~15% smaller files, far under every platform's limit.
                data = _save(rgb, "JPEG", quality=quality, subsampling=0)
            else:
                data = _save(rgb, "WEBP", quality=quality, method=4)
            settings = {"quality": quality}
            if len(data) <= max_bytes:
                break
    elif fmt == "pdf":
        data = _save(rgb, "PDF", resolution=72.0, title=title, author=author,
                     creationDate=_EPOCH, modDate=_EPOCH)
        settings = {}
    else:
        raise SelfserveError(f"unknown image format '{fmt}'; use png, jpeg, webp or pdf")
    if len(data) > max_bytes:
        raise SelfserveError(f"cannot encode a {image.width}x{image.height} {fmt.upper()} under "
                             f"{max_bytes:,} bytes (smallest: {len(data):,}); pick another format")
    return data, settings


EXTENSIONS = {"png": "png", "jpeg": "jpg", "webp": "webp", "pdf": "pdf"}
