"""Rendering jobs, in this process or in worker processes, in two waves.

In: the jobs to render (already planned and keyed), their context, a worker count and
which jobs may be published later. Out: :class:`RenderResult` s, first every job of
the *now* wave, then those of the *later* wave (:attr:`AssetKind.deferred`: the PDF
guide, which shows the whole project and takes seconds). The later jobs are handed to
the workers first, so they render while the cards do: the build commits the cards as
soon as they are done (``serve`` reloads them at once) and the guide in a second
commit when it arrives. Each worker draws lanes of its own (a locale and platform, whose
fonts, words and designs it caches once) and hands its results back as it finishes them;
the build orders what it writes, so every ``--jobs`` count writes the same bytes.

Each job's gallery thumbnails are made beside it (:attr:`RenderPool.thumbs`), by the worker
that drew it or, serially, here: made by the parent after the last card, one after another,
they were 13 s of a fresh 55 s sample build on two cores (2,400 images at 6 ms each). A
PNG's thumbnail starts from the pixels its encoder packed (:class:`PngSources`), not from
decoding the file again: 8.1 -> 3.0 ms each.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import multiprocessing.context
import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from types import TracebackType

from generator.errors import SelfserveError
from generator.i18n.catalogs import use_project
from generator.kinds import all_kinds
from generator.plan.jobs import RenderContext, RenderJob
from generator.publish.thumbs import THUMBED, PngSources, make_thumbnail, thumbnail_name
from generator.render.encode import watching_png
from generator.render.result import RenderResult

_WORKER_CTX: RenderContext | None = None
#: The thumbnails the output folder already has (by name); None: workers make none.
_KNOWN_THUMBS: frozenset[str] | None = None

#: A worker's thumbnails of one result: (name, bytes, extension) each.
Thumbs = tuple[tuple[str, bytes, str], ...]


def _die_with_parent() -> None:
    """Ask Linux to kill this worker when the build process dies (SIGKILL, crash, CI
    timeout). Sibling workers hold the task pipe open, so a worker would otherwise
    wait on it forever as an orphan. Elsewhere this is a no-op."""
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the parent died before prctl took effect
        os._exit(1)


def _init_worker(
    ctx: RenderContext, inherited_fds: tuple[int, ...] = (), known_thumbs: frozenset[str] | None = None
) -> None:
    global _WORKER_CTX, _KNOWN_THUMBS
    _die_with_parent()
    _WORKER_CTX = ctx
    _KNOWN_THUMBS = known_thumbs
    # A forked worker shares the parent's lock file; closing our copy means the lock
    # dies with the parent, even if this worker outlives it for a moment.
    for fd in inherited_fds:
        try:
            os.close(fd)
        except OSError:
            pass


def sealed(ctx: RenderContext) -> RenderContext:
    """The context a renderer gets in a build: the project folder (for the files its job
    names) and the presets, but no settings and no content: those it reads from its job,
    whose key covers them, so a renderer cannot draw an input its key does not know."""
    return RenderContext(ctx.root, None, ctx.presets)


def render_one(job: RenderJob, ctx: RenderContext | None = None) -> RenderResult:
    ctx = ctx or _WORKER_CTX
    assert ctx is not None

    variant = job.extra.get("variant")
    render = all_kinds()[job.kind].render
    assert render is not None, f"{job.kind} is planned by no build"  # only built kinds plan jobs
    with use_project(ctx.root):  # the project's own locale/<lang>.po words
        if not variant:
            return render(job, sealed(ctx))
        # A job of one locale: its files inside the locale's folder.
        result = render(job, sealed(ctx.variants.get(variant, ctx)))
    prefix = f"{variant}/"
    files = tuple(
        f if f.rel.startswith(prefix) else dataclasses.replace(f, rel=prefix + f.rel) for f in result.files
    )
    # Say which locale a finding is about: the same card exists once per locale.
    findings = tuple(
        dataclasses.replace(
            f, item=f"{f.item} ({variant})", path=f.path if f.path.startswith(prefix) else prefix + f.path
        )
        for f in result.findings
    )
    warnings = tuple(f"{variant}: {w}" for w in result.warnings)
    return dataclasses.replace(result, files=files, findings=findings, warnings=warnings)


def _thumbs(result: RenderResult, known: frozenset[str], seen: PngSources) -> Thumbs:
    """Thumbnails of the result's images that the output folder does not have yet (a
    video's cover is not shown in the gallery on its own: it gets none, as there), each
    from the reduced canvas ``seen`` kept of it where it is a PNG, else from its bytes."""
    made = []
    for f in result.files:
        if f.fmt in THUMBED and not f.meta.get("companion_of"):
            name = thumbnail_name(f.data)
            if name not in known:
                made.append((name, *make_thumbnail(f.data, seen.take(f.data))))
    return tuple(made)


def _rendered(
    job: RenderJob, ctx: RenderContext | None, known: frozenset[str] | None
) -> tuple[RenderResult, Thumbs]:
    """One job's result and, given the thumbnails the output folder has, those it lacks."""
    if known is None:
        return render_one(job, ctx), ()
    seen = PngSources()
    with watching_png(seen):
        result = render_one(job, ctx)
    return result, _thumbs(result, known, seen)


