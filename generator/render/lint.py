"""Accessibility and legibility lint, measured on what was actually drawn.

Thresholds (see docs/platforms.md): WCAG AA contrast, 4.5:1 for body text and
3:1 for large text (about 65 px, or 50 px bold, on a 1080 px card, i.e. 6% / 4.6%
of the width); minimum legible sizes as a share of the canvas width, because
phones show a feed image at about 400 CSS px whatever its pixel width; and a
thumbnail check: the heading still about 11 px tall when the card is 320 px wide.
"""

from __future__ import annotations

from generator.load.platforms import PlatformPreset
from generator.plan.jobs import RenderJob
from generator.render.color import nearest_passing, to_hex
from generator.render.design.engine import CardRender
from generator.render.result import Finding
from generator.render.text.coverage import package_for

#: Smallest size per role, as a share of the canvas width (26 px body at 1080).
MIN_SIZE = {"body": 0.024, "label": 0.0195, "heading": 0.032}
LARGE = 0.06
LARGE_BOLD = 0.046
THUMB_WIDTH = 320
THUMB_MIN_PX = 11.0


def lint_card(card: CardRender, preset: PlatformPreset, job: RenderJob) -> list[Finding]:
    out: list[Finding] = []
    w = preset.width
    src = str(job.source) if job.source else ""

    def add(code: str, message: str, layer: str = "", **data: object) -> None:
        out.append(Finding(code, message, job.out, job.item_id, preset.name, src, layer, dict(data)))

    sl, st, sr, sb = preset.safe_box
    for t in card.texts:
        large = t.size >= LARGE * w or (t.bold and t.size >= LARGE_BOLD * w)
        need = 3.0 if large else 4.5
        if t.contrast + 1e-9 < need:
            bg_hint = nearest_passing(t.color, t.background, need)
            add("contrast", f"{t.layer} text {to_hex(t.color)} has contrast {t.contrast:.2f}:1 against "
                            f"its background (needs {need}:1); try {to_hex(bg_hint)}",
                t.layer, contrast=round(t.contrast, 2), required=need, color=to_hex(t.color),
                suggestion=to_hex(bg_hint))
        floor = MIN_SIZE.get(t.role, 0.02) * w
        if t.size + 0.5 < floor:
            add("min-size", f"{t.layer} text is {t.size} px; at least {round(floor)} px is legible "
                            f"on a {w} px wide image", t.layer, size=t.size, minimum=round(floor))
        il, it, ir, ib = t.ink
        if ir > il and (il < sl or it < st or ir > sr or ib > sb):
            add("safe-zone", f"{t.layer} text reaches outside the safe zone "
                             f"({il},{it})-({ir},{ib}) vs ({sl},{st})-({sr},{sb})", t.layer,
                ink=list(t.ink), safe=[sl, st, sr, sb])
        if t.missing:
            chars = "".join(sorted(t.missing))
            add("missing-glyphs", f"no installed font draws {chars!r} in {t.layer}; install "
                                  f"{package_for(chars)}", t.layer, characters=chars,
                package=package_for(chars))
        if t.truncated:
            add("truncated", f"{t.layer} text was cut with an ellipsis; shorten it or choose a "
                             "design with more room", t.layer)
        if t.role == "heading" and t.size * THUMB_WIDTH / w < THUMB_MIN_PX:
            add("thumbnail", f"heading is {t.size * THUMB_WIDTH / w:.1f} px tall in a "
                             f"{THUMB_WIDTH} px thumbnail (needs {THUMB_MIN_PX:g})", t.layer)
    return out
