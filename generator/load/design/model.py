"""Designs as data: a card is a list of layers laid out in fractions of the safe area.

A design file (``templates/<name>.yaml``) never holds Python: it names layers
(rectangles, images, rules, text, and stacks that flow their children) with
boxes in fractions of the platform's safe area, text as Jinja2 expressions over
the content item, and per-aspect variants that override layers by id. The
engine in :mod:`generator.render.design.engine` draws any design on any preset.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ASPECTS = ("square", "portrait", "tall", "landscape", "wide")
LAYER_TYPES = ("rect", "image", "icon", "text", "rule", "stack")
ROLES = ("heading", "body", "label")


@dataclass(frozen=True)
class Layer:
    """One drawable thing. Fields that do not apply to a type are ignored."""

    id: str
    type: str
    box: tuple[float, float, float, float] | None = None  # x, y, w, h (fractions)
    area: str = "safe"  # "safe" area or whole "canvas" (for bleeds and backgrounds)
    when: str | None = None  # Jinja2 test; the layer is skipped when it renders falsy
    # shapes
    fill: str | None = None
    gradient: tuple[str, ...] = ()
    angle: float = 90.0
    radius: float = 0.0
    # image and icon
    src: str | None = None  # image: a project path; icon: an icon name (expressions allowed)
    fit: str = "contain"  # contain | cover
    focus: str | None = None  # expression giving [x, y] 0-1: what a cover crop keeps in view
    # rect: a scrim over a picture. Its opacity is the least (at least ``opacity``) that
    # gives this text colour WCAG AA contrast (4.5:1) over every pixel under the rect.
    scrim: str | None = None
    opacity: float | None = None  # rect: fill opacity (with ``scrim``: the least opacity)
    # text
    role: str = "body"
    text: str = ""
    markdown: bool = False
    family: str | None = None
    weight: int | None = None
    size: tuple[float, float] | None = None  # (min, max) px at 1080 px canvas width
    color: str | None = None
    align: str = "start"
    valign: str = "top"
    max_lines: int | None = None
    line_height: float | None = None
    uppercase: bool = False
    pill: str | None = None  # background colour behind a short label
    # stack and rule
    direction: str = "column"
    gap: float = 24.0
    children: tuple[Layer, ...] = ()
    grow: bool = False
    basis: float | None = None  # share of a row
    max_share: float | None = None  # at most this share of a column's height
    width: float | None = None  # rule length in design px
    height: float | None = None  # rule/image height in design px
    justify: str = "start"  # column: where leftover space goes; pill text: where the pill sits
    # row of column stacks: the n-th text of every column gets one size (the smallest
    # any column needs) and every column starts at the same top, so a row of figures
    # shares one size and one baseline whatever each figure's width or label's length.
    uniform: bool = False


@dataclass(frozen=True)
class Background:
    fill: str = "#FFFFFF"
    gradient: tuple[str, ...] = ()
    angle: float = 90.0
    image: str | None = None
    overlay: str | None = None  # a translucent colour over the image, for contrast


@dataclass(frozen=True)
class Design:
    name: str
    description: str
    file: str  # project-relative or "builtin:<name>"
    digest: str  # sha256 of the file's bytes: part of every cache key
    background: Background
    layers: tuple[Layer, ...]
    variants: dict[str, tuple[Layer, ...]] = field(default_factory=dict)  # aspect -> layers
    defaults: dict[str, Any] = field(default_factory=dict)

    def layers_for(self, aspect: str) -> tuple[Layer, ...]:
        return self.variants.get(aspect, self.layers)
