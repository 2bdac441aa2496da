"""The order items take turns in the feed: featured FAQs, the most asked, then content order.

Two stages need the same order: the weekly plan (:mod:`generator.schedule.week`) posts in
it, and ``design: auto`` (:mod:`generator.kinds.faq`) hands out layouts along it so two
posts in a row never share one. Both ask here, so the order they see cannot drift apart.
"""

from __future__ import annotations

from generator.load.model import Project

#: The hours card is news (posted when hours change), not part of the rotation.
HOURS_KIND = "hours"


def rotation_order(project: Project, idents: set[str]) -> list[tuple[str, str]]:
    """(identity, reason) in rotation order: featured, most asked, then content order."""
    order: list[tuple[str, str]] = []
    seen: set[str] = set()

    def add(ident: str, reason: str) -> None:
        if ident in idents and ident not in seen:
            seen.add(ident)
            order.append((ident, reason))

    for f in project.faqs:
        if f.featured:
            add(f"faq:{f.id}", "featured")
    if project.stats:
        for q in sorted(project.stats.top_questions, key=lambda q: -q.asked):
            add(f"faq:{q.faq}", "most asked")
    for f in project.faqs:
        add(f"faq:{f.id}", "rotation")
    for i in project.issues:
        add(f"issue:{i.id}", "rotation")
    for ident in sorted(idents):
        if not ident.startswith(f"{HOURS_KIND}:"):  # the hours card is news, not rotation
            add(ident, "rotation")
    return order
