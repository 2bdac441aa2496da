"""Known-issue notices (kind ``notice``): one card per feed platform for an issue that is
being investigated ("We know about this, here is what to do meanwhile") and one when
it is fixed.

Plan: issues whose status is ``investigating`` or ``fixed``, on every selected
platform of the ``feed`` group (a notice is a single post, not a story or a
document). An issue with a workaround has its carousel instead. The manifest
entry says which notice a card is (``notice: investigating | fixed``), so a
scheduler can post the "fixed" card once and retire the other. Render: the
``notice`` design with the words in the project's locale.
"""

from __future__ import annotations

from typing import Any

from generator.i18n.words import words
from generator.kinds import AssetKind, register
from generator.kinds.faq import AUTO, image_format, pick_design
from generator.load.model import RecurringIssue
from generator.plan.jobs import PlanInput, RenderContext, RenderJob, file_fingerprint, job_config, make_key
from generator.plan.looks import issue_look
from generator.render.alt import shorten
from generator.render.card import draw_card, finish_card
from generator.render.encode import EXTENSIONS

KIND = "notice"
NOTICE_STATUSES = ("investigating", "fixed")
#: A notice shows the first few things to do meanwhile (fewer on a wide image, none on a
#: 1.91:1 link-style image); the carousel has every step.
MAX_STEPS = {"landscape": 1, "wide": 0}


#: The icon beside a notice's status badge.
STATUS_ICONS = {"investigating": "triangle-alert", "workaround": "wrench", "fixed": "circle-check"}
#: ``designs: {notice: auto}``: the notice designs, alternated in content order.
AUTO_NOTICE = ("notice", "notice-alert")


def max_steps(aspect: str, ratio: float) -> int:
    return 0 if ratio >= 1.85 else MAX_STEPS.get(aspect, 3)


def plan_notices(pi: PlanInput) -> list[RenderJob]:
    cfg = pi.project.config
    root = pi.project.root
    brand_fp = make_key(cfg.brand, file_fingerprint(root, cfg.brand.logo), cfg.locale)
    shown = [i for i in pi.project.issues if i.status in NOTICE_STATUSES]
    # Besides the job (issue, design, preset: project_keyed): its look (picture bytes) and
    # the brand, read once per issue rather than once per platform.
    keys = {i.id: make_key(issue_look(i).fingerprint(root), brand_fp) for i in shown}
    jobs: list[RenderJob] = []
    for preset in (p for p in pi.platforms if p.group == "feed"):
        fmt = image_format(preset, pi.forced_format)
        for n, issue in enumerate(shown):
            design = pick_design(cfg.designs, KIND, preset.name, None)
            if design == AUTO:  # alternate the notice designs in content order
                design = AUTO_NOTICE[n % len(AUTO_NOTICE)]
            out = f"{preset.name}/{KIND}/{issue.id}.{EXTENSIONS[fmt]}"
            jobs.append(RenderJob(KIND, issue.id, preset.name, out, fmt, keys[issue.id], issue.source, issue,
                                  design=design, locale=cfg.locale))
    return jobs


def notice_item(issue: RecurringIssue, locale: str, room: int = 3, thanks: bool = True) -> dict[str, Any]:
    """What the ``notice`` design draws: the badge, headline, body and steps as strings
    (``thanks``: a fixed notice's "This is fixed, thank you" line, which its badge repeats)."""

    w = words(locale)
    look = issue_look(issue).as_item()
    steps = [s.text for s in issue.steps[:room]]
    if issue.status == "fixed":
        # What happened, that it is fixed, and what an affected customer still does
        # ("re-download any invoice"): a fixed notice that only said "fixed" lost the steps.
        summary = f"{issue.summary} {w['notice_fixed_body'] if thanks else ''}".strip()
        if steps:
            summary += f"\n\n**{w['notice_if_affected']}:**"
        return {"badge": w["status_fixed"], "status": issue.status, "title": issue.title,
                "summary": summary, "steps": steps, "link": issue.link or "",
                "status_icon": STATUS_ICONS["fixed"], **look}
    summary = issue.summary
    if steps:
        summary += f"\n\n**{w['notice_meanwhile']}:**"
    return {"badge": w["notice_investigating"], "status": issue.status, "title": issue.title,
            "summary": summary, "steps": steps, "link": issue.link or "",
            "status_icon": STATUS_ICONS.get(issue.status, "triangle-alert"), **look}


def render_notice(job: RenderJob, ctx: RenderContext):
    issue: RecurringIssue = job.payload
    preset = ctx.presets[job.platform]
    # Fewer "meanwhile" steps when the words do not fit (a German summary is longer than
    # the English one): the notice says less rather than cut a sentence; the carousel
    # has every step.
    # A fixed notice then drops its thank-you line (its badge says "Fixed" already) before
    # its summary or title would be cut or shrunk to the smallest size.
    room, thanks = max_steps(preset.aspect, preset.ratio), True
    while True:
        item = notice_item(issue, job.locale or job_config(job, ctx).locale, room, thanks)
        card = draw_card(job, ctx, item)
        strained = any(t.truncated or (t.role in ("heading", "body") and t.size <= t.size_min)
                       for t in card.texts)
        if not strained:
            break
        if room > 0:
            room -= 1
        elif thanks and issue.status == "fixed":
            thanks = False
        else:
            break
    body = " ".join(f"{i}. {s}" for i, s in enumerate(item["steps"], 1))
    summary = item["summary"].replace("**", "")
    alt = shorten(f"{item['badge']}: {issue.title}. {summary} {body}".strip(), preset.alt_limit or 1000)
    return finish_card(job, ctx, card, title=f"{item['badge']}: {issue.title}", alt=alt,
                       meta={"notice": issue.status})


register(AssetKind(name=KIND,
                   description="known-issue notices (investigating) and fixed notices per feed platform",
                   label="Notices", order=40, posted=True, post_rank=20, plan=plan_notices,
                   render=render_notice, designs=("notice",), auto_designs=AUTO_NOTICE,
                   items="issue"))