def _render_batch(jobs: list[RenderJob]) -> list[tuple[RenderResult, Thumbs] | SelfserveError]:
    out: list[tuple[RenderResult, Thumbs] | SelfserveError] = []
    for job in jobs:
        try:
            out.append(_rendered(job, None, _KNOWN_THUMBS))
        except SelfserveError as exc:
            out.append(SelfserveError(f"{job.out}: {exc.format_message()}"))
    return out


def _ready() -> None:
    """Nothing: submitted to make a pool fork its process at once."""


def _warm(kinds: tuple[str, ...]) -> None:
    """Each kind's :attr:`~generator.kinds.AssetKind.warm`, in the worker that will render
    it (queued before its first batch). A hook leaves what is missing to its jobs to report."""
    registry = all_kinds()
    for name in kinds:
        warm = registry[name].warm if name in registry else None
        if warm is not None:
            warm()  # a hook that fails raises into a future nobody reads: the job reports it


def _fork_context() -> multiprocessing.context.BaseContext:
    """``fork`` where the platform has it (workers inherit warm caches), else the default."""
    try:
        return multiprocessing.get_context("fork")
    except ValueError:
        return multiprocessing.get_context()


Batch = list[RenderJob]


def lane(job: RenderJob) -> tuple[str, str]:
    """The locale and platform of ``job``: the fonts, designs, sizes and words it shares
    with the other jobs of its lane, which a worker rasterises and caches once. (A
    project of one locale plans no variants: all its jobs are of one locale.)"""
    return (str(job.extra.get("variant") or ""), job.platform)


