"""The gallery's thumbnails: small, repeatable, reused without decoding, removed when stale."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image

from generator.publish import thumbs
from generator.publish.gallery import write_gallery
from generator.publish.thumbs import LISTING, thumbnails
from generator.publish.transaction import BuildTransaction
from tests.publish.gallery_posts import many_posts


class Recording:
    """A writer that writes directly and remembers what it wrote and removed."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.written: list[str] = []
        self.removed: list[str] = []

    def write(self, path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.written.append(path.relative_to(self.out).as_posix())

    def current(self, path: Path) -> Path:
        return path

    def remove(self, rel: str) -> None:
        (self.out / rel).unlink()
        self.removed.append(rel)


def test_each_image_gets_a_small_jpeg_a_whole_factor_smaller_and_repeatable(tmp_path: Path) -> None:
    entries = many_posts(tmp_path / "a", 8, ("en",), distinct=8)
    w = Recording(tmp_path / "a")
    made = thumbnails(tmp_path / "a", entries, w, w.remove)
    assert set(made) == {e.path for e in entries}
    for e in entries:
        data = (tmp_path / "a" / made[e.path]).read_bytes()
        with Image.open(io.BytesIO(data)) as im:
            assert im.format == "JPEG"
            factor = e.width // 360
            assert im.size == (-(-e.width // factor), -(-e.height // factor))
        assert len(data) < e.bytes / 3 and len(data) < 40_000
    # Same inputs, same bytes (another folder, another run).
    again = many_posts(tmp_path / "b", 8, ("en",), distinct=8)
    w2 = Recording(tmp_path / "b")
    made2 = thumbnails(tmp_path / "b", again, w2, w2.remove)
    assert made2 == made
    for rel in set(made.values()):
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes()


def test_transparent_images_keep_their_alpha_in_webp() -> None:
    buf = io.BytesIO()
    Image.new("RGBA", (1080, 1080), (10, 20, 30, 0)).save(buf, "PNG")
    data, ext = thumbs.make_thumbnail(buf.getvalue())
    assert ext == "webp"
    with Image.open(io.BytesIO(data)) as im:
        assert im.mode == "RGBA" and im.size == (360, 360)


def test_a_no_op_gallery_neither_decodes_nor_writes_anything(tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "out"
    entries = many_posts(out, 60, ("en-GB", "de-DE"), distinct=6)
    write_gallery(out, entries, None, "T", lang="en-GB")

    def no_decoding(*_args: object, **_kw: object) -> None:
        raise AssertionError("an unchanged asset was decoded")

    monkeypatch.setattr(thumbs, "make_thumbnail", no_decoding)
    monkeypatch.setattr(Image, "open", no_decoding)
    w = Recording(out)
    write_gallery(out, entries, None, "T", lang="en-GB", writer=w)
    assert w.written == [] and w.removed == []


def test_changed_and_removed_assets_drop_their_old_thumbnails_through_the_build(tmp_path: Path) -> None:
    out = tmp_path / "out"
    entries = many_posts(out, 12, ("en",), distinct=12)
    write_gallery(out, entries, None, "T")
    listing = json.loads((out / LISTING).read_text())["thumbs"]
    old = {v[0] for v in listing.values()}
    assert len(old) == 12 and all((out / rel).is_file() for rel in old)
    # One asset re-rendered with other bytes, one gone: staged, committed with the build.
    changed = entries[0]
    buf = io.BytesIO()
    Image.new("RGB", (changed.width or 1, changed.height or 1), "#E9A23B").save(buf, "PNG")
    (out / changed.path).unlink()
    (out / changed.path).write_bytes(buf.getvalue())
    import hashlib

    entries = [replace(changed, sha256=hashlib.sha256(buf.getvalue()).hexdigest())] + entries[1:-1]
    with BuildTransaction(out) as txn:
        write_gallery(out, entries, None, "T", writer=txn)
        assert all((out / rel).is_file() for rel in old)  # nothing changes before the commit
        txn.commit()
    now = {v[0] for v in json.loads((out / LISTING).read_text())["thumbs"].values()}
    assert len(now) == 11 and len(old - now) == 2 and len(now - old) == 1
    assert all((out / rel).is_file() for rel in now)
    assert not any((out / rel).exists() for rel in old - now)
    page = (out / "index.html").read_text("utf-8")
    assert all(f'src="{rel}"' in page for rel in now)


def test_a_damaged_thumbnail_is_made_again(tmp_path: Path) -> None:
    out = tmp_path / "out"
    entries = many_posts(out, 3, ("en",), distinct=3)
    w = Recording(out)
    made = thumbnails(out, entries, w, w.remove)
    victim = out / made[entries[1].path]
    good = victim.read_bytes()
    victim.write_bytes(good[:100])
    w = Recording(out)
    thumbnails(out, entries, w, w.remove)
    assert w.written == [made[entries[1].path]]  # the listing still holds: same name, same size
    assert victim.read_bytes() == good


@pytest.mark.parametrize("fmt", ["JPEG", "WEBP"])
def test_jpeg_and_webp_assets_are_thumbnailed_too(fmt: str) -> None:
    buf = io.BytesIO()
    Image.new("RGB", (1600, 900), "#1D4E4A").save(buf, fmt)
    data, ext = thumbs.make_thumbnail(buf.getvalue())
    with Image.open(io.BytesIO(data)) as im:
        assert ext == "jpg" and im.size == (400, 225)


@pytest.mark.parametrize("workers", [1, 2])
def test_builds_make_the_thumbnails_the_gallery_would_make(tmp_path: Path, workers: int) -> None:
    """Each new image's thumbnail is made beside it as it is drawn, by the workers or, in a
    serial build, here (the parent made 2,400 of them one after another, decoding each):
    the same bytes under the same name as the gallery's own made from the file, none for an
    image whose thumbnail the output folder lists already."""
    from generator.load.project import load_project
    from generator.publish.build import BuildOptions, plan_jobs
    from generator.publish.workers import RenderPool

    root = Path(__file__).resolve().parents[2]  # the sample project
    planned, ctx, _, _ = plan_jobs(load_project(root), BuildOptions(
        out=tmp_path / "o", kinds=("faq", "chart", "carousel"), platforms=("x", "instagram-square")))
    jobs = [j for kind in ("faq", "chart", "carousel") for j in planned if j.kind == kind][:3]
    jobs += [j for j in planned if j.kind == "faq"][3:8]
    with RenderPool(jobs, ctx, workers, known_thumbs=frozenset()) as pool:
        results = list(pool.now())
    images = [f for r in results for f in r.files if f.fmt in thumbs.THUMBED]
    assert len(images) >= 8
    assert set(pool.thumbs) == {thumbs.thumbnail_name(f.data) for f in images}
    for f in images:
        assert pool.thumbs[thumbs.thumbnail_name(f.data)] == thumbs.make_thumbnail(f.data), f.rel
    with RenderPool(jobs, ctx, workers, known_thumbs=frozenset(pool.thumbs)) as again:
        list(again.now())
    assert again.thumbs == {}


@pytest.mark.parametrize("size", [(1080, 1350), (1200, 675), (1081, 1351), (1000, 1000), (300, 200)])
@pytest.mark.parametrize("mode", ["RGB", "RGBA", "RGBA-translucent"])
def test_a_png_thumbnail_from_the_canvas_is_the_one_from_the_file(size: tuple[int, int], mode: str) -> None:
    """The canvas an encoded PNG came from gives the thumbnail its decoded file gives, byte
    for byte (RGB, an opaque RGBA canvas, one with translucent pixels, sizes that a whole
    factor does not divide)."""
    import random

    from generator.render.encode import encode, watching_png

    rng = random.Random(size[0] * 7 + len(mode))
    im = Image.new("RGBA" if mode.startswith("RGBA") else "RGB", size, (20, 90, 200, 255)[: len(mode[:4])])
    noise = Image.frombytes(im.mode, size, rng.randbytes(size[0] * size[1] * len(im.mode)))
    im.paste(noise.crop((0, 0, size[0] // 2, size[1] // 3)), (size[0] // 4, size[1] // 3))
    if mode == "RGBA":
        im.putalpha(255)
    seen = thumbs.PngSources()
    with watching_png(seen):
        data, _ = encode(im, "png", 30 * 1024 * 1024)
    reduced = seen.take(data)
    assert reduced is not None and seen.take(data) is None
    assert thumbs.make_thumbnail(data, reduced) == thumbs.make_thumbnail(data)


def test_thumbnails_are_staged_as_their_images_arrive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A build stages each thumbnail a worker made as its result arrives, not all after the
    last card (issue 25: a synced file each in the parallel build's tail): the same gallery
    files as staging them at the end, every thumbnail of a fresh build staged early."""
    from generator.load.project import load_project
    from generator.publish import build as build_module
    from generator.publish.build import BuildOptions, build

    root = Path(__file__).resolve().parents[2]
    opts = dict(kinds=("faq", "chart"), platforms=("x", "instagram-portrait"), jobs=2)
    early: list[str] = []
    real = thumbs.stage_made

    def stage_made(out, entry, made, writer):  # type: ignore[no-untyped-def]
        before = len(getattr(writer, "staged", {}))
        real(out, entry, made, writer)
        if len(writer.staged) > before:
            early.append(entry.path)

    monkeypatch.setattr(build_module, "stage_made", stage_made)
    build(load_project(root), BuildOptions(out=tmp_path / "early", **opts))  # type: ignore[arg-type]
    monkeypatch.setattr(build_module, "stage_made", lambda *a: None)
    build(load_project(root), BuildOptions(out=tmp_path / "end", **opts))  # type: ignore[arg-type]

    def gallery(out: Path) -> dict[str, bytes]:
        return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted((out / "gallery").rglob("*"))
                if p.is_file()}

    made, end = gallery(tmp_path / "early"), gallery(tmp_path / "end")
    assert made == end
    listing = json.loads(made[LISTING])["thumbs"]
    assert len(listing) > 20 and len(early) >= len(listing)
