"""Alt text: what a screen-reader user needs from a card, within a platform's limit."""

from __future__ import annotations

from generator.render.filters import excerpt


def shorten(text: str, limit: int) -> str:
    """Cut at a word boundary with an ellipsis; never mid-word."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: max(1, limit - 1)].rsplit(" ", 1)[0].rstrip(",;:-–")
    return cut + "…"


def card_alt(heading: str, body_markdown: str, limit: int | None, *, prefix: str = "") -> str:
    """``prefix`` + the heading + as much of the body as fits (whole sentences first)."""
    limit = limit or 1000
    head = f"{prefix}{heading}".strip()
    if len(head) + 2 >= limit:
        return shorten(head, limit)
    room = limit - len(head) - 1
    body = excerpt(body_markdown, room) if body_markdown else ""
    return shorten(f"{head} {body}".strip(), limit)
