"""The typed manifest entry: manifest.json read and written again is the same bytes, keys
in the order manifest.json has always had, and nothing a newer selfserve wrote is lost."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pytest

from generator.load.platforms import resolve_presets
from generator.load.project import load_project
from generator.publish.build import BuildOptions, build
from generator.publish.captions import CAPTIONED, add_captions
from generator.publish.entry import CAPTION, HEAD, ManifestEntry, Source
from generator.publish.manifest import MANIFEST, manifest_text, read_manifest

STARTER = Path(__file__).resolve().parents[2] / "generator" / "data" / "starter"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The starter project on X (cards, charts, carousels...) and Pinterest (caption titles)."""
    root = tmp_path_factory.mktemp("entry") / "proj"
    shutil.copytree(STARTER, root)
    build(load_project(root), BuildOptions(out=root / "output", platforms=("x", "pinterest"), jobs=1))
    return root / "output"


def _raw(out: Path) -> list[dict]:
    return json.loads((out / MANIFEST).read_text("utf-8"))["assets"]


def test_a_manifest_read_and_written_again_is_the_same_bytes(built: Path) -> None:
    text = (built / MANIFEST).read_text("utf-8")
    head = json.loads(text)
    again = manifest_text(read_manifest(built).values(), head["project"], head.get("shard"))
    assert again == text
    kinds = {e["kind"] for e in _raw(built)}
    assert {"faq", "chart", "carousel"} <= kinds, kinds  # renderers with different meta


def test_keys_come_in_the_order_manifest_json_always_had(built: Path) -> None:
    """The head, then the renderer's meta sorted by name, then the caption fields in the
    order captions added them: what the dict entries of earlier versions wrote."""
    for raw in _raw(built):
        keys = list(raw)
        head = [k for k in keys if k in HEAD]
        caption = [k for k in keys if k in CAPTION]
        meta = [k for k in keys if k not in HEAD and k not in CAPTION]
        assert keys == head + meta + caption, raw["path"]
        assert head == [k for k in HEAD if k in raw]
        assert meta == sorted(meta)
        assert caption == [k for k in CAPTION if k in raw]
    pinterest = [e for e in _raw(built) if e["platform"] == "pinterest" and "caption" in e]
    assert pinterest and all("caption_title" in e for e in pinterest)


def test_entries_are_typed(built: Path) -> None:
    entries = read_manifest(built)
    card = entries["x/faq/how-do-i-reset-my-password.png"]
    assert (card.kind, card.platform, card.format, card.width, card.height) == ("faq", "x", "png", 1600, 900)
    assert card.source == Source("content/faqs.yaml", card.source.line, "how-do-i-reset-my-password")
    assert isinstance(card.source.line, int) and card.item_id == "how-do-i-reset-my-password"
    assert card.caption and card.caption_file == "x/faq/how-do-i-reset-my-password.txt"
    assert card.extra == {}
    charts = [e for e in entries.values() if e.kind == "infographic"]
    assert charts and all(isinstance(e.charts, tuple) and e.charts for e in charts)


def test_unknown_and_mistyped_keys_are_kept_in_place() -> None:
    """A newer selfserve's key, or a known key with another type, survives a rebuild."""
    raw = {"path": "x/faq/a.png", "kind": "faq", "platform": "x", "width": 1600, "height": 900,
           "format": "png", "bytes": 10, "sha256": "ab" * 32,
           "source": {"file": "content/faqs.yaml", "line": 3, "id": "a"}, "key": "k",
           "alt": "An alt.", "audio": None, "future": {"nested": [1, 2]}, "part": "two",
           "title": "A?", "caption_inputs": "i", "caption": "A?", "caption_length": 2,
           "caption_shortened": True, "hashtags_dropped": ["#A"], "caption_file": "x/faq/a.txt",
           "caption_sha256": "cd" * 32}
    entry = ManifestEntry.from_json(raw)
    assert entry is not None
    assert entry.extra == {"audio": None, "future": {"nested": [1, 2]}, "part": "two"}
    assert entry.part is None and entry.hashtags_dropped == ("#A",) and entry.caption_shortened
    assert list(entry.to_json().items()) == list(raw.items())


@pytest.mark.parametrize("missing", ["path", "kind", "platform", "format", "bytes", "sha256"])
def test_an_entry_without_what_every_asset_has_is_skipped(tmp_path: Path, missing: str) -> None:
    good = {"path": "x/a.png", "kind": "faq", "platform": "x", "format": "png", "bytes": 1,
            "sha256": "0" * 64, "source": {"file": None, "line": None, "id": "a"}}
    bad = {k: v for k, v in {**good, "path": "x/b.png"}.items() if k != missing}
    if missing == "path":
        bad = {k: v for k, v in good.items() if k != "path"}
    (tmp_path / MANIFEST).write_text(json.dumps({"assets": [good, bad, "junk", None]}), "utf-8")
    assert list(read_manifest(tmp_path)) == ["x/a.png"]
    assert ManifestEntry.from_json({**good, "bytes": True}) is None  # JSON true is no size


def test_captions_make_new_entries(built: Path) -> None:
    """An entry is frozen: captions return fields the build combines with replace()."""
    card = read_manifest(built)["x/faq/how-do-i-reset-my-password.png"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        card.caption = "changed"  # type: ignore[misc]
    bare = dataclasses.replace(card, caption=None, caption_inputs=None)
    assert "caption" not in bare.to_json() and "caption_inputs" not in bare.to_json()
    assert card.caption  # the original is untouched


def test_add_captions_returns_the_fields_the_build_wrote(built: Path, tmp_path: Path) -> None:
    """Captions are values: entries without them get an EntryCaption each, and applying
    those gives back exactly what the build recorded; the given entries stay as they were."""
    project = load_project(built.parent)
    done = read_manifest(built)
    bare = [dataclasses.replace(e, caption_inputs=None, caption=None, caption_length=None,
                                caption_title=None, caption_shortened=False, hashtags_dropped=(),
                                caption_file=None, caption_sha256=None) for e in done.values()]
    out = tmp_path / "captions"
    summary = add_captions(project, resolve_presets(project.config.presets), out, bare)
    captioned = {e.path for e in bare if e.format in CAPTIONED and not e.companion_of}
    assert set(summary.captions) == captioned and summary.written == len(captioned)
    assert all(e.caption is None for e in bare)
    again = {e.path: e for e in summary.applied(bare)}
    assert again == done
    for path in captioned:
        rel = done[path].caption_file
        assert (out / rel).read_bytes() == (built / rel).read_bytes()
