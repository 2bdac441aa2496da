"""One reply for an agent: the card image (reused or rendered alone), reply text and alt text.

In: the loaded project, the FAQ or issue picked by the search, a platform name and
the output folder. Out: a :class:`ReplyAnswer`. The card comes from the kind that
builds it (``faq`` for FAQs) through that kind's own plan and render functions,
so it is byte-identical to what ``selfserve build`` writes. When the manifest
already lists that card with the same key and the file is intact, nothing is
rendered; otherwise exactly one card is rendered, written atomically and entered
in the manifest, so the next build reuses it.

Each reply is also recorded in the manifest as kind ``reply``: a small text file
``<platform>/reply/<id>.txt`` holding the reply text, with the card's path and alt
text, so a helpdesk integration or the gallery finds what agents sent.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import SelfserveError
from generator.kinds import built_kinds
from generator.kinds.reply import KIND as REPLY_RECORD_KIND
from generator.load.model import FAQ, Project, RecurringIssue
from generator.load.platforms import PlatformPreset, resolve_presets, select_platforms
from generator.publish import counting
from generator.publish.build import BuildOptions, BuildService
from generator.publish.entry import ManifestEntry, Source
from generator.publish.lock import BuildLock, LockBusy
from generator.publish.manifest import read_manifest, write_manifest
from generator.publish.transaction import BuildTransaction, recover_if_idle
from generator.render.alt import card_alt
from generator.render.markdown import markdown_plain
from generator.reply.caption import fit_reply

REPLY_KIND = REPLY_RECORD_KIND


@dataclass(frozen=True)
class ReplyAnswer:
    kind: str  # faq | issue
    id: str
    title: str
    platform: str
    card: str | None  # path of the image, relative to the output folder
    reused: bool
    width: int | None
    height: int | None
    fmt: str | None
    text: str  # the reply, within the caption limit
    length: int  # as the platform counts it
    limit: int | None
    counting: str
    alt: str
    note: str = ""  # e.g. why there is no card

    def as_json(self, out: Path) -> dict[str, Any]:
        return {"kind": self.kind, "id": self.id, "title": self.title, "platform": self.platform,
                "card": None if self.card is None else {
                    "path": self.card, "file": str(out / self.card), "reused": self.reused,
                    "width": self.width, "height": self.height, "format": self.fmt},
                "reply": {"text": self.text, "length": self.length, "limit": self.limit,
                          "counting": self.counting},
                "alt": self.alt, "note": self.note}


def reply_preset(project: Project, platform: str) -> tuple[PlatformPreset, dict[str, PlatformPreset]]:
    """The preset an agent answers on; banners are not reply formats."""

    presets = resolve_presets(project.config.presets)
    preset = select_platforms(presets, (), (platform,))[0]
    if preset.group == "banner":
        raise SelfserveError(f"'{platform}' is a profile banner, not a post; reply on a post "
                             "platform such as x, bluesky or facebook-feed")
    return preset, presets


def body_of(item: FAQ | RecurringIssue) -> tuple[str, str | None]:
    """The reply body as plain text, and the link to end it with."""

    if isinstance(item, FAQ):
        body = markdown_plain(item.answer)
        if item.steps:
            body += " " + " ".join(f"{i}. {s}" for i, s in enumerate(item.steps, 1))
        return body, item.link
    steps = " ".join(f"{i}. {s.text}" for i, s in enumerate(item.steps, 1))
    return f"{item.summary} {steps}".strip(), item.link


def answer(project: Project, item: FAQ | RecurringIssue, platform: str, out: Path,
           forced_format: str | None = None) -> ReplyAnswer:
    """Card, reply text and alt text for ``item`` on ``platform``; renders at most one card."""

    preset, presets = reply_preset(project, platform)
    kind_name = "faq" if isinstance(item, FAQ) else "issue"
    body, link = body_of(item)
    text = fit_reply(body, link or project.config.brand.website, preset)
    title = item.question if isinstance(item, FAQ) else item.title

    idle = recover_if_idle(out)
    card = _card(project, item, kind_name, preset, presets, out, forced_format, idle)
    if card is None:
        heading = title if title.rstrip()[-1:] in ".?!" else f"{title}."
        alt = card_alt(heading, body, preset.alt_limit)
        result = ReplyAnswer(kind_name, item.id, title, preset.name, None, False, None, None, None,
                             text, counting.length(text, preset.caption_counting), preset.caption_limit,
                             preset.caption_counting, alt,
                             note=("a video platform takes no image in a reply; reply text only "
                                   f"(the {kind_name}'s video is in output/{preset.name}/video/)"
                                   if preset.group == "video" else
                                   f"no card kind renders {kind_name}s yet; reply text only"))
    else:
        entry, reused = card
        result = ReplyAnswer(kind_name, item.id, title, preset.name, entry.path, reused,
                             entry.width, entry.height, entry.format, text,
                             counting.length(text, preset.caption_counting), preset.caption_limit,
                             preset.caption_counting, entry.alt or "")
    if idle:
        _record(project, out, result, item.source)
    return result


def _card(project: Project, item: FAQ | RecurringIssue, kind_name: str, preset: PlatformPreset,
          presets: dict[str, PlatformPreset], out: Path, forced_format: str | None,
          idle: bool = True) -> tuple[ManifestEntry, bool] | None:
    """The manifest entry of the item's card (reused when its key matches and its bytes
    are the manifest's), or None when no registered kind draws this kind of item.
    ``idle``: no build holds the folder, so a missing card may be rendered into it.

    The card goes through the build's own steps (:class:`BuildService`), limited to this
    item, kind, platform and locale: planned with the whole project (a design chosen by
    rotation, ``design: auto``, depends on the other FAQs, and reply must pick the card
    the build made, not draw another one over it), reused, rendered, captioned and
    recorded exactly as ``selfserve build`` does; everything else in the folder is kept."""
    if kind_name not in built_kinds():
        return None
    multi = len(project.config.build_locales) > 1  # answer in the loaded project's locale
    opts = BuildOptions(out=out, platforms=(preset.name,), forced_format=forced_format, jobs=1,
                        kinds=(kind_name,), items=(item.id,),
                        locales=(project.config.locale,) if multi else ())
    service = BuildService(project, opts)
    jobs = [j for j in service.plan().jobs if j.item_id == item.id and j.platform == preset.name]
    if not jobs:
        return None
    kept = service.reusable(jobs[0])
    if kept is not None:
        return kept, True
    if not idle:
        raise SelfserveError(f"a build is writing to {out} and its last complete build has no "
                             f"up-to-date {preset.name} card for '{item.id}'; run the reply again "
                             "when the build has finished")
    service.run()
    entry = read_manifest(out).get(jobs[0].out)
    assert entry is not None, "the build step records every file it renders"
    return entry, False


def reply_path(platform: str, item_id: str, locale: str | None = None) -> str:
    """Where a reply text is recorded; a reply in another locale than the default goes
    under that locale's folder, like its card (``de-DE/x/reply/<id>.txt``)."""
    rel = f"{platform}/{REPLY_KIND}/{item_id}.txt"
    return f"{locale}/{rel}" if locale else rel


def _record(project: Project, out: Path, ans: ReplyAnswer, source: Any = None) -> None:
    """Enter the reply in the manifest (kind ``reply``) next to its card.

    The text file holds exactly the reply text; writing the same reply twice
    changes nothing, so the output stays byte-identical.
    """
    loc = project.config.locale
    other = loc if project.default_locale and loc != project.default_locale else None
    rel = reply_path(ans.platform, ans.id, other)
    data = (ans.text + "\n").encode("utf-8")
    entry = ManifestEntry(
        path=rel, kind=REPLY_KIND, platform=ans.platform, format="txt", bytes=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        source=Source(source.file if source else None, source.line if source else None, ans.id),
        item_kind=ans.kind, image=ans.card, alt=ans.alt, title=ans.title, caption_length=ans.length,
        caption_limit=ans.limit)
    try:
        with BuildLock(out), BuildTransaction(out) as txn:
            entries = read_manifest(out)
            if entries.get(rel) == entry and (out / rel).is_file():
                return
            txn.write(out / rel, data)
            entries[rel] = entry
            write_manifest(out, list(entries.values()), project.config.brand.name, writer=txn)
            txn.commit()
    except LockBusy:
        return  # a build started meanwhile: the answer stands, the record is skipped