def schedule(jobs: list[RenderJob], workers: int) -> list[list[Batch]]:
    """Jobs in queues of batches, one queue per worker, the longest jobs first in each.

    Each worker takes whole lanes (:func:`lane`): dealt round-robin, both workers drew
    every locale and platform and each warmed its own caches of them. Counted on the
    sample's FAQ cards, interleaved batches rasterised 14,938 words against 10,855 in
    one process; the same cards split by locale, 10,855 across the two (issue 25: the
    parallel build spent 16-23% more CPU than the serial one). Lanes go to the least
    loaded worker, heaviest first; only a lane heavier than a worker's share is cut (a
    project of one locale and platform still keeps both busy), so at 800 FAQs on two
    platforms each worker draws one platform. Within a queue heavy jobs come first, each
    in its own batch (a guide or video costs some hundred cards; last, it was a parallel
    build's tail); cards follow in batches small enough to even out the end, where a
    worker whose queue is empty takes the other's last batches. The queues depend on
    the jobs and the worker count only.
    """
    weight = {name: kind.weight for name, kind in all_kinds().items()}

    def w(job: RenderJob) -> float:
        return weight.get(job.kind, 1.0)

    workers = max(1, workers)
    total = sum(w(j) for j in jobs)
    share = total / workers
    lanes: dict[tuple[str, str], list[RenderJob]] = {}
    for job in jobs:  # plan order within a lane
        lanes.setdefault(lane(job), []).append(job)
    pieces: list[tuple[float, list[RenderJob]]] = []
    for key in sorted(lanes):
        piece: list[RenderJob] = []
        size = 0.0
        for job in lanes[key]:
            if piece and size + w(job) > share:
                pieces.append((size, piece))
                piece, size = [], 0.0
            piece.append(job)
            size += w(job)
        pieces.append((size, piece))
    pieces.sort(key=lambda p: -p[0])  # stable: lane order among equals
    parts: list[list[RenderJob]] = [[] for _ in range(workers)]
    loads = [0.0] * workers
    for size, piece in pieces:
        k = loads.index(min(loads))
        parts[k] += piece
        loads[k] += size
    # Batches amortise process hand-off; about 4 per worker near the end keeps all busy.
    budget = max(1.0, min(16.0, total / (workers * 4)))
    queues: list[list[Batch]] = []
    for part in parts:
        batches: list[Batch] = []
        current: Batch = []
        size = 0.0
        for job in sorted(part, key=lambda j: -w(j)):  # stable: lane order within a weight
            current.append(job)
            size += w(job)
            if size >= budget:
                batches.append(current)
                current, size = [], 0.0
        if current:
            batches.append(current)
        queues.append(batches)
    return queues


#: How far the later wave's process steps back when the first wave is the lighter one
#: (:meth:`RenderPool._yields`): at 10 the kernel gives it about a tenth of a busy core.
LATER_NICE = 10

#: Batches handed to each worker ahead of its results: one to draw, one waiting, so a
#: worker never idles while the parent reads its last batch.
IN_FLIGHT = 2

BatchOut = list[tuple[RenderResult, Thumbs] | SelfserveError]


def _lightest(queues: list[list[Batch]]) -> RenderJob | None:
    """Take the last (lightest) job of the last queue that has one."""
    for queue in reversed(queues):
        if queue:
            job = queue[-1].pop()
            if not queue[-1]:
                queue.pop()
            return job
    return None


