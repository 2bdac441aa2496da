"""JSON Schemas for the content files, generated from the same specs that validate them.

Editors with a YAML language server (VS Code's YAML extension, for example) use
these to check content as you type; ``selfserve schema`` prints or writes them.
"""

from __future__ import annotations

from typing import Any, Callable

from generator.load import specs
from generator.load.design.loader import _DESIGN, _EXTENDING
from generator.load.project import _TOP_FAQS, _TOP_ISSUES
from generator.load.schema import FileName

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def _faqs() -> dict[str, Any]:
    return _TOP_FAQS.json_schema()


def _issues() -> dict[str, Any]:
    return _TOP_ISSUES.json_schema()


def _design() -> dict[str, Any]:
    """A whole design, or one that ``extends:`` another and writes only its changes."""
    return {"anyOf": [_DESIGN.json_schema(), _EXTENDING.json_schema()]}


def _config() -> dict[str, Any]:
    """The config schema; preset names become output folders, so they follow the same
    file-name rule as ids (checked in platforms.py at load, here from FileName's schema)."""

    body = specs.CONFIG.json_schema()
    presets = body["properties"]["presets"]
    for option in presets.get("anyOf", [presets]):
        if option.get("type") == "object":
            option["propertyNames"] = {"not": FileName().json_schema()["not"]}
    return body


SCHEMAS: dict[str, Callable[[], dict[str, Any]]] = {
    "config": _config,
    "faqs": _faqs,
    "issues": _issues,
    "stats": specs.STATS.json_schema,
    "design": _design,
}


def schema_for(name: str) -> dict[str, Any]:
    body = SCHEMAS[name]()
    return {"$schema": DRAFT, "$id": f"https://selfserve.example/schemas/{name}.schema.json",
            "title": f"selfserve {name}", **body}
