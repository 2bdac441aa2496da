"""What renderers return: bytes in memory plus what the publisher and lint need.

Renderers never write files; publish does, atomically (see STYLE.md, Black's
pure core and Lektor's artifacts).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.plan.jobs import RenderJob


@dataclass(frozen=True)
class Finding:
    """One lint finding about a rendered asset (contrast, size, safe zone...)."""

    code: str  # contrast | min-size | safe-zone | missing-glyphs | truncated | thumbnail
    message: str
    path: str  # output path of the asset
    item: str
    platform: str
    source: str = ""  # content file:line
    layer: str = ""
    data: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "path": self.path, "item": self.item,
                "platform": self.platform, "source": self.source, "layer": self.layer, **self.data}

    def __str__(self) -> str:
        where = f"{self.source}: " if self.source else ""
        return f"{where}{self.item} on {self.platform}: {self.message}"


@dataclass(frozen=True)
class RenderedFile:
    rel: str  # relative to the output folder
    data: bytes
    width: int
    height: int
    fmt: str
    meta: dict[str, Any] = field(default_factory=dict)  # alt, title, pages, quality, ...
    #: (layer, laid-out lines) of every text drawn: what the image shows, read back by
    #: tests and the completeness check; never written to the manifest.
    texts: tuple[tuple[str, tuple[str, ...]], ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class RenderResult:
    job: RenderJob
    files: tuple[RenderedFile, ...]
    findings: tuple[Finding, ...] = ()
    warnings: tuple[str, ...] = ()
