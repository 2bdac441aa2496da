"""PDF self-service guides (kind ``guide``): one PDF per ``guides:`` entry.

Plan: one job per guide (default: a single guide named ``guide`` with every FAQ and
issue), written to ``guides/<name>.pdf``. A guide shows most of the project (FAQs,
issues, stats, contact, brand), so its key covers all content, the config, the logo
and step images, and the templates' bytes: any edit re-renders the guides, which is
cheap next to the cards. Guides belong to no platform; like banners they are built by
a plain ``build`` and left alone by a build limited with ``--platform``. A project
that builds several locales gets every guide in each locale's folder, except a guide
with a ``locale`` of its own, which is built in that locale only.

Render: :func:`generator.render.guide.render_guide`; the manifest entry carries the
title and the page count.
"""

from __future__ import annotations

from generator.i18n.locales import language
from generator.kinds import AssetKind, register
from generator.load.model import Guide, Source
from generator.load.platforms import select_platforms
from generator.paths import OutsideProject, resolve_inside
from generator.plan.jobs import PlanInput, RenderContext, RenderJob, file_fingerprint, make_key
from generator.render.guide import render_guide, warm_up
from generator.render.guide.templates import templates_fingerprint
from generator.render.result import RenderedFile, RenderResult

KIND = "guide"
PLATFORM = "guide"
DEFAULT_GUIDE = Guide(name="guide")


def guides_of(config) -> tuple[Guide, ...]:  # noqa: ANN001 - Config
    """The configured guides; one guide with everything when ``guides:`` is absent."""
    return (DEFAULT_GUIDE,) if config.guides is None else config.guides


def _selected_by_default(pi: PlanInput) -> bool:
    default = select_platforms(pi.presets, pi.project.config.platforms, ())
    return [p.name for p in pi.platforms] == [p.name for p in default]


def plan_guides(pi: PlanInput) -> list[RenderJob]:
    if not _selected_by_default(pi):
        return []
    project = pi.project
    cfg = project.config
    root = project.root
    images = sorted({s.image for i in project.issues for s in i.steps if s.image}
                    | ({cfg.brand.logo} if cfg.brand.logo else set()))
    common = make_key(KIND, cfg, project.faqs, project.issues, project.stats,
                      [(p, file_fingerprint(root, p)) for p in images],
                      _answer_images(project), templates_fingerprint(root), _project_catalogs(root))
    jobs = []
    several = len(cfg.build_locales) > 1
    for gi, guide in enumerate(guides_of(cfg)):
        if several and guide.locale and language(guide.locale) != language(cfg.locale):
            continue  # a guide for one language is built in that locale's folder only
        src = Source(cfg.file, None, f"guides[{gi}]" if cfg.guides is not None else "guides")
        key = make_key(common, guide)
        # A guide draws the whole content: the job carries the project it was planned
        # from (its key above covers every part the guide shows).
        jobs.append(RenderJob(KIND, guide.name, PLATFORM, f"guides/{guide.name}.pdf", "pdf", key, src,
                              payload=guide, locale=guide.locale or cfg.locale,
                              extra={"project": project}))
    return jobs


def _project_catalogs(root) -> list[tuple[str, str]]:  # noqa: ANN001 - Path
    """The project's own word catalogs (``locale/*.po``): they change the guide's words."""

    try:
        folder = resolve_inside(root, "locale")
    except OutsideProject:
        return [("locale", "refused")]
    if not folder.is_dir():
        return []
    return [(p.name, file_fingerprint(folder, p.name)) for p in sorted(folder.glob("*.po"))]


def _answer_images(project) -> list[tuple[str, str]]:  # noqa: ANN001 - Project
    """Project files that answers show as images (``![..](assets/x.png)``), fingerprinted."""
    import re

    found = set()
    for faq in project.faqs:
        for m in re.finditer(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)", faq.answer):
            if "://" not in m.group(1) and not m.group(1).startswith("data:"):
                found.add(m.group(1))

    out = []
    for rel in sorted(found):
        try:
            # Only files the guide may show: a path that leaves the project is refused
            # at render time and must not be read here either.
            path = resolve_inside(project.root, rel)
            out.append((rel, file_fingerprint(path.parent, path.name)))
        except OutsideProject:
            out.append((rel, "refused"))
    return out


def render_guide_job(job: RenderJob, ctx: RenderContext) -> RenderResult:
    project = job.extra.get("project") or ctx.project
    if project is None:
        raise RuntimeError(f"guide job {job.out} carries no project: plan it with plan_guides")
    guide: Guide = job.payload
    pdf = render_guide(project, guide, job.key)
    meta = {"title": pdf.title, "pages": pdf.pages, "alt": pdf.alt}
    f = RenderedFile(job.out, pdf.data, pdf.width, pdf.height, "pdf", meta=meta)
    return RenderResult(job, (f,), warnings=pdf.warnings)


register(AssetKind(name=KIND, description="a PDF self-service guide per guides: entry",
                   label="Guides (PDF)", order=90,
                   posted=False,  # a document for the help centre, linked rather than posted
                   plan=plan_guides, render=render_guide_job, weight=300.0,
                   deferred=True,
                   warm=warm_up))  # an FAQ edit publishes its cards without waiting for the guide
