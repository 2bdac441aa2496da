"""The whole build as one readable sequence of named steps (after MkDocs' ``commands/build.py``):

:class:`BuildService` ``plan`` (presets -> jobs from every registered kind -> shard) ->
``reuse`` what is unchanged (its bytes verified against the manifest) -> ``render`` the
rest (in worker processes, :mod:`generator.publish.workers`) and stage the new files ->
``caption`` (new entries, never changed in place) -> ``remove`` files whose source is gone
-> ``report`` (report.json, build.json, manifest, gallery) -> ``commit``, in one
transaction (:mod:`generator.publish.transaction`). When a deferred kind (the PDF guide)
has work, the build commits twice: first every other asset, with the guide's previous
file still listed, then the guide, which a worker rendered meanwhile. Each commit leaves
a complete, consistent output folder. ``build`` and ``serve`` run every step; ``reply``
runs them for one card.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import time
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from generator.environment import fix_timestamps
from generator.errors import SelfserveError
from generator.i18n.catalogs import use_project
from generator.kinds import all_kinds, built_kinds, kept_kinds
from generator.load.model import Project
from generator.load.platforms import resolve_presets, select_platforms
from generator.load.project import load_project
from generator.plan.jobs import (
    PlanInput,
    RenderContext,
    RenderJob,
    project_keyed,
    refresh_fonts_fingerprint,
    render_config,
)
from generator.publish.captions import CaptionsAhead, add_captions, companion_paths
from generator.publish.entry import ManifestEntry
from generator.publish.gallery import write_gallery
from generator.publish.lock import BuildLock
from generator.publish.manifest import entry_for, read_manifest, write_manifest
from generator.publish.stamp import Digest, record
from generator.publish.thumbs import listed_names, stage_made
from generator.publish.transaction import BuildTransaction
from generator.publish.verify import Verifier
from generator.publish.workers import RenderPool
from generator.render.result import Finding, RenderResult

REPORT = "report.json"
BUILD_LOG = "build.json"


@dataclass(frozen=True)
class BuildOptions:
    out: Path
    platforms: tuple[str, ...] = ()
    forced_format: str | None = None
    force: bool = False
    jobs: int = 0  # 0: one per core
    shard: tuple[int, int] | None = None  # (index from 1, count)
    kinds: tuple[str, ...] = ()  # limit to these kinds; empty: all
    items: tuple[str, ...] = ()  # limit to these item ids (``reply``: one card); empty: all
    locales: tuple[str, ...] = ()  # limit to these of the build's locales; empty: all
    today: date | None = None  # --today: hours/today cards mark this day
    #: What the build's inputs looked like before loading (:func:`stamp.inputs_digest`):
    #: recorded with the outputs after the last commit, so an unchanged next build is
    #: answered without loading. None (serve, reply, tests): the old stamp is dropped.
    stamp: Digest | None = None


@dataclass
class BuildSummary:
    out: Path
    total: int = 0
    rendered: int = 0
    reused: int = 0
    removed: int = 0
    files: int = 0
    seconds: float = 0.0
    #: When everything but the deferred kinds (the guide) was committed; None: one commit.
    published_seconds: float | None = None
    warnings: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"out": str(self.out), "jobs": self.total, "rendered": self.rendered,
                "reused": self.reused, "removed": self.removed, "files": self.files,
                "seconds": round(self.seconds, 3),
                "published_seconds": None if self.published_seconds is None
                else round(self.published_seconds, 3),
                "warnings": self.warnings,
                "findings": [f.as_json() for f in self.findings], "notes": self.notes}


def plan_jobs(project: Project, opts: BuildOptions
              ) -> tuple[list[RenderJob], RenderContext, list[str], dict[str, Any] | None]:
    presets = resolve_presets(project.config.presets)
    selected = select_platforms(presets, project.config.platforms, opts.platforms)
    jobs: list[RenderJob] = []
    notes: list[str] = []
    variants = locale_projects(project, opts.locales)
    multi = len(project.config.build_locales) > 1  # each locale in its own folder
    refresh_fonts_fingerprint()  # a font installed since the last build (serve) re-renders

    for loc, proj in variants.items():
        pi = PlanInput(proj, presets, tuple(selected), opts.forced_format, today=opts.today)
        for name, kind in built_kinds().items():
            if opts.kinds and name not in opts.kinds:
                continue
            assert kind.plan is not None  # built_kinds() are those with a planner
            with use_project(project.root):
                # Each job carries the settings its renderer may read (in its key too).
                settings = render_config(proj.config, kind.reads)
                planned = project_keyed([j if j.config else dataclasses.replace(j, config=settings)
                                         for j in kind.plan(pi)], project, loc, presets)
            if opts.items:
                planned = [j for j in planned if j.item_id in opts.items]
            if multi:
                # Each locale in its own folder; the renderer gets that locale's project.
                planned = [dataclasses.replace(j, out=f"{loc}/{j.out}", locale=j.locale or loc,
                                               extra={**j.extra, "variant": loc}) for j in planned]
            jobs += planned
        notes += [f"{loc}: {n}" if multi else n for n in dict.fromkeys(pi.notes)]
    untranslated = [t for p in variants.values() for t in p.translations]
    if untranslated:
        fell = sum(1 for t in untranslated if "; using " in t.message)
        notes.append(f"{fell} item(s) use the default locale's text where a translation is missing, "
                     f"{len(untranslated) - fell} left out of a locale (listed in report.json)")
    if opts.forced_format:
        refused = sorted({j.platform for j in jobs if j.fmt != opts.forced_format})
        if refused:
            notes.append(f"--format {opts.forced_format} is not accepted by {', '.join(refused)}; "
                         "those use their default format")
    _check_unique(jobs)
    plan_id = hashlib.sha256("\n".join(sorted(j.key for j in jobs)).encode()).hexdigest()
    jobs_all = len(jobs)
    if opts.shard:
        index, count = opts.shard
        # A stable hash of the output path: the same job lands in the same shard on every runner.
        jobs = [j for j in jobs if zlib.crc32(j.out.encode()) % count == index - 1]
    ctx = RenderContext(project.root, project.config, presets, project,
                        variants={loc: RenderContext(p.root, p.config, presets, p)
                                  for loc, p in variants.items()} if multi else {})
    if opts.shard:
        notes.append(f"shard {opts.shard[0]}/{opts.shard[1]}: {len(jobs)} of {jobs_all} jobs")
    ctx_shard = {"of": f"{opts.shard[0]}/{opts.shard[1]}", "jobs": len(jobs), "jobs_all": jobs_all,
                 "plan": plan_id} if opts.shard else None
    return jobs, ctx, notes, ctx_shard


def _check_unique(jobs: list[RenderJob]) -> None:
    """Two jobs never write one file: say which items collide."""
    seen: dict[str, RenderJob] = {}
    for j in jobs:
        if j.out in seen:
            raise SelfserveError(f"two assets would be written to {j.out} ({seen[j.out].item_id} and "
                                 f"{j.item_id}); give one of them another id")
        seen[j.out] = j


def locale_projects(project: Project, only: tuple[str, ...] = ()) -> dict[str, Project]:
    """The project in each locale it builds (the default one is ``project`` itself);
    ``only``: just these locales (``reply`` answers in one)."""

    locales = project.config.build_locales
    if len(locales) == 1:
        return {project.config.locale: project}
    return {loc: project if loc == project.config.locale else load_project(project.root, locale=loc)
            for loc in locales if not only or loc in only}


Index = dict[tuple[str, str, str, str], list[ManifestEntry]]


def _index_previous(prev: dict[str, ManifestEntry]) -> Index:
    """Previous entries by (kind, platform, item id, key): one lookup per job, not a scan."""
    index: Index = {}
    for e in prev.values():
        index.setdefault((e.kind, e.platform, str(e.source.id), str(e.key)), []).append(e)
    return index


def _reusable(job: RenderJob, index: Index, verifier: Verifier) -> list[ManifestEntry] | None:
    """Previous manifest entries for ``job`` when its key is unchanged and every one of
    its files holds exactly the bytes the manifest lists (a tampered or half-replaced
    file is rendered again)."""
    entries = index.get((job.kind, job.platform, job.item_id, job.key))
    if not entries or not any(e.path == job.out for e in entries):
        return None
    if not all(verifier.matches(e.path, e.sha256, e.bytes) for e in entries):
        return None
    return entries


@dataclass(frozen=True)
class Plan:
    """What a build renders: its jobs (this shard's), their context and the plan's notes."""

    jobs: list[RenderJob]
    ctx: RenderContext
    notes: list[str]
    shard: dict[str, Any] | None


@dataclass
class _Run:
    """One build's working state inside its lock and transaction (the steps fill it in)."""

    plan: Plan
    txn: BuildTransaction
    verifier: Verifier
    lock_fds: tuple[int, ...]
    prev: dict[str, ManifestEntry]
    summary: BuildSummary
    entries: list[ManifestEntry] = field(default_factory=list)
    todo: list[RenderJob] = field(default_factory=list)
    kept_outside: set[str] = field(default_factory=set)
    rendered: list[str] = field(default_factory=list)
    #: Gallery thumbnails the render workers made (the pool's table, filled as results come).
    thumbs: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    #: Captions made as results arrive, into this transaction (:meth:`BuildService.caption_ahead`).
    captions: CaptionsAhead | None = None
    #: Each rendered job's warnings: results arrive as workers finish them, the summary
    #: lists them in plan order (:meth:`BuildService.publish`).
    warned: dict[str, tuple[str, ...]] = field(default_factory=dict)


class BuildService:
    """The build as named steps: plan, reuse, render (and write), caption, report, commit.

    ``selfserve build`` and ``serve`` run them all (:func:`build`); ``reply`` runs them for
    one card (``BuildOptions.items``), after asking :meth:`reusable` whether the last
    build's card still holds. A build limited by --platform, --kind or items keeps every
    asset it was not asked about, and the files other commands wrote (the kinds without a
    planner, :func:`kept_kinds`).
    """

    def __init__(self, project: Project, opts: BuildOptions,
                 progress: Callable[[int, int, str], None] | None = None,
                 on_published: Callable[[BuildSummary], None] | None = None) -> None:
        self.project = project
        self.opts = opts
        self.out = opts.out
        self.progress = progress
        #: Called after the first commit when deferred files (the guide) are still rendering.
        self.on_published = on_published
        self._plan: Plan | None = None

    def plan(self) -> Plan:
        """Jobs from every registered kind, once per build."""
        if self._plan is None:
            self._plan = Plan(*plan_jobs(self.project, self.opts))
        return self._plan

    def reusable(self, job: RenderJob) -> ManifestEntry | None:
        """The last complete build's entry of ``job`` when it still holds (same key, same
        bytes), read without the lock: the manifest is committed last."""
        entries = _reusable(job, _index_previous(read_manifest(self.out)), Verifier(self.out))
        return next((e for e in entries or () if e.path == job.out), None)

    def run(self) -> BuildSummary:
        started = time.perf_counter()
        fix_timestamps()  # before any worker forks: PDFs' font subsets carry no build time
        plan = self.plan()
        summary = BuildSummary(out=self.out, total=len(plan.jobs), notes=list(plan.notes))
        kinds = all_kinds()
        with BuildLock(self.out) as lock:
            with BuildTransaction(self.out) as txn:  # recovers an interrupted build; writes nothing
                if txn.recovered:
                    summary.notes.append(f"{self.out}: {txn.recovered}")
                run = _Run(plan, txn, Verifier(self.out), (lock.fd,) if lock.fd is not None else (),
                           {} if self.opts.shard else read_manifest(self.out), summary)
                self.reuse(run)
            workers = min(self.opts.jobs or os.cpu_count() or 1, max(1, len(run.todo)))
            # A sharded build writes no gallery: its workers make no thumbnails.
            known = None if self.opts.shard else listed_names(self.out)
            with RenderPool(run.todo, plan.ctx, workers, run.lock_fds,
                            later=lambda job: kinds[job.kind].deferred, known_thumbs=known) as pool:
                run.thumbs = pool.thumbs
                # First commit: everything but the deferred kinds (the guide), whose
                # previous files stay listed until their new ones arrive. When the first
                # wave rendered nothing there is nothing to publish early: one commit, so
                # a guide that fails (a broken guide template) leaves every file as it was.
                with BuildTransaction(self.out) as txn:
                    run.txn = txn
                    self.caption_ahead(run)
                    self.render(run, pool.now())
                    early = pool.has_later and bool(run.rendered)
                    if early:
                        self._keep_previous(run, [j for j in run.todo if kinds[j.kind].deferred])
                    else:
                        self.render(run, pool.later())
                    self.publish(run, started)
                if early:
                    summary.published_seconds = time.perf_counter() - started
                    if self.on_published:
                        self.on_published(summary)
                    # Second commit: the deferred files, rendered meanwhile by a worker.
                    with BuildTransaction(self.out) as txn:
                        run.txn = txn
                        run.prev = {e.path: e for e in run.entries}
                        self.caption_ahead(run)
                        self.render(run, pool.later())
                        self.publish(run, started)
            if not self.opts.shard:
                record(self.out, self.opts.stamp, summary.as_json(), summary.findings,
                       [str(w) for w in self.project.warnings])
        return summary

    def publish(self, run: _Run, started: float) -> None:
        """Caption, remove, report and commit what ``run`` holds now."""
        self.caption(run)
        self.remove(run)
        run.summary.warnings = [w for j in run.todo for w in run.warned.get(j.out, ())]
        run.summary.files = len(run.entries)
        run.summary.seconds = time.perf_counter() - started
        self.report(run)
        self.commit(run)

    def _keep_previous(self, run: _Run, pending: list[RenderJob]) -> None:
        """List the previous files of jobs still rendering (intact ones): the first commit
        keeps the last build's guide, consistent with its manifest entry, rather than
        removing it; its old key makes an interrupted build render it again."""
        taken = {e.path for e in run.entries}
        for job in pending:
            old = run.prev.get(job.out)
            if old is not None and job.out not in taken and \
                    run.verifier.matches(old.path, old.sha256, old.bytes):
                run.entries.append(old)

    # -- the steps -----------------------------------------------------------------------------
    def _outside(self, e: ManifestEntry) -> bool:
        """True when ``e`` is of a platform, kind, item or locale this build was not asked about."""
        o = self.opts
        return bool((o.platforms and e.platform not in o.platforms) or (o.kinds and e.kind not in o.kinds)
                    or (o.items and e.item_id not in o.items) or (o.locales and e.locale not in o.locales))

    def reuse(self, run: _Run) -> None:
        """Keep what needs no rendering: assets outside a limited build, other commands'
        records and every job whose key and bytes are unchanged; the rest is ``todo``."""
        planned = {j.out for j in run.plan.jobs}

        def intact(e: ManifestEntry) -> bool:
            return run.verifier.matches(e.path, e.sha256, e.bytes)

        if self.opts.platforms or self.opts.kinds or self.opts.items or self.opts.locales:
            for path, e in run.prev.items():
                if self._outside(e) and path not in planned and intact(e):
                    run.entries.append(e)
                    run.kept_outside.add(path)
        # Files other commands wrote (``reply`` records) are planned by no kind: keep them.
        listed = {e.path for e in run.entries} | planned
        others = kept_kinds()
        run.entries += [e for path, e in run.prev.items()
                        if e.kind in others and path not in listed and intact(e)]
        index = _index_previous(run.prev)
        taken = {e.path for e in run.entries}
        for job in run.plan.jobs:
            kept = None if self.opts.force else _reusable(job, index, run.verifier)
            if kept is None:
                run.todo.append(job)
                continue
            # Jobs of one key (a chart's PNG and SVG) find each other's files: list each once.
            run.entries += [e for e in kept if e.path not in taken]
            taken.update(e.path for e in kept)
            run.summary.reused += 1
        self._carry_findings(run)

    def _carry_findings(self, run: _Run) -> None:
        """The previous report's findings about every file this build keeps."""
        old = _previous_findings(self.out) if run.prev else {}
        todo = {j.out for j in run.todo}
        carried = [j.out for j in run.plan.jobs if j.out not in todo] + sorted(run.kept_outside)
        fixed = ("code", "message", "path", "item", "platform", "source", "layer")
        for path in carried:
            for f in old.get(path, []):
                run.summary.findings.append(Finding(**{k: f.get(k, "") for k in fixed},
                                                    data={k: v for k, v in f.items() if k not in fixed}))

    def caption_ahead(self, run: _Run) -> None:
        """From now on caption each rendered entry as it arrives, into ``run.txn``: done at
        the end, the captions were seconds of a parallel build's tail with both cores idle."""
        ctx = run.plan.ctx
        run.captions = CaptionsAhead(self.project, ctx.presets, self.out,
                                     {loc: c.project for loc, c in ctx.variants.items() if c.project},
                                     run.txn, run.verifier)

    def render(self, run: _Run, results: Iterable[RenderResult]) -> None:
        """Stage each rendered file whose bytes changed; a file replaces the entry it had."""
        for result in results:
            for f in result.files:
                entry = entry_for(result, f)
                if not run.verifier.matches(f.rel, entry.sha256, len(f.data)):
                    run.txn.write(self.out / f.rel, f.data)
                run.entries.append(entry)
                run.rendered.append(f.rel)
                if run.captions is not None:
                    run.captions.add(entry)
                if run.thumbs:
                    stage_made(self.out, entry, run.thumbs, run.txn)
            run.summary.findings += result.findings
            if result.warnings:
                run.warned[result.job.out] = tuple(result.warnings)
            run.summary.rendered += 1
            if self.progress:
                self.progress(run.summary.rendered, len(run.todo), result.job.out)

    def caption(self, run: _Run) -> None:
        """New entries with the captions that are missing or stale; their .txt staged."""
        ctx = run.plan.ctx
        # One entry per file: a freshly rendered one replaces a reused twin of the same key.
        run.entries = list({e.path: e for e in run.entries}.values())
        captions = add_captions(self.project, ctx.presets, self.out, run.entries,
                                {loc: c.project for loc, c in ctx.variants.items() if c.project},
                                writer=run.txn, verifier=run.verifier, ahead=run.captions)
        run.captions = None  # what it made is in the entries now
        run.entries = captions.applied(run.entries)
        if captions.note:
            run.summary.notes.append(captions.note)

    def remove(self, run: _Run) -> None:
        """Stage the removal of files the previous manifest lists and this build does not."""
        if self.opts.shard:
            return
        new_paths = {e.path for e in run.entries} | companion_paths(run.entries)
        # Only files the previous manifest lists: a user's own files are never touched.
        for path in sorted((set(run.prev) | companion_paths(run.prev.values())) - new_paths):
            target = self.out / path
            if (target.is_file() or target.is_symlink()) and _inside(self.out, target.parent):
                run.txn.remove(path)
                run.summary.removed += path in run.prev  # a caption .txt goes with its asset

    def report(self, run: _Run) -> None:
        """Stage report.json, build.json, manifest.json and the gallery."""
        summary, entries, ctx = run.summary, run.entries, run.plan.ctx
        # A path is one job's: stable within it, whatever order the workers finished in.
        summary.findings.sort(key=lambda f: (f.path, f.code, f.layer))
        run.txn.write(self.out / REPORT, (json.dumps(
            {"findings": [f.as_json() for f in summary.findings],
             "summaries": summaries(entries),
             "translations": [{**t.as_json(), "locale": c.project.config.locale}
                              for c in (ctx.variants.values() or [ctx]) if c.project
                              for t in c.project.translations]},
            indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
        run.txn.write(self.out / BUILD_LOG, (json.dumps(
            {"rendered": sorted(run.rendered), "reused": summary.reused, "removed": summary.removed,
             "jobs": summary.total}, indent=2) + "\n").encode())
        name = self.project.config.brand.name
        write_manifest(self.out, entries, name, run.plan.shard, writer=run.txn)
        if not self.opts.shard:
            before = {p: (e.sha256, e.caption, e.alt) for p, e in run.prev.items()}
            write_gallery(self.out, entries, before, name, ctx.presets, self.project.config.locale,
                          writer=run.txn, made=run.thumbs)
            run.thumbs.clear()  # staged now: the bytes need not wait for the next commit

    def commit(self, run: _Run) -> None:
        """Commit the transaction and remember the hashes of what is now in place."""
        moved = run.txn.commit()
        hashes = {e.path: e.sha256 for e in run.entries}
        hashes.update({e.caption_file: e.caption_sha256 for e in run.entries
                       if e.caption_file and e.caption_sha256})
        run.verifier.committed(moved, hashes)
        run.verifier.save(set(hashes))


def summaries(entries: list[ManifestEntry]) -> list[dict[str, Any]]:
    """Every card that shows a summary instead of the whole answer (issue 18), for report.json."""
    return [{"path": e.path, "platform": e.platform, "item": e.source.id, "source": e.source.file,
             "line": e.source.line, "summary": e.summary}
            for e in sorted(entries, key=lambda e: e.path) if e.completeness == "summary"]


def build(project: Project, opts: BuildOptions,
          progress: Callable[[int, int, str], None] | None = None,
          on_published: Callable[[BuildSummary], None] | None = None) -> BuildSummary:
    """The whole build (``selfserve build`` and each ``serve`` rebuild)."""
    return BuildService(project, opts, progress, on_published).run()


def _previous_findings(out: Path) -> dict[str, list[dict[str, Any]]]:
    try:
        data = json.loads((out / REPORT).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    by_path: dict[str, list[dict[str, Any]]] = {}
    for f in data.get("findings", []):
        if isinstance(f, dict) and "path" in f:
            by_path.setdefault(f["path"], []).append(f)
    return by_path


def _inside(out: Path, target: Path) -> bool:
    try:
        target.resolve().relative_to(out.resolve())
        return True
    except ValueError:
        return False
