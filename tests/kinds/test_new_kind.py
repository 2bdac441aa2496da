"""Adding a kind is one module (and its design file): a throwaway kind, registered from a
module in a temporary folder, is planned, rendered, listed in the gallery at its order,
scheduled or not as its record says, and captioned with its template, without any other
file of selfserve knowing its name."""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import pytest

from generator import kinds
from generator.kinds import AssetKind, all_kinds
from generator.load.project import load_project
from generator.publish.build import BuildOptions, build
from generator.publish.manifest import read_manifest
from generator.render.preflight import preflight
from generator.schedule.week import postables

ROOT = Path(__file__).resolve().parents[2]

MODULE = '''
"""Posters (kind ``poster``): one card per FAQ on the feed platforms, in the poster design."""
import dataclasses

from generator.kinds import AssetKind, register
from generator.kinds.faq import image_format, pick_design
from generator.load.design.loader import design_digest
from generator.plan.jobs import RenderJob, make_key
from generator.render.card import draw_card, finish_card

KIND = "poster"


def plan(pi):
    cfg = pi.project.config
    jobs = []
    for preset in (p for p in pi.platforms if p.group == "feed"):
        fmt = image_format(preset, pi.forced_format)
        design = pick_design(cfg.designs, KIND, preset.name, None)
        for faq in pi.project.faqs:
            key = make_key(KIND, faq, preset, design, design_digest(design, pi.project.root),
                           cfg.brand, fmt)
            jobs.append(RenderJob(KIND, faq.id, preset.name, f"{preset.name}/{KIND}/{faq.id}.png",
                                  fmt, key, faq.source, faq, design=design, locale=faq.locale))
    return jobs


def render(job, ctx):
    faq = job.payload
    item = {f.name: getattr(faq, f.name) for f in dataclasses.fields(faq) if f.name != "source"}
    card = draw_card(job, ctx, {**item, "body": faq.answer})
    return finish_card(job, ctx, card, title=faq.question, alt=f"Poster: {faq.question}")


register(AssetKind(name=KIND, description="posters", label="Posters for the shop window",
                   order=5, posted=POSTED, post_rank=5, plan=plan, render=render,
                   designs=("poster",), caption="faq"))
'''


def _register(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, posted: bool) -> str:
    name = f"throwaway_poster_{'posted' if posted else 'kept'}"
    folder = tmp_path / "mods"
    folder.mkdir()
    (folder / f"{name}.py").write_text(MODULE.replace("POSTED", str(posted)), "utf-8")
    monkeypatch.syspath_prepend(str(folder))
    # A copy of the table with the built-in kinds; the throwaway module registers into it
    # when the registry imports its modules, and the real table is back after the test.
    monkeypatch.setattr(kinds, "REGISTRY", dict(all_kinds()))
    monkeypatch.setattr(kinds, "KIND_MODULES", (*kinds.KIND_MODULES, name))
    monkeypatch.delitem(sys.modules, name, raising=False)
    return name


@pytest.fixture()
def starter(tmp_path: Path) -> Path:
    dest = tmp_path / "proj"
    shutil.copytree(ROOT / "generator" / "data" / "starter", dest)
    # The kind's design file: the tip design under the kind's name.
    (dest / "templates").mkdir(exist_ok=True)
    tip = (ROOT / "generator" / "data" / "designs" / "tip.yaml").read_text("utf-8")
    (dest / "templates" / "poster.yaml").write_text(tip.replace("name: tip", "name: poster"), "utf-8")
    return dest


@pytest.mark.parametrize("posted", [True, False])
def test_a_kind_in_one_module_is_planned_rendered_listed_scheduled_and_captioned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, starter: Path, posted: bool
) -> None:
    name = _register(tmp_path, monkeypatch, posted)
    try:
        record = all_kinds()["poster"]
        assert isinstance(record, AssetKind) and record.posted is posted
        project = load_project(starter)
        preflight(project, kinds.preflight_designs())  # its design file is checked with the rest
        out = starter / "output"
        summary = build(project, BuildOptions(out=out, jobs=1, platforms=("x",), kinds=("faq", "poster")))
        assets = json.loads((out / "manifest.json").read_text())["assets"]
        posters = [e for e in assets if e["kind"] == "poster"]
        faqs = {e["source"]["id"]: e for e in assets if e["kind"] == "faq"}
        # Planned and rendered: one poster per FAQ, real PNGs of the preset's size.
        assert len(posters) == len(project.faqs) and summary.rendered >= len(posters)
        for e in posters:
            assert (out / e["path"]).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
            assert (e["width"], e["height"]) == (1600, 900) and e["design"] == "poster"
            # Captioned with its record's template family (the FAQ cards'), not the default.
            assert e["caption"] == faqs[e["source"]["id"]]["caption"]
        # Listed in the gallery under its label, at its order (5: before the FAQ cards' 10,
        # where a kind the gallery did not know would come last).
        html = (out / "index.html").read_text("utf-8")
        headings = re.findall(r"<h2[^>]*>\s*([^<]+?)\s*<", html)
        labels = [h for h in headings if h in ("FAQ cards", "Posters for the shop window")]
        assert labels == ["Posters for the shop window", "FAQ cards"], headings
        # Scheduled as its record says: a posted poster (rank 5) stands for the FAQ on x,
        # an unposted one never appears and the FAQ card does.
        entries = list(read_manifest(out).values())
        chosen = {p.kind for p in postables(project, entries)["x"].values() if p.ident.startswith("faq:")}
        assert chosen == ({"poster"} if posted else {"faq"})
    finally:
        sys.modules.pop(name, None)


def test_posted_has_no_default() -> None:
    with pytest.raises(TypeError, match="posted"):
        AssetKind(name="x", description="x", label="X", order=1, plan=None, render=None)  # type: ignore[call-arg]


def test_every_registered_kind_says_what_users_read_and_whether_it_is_posted() -> None:
    records = all_kinds()
    assert len({k.order for k in records.values()}) == len(records)  # one gallery place each
    assert not {"banner", "guide", "reply"} & {n for n, k in records.items() if k.posted}
    assert all(k.label and k.label[0].isupper() for k in records.values())
    assert kinds.kept_kinds() == ("reply",)


def test_a_misspelt_kind_is_refused_with_the_closest_name(project: Path) -> None:
    from click.testing import CliRunner

    from generator.cli import cli

    res = CliRunner().invoke(cli, ["build", "--project", str(project), "--kind", "faqs"])
    assert res.exit_code == 1
    assert (
        res.output.strip()
        .splitlines()[-1]
        .endswith(
            "--kind faqs: no such asset kind; did you mean 'faq'? kinds: banner, carousel, chart, faq, "
            "guide, hours, infographic, notice, video"
        )
    )
    assert not (project / "output").exists()
