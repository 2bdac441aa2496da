"""Draw a design on a platform canvas: layers in, pixels and measured text boxes out.

In: a :class:`Design`, a canvas size with its safe box, a :class:`Theme` (brand
colours and fonts) and a Jinja2 context (the content item, the brand, words).
Out: a :class:`CardRender`: the RGB image plus, for every text drawn, the box it
was given, the ink it produced, its size, colour and the worst contrast under it.
The lint and the tests read those measurements; nothing here knows what a FAQ is.

Sizes in designs are pixels at a 1080 px wide canvas and scale with the canvas
width, because phones show every feed image at the same width.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import TemplateError
from PIL import Image, ImageChops

from generator.errors import SelfserveError
from generator.icons import icon_image, resolve, suggestion
from generator.load.design.loader import DesignLocator
from generator.load.design.model import Design, Layer
from generator.load.themes import draw_pattern, theme_style
from generator.load.yamlsource import load_yaml
from generator.render.assets import AssetFile, asset_file, asset_image, asset_opaque, asset_scaled
from generator.render.color import ColorError, contrast, linear_tables, luminance, parse_color, worst_contrast
from generator.render.design.expressions import compiled
from generator.render.markdown import markdown_blocks, markdown_inline
from generator.render.sandbox import CAPTION_LIMITS, TemplateLimitError, render_limited
from generator.render.shapes import fill_box, gradient, rounded_mask
from generator.render.text.draw import draw_text
from generator.render.text.fit import fit_text
from generator.render.text.model import Block, TextStyle

Box = tuple[int, int, int, int]  # left, top, right, bottom

ROLE_DEFAULTS: dict[str, dict[str, Any]] = {
    "heading": {"size": (56.0, 88.0), "weight": 700, "line_height": 1.15},
    "body": {"size": (34.0, 46.0), "weight": 400, "line_height": 1.35},
    "label": {"size": (26.0, 32.0), "weight": 700, "line_height": 1.2},
}


@dataclass(frozen=True)
class Theme:
    """What a design may refer to by role instead of by value."""

    fonts: dict[str, str]  # role -> family
    text_color: str
    locale: str | None = None
    style: str = "calm"  # a built-in theme (generator.load.themes): radii, headings, pattern


@dataclass(frozen=True)
class DrawnText:
    layer: str
    role: str
    box: Box  # the space the layer was given
    ink: Box  # where pixels were actually drawn
    size: int  # px
    size_min: int  # px: the smallest the design allows on this canvas
    color: tuple[int, int, int, int]
    contrast: float  # worst contrast against the background under the ink
    background: tuple[int, int, int]  # the background pixel giving that contrast
    truncated: bool
    missing: frozenset[str]
    texts: tuple[str, ...]
    bold: bool


@dataclass
class CardRender:
    """A drawn card: its pixels and every text's measurements.

    The drawing canvas is RGBA (icons and text are alpha-composited onto it) and always
    opaque. ``image`` is the card as RGB, converted on first use; ``pixels`` is what an
    encoder should read: the RGBA canvas itself while nobody has asked for ``image`` (a
    PNG packs its RGB rows straight from it, saving a full-canvas conversion, about 2.5 ms
    of a 1080x1350 card), else ``image``, which a kind may have drawn on (charts pasted
    into an infographic).
    """

    canvas: Image.Image
    texts: list[DrawnText] = field(default_factory=list)
    _rgb: Image.Image | None = field(default=None, repr=False)

    @property
    def image(self) -> Image.Image:
        if self._rgb is None:
            self._rgb = self.canvas if self.canvas.mode == "RGB" else self.canvas.convert("RGB")
        return self._rgb

    @property
    def pixels(self) -> Image.Image:
        return self.canvas if self._rgb is None else self._rgb


class _Drawer:
    def __init__(self, design: Design, canvas: Image.Image, safe: Box, theme: Theme,
                 ctx: dict[str, Any], root: Path | None):
        self.design = design
        self.canvas = canvas
        self.safe = safe
        self.theme = theme
        self.ctx = ctx
        self.root = root
        self.scale = canvas.width / 1080.0

        self.look = theme_style(theme.style)
        self.drawn: list[DrawnText] = []
        # Set by uniform rows: a text's largest size (px) and a column's forced justify.
        self.size_caps: dict[str, int] = {}
        self.justify_overrides: dict[str, str] = {}
        # Expressions evaluated on this card: the context does not change while a card is
        # drawn, and layers repeat theirs ("{{ colors.on_primary }}" on five layers, a
        # photo's src read for its file, its scale and its opacity): 27 renders a card
        # were 1.2 ms of a 12 ms FAQ card.
        self._values: dict[str, str] = {}
        self._files: dict[str, AssetFile] = {}  # pictures by src, resolved once a card

    # -- values -----------------------------------------------------------------------
    def where(self, layer: Layer, field_name: str) -> str:
        return f"{self.design.file}: layer '{layer.id}' {field_name}"

    def error(self, layer: Layer, field_name: str, message: str) -> SelfserveError:
        """A design error at the line of the layer's field when the design is the project's
        own file (looked up only when something failed), else named by layer and field."""
        if self.root is not None and not self.design.file.startswith("builtin:"):
            doc, _ = load_yaml(self.root / self.design.file, self.design.file)
            if doc is not None:
                problem = doc.problem(("background", field_name), message) \
                    if layer.id == "background" else DesignLocator(self.design.file, doc)(
                        layer.id, field_name, message)
                if problem.line is not None:
                    return SelfserveError(problem)
        return SelfserveError(f"{self.where(layer, field_name)}: {message}")

    def render(self, layer: Layer, source: str, field_name: str) -> str:
        """Evaluate a design expression. Content values come out as plain strings and
        are never evaluated again, so ``{{ 7*7 }}`` in an answer stays literal."""
        if "{" not in source:
            return source
        done = self._values.get(source)
        if done is not None:
            return done
        try:
            done = self._values[source] = render_limited(compiled(source), self.ctx, "",
                                                         CAPTION_LIMITS)
            return done
        except TemplateLimitError as exc:  # a limit passed: placed at the layer's field
            raise self.error(layer, field_name, f"expression {exc.reason}") from None
        except (TemplateError, TypeError) as exc:  # TypeError: {% import %} with no loader
            raise self.error(layer, field_name, str(exc)) from None

    def color(self, layer: Layer, source: str | None, field_name: str) -> tuple[int, int, int, int] | None:
        if not source:
            return None
        text = self.render(layer, source, field_name).strip()
        if not text:
            return None
        try:
            return parse_color(text)
        except ColorError as exc:
            raise self.error(layer, field_name, str(exc)) from None

    def px(self, v: float) -> int:
        return round(v * self.scale)

    # -- boxes ------------------------------------------------------------------------
    def area(self, layer: Layer) -> Box:
        if layer.area == "canvas":
            return (0, 0, self.canvas.width, self.canvas.height)
        return self.safe

    @staticmethod
    def sub(area: Box, frac: tuple[float, float, float, float] | None) -> Box:
        if frac is None:
            return area
        l, t, r, b = area
        w, h = r - l, b - t
        x, y, fw, fh = frac
        return (round(l + x * w), round(t + y * h), round(l + (x + fw) * w), round(t + (y + fh) * h))

    # -- layers -----------------------------------------------------------------------
    def visible(self, layer: Layer) -> bool:
        if not layer.when:
            return True
        return bool(self.render(layer, "{{ " + layer.when + " }}" if "{" not in layer.when
                                else layer.when, "when").strip() not in ("", "False", "None", "0"))

    def draw_all(self, layers: tuple[Layer, ...]) -> None:
        for layer in layers:
            if self.visible(layer):
                self.draw(layer, self.sub(self.area(layer), self.mirrored(layer.box)))

    def mirrored(self, frac: tuple[float, float, float, float] | None
                 ) -> tuple[float, float, float, float] | None:
        """Right-to-left layouts mirror, not only their text: a box at the left edge
        (the logo, a colour band, a step number) moves to the right edge."""
        if frac is None or not self.rtl:
            return frac
        x, y, w, h = frac
        return (1 - x - w, y, w, h)

    def draw(self, layer: Layer, box: Box) -> None:
        getattr(self, f"draw_{layer.type}")(layer, box)

    def draw_rect(self, layer: Layer, box: Box) -> None:
        radius = self.px(layer.radius * self.look.radius_scale)
        if layer.gradient:
            cols = [self.color(layer, g, "gradient") or (0, 0, 0, 0) for g in layer.gradient]
            angle = 180 - layer.angle if self.rtl else layer.angle
            tile = gradient((box[2] - box[0], box[3] - box[1]), cols, angle)

            self.canvas.paste(tile, box[:2], rounded_mask(tile.size, radius))
            return
        fill = self.color(layer, layer.fill, "fill")
        if not fill:
            return
        alpha = fill[3] / 255 * (layer.opacity if layer.opacity is not None else 1.0)
        if layer.scrim:
            text = self.color(layer, layer.scrim, "scrim")
            if text:
                # The canvas itself when the scrim covers it all: scrim_alpha only reads.
                under = self.canvas if box == (0, 0, *self.canvas.size) else self.canvas.crop(box)
                alpha = scrim_alpha(under, fill, text, layer.opacity or 0.0)
        a8 = min(255, math.ceil(alpha * 255))
        if radius == 0 and 0 < a8 < 255 and box == (0, 0, *self.canvas.size):
            # A full-bleed veil (a cover photo's scrim): the whole canvas through the
            # table, 1.7 ms on a 1080x1350 card where crop, table and paste back took 4.5.
            self.canvas = veil(self.canvas, fill, a8)
            return
        if radius == 0 and 0 < a8 < 255 and box[2] > box[0] and box[3] > box[1]:
            # A square veil: one blend of the pixels under it (no mask to build).
            self.canvas.paste(veil(self.canvas.crop(box), fill, a8), box[:2])
            return
        fill_box(self.canvas, box, (*fill[:3], a8), radius)

    def draw_icon(self, layer: Layer, box: Box) -> None:
        """A line icon of the shipped set, as large as fits the box (or ``height``), in
        ``color``; ``fill`` draws a disc behind it (a badge), the icon then 56% of it."""
        name = self.render(layer, layer.src or "", "src").strip()
        if not name:
            return

        if resolve(name) is None:
            raise self.error(layer, "src", f"unknown icon '{name}'{suggestion(name)}")
        bw, bh = box[2] - box[0], box[3] - box[1]
        side = min(bw, bh, self.px(layer.height)) if layer.height else min(bw, bh)
        if side <= 2:
            return
        x = _aligned(box[0], box[2], side, layer.align, self.rtl)
        y = box[1] if layer.valign == "top" else box[3] - side if layer.valign == "bottom" \
            else box[1] + (bh - side) // 2
        color = self.color(layer, layer.color, "color") or parse_color(self.theme.text_color)
        disc = self.color(layer, layer.fill, "fill")
        if disc:
            fill_box(self.canvas, (x, y, x + side, y + side), disc, side // 2)
            inner = round(side * 0.56)
            off = (side - inner) // 2
            self.canvas.alpha_composite(icon_image(name, inner, color), (x + off, y + off))
        else:
            self.canvas.alpha_composite(icon_image(name, side, color), (x, y))

    def draw_rule(self, layer: Layer, box: Box) -> None:
        fill = self.color(layer, layer.fill or layer.color, "fill") or (0, 0, 0, 255)
        w = self.px(layer.width) if layer.width else box[2] - box[0]
        h = self.px(layer.height or 6)
        x = _aligned(box[0], box[2], w, layer.align, self.rtl)
        fill_box(self.canvas, (x, box[1], x + w, box[1] + h), fill, h // 2)

    @property
    def rtl(self) -> bool:
        return bool(self.ctx.get("rtl"))

    def asset(self, layer: Layer) -> tuple[str, AssetFile] | None:
        """The layer's picture: its ``src`` and the project file, found once per card."""
        src = self.render(layer, layer.src or "", "src").strip()
        if not src or self.root is None:
            return None
        file = self._files.get(src)
        if file is None:
            file = self._files[src] = asset_file(self.root, src, self.where(layer, "src"))
        return src, file

    def image_for(self, layer: Layer) -> Image.Image | None:
        found = self.asset(layer)
        return None if found is None else asset_image(found[1], found[0], self.where(layer, "src"))

    def scaled_image(self, layer: Layer, img: Image.Image, size: tuple[int, int]) -> Image.Image:
        found = self.asset(layer)
        if found is not None and ":" not in found[0]:
            return asset_scaled(found[1], found[0], self.where(layer, "src"), size)
        return img.resize(size, Image.Resampling.LANCZOS)

    def focus(self, layer: Layer) -> tuple[float, float]:
        """The layer's focal point: ``focus`` evaluated (``item.focus`` gives the
        content's ``focus: [x, y]``), clamped to 0-1; the centre when unset."""
        if not layer.focus:
            return (0.5, 0.5)
        text = self.render(layer, layer.focus if "{" in layer.focus else "{{ " + layer.focus + " }}",
                           "focus")
        import re

        nums = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", text)]
        if len(nums) != 2:
            return (0.5, 0.5)
        return (min(1.0, max(0.0, nums[0])), min(1.0, max(0.0, nums[1])))

    def opaque(self, layer: Layer) -> bool:
        found = self.asset(layer)
        if found is None or ":" in found[0]:
            return False
        return asset_opaque(found[1], found[0], self.where(layer, "src"))

    def draw_image(self, layer: Layer, box: Box) -> None:
        img = self.image_for(layer)
        if img is None:
            return
        # A box reaching past the canvas (a photo bleeding off the top from a box in
        # safe-area fractions) is clipped first, so a cover crop centres on what shows.
        box = (max(0, box[0]), max(0, box[1]), min(self.canvas.width, box[2]),
               min(self.canvas.height, box[3]))
        bw, bh = box[2] - box[0], box[3] - box[1]
        if layer.height and layer.box is None:
            bh = self.px(layer.height)
        if bw <= 0 or bh <= 0:
            return
        k = (max if layer.fit == "cover" else min)(bw / img.width, bh / img.height)
        size = (max(1, round(img.width * k)), max(1, round(img.height * k)))
        scaled = self.scaled_image(layer, img, size)
        if layer.fit == "cover":
            fx, fy = self.focus(layer)
            # The crop window is centred on the focal point as far as the picture allows,
            # so a face at the left third stays in a tall crop of a wide photo.
            cx = min(max(0, round(fx * size[0] - bw / 2)), size[0] - bw)
            cy = min(max(0, round(fy * size[1] - bh / 2)), size[1] - bh)
            scaled = scaled.crop((cx, cy, cx + bw, cy + bh))
            x, y = box[0], box[1]
        else:
            x = _aligned(box[0], box[2], size[0], layer.align, self.rtl)
            y = box[1] if layer.valign == "top" else box[1] + bh - size[1] if layer.valign == "bottom" \
                else box[1] + (bh - size[1]) // 2
        radius = self.px(layer.radius * self.look.radius_scale)
        if radius > 0:  # an inset picture with rounded corners, as the theme rounds panels
            scaled = scaled.convert("RGBA") if scaled.mode != "RGBA" else scaled.copy()
            corners = rounded_mask(scaled.size, radius)
            if not self.opaque(layer):
                corners = ImageChops.multiply(corners, scaled.getchannel("A"))
            scaled.putalpha(corners)
            self.canvas.alpha_composite(scaled, (x, y))
        elif self.opaque(layer):
            if layer.fit == "cover" and (x, y) == (0, 0) and scaled.size == self.canvas.size \
                    and scaled.mode == self.canvas.mode:
                # A full-bleed photo (the crop is a new image, not the cached one) hides
                # everything drawn so far: it becomes the canvas, saving a copy of every
                # pixel (0.45 ms on a 1080x1350 card).
                self.canvas = scaled
            else:
                self.canvas.paste(scaled, (x, y))  # an opaque photo: a copy, not a blend
        else:
            self.canvas.alpha_composite(scaled, (x, y))

    # -- text -------------------------------------------------------------------------
    def style(self, layer: Layer, size_cap: float = 1.0) -> TextStyle:
        d = ROLE_DEFAULTS[layer.role]
        lo, hi = layer.size or d["size"]
        if layer.role == "heading":
            hi *= self.look.heading_scale
        color = self.color(layer, layer.color, "color") or parse_color(self.theme.text_color)
        size_max = max(self.px(lo), round(self.px(hi) * size_cap))
        size_min = self.px(lo)
        if layer.id in self.size_caps:
            size_max = min(size_max, self.size_caps[layer.id])
            size_min = min(size_min, size_max)
        return TextStyle(
            family=layer.family or self.theme.fonts.get(layer.role, "Noto Sans"),
            weight=layer.weight or d["weight"],
            size_max=size_max,
            size_min=size_min,
            color=color,
            line_height=layer.line_height or d["line_height"],
            # A right-to-left card aligns by its own direction, whatever the text's script:
            # "start" is the right edge (an English brand name sits where an Arabic one would).
            align={"start": "right", "end": "left"}.get(layer.align, layer.align) if self.rtl
            else layer.align,
            max_lines=layer.max_lines,
            locale=self.ctx.get("locale") or self.theme.locale,
            # The brand name is one word to a reader: never "Kettle & / Co.".
            keep=tuple(n for n in [(self.ctx.get("brand") or {}).get("name")] if n),
        )

    def content(self, layer: Layer) -> str | tuple[Block, ...]:
        text = self.render(layer, layer.text, "text")
        if layer.uppercase:
            text = text.upper()
        if layer.markdown or layer.role == "heading":
            # Relative links resolve against the item's source site, else the brand's.
            item = self.ctx.get("item")
            base = (item.get("base_url") if isinstance(item, dict) else None) or \
                (self.ctx.get("brand") or {}).get("website")
            # Headings (questions, titles) take inline Markdown and HTML, never blocks.
            return markdown_blocks(text, base) if layer.markdown else markdown_inline(text, base)
        return " ".join(text.split())

    def fit(self, layer: Layer, w: int, h: int, size_cap: float = 1.0):
        content = self.content(layer)
        if not content:
            return None
        pad = self._pill_pad(layer)
        return fit_text(content, self.style(layer, size_cap), max(1, w - 2 * pad[0]),
                        max(1, h - 2 * pad[1]))

    def _pill_pad(self, layer: Layer) -> tuple[int, int]:
        if not layer.pill:
            return (0, 0)
        return (self.px(22), self.px(10))

    def place_text(self, layer: Layer, box: Box, layout) -> None:
        if layout is None:
            return
        x0, y0, x1, y1 = box
        padx, pady = self._pill_pad(layer)
        h = layout.height + 2 * pady
        y = y0 if layer.valign == "top" else y1 - h if layer.valign == "bottom" else y0 + (y1 - y0 - h) // 2
        x, width = x0, x1 - x0
        if layer.pill:
            pill = self.color(layer, layer.pill, "pill")
            pw = layout.width + 2 * padx
            rtl = layout.direction == "rtl" or self.rtl
            # `justify` places the pill (a chat bubble at the end of its row) while
            # `align` still aligns its lines; without it the pill follows `align`.
            align = layer.justify if layer.justify != "start" else layer.align
            if align == "start":
                align = "end" if rtl else "start"
            elif align == "end":
                align = "start" if rtl else "end"
            px0 = x0 if align == "start" else x1 - pw if align == "end" else x0 + (width - pw) // 2
            if pill:
                # A stadium for one line; several lines get corners no rounder than one
                # line's pill, so the first and last words stay on the pill colour.
                one_line = layout.height // max(1, len(layout.lines)) + 2 * pady
                fill_box(self.canvas, (px0, y, px0 + pw, y + h), pill, min(h, one_line) // 2)
            x, width = px0 + padx, layout.width
        # Marks may ink a little above or below the line box (draw_text's margin): the
        # background under them counts for contrast too.
        m = layout.size
        top = y + pady - m
        before = self.canvas.crop((x, top, x + width, y + pady + layout.height + m))
        ink = draw_text(self.canvas, layout, x, y + pady, width)
        style = self.style(layer)
        region = before.crop((ink[0] - x, ink[1] - top, ink[2] - x, ink[3] - top)) \
            if ink[2] > ink[0] and ink[3] > ink[1] else before
        ratio, worst_bg = worst_contrast(region, style.color)
        self.drawn.append(DrawnText(
            layer=layer.id, role=layer.role, box=(x0, y0, x1, y1), ink=tuple(ink),  # type: ignore[arg-type]
            size=layout.size, size_min=style.size_min, color=style.color,
            contrast=ratio, background=worst_bg, truncated=layout.truncated,
            missing=layout.missing, texts=tuple(layout.texts), bold=style.weight >= 600,
        ))

    def draw_text(self, layer: Layer, box: Box) -> None:
        self.place_text(layer, box, self.fit(layer, box[2] - box[0], box[3] - box[1]))

    # -- stacks -----------------------------------------------------------------------
    def natural(self, layer: Layer, w: int, h: int, cap: float = 1.0) -> tuple[int, Any]:
        """Height a child needs in a column of width ``w`` (at most ``h``)."""
        if layer.type == "text":
            limit = round(h * layer.max_share) if layer.max_share else h
            layout = self.fit(layer, w, limit, cap)
            if layout is None:
                return 0, None
            return layout.height + 2 * self._pill_pad(layer)[1], layout
        if layer.type == "rule":
            return self.px(layer.height or 6), None
        if layer.type in ("image", "icon"):
            return (self.px(layer.height) if layer.height else round(h * (layer.max_share or 0.2))), None
        if layer.type == "stack" and layer.direction == "row":
            tallest = 0
            kids = [k for k in layer.children if self.visible(k)]
            for child, cw in zip(kids, self.row_widths(layer, w)):
                tallest = max(tallest, self.natural(child, cw, h, cap)[0])
            return tallest, None
        if layer.type == "stack":
            total = 0
            for child in layer.children:
                if self.visible(child):
                    total += self.natural(child, w, h - total, cap)[0] + self.px(layer.gap)
            return max(0, total - self.px(layer.gap)), None
        return round(h * (layer.max_share or 0.1)), None

    def row_truncated(self, layer: Layer, w: int, h: int, cap: float) -> bool:
        kids = [k for k in layer.children if self.visible(k)]
        for child, cw in zip(kids, self.row_widths(layer, w)):
            if child.type == "text":
                lay = self.fit(child, cw, max(1, h), cap)
                if lay is not None and lay.truncated:
                    return True
        return False

    def row_widths(self, layer: Layer, w: int) -> list[int]:
        """Widths of the visible children: a hidden column (an image a slide does not
        have) gives its share to the others."""
        kids = [k for k in layer.children if self.visible(k)]
        gap = self.px(layer.gap)
        free = w - gap * (len(kids) - 1)
        given = sum(k.basis or 0 for k in kids)
        rest = [k for k in kids if not k.basis]
        share = (1 - given) / len(rest) if rest else 0
        return [round(free * (k.basis or share)) for k in kids]

    def unify_row(self, kids: list[Layer], widths: list[int], y0: int, y1: int) -> tuple[int, int]:
        """Give the n-th text of every column the smallest size any column fits it at,
        and the box of the tallest column to all (top-justified), so the figures of a
        stats row share one size and one baseline. Returns the row's new top and bottom."""
        columns = [k for k in kids if k.type == "stack" and k.direction == "column"]
        by_index: dict[int, list[tuple[Layer, int]]] = {}
        for col, cw in zip(kids, widths):
            if col not in columns:
                continue
            texts = [c for c in col.children if c.type == "text" and self.visible(c)]
            for i, t in enumerate(texts):
                by_index.setdefault(i, []).append((t, cw))
        for group in by_index.values():
            sizes = [lay.size for t, cw in group if (lay := self.fit(t, cw, y1 - y0)) is not None]
            if sizes:
                for t, _cw in group:
                    self.size_caps[t.id] = min(sizes)
        tallest = max((self.natural(col, cw, y1 - y0)[0] for col, cw in zip(kids, widths)
                       if col in columns), default=y1 - y0)
        for col in columns:
            self.justify_overrides[col.id] = "start"
        top = y0 + max(0, (y1 - y0 - tallest) // 2)
        return top, min(y1, top + tallest)

    def draw_stack(self, layer: Layer, box: Box) -> None:
        x0, y0, x1, y1 = box
        kids = [k for k in layer.children if self.visible(k)]
        if layer.direction == "row":
            widths = self.row_widths(layer, x1 - x0)
            if layer.uniform:
                y0, y1 = self.unify_row(kids, widths, y0, y1)
            order = list(zip(kids, widths))
            if self.rtl:
                order.reverse()  # mirror columns in right-to-left layouts
            x = x0
            for child, cw in order:
                self.draw(child, (x, y0, x + cw, y1))
                x += cw + self.px(layer.gap)
            return
        w, h, gap = x1 - x0, y1 - y0, self.px(layer.gap)
        # Measure fixed children; if the growing text would be cut, give the heading less.
        for cap in (1.0, 0.85, 0.7, 0.55):
            sizes = []
            used = 0
            for child in kids:
                if child.grow:
                    sizes.append(None)
                    continue
                nh, lay = self.natural(child, w, max(1, h - used), cap)
                sizes.append((nh, lay))
                used += nh + gap
            grow_h = h - used
            grow_layouts = {}
            # A fixed text cut because the ones above took the room (a two-line notice
            # over the reply time on a flat banner) also makes every text smaller.
            truncated = any(sz is not None and sz[1] is not None and sz[1].truncated
                            for sz in sizes)
            # ...and so does a text cut inside a row (a reply beside its channel icon).
            truncated = truncated or any(
                sz is not None and self.row_truncated(child, w, sz[0], cap)
                for child, sz in zip(kids, sizes) if child.type == "stack" and child.direction == "row")
            for child in kids:
                if child.grow and child.type == "text":
                    lay = self.fit(child, w, max(1, grow_h))
                    grow_layouts[child.id] = lay
                    truncated = truncated or bool(lay and lay.truncated)
            if not truncated:
                break
        # Growing text takes only the height it needs, so a short answer can sit in
        # the middle of its panel (justify) instead of leaving a hole at the bottom.
        grow_used = 0
        grows_fill = False
        for child in kids:
            if child.grow:
                if child.type == "text":
                    lay = grow_layouts.get(child.id)
                    grow_used += (lay.height + 2 * self._pill_pad(child)[1]) if lay else 0
                else:
                    grows_fill = True
        leftover = 0 if grows_fill else max(0, grow_h - grow_used)
        justify = self.justify_overrides.get(layer.id, layer.justify)
        y = y0 + (leftover if justify == "end" else leftover // 2 if justify == "center" else 0)
        for child, sz in zip(kids, sizes):
            if sz is None:
                lay = grow_layouts.get(child.id) if child.type == "text" else None
                ch = max(0, grow_h) if grows_fill or lay is None else \
                    lay.height + 2 * self._pill_pad(child)[1]
                if child.type == "text":
                    self.place_text(child, (x0, y, x1, y + ch), grow_layouts.get(child.id))
                else:
                    self.draw(child, (x0, y, x1, y + ch))
            else:
                ch, lay = sz
                if child.type == "text":
                    self.place_text(child, (x0, y, x1, y + ch), lay)
                else:
                    self.draw(child, (x0, y, x1, y + ch))
            y += ch + gap


#: The contrast a scrim makes room for: WCAG AA for body text, with a hair of margin
#: so JPEG encoding of the card cannot take it under 4.5:1.
SCRIM_TARGET = 4.6


def scrim_alpha(region: Image.Image, scrim: tuple[int, int, int, int],
                text: tuple[int, int, int, int], least: float = 0.0) -> float:
    """The least opacity (at least ``least``) of ``scrim`` over ``region`` (the pixels
    it will cover) at which ``text`` has :data:`SCRIM_TARGET` contrast with every
    blended pixel. Measured on the pixels, not on the picture's average colour: a
    bright window in a dark photo decides. 1.0 when even an opaque scrim is not enough
    (the text colour is then as readable as it can be on that scrim).

    Each candidate opacity is judged on the 8-bit pixels :func:`veil` will really
    write (the same rounding), through a 256-entry table of WCAG's linearised sRGB,
    so the search costs a few table lookups per candidate, not a power per pixel."""
    import numpy as np

    if region.width == 0 or region.height == 0:
        return least
    # Ranked on a sample of at most ~120,000 px (every third pixel of every third row on
    # a 1080 px card), taken as they are: text strokes and a photo's bright patches are
    # wider than the gaps, a sampled pixel keeps its own extreme value (an average of
    # 3x3 would dilute a bright spot), and the drawn text's contrast is then measured on
    # every pixel under its ink. Sampling reads a ninth of the canvas: 0.13 ms against
    # 1.3 ms for averaging blocks on a 1080x1350 cover card.
    step = max(1, round((region.width * region.height / 120_000) ** 0.5))
    small = region
    if step > 1:
        small = small.resize((max(1, region.width // step), max(1, region.height // step)),
                             Image.Resampling.NEAREST)
    if small.mode != "RGBA":  # read below as one 32-bit number per pixel
        small = small.convert("RGBA")
    # The worst pixels under any scrim are the brightest and the darkest: rank them by
    # luma (Pillow's, in C, with its histogram), keep about the 2,048 brightest and
    # darkest, and search the opacity on those only.
    luma_img = small.convert("L")
    counts = np.array(luma_img.histogram(), dtype=np.int64)
    k = min(small.width * small.height, 2048)
    hi_cut = int(np.searchsorted(np.cumsum(counts[::-1]), k))  # from the top
    lo_cut = int(np.searchsorted(np.cumsum(counts), k))
    luma = np.asarray(luma_img).reshape(-1)
    mask = (luma >= 255 - hi_cut) | (luma <= lo_cut)
    # Distinct colours only (a flat white window ties thousands of equal pixels), each
    # RGBA pixel read as one 32-bit number: no copy of the colour channels, no packing.
    packed = np.unique(np.asarray(small).view(np.uint32).reshape(-1)[mask])
    if sys.byteorder == "little":
        px = np.stack([packed & 255, (packed >> 8) & 255, (packed >> 16) & 255], axis=1)
    else:
        px = np.stack([packed >> 24, (packed >> 16) & 255, (packed >> 8) & 255], axis=1)
    lin = linear_tables()
    lt = luminance(text[:3])

    def worst(alpha: float) -> float:
        a8 = min(255, math.ceil(alpha * 255))
        mixed = veil_table(tuple(scrim[:3]), a8)[np.arange(3), px]
        lum = lin[0][mixed[:, 0]] + lin[1][mixed[:, 1]] + lin[2][mixed[:, 2]]
        hi, lo = np.maximum(lum, lt), np.minimum(lum, lt)
        return float(((hi + 0.05) / (lo + 0.05)).min())

    if worst(least) >= SCRIM_TARGET:
        return least
    if worst(1.0) < SCRIM_TARGET:
        return 1.0
    lo, hi = math.ceil(least * 255), 255  # whole steps of 8-bit alpha: what is drawn
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if worst(mid / 255) >= SCRIM_TARGET:
            hi = mid
        else:
            lo = mid
    return hi / 255


@lru_cache(maxsize=256)
def veil_table(color: tuple[int, ...], a8: int):  # noqa: ANN201 - a (3, 256) numpy array
    """What an opaque pixel value becomes under ``color`` at opacity ``a8``/255, per
    channel: the one rounding both the scrim search and :func:`veil` use."""
    import numpy as np

    v = np.arange(256, dtype=np.int32)
    return np.stack([(v * (255 - a8) + c * a8 + 127) // 255 for c in color]).astype(np.uint8)


def veil(under: Image.Image, color: tuple[int, ...], a8: int) -> Image.Image:
    """``under`` seen through ``color`` at opacity ``a8``/255: one table lookup per
    channel (Pillow's ``point``), several times cheaper than ``Image.blend`` with a
    solid image, and rounded like :func:`scrim_alpha` predicts."""
    # An RGBA canvas's alpha moves towards opaque like a colour towards 255 (as a blend
    # with an opaque veil does): an opaque card stays opaque.
    channels = (*color[:3], 255) if under.mode == "RGBA" else tuple(color[:3])
    return under.point(_veil_lut(channels, a8))


@lru_cache(maxsize=256)
def _veil_lut(channels: tuple[int, ...], a8: int) -> list[int]:
    """:func:`veil_table` flattened into the list ``Image.point`` takes, made once per
    colour and opacity (a card's scrim is usually the same on every card)."""
    return [int(x) for ch in veil_table(channels, a8) for x in ch]


def _aligned(lo: int, hi: int, width: int, align: str, rtl: bool) -> int:
    """Left edge of something ``width`` wide aligned in [lo, hi]; start/end swap in RTL."""
    if rtl:
        align = {"start": "end", "end": "start"}.get(align, align)
    if align == "start":
        return lo
    if align == "end":
        return hi - width
    return lo + (hi - lo - width) // 2


def _background(design: Design, size: tuple[int, int], d: _Drawer) -> Image.Image:
    """A new canvas born with the design's background colour or gradient.

    Starting white and pasting a full-size fill or gradient over it cost two extra passes
    over the canvas per card; a paste without a mask replaces every pixel, so starting
    from the background itself gives the same pixels.
    """
    bg = design.background
    probe = Layer(id="background", type="rect")
    if bg.gradient:
        cols = [d.color(probe, g, "gradient") or (0, 0, 0, 255) for g in bg.gradient]
        canvas = gradient(size, cols, 180 - bg.angle if d.rtl else bg.angle)
        if canvas.mode != "RGBA":
            canvas = canvas.convert("RGBA")
    else:
        canvas = Image.new("RGBA", size, d.color(probe, bg.fill, "fill") or (255, 255, 255, 255))
    d.canvas = canvas
    if bg.image:
        d.draw_image(Layer(id="background", type="image", src=bg.image, fit="cover"),
                     (0, 0, *canvas.size))
        canvas = d.canvas  # a full-bleed photo becomes the canvas
    overlay = d.color(probe, bg.overlay, "overlay")
    if overlay:
        fill_box(canvas, (0, 0, *canvas.size), overlay)
    if d.look.pattern != "none":
        under = canvas.getpixel((canvas.width // 2, canvas.height // 2))[:3]
        ink = max(((255, 255, 255), (0, 0, 0)), key=lambda c: contrast(c, under))
        draw_pattern(canvas, d.look, ink, d.scale)
    return canvas


def render_design(design: Design, aspect: str, size: tuple[int, int], safe: Box, theme: Theme,
                  context: dict[str, Any], root: Path | None) -> CardRender:
    """Draw ``design`` (its ``aspect`` variant) on a new canvas of ``size``."""
    # The drawer needs the canvas width (its scale) before the background exists.
    drawer = _Drawer(design, Image.new("RGBA", (size[0], 1)), safe, theme, context, root)
    _background(design, size, drawer)
    drawer.draw_all(design.layers_for(aspect))
    # drawer.canvas, not the background's image: a full-bleed veil replaces the canvas.
    return CardRender(drawer.canvas, drawer.drawn)
