"""The FAQ source formats: one module each, registered here like the asset kinds.

In: a file (or folder) inside the project named by ``content.faqs``. Out: a
:class:`SourceRead` holding a :class:`~generator.load.yamlsource.Document` of the
source's own records, each located (file, line) so problems name what the user edits,
plus the mapping that reads those records when the user wrote none, and notes on what
was left out (drafts, rows without a question). The loader then applies the mapping
(load/mapping.py) exactly as for a YAML file.

Adding a format is adding a module with a ``FORMAT`` and listing it in ``_MODULES``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from generator.errors import Problem
from generator.load.model import FieldMapping
from generator.load.yamlsource import Document


@dataclass
class SourceRead:
    """What one read of a source gave."""

    doc: Document | None
    problems: list[Problem] = field(default_factory=list)
    #: What was read but left out, one line each ("article 123 is a draft").
    notes: list[str] = field(default_factory=list)
    #: A base URL the source itself names (a saved page's canonical address).
    base_url: str | None = None


@dataclass(frozen=True)
class SourceFormat:
    """One kind of FAQ source."""

    name: str
    #: What it reads, for --help and messages: which documented export or file.
    title: str
    #: Does this format read ``path``? Called in registry order; cheap (name, a peek).
    claims: Callable[[Path], bool]
    read: Callable[[Path, str], SourceRead]
    #: How its records become FAQs when the user gives no mapping; None: the records
    #: are told by their keys (see load/shapes.py), or the file is selfserve's own shape.
    mapping: FieldMapping | None = None
    #: Read without a mapping by telling the fields from the records' keys (spreadsheet
    #: headers); False: a file not in selfserve's shape needs a mapping in selfserve.yaml.
    detect_fields: bool = False


#: Most specific first: the YAML reader takes whatever no other format claims.
_MODULES = ("markdown_folder", "spreadsheet", "xlsx", "jsonld", "zendesk", "freshdesk", "yaml_file")


def _load() -> dict[str, SourceFormat]:
    out: dict[str, SourceFormat] = {}
    for mod in _MODULES:
        fmt: SourceFormat = importlib.import_module(f"generator.load.sources.{mod}").FORMAT
        out[fmt.name] = fmt
    return out


FORMATS: dict[str, SourceFormat] = _load()


def format_for(path: Path, name: str | None = None) -> SourceFormat:
    """The format named, or the first that claims ``path``."""
    if name:
        return FORMATS[name]
    for fmt in FORMATS.values():
        if fmt.claims(path):
            return fmt
    return FORMATS["yaml"]
