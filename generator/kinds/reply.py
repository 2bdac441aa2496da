"""Agents' replies (kind ``reply``): ``<platform>/reply/<id>.txt`` with the reply text.

``selfserve reply`` writes these entries (:mod:`generator.reply.answer`), not the build:
the record has no planner, so a build plans nothing for it and keeps its entries. They
are listed last in the gallery, so a support lead sees what agents sent, and never
posted: a reply answers one customer.
"""

from __future__ import annotations

from generator.kinds import AssetKind, register

KIND = "reply"

register(
    AssetKind(
        name=KIND,
        description="reply texts that selfserve reply wrote for agents",
        label="Replies",
        order=100,
        posted=False,  # a reply answers one customer, it is not a post
        plan=None,
        render=None,
    )
)
