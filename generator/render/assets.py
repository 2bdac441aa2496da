"""Images from the project's folder (logos, step pictures, backgrounds), opened safely.

Every path is resolved inside the project first. Pillow's decompression-bomb
check is made an error (not a warning): a 1 KB PNG that claims 50,000 x 50,000
pixels would otherwise take gigabytes. A file that is not an image is a located
error, not a traceback.
"""

from __future__ import annotations

import warnings
from functools import lru_cache
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from generator.errors import SelfserveError
from generator.paths import OutsideProject, resolve_inside

#: Largest image accepted, in pixels (about 40 megapixels: any real photo or logo).
MAX_PIXELS = 40_000_000
#: Largest image file accepted: a 200 MB TIFF-in-a-PNG export stalls every card it is on.
MAX_BYTES = 30 * 1024 * 1024


@lru_cache(maxsize=64)
def _open(path: Path, mtime_ns: int, where: str, rel: str) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as im:
                if im.width * im.height > MAX_PIXELS:
                    raise SelfserveError(f"{where}: '{rel}' is {im.width}x{im.height} pixels; images "
                                         f"are limited to {MAX_PIXELS // 1_000_000} megapixels")
                im.load()
                return im.convert("RGBA")
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise SelfserveError(f"{where}: '{rel}' claims an enormous size (a decompression bomb?); "
                             "refused") from None
    except UnidentifiedImageError:
        raise SelfserveError(f"{where}: '{rel}' is not an image Pillow can read (use PNG or JPEG)") from None
    except OSError as exc:
        raise SelfserveError(f"{where}: '{rel}' cannot be read: {exc}") from None


def image_problem(path: Path, rel: str) -> str | None:
    """Why ``path`` cannot be used as an image, or None; reads the header and checks
    the chunks (cheap), so a broken logo is one located line before any rendering."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        return (f"'{rel}' is {size / 1024 / 1024:.0f} MB; images are limited to "
                f"{MAX_BYTES // 1024 // 1024} MB (export it smaller, e.g. a 2,000 px wide JPEG)")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as im:
                if im.width * im.height > MAX_PIXELS:
                    return (f"'{rel}' is {im.width}x{im.height} pixels; images are limited to "
                            f"{MAX_PIXELS // 1_000_000} megapixels")
                im.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return f"'{rel}' claims an enormous size (a decompression bomb?); refused"
    except UnidentifiedImageError:
        return f"'{rel}' is not an image Pillow can read (use PNG or JPEG)"
    except (OSError, SyntaxError, ValueError) as exc:  # Pillow reports broken chunks so
        return f"'{rel}' is damaged and cannot be read ({exc}); export it again"
    return None


#: A project image found and checked: its resolved path and modification time (the
#: caches below are keyed by both, so an edited picture is read again).
AssetFile = tuple[Path, int]


def asset_file(root: Path, rel: str, where: str) -> AssetFile:
    """The project file ``rel`` names, confined to the project (symbolic links included),
    or a located error. A card resolves each of its pictures once and hands the result to
    :func:`asset_scaled` and :func:`asset_opaque` (resolving is a ``realpath``: a few
    system calls per path component)."""
    try:
        path = resolve_inside(root, rel)
    except OutsideProject as exc:
        raise SelfserveError(f"{where}: {exc}") from None
    if not path.is_file():
        raise SelfserveError(f"{where}: image '{rel}' not found")
    return path, path.stat().st_mtime_ns


def asset_image(file: AssetFile, rel: str, where: str) -> Image.Image:
    return _open(file[0], file[1], where, rel)


def load_asset_image(root: Path, rel: str, where: str) -> Image.Image:
    return asset_image(asset_file(root, rel, where), rel, where)


@lru_cache(maxsize=256)
def _scaled(path: Path, mtime_ns: int, where: str, rel: str, size: tuple[int, int]) -> Image.Image:
    return _open(path, mtime_ns, where, rel).resize(size, Image.Resampling.LANCZOS)


def asset_scaled(file: AssetFile, rel: str, where: str, size: tuple[int, int]) -> Image.Image:
    """The image at ``size``; cached, since a logo is drawn at the same size on every card
    of a platform and LANCZOS resampling is the slowest step of drawing it."""
    return _scaled(file[0], file[1], where, rel, size)


@lru_cache(maxsize=64)
def _opaque(path: Path, mtime_ns: int, where: str, rel: str) -> bool:
    alpha = _open(path, mtime_ns, where, rel).getchannel("A")
    return alpha.getextrema()[0] == 255


def asset_opaque(file: AssetFile, rel: str, where: str) -> bool:
    """Whether every pixel of the image is opaque (a photo): it can then be copied onto
    a card instead of blended, which is several times faster for a full-bleed picture."""
    return _opaque(file[0], file[1], where, rel)
