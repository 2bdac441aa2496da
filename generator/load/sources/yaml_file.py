"""YAML (and plain JSON) FAQ files of any shape: ours, or another's read through a mapping.

JSON is read by the YAML reader, which gives every value its line; a JSON file that
YAML refuses (tab indentation, say) is read with ``json`` instead, located by item only.
"""

from __future__ import annotations

import json
from pathlib import Path

from generator.errors import Problem
from generator.load.sources import SourceFormat, SourceRead
from generator.load.yamlsource import MAX_BYTES, Document, load_yaml


def read(path: Path, rel: str) -> SourceRead:
    doc, problems = load_yaml(path, rel)
    if doc is None and path.suffix.lower() == ".json" and path.is_file() \
            and path.stat().st_size <= MAX_BYTES:
        try:
            value = json.loads(path.read_bytes().decode("utf-8-sig"))
        except (ValueError, UnicodeDecodeError) as exc:
            return SourceRead(None, [Problem(rel, f"not valid JSON: {exc}")])
        return SourceRead(Document(rel, value, {(): (1, 1)}))
    return SourceRead(doc, problems)


FORMAT = SourceFormat(
    name="yaml",
    title="YAML or JSON file: selfserve's own shape, or any list, mapping or groups of FAQs "
          "read through a mapping",
    claims=lambda path: path.suffix.lower() in (".yaml", ".yml", ".json"),
    read=read,
)