class RenderPool:
    """The workers of one build, alive across both waves (``with RenderPool(...) as pool``).

    :meth:`now` yields the results of the jobs ``later`` does not pick, :meth:`later`
    those it picks, each as it is done: a worker's results wait for no other worker's
    (every consumer orders what it writes: the manifest, captions, gallery and report by
    path, the build's warnings by plan order). A job's :class:`SelfserveError` is raised
    once its wave's other jobs are done, so one broken card does not hide the problems of
    the others; several come in plan order.

    ``known_thumbs``: the gallery thumbnails the output folder has; given, the workers
    make the others beside their images, collected in :attr:`thumbs` for the gallery.
    """

    def __init__(
        self,
        jobs: list[RenderJob],
        ctx: RenderContext,
        workers: int,
        close_fds: tuple[int, ...] = (),
        later: Callable[[RenderJob], bool] = lambda job: False,
        known_thumbs: frozenset[str] | None = None,
    ) -> None:
        self.ctx = ctx
        self.known_thumbs = known_thumbs
        self.thumbs: dict[str, tuple[bytes, str]] = {}
        self._later = [j for j in jobs if later(j)]
        self._now = [j for j in jobs if not later(j)]
        self._rank = {j.out: i for i, j in enumerate(jobs)}
        self.workers = workers
        self.close_fds = close_fds
        #: One single-process pool per queue of the first wave: a worker draws its own lanes.
        self._pools: list[ProcessPoolExecutor] = []
        self._queues: list[deque[Batch]] = []
        self._inflight: dict[Future[BatchOut], tuple[int, Batch]] = {}
        #: The later wave's own process, beside the ``workers`` of the first wave.
        self._later_pool: ProcessPoolExecutor | None = None
        self._later_futures: list[tuple[Future[BatchOut], Batch]] = []
        self._serial: dict[str, list[Batch]] = {"now": [], "later": []}
        self._waves: dict[str, list[list[Batch]]] = {}
        self._first: tuple[str, RenderJob] | None = None
        #: A serial build's later wave, for the process :meth:`_fork_later` made.
        self._held_later: list[Batch] = []

    @property
    def has_later(self) -> bool:
        return bool(self._later)

    def __enter__(self) -> RenderPool:
        serial = self.workers <= 1 or len(self._now) + len(self._later) < 6
        waves = {
            "now": schedule(self._now, 1 if serial else self.workers),
            "later": schedule(self._later, 1),
        }  # one process draws the later wave
        # The lightest job first, here: forked workers then start with the fonts, coverage
        # sets and designs this process has just loaded instead of loading them again.
        for name in ("now", "later"):
            job = _lightest(waves[name])
            if job is not None:
                self._first = (name, job)
                break
        if serial:
            self._serial = {name: [b for q in queues for b in q] for name, queues in waves.items()}
            if self._serial["later"] and self._serial["now"]:
                self._fork_later()
            return self
        self._waves = waves
        if self._later and "fork" in multiprocessing.get_all_start_methods():
            # The later wave's process forks now, before the first card, and warms up (the
            # guide imports WeasyPrint and matplotlib) while this process draws that card:
            # forked after it, the guide of an FAQ edit started 1.2 s into the build and spent
            # its first second importing, in a child that threw the imports away.
            self._later_process()
        return self

    def _yields(self) -> bool:
        """Whether the later wave should give the cores to the first: when the first wave
        weighs less than the later one (an FAQ edit: some cards and a guide). Its cards
        are what the first commit waits for, and three processes on two cores drew them
        a third slower while the guide imported and laid out beside them; the guide, the
        longer path anyway, ends a quarter of the cards' time later. In a full build the
        guide keeps its share: niced, it would run alone at the end while a core idles."""
        weight = {name: kind.weight for name, kind in all_kinds().items()}
        now = sum(weight.get(j.kind, 1.0) for j in self._now)
        return 0 < now < sum(weight.get(j.kind, 1.0) for j in self._later)

    def _later_process(self) -> ProcessPoolExecutor:
        """The later wave's process, forked now, its kinds' warm-up queued (not waited for)."""
        pool = self._later_pool = self._new_pool(1)
        pool.submit(_ready).result()  # fork now, while this process is small
        if self._yields():
            pool.submit(os.nice, LATER_NICE)
        pool.submit(_warm, tuple(dict.fromkeys(j.kind for j in self._later)))
        return pool

    def _fork_later(self) -> None:
        """A serial build's later wave, in one process forked now, before the first card.

        Why: drawn at the end in this process (or a child forked from it), the guide
        started from a process that held every card's caches: 336 MB at 800 FAQs, and
        its child peaked at 510 MB (issue 25). Forked now, it starts from what loading and
        planning left. It waits until the cards are done (``--jobs 1`` still renders one
        job at a time). Where there is no ``fork`` the later wave simply runs here, as before.
        """
        if "fork" not in multiprocessing.get_all_start_methods():
            return
        self._later_process()
        self._held_later, self._serial["later"] = self._serial["later"], []

    def _new_pool(self, n: int) -> ProcessPoolExecutor:
        """``n`` workers forked from this process with the build's context (at first submit)."""
        # typeshed types ``initializer`` as taking no arguments (``initargs`` are its arguments).
        init: Callable[..., object] = _init_worker
        return ProcessPoolExecutor(
            max_workers=n,
            initializer=init,
            initargs=(self.ctx, self.close_fds, self.known_thumbs),
            mp_context=_fork_context(),
        )

    def _start(self) -> None:
        """Fork the workers (after the first job) and hand the later wave out first."""
        if self._pools or not self._waves:
            return
        # The deferred wave (the guide) gets a process of its own beside the ``workers``
        # that draw the first wave: an edit's cards were drawn by one worker while the
        # other laid out the guide, and they are what the first commit waits for. Its own
        # pool, not one more worker in theirs: in that pool it went on to draw cards after
        # the guides, three card workers on two cores, each warming its own caches (a
        # sample build of FAQs, carousels and guides rasterised 29,800 words, against
        # 25,100 with two card workers and 18,000 serially), and three locales' guides
        # were laid out at once (each in a child of some 250 MB).
        later = [b for q in self._waves["later"] for b in q]
        if later:
            pool = self._later_pool = self._later_pool or self._new_pool(1)
            self._later_futures = [(pool.submit(_render_batch, b), b) for b in later]
        self._queues = [deque(q) for q in self._waves["now"]]
        self._pools = [self._new_pool(1) for _ in self._queues]
        for i in range(len(self._queues)):
            for _ in range(IN_FLIGHT):
                self._feed(i)

    def _feed(self, i: int) -> None:
        """Hand worker ``i`` its next batch: from its own queue, else the last (lightest)
        batch of the longest other queue, so no worker idles while work is left."""
        own = self._queues[i]
        if own:
            batch = own.popleft()
        else:
            other = max(self._queues, key=len)
            if not other:
                return
            batch = other.pop()
        self._inflight[self._pools[i].submit(_render_batch, batch)] = (i, batch)

    def _done(self) -> Iterator[tuple[Batch, BatchOut]]:
        """Each batch of the current wave with its results, as workers finish them."""
        while self._inflight:
            finished, _ = wait(self._inflight, return_when=FIRST_COMPLETED)
            for future in finished:
                i, batch = self._inflight.pop(future)
                self._feed(i)  # before the parent reads: the worker draws meanwhile
                yield batch, future.result()

    def _wave(self, name: str) -> Iterator[RenderResult]:
        if self._first is not None and self._first[0] == name:
            job = self._first[1]
            self._first = None
            yield self._here(job)
        self._start()
        for batch in self._serial.get(name, []):
            for job in batch:
                yield self._here(job)
        if name == "later" and self._held_later:
            assert self._later_pool is not None
            pool = self._later_pool
            self._later_futures = [(pool.submit(_render_batch, b), b) for b in self._held_later]
            self._held_later = []
        errors: list[tuple[int, SelfserveError]] = []
        # Futures are let go once read: a future keeps every file's bytes, and the parent
        # held all of them until the build ended (issue 25: 417 MB at the end).
        for batch, items in self._done() if name == "now" else self._later_done():
            for job, item in zip(batch, items):
                if isinstance(item, SelfserveError):
                    errors.append((self._rank[job.out], item))
                else:
                    result, thumbs = item
                    self.thumbs.update((n, (data, ext)) for n, data, ext in thumbs)
                    yield result
        if errors:
            errors.sort(key=lambda e: e[0])
            raise SelfserveError("\n".join(e.format_message() for _, e in errors))

    def _later_done(self) -> Iterator[tuple[Batch, BatchOut]]:
        """The later wave's batches with their results, in the order its one process draws them."""
        while self._later_futures:
            future, batch = self._later_futures.pop(0)
            yield batch, future.result()

    def _here(self, job: RenderJob) -> RenderResult:
        """A job rendered in this process, its thumbnails made as a worker makes them."""
        result, thumbs = _rendered(job, self.ctx, self.known_thumbs)
        self.thumbs.update((name, (data, ext)) for name, data, ext in thumbs)
        return result

    def now(self) -> Iterator[RenderResult]:
        return self._wave("now")

    def later(self) -> Iterator[RenderResult]:
        return self._wave("later")

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        for pool in (*self._pools, self._later_pool):
            if pool is not None:
                # A failed wave stops the build: queued batches are dropped, running ones end.
                pool.shutdown(wait=True, cancel_futures=exc is not None)
        self._pools, self._later_pool = [], None
        self._inflight.clear()


def render_jobs(
    jobs: list[RenderJob], ctx: RenderContext, workers: int, close_fds: tuple[int, ...] = ()
) -> Iterator[RenderResult]:
    """Every result, as it is done, in one wave (tools and tests)."""
    with RenderPool(jobs, ctx, workers, close_fds) as pool:
        yield from pool.now()
