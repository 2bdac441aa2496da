"""A synthetic manifest of many posts for the gallery's tests and bench/bench_gallery.py.

Each post is a real image file (hard links to ``distinct`` different images, so 5,000 posts
cost 40 encodes, not 5,000) whose manifest entry carries its true sha256, over four
platforms and the given locales, with titles and captions of very different lengths.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path

from generator.publish.entry import ManifestEntry

PLATFORMS = ("x", "instagram-portrait", "linkedin", "mastodon")
SIZES = {
    "x": (1200, 675),
    "instagram-portrait": (1080, 1350),
    "linkedin": (1200, 627),
    "mastodon": (1080, 1080),
}


@lru_cache(maxsize=256)
def _image(width: int, height: int, seed: int) -> bytes:
    """A card-like PNG: a coloured field, a pale panel, lines of 'text' (blocks), a photo."""
    import io
    import random

    from PIL import Image, ImageDraw, ImageFilter

    img = Image.new("RGB", (width, height), (20 + seed * 37 % 200, 60 + seed * 11 % 150, 80))
    # The lower half a "photo": blurred noise, which compresses like one (real cards weigh
    # 60-200 KB; a flat synthetic one 8 KB would flatter every size bound).
    small = (width // 4, height // 8)
    noise = random.Random(seed).randbytes(small[0] * small[1])  # seeded: the same files every run
    photo = Image.frombytes("L", small, noise).convert("RGB").resize((width, height // 2))
    img.paste(photo.filter(ImageFilter.GaussianBlur(5)), (0, height // 2))
    draw = ImageDraw.Draw(img)
    draw.rounded_rectangle((60, 60, width - 60, height // 2), 30, fill=(251, 246, 238))
    for row in range(6):
        y = 100 + row * 48
        draw.rectangle((100, y, 100 + (width - 260) * (1 + (seed + row) % 4) // 4, y + 26), fill=(30, 30, 30))
    buf = io.BytesIO()
    img.save(buf, "PNG", compress_level=1)  # fast to make; its thumbnail is the same
    return buf.getvalue()


def many_posts(out: Path, n: int, locales: tuple[str, ...], distinct: int = 40) -> list[ManifestEntry]:
    """``n`` single-image posts written into ``out``, their manifest entries in path order."""
    originals: dict[tuple[str, int], tuple[Path, str, int]] = {}
    store = out / ".originals"
    store.mkdir(parents=True, exist_ok=True)
    entries = []
    for i in range(n):
        loc = locales[i % len(locales)]
        platform = PLATFORMS[i % len(PLATFORMS)]
        width, height = SIZES[platform]
        key = (platform, i % distinct)
        if key not in originals:
            data = _image(width, height, i % distinct)
            src = store / f"{platform}-{i % distinct}.png"
            src.write_bytes(data)
            originals[key] = (src, hashlib.sha256(data).hexdigest(), len(data))
        src, sha, size = originals[key]
        path = f"{loc}/{platform}/faq/q{i:05d}.png"
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        if not (out / path).exists():
            os.link(src, out / path)
        words = "Short." if i % 3 else ("A long answer that runs on. " * 12)
        title = (
            f"Question {i}?"
            if i % 7
            else f"A question {i} long enough to wrap over several lines in its card?"
        )
        entry = ManifestEntry.from_json(
            {"path": path, "kind": "faq", "platform": platform, "format": "png", "width": width,
             "height": height, "bytes": size, "sha256": sha, "locale": loc,
             "source": {"file": "content/faqs.yaml", "line": i + 1, "id": f"q{i}"}, "title": title,
             "caption": words, "alt": f"Card {i}", "caption_length": len(words)}
        )  # fmt: skip
        assert entry is not None
        entries.append(entry)
    return sorted(entries, key=lambda e: e.path)
