"""The asset-kind registry: adding a kind of output is adding one module here.

Each kind module calls :func:`register` with an :class:`AssetKind` that holds every
fact about the kind: what users read (label, gallery order), whether its files are
posted (and which kind stands for an item when several show it), the built-in designs
it draws with and those ``design: auto`` rotates through, its default caption
template, its planner (content -> jobs), its renderer (job -> files in memory) and
its render cost. The build, the gallery, the weekly schedule, the captions and the
preflight ask the registry; none of them asks "is this a carousel?".
"""

from __future__ import annotations

import difflib
import importlib
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from generator.errors import SelfserveError
from generator.plan.jobs import PlanInput, RenderContext, RenderJob
from generator.render.preflight import KindDesigns
from generator.render.result import RenderResult

#: Modules that register kinds, imported on first use (keeps `--help` fast).
KIND_MODULES: tuple[str, ...] = ("generator.kinds.faq", "generator.kinds.banner",
                                  "generator.kinds.chart", "generator.kinds.infographic",
                                  "generator.kinds.hours", "generator.kinds.carousel",
                                  "generator.kinds.notice", "generator.kinds.video",
                                  "generator.kinds.guide", "generator.kinds.reply")

Planner = Callable[[PlanInput], list[RenderJob]]
Renderer = Callable[[RenderJob, RenderContext], RenderResult]


@dataclass(frozen=True, kw_only=True)
class AssetKind:
    """Everything selfserve knows about one kind of asset. ``posted`` has no default on
    purpose: a new kind must say whether the weekly schedule posts its files."""

    name: str
    description: str
    #: The heading users read for this kind (gallery sections, plan output).
    label: str
    #: Position of the kind's section in the gallery (lower first; ties by name).
    order: int
    #: Whether the weekly schedule posts its files (banners are set, guides are documents,
    #: replies answer one customer: not posted).
    posted: bool
    #: Content to files: None for a kind whose entries another command writes
    #: (``selfserve reply``); a build plans nothing for it and keeps its entries.
    plan: Planner | None
    render: Renderer | None
    #: When several posted kinds show one item on a platform, the lowest rank stands for it.
    post_rank: int = 100
    #: The built-in designs this kind draws with, its default first (preflight checks them).
    designs: tuple[str, ...] = ()
    #: What ``design: auto`` rotates through for this kind (preflight checks them when used).
    auto_designs: tuple[str, ...] = ()
    #: The built-in caption template family (``generator/data/templates/captions/<caption>*``)
    #: used when neither the project nor the built-ins have ``<kind>.txt.j2``.
    caption: str = "default"
    #: Whose item a manifest entry's ``source.id`` names first: ``faq`` or ``issue``.
    items: str = "faq"
    #: Sections of selfserve.yaml its renderer reads besides the brand, locale and time zone
    #: (``contact``, ``video``, ``categories``): they go into its jobs and their keys; the
    #: others are blank in its jobs, so editing them never re-renders this kind.
    reads: tuple[str, ...] = ()
    #: Rough render cost of one job in FAQ cards (a card is 1), for scheduling only: parallel
    #: builds start the longest jobs first so no worker is left with a guide at the end.
    weight: float = 1.0
    #: Published in a second commit, after every other kind: a build commits the cards as
    #: soon as they are done (``serve`` reloads them) while this kind's jobs, started
    #: first on a worker, finish. For a kind that takes seconds and that no card waits for.
    deferred: bool = False
    #: Imports and warms what the renderer needs, run once in a worker before its first
    #: job of this kind, while the build is still planning: the guide's process imports
    #: WeasyPrint and matplotlib (1 s) then, not on an edit's critical path. None: nothing.
    warm: Callable[[], None] | None = None

    def __post_init__(self) -> None:
        if (self.plan is None) != (self.render is None):
            raise ValueError(f"kind {self.name}: give both a planner and a renderer, or neither")
        if self.items not in ("faq", "issue"):
            raise ValueError(f"kind {self.name}: items must be 'faq' or 'issue', not {self.items!r}")

    @property
    def built(self) -> bool:
        """Planned and rendered by ``selfserve build`` (else written by another command)."""
        return self.plan is not None


REGISTRY: dict[str, AssetKind] = {}
#: The module that registered each kind: :func:`all_kinds` orders kinds by it.
_MODULE: dict[str, str] = {}


def register(kind: AssetKind) -> AssetKind:
    """Add ``kind``, kept in the order of :data:`KIND_MODULES` (then of registration)
    whichever module was imported first: in import order, a process that imported the
    guide's module early planned the guides first, and so listed its warnings in another
    order (tests/kinds/test_registry.py)."""
    REGISTRY[kind.name] = kind
    _MODULE[kind.name] = sys._getframe(1).f_globals.get("__name__", "")
    rank = {m: i for i, m in enumerate(KIND_MODULES)}
    order = sorted(REGISTRY, key=lambda n: rank.get(_MODULE[n], len(rank)))
    if list(REGISTRY) != order:  # in place: callers and tests hold this very dict
        items = [(n, REGISTRY[n]) for n in order]
        REGISTRY.clear()
        REGISTRY.update(items)
    return kind


def all_kinds() -> dict[str, AssetKind]:
    for mod in KIND_MODULES:
        importlib.import_module(mod)
    return REGISTRY


def built_kinds() -> dict[str, AssetKind]:
    """The kinds a build plans and renders, in registry order."""
    return {n: k for n, k in all_kinds().items() if k.built}


def kept_kinds() -> tuple[str, ...]:
    """Manifest kinds written outside ``build`` (by ``selfserve reply``): builds keep them."""
    return tuple(n for n, k in all_kinds().items() if not k.built)


def kind_label(name: str) -> str:
    """What users read for a kind; an unknown one (an old manifest's) by its name."""
    kind = all_kinds().get(name)
    return kind.label if kind else name.replace("-", " ").title()


def gallery_rank(name: str) -> tuple[int, str]:
    """Sort key of a kind's gallery section: the record's order, unknown kinds last."""
    kind = all_kinds().get(name)
    return (kind.order if kind else 10_000, name)


def post_rank(name: str) -> tuple[int, str] | None:
    """Sort key among the kinds that show one item (lowest stands for it), or None when
    the kind is never posted (an unknown kind, e.g. from an old manifest, is not posted)."""
    kind = all_kinds().get(name)
    return (kind.post_rank, name) if kind and kind.posted else None


def issue_item_kinds() -> frozenset[str]:
    """Kinds whose entries' ``source.id`` names a recurring issue first."""
    return frozenset(n for n, k in all_kinds().items() if k.items == "issue")


def caption_family(name: str) -> str:
    kind = all_kinds().get(name)
    return kind.caption if kind else "default"


def preflight_designs() -> KindDesigns:
    """Every built-in design the kinds draw with and every design ``auto`` may pick: what
    preflight checks, handed to it by the command (render does not know the kinds)."""
    kinds = all_kinds().values()
    return KindDesigns(frozenset(d for k in kinds for d in k.designs),
                       frozenset(d for k in kinds for d in k.auto_designs))


def check_kind_names(names: Iterable[str], option: str = "--kind") -> None:
    """Refuse a kind name no module registers, with the closest one and the list."""
    known = built_kinds()
    for name in names:
        if name not in known:
            close = difflib.get_close_matches(name, list(known), n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            raise SelfserveError(f"{option} {name}: no such asset kind; {hint}"
                                 f"kinds: {', '.join(sorted(known))}")
