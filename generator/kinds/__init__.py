"""The asset-kind registry: adding a kind of output is adding one module here.

Each kind module calls :func:`register` with an :class:`AssetKind`: a planner
(content -> jobs) and a renderer (job -> files in memory). The build loops over
the registry; it never asks "is this a carousel?".
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from generator.plan.jobs import PlanInput, RenderContext, RenderJob
from generator.render.result import RenderResult

#: Modules that register kinds, imported on first use (keeps `--help` fast).
KIND_MODULES: tuple[str, ...] = ("generator.kinds.faq", "generator.kinds.banner",
                                  "generator.kinds.chart", "generator.kinds.infographic",
                                  "generator.kinds.hours", "generator.kinds.carousel",
                                  "generator.kinds.notice", "generator.kinds.video",
                                  "generator.kinds.guide")


@dataclass(frozen=True)
class AssetKind:
    name: str
    description: str
    plan: Callable[[PlanInput], list[RenderJob]]
    render: Callable[[RenderJob, RenderContext], RenderResult]
    #: Rough render cost of one job in FAQ cards (a card is 1), for scheduling only: parallel
    #: builds start the longest jobs first so no worker is left with a guide at the end.
    weight: float = 1.0


REGISTRY: dict[str, AssetKind] = {}


def register(kind: AssetKind) -> AssetKind:
    REGISTRY[kind.name] = kind
    return kind


def all_kinds() -> dict[str, AssetKind]:
    for mod in KIND_MODULES:
        importlib.import_module(mod)
    return REGISTRY
