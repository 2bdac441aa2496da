"""Every input a kind's renderer reads is in its jobs' keys, and nothing else is.

For every registered kind that builds: plan the sample project (as ``build`` does, with
its presets), change one input (a FAQ's answer, a design file, a preset field, the brand
colour, a word catalog, an image file, the stats, the hours, ...) and check that the keys
of that kind's affected jobs change, and that the jobs the input does not reach keep
their keys (an incremental build must re-render exactly what changed).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from generator.i18n.catalogs import clear_caches, use_project
from generator.kinds import built_kinds
from generator.load.platforms import resolve_presets, select_platforms
from generator.load.project import load_project
from generator.plan.jobs import PlanInput, RenderJob, project_keyed
from tests.conftest import copy_sample

#: ``None``: the input may or may not reach the job (not asserted).
Affects = Callable[[RenderJob], bool | None]

FIRST_FAQ = "delivery-times"  # has a photo (assets/photos/roastery.jpg)
OTHER_FAQ = "pause-subscription"
PO = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgctxt "notice_investigating"
msgid "We know about this"
msgstr "We are on it"
"""


def _edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text("utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), "utf-8")


def _plan(root: Path, preset_change: Callable | None = None) -> dict[tuple[str, str], RenderJob]:
    clear_caches()
    project = load_project(root)
    presets = resolve_presets(project.config.presets)
    if preset_change:
        presets = preset_change(presets)
    selected = tuple(select_platforms(presets, project.config.platforms, ()))
    pi = PlanInput(project, presets, selected)
    # Videos are made for the video platforms only, which a plain build does not select.
    videos = PlanInput(project, presets, tuple(p for p in presets.values() if p.group == "video"))
    jobs: dict[tuple[str, str], RenderJob] = {}
    with use_project(root):
        for name, kind in built_kinds().items():
            planned = kind.plan(videos if name == "video" else pi)
            for job in project_keyed(planned, project, project.config.locale, presets):
                jobs[(job.kind, job.out)] = job
    return jobs


def _answer(root: Path) -> None:
    text = (root / "content" / "faqs.yaml").read_text("utf-8")
    m = re.search(rf"- id: {FIRST_FAQ}\n(?:.*\n)*?\s+answer: ", text)
    assert m, "the sample's first FAQ"
    (root / "content" / "faqs.yaml").write_text(text[: m.end()] + "Good news. " + text[m.end() :], "utf-8")


DESIGNS = Path(__file__).resolve().parents[2] / "generator" / "data" / "designs"


def _drawn_from(root: Path, design: str | None) -> set[str]:
    """The design and those it ``extends:`` (the sample's kettle-faq extends faq): a
    change to any of them re-draws the job."""
    out: set[str] = set()
    while design and design not in out:
        out.add(design)
        own = root / "templates" / "designs" / f"{design}.yaml"
        design = (yaml.safe_load(own.read_text("utf-8")) or {}).get("extends") if own.is_file() else None
    return out


def _design(name: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        src = DESIGNS / f"{name}.yaml"
        (root / "templates").mkdir(exist_ok=True)
        (root / "templates" / f"{name}.yaml").write_text(src.read_text("utf-8") + "\n# own copy\n", "utf-8")

    return change


def _colour(root: Path) -> None:
    _edit(root, "selfserve.yaml", 'primary: "#1D4E4A"', 'primary: "#1D4E4B"')


def _catalog(root: Path) -> None:
    (root / "locale").mkdir()
    (root / "locale" / "en.po").write_text(PO, "utf-8")


def _logo(root: Path) -> None:
    with (root / "assets" / "logo.png").open("ab") as f:
        f.write(b"\0")


def _photo(root: Path) -> None:
    with (root / "assets" / "photos" / "roastery.jpg").open("ab") as f:
        f.write(b"\0")


def _stats(root: Path) -> None:
    _edit(root, "content/stats.yaml", "value: 612", "value: 613")


def _hours(root: Path) -> None:
    _edit(
        root,
        "selfserve.yaml",
        '{days: sat, open: "09:00", close: "13:00"}',
        '{days: sat, open: "09:00", close: "14:00"}',
    )


def _unrelated_file(root: Path) -> None:
    (root / "assets" / "notes.txt").write_text("not read by any kind", "utf-8")


DRAWS_LOGO = {"faq", "carousel", "notice", "hours", "banner", "infographic", "video", "guide"}
SHOWS_HOURS = {"hours", "banner", "carousel", "video", "guide"}
SHOWS_STATS = {"chart", "infographic", "guide"}

#: name -> (change to the project folder, which jobs it reaches).
FILE_CHANGES: dict[str, tuple[Callable[[Path], None], Affects]] = {
    "faq answer": (
        _answer,
        lambda j: (
            j.kind == "guide"
            or (
                j.item_id == FIRST_FAQ
                if j.kind in ("faq", "video")
                else None
                if j.kind == "infographic"
                else False
            )
        ),
    ),
    "brand colour": (_colour, lambda j: True),
    "project word catalog": (_catalog, lambda j: True),
    "logo file": (_logo, lambda j: True if j.kind in DRAWS_LOGO else None),
    # The guide shows step images, not FAQ photos.
    "faq photo": (
        _photo,
        lambda j: (
            (j.item_id == FIRST_FAQ)
            if j.kind == "faq"
            else False
            if j.kind in ("guide", "notice", "chart", "hours", "banner")
            else None
        ),
    ),
    # One figure of the topic volumes: that chart only, the infographics and the guide.
    "stats": (
        _stats,
        lambda j: (
            j.item_id == "volume-by-topic"
            if j.kind == "chart"
            else True
            if j.kind in SHOWS_STATS
            else False
            if j.kind in ("faq", "notice", "banner", "hours", "carousel")
            else None
        ),
    ),
    "hours": (
        _hours,
        lambda j: True if j.kind in SHOWS_HOURS else False if j.kind in ("faq", "chart") else None,
    ),
    "a file no kind reads": (_unrelated_file, lambda j: False),
}


def _changed(before: dict, after: dict, kind: str, affects: Affects) -> tuple[list, list]:
    missed, spurious = [], []
    for k, job in before.items():
        if job.kind != kind or k not in after:
            continue
        hit = affects(job)
        moved = after[k].key != job.key
        if hit is True and not moved:
            missed.append(job.out)
        elif hit is False and moved:
            spurious.append(job.out)
    return missed, spurious


FONT = Path("/usr/share/fonts/truetype/noto/NotoSansLycian-Regular.ttf")


def _with_font(root: Path) -> Path:
    """The sample with a font file of its own (``brand.fonts.files``)."""
    (root / "assets" / "fonts").mkdir()
    (root / "assets" / "fonts" / "Own.ttf").write_bytes(FONT.read_bytes())
    _edit(
        root,
        "selfserve.yaml",
        "    body: Noto Sans\n",
        "    body: Noto Sans\n    files: [assets/fonts/Own.ttf]\n",
    )
    return root


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    root = copy_sample(tmp_path_factory.mktemp("keys") / "base")
    return root, _plan(root)


#: The fast lane changes the inputs of these kinds (cards, slides, hours); the full suite every kind's.
FAST_KINDS = ("faq", "carousel", "hours")


@pytest.mark.parametrize(
    "kind",
    [pytest.param(k, marks=[] if k in FAST_KINDS else [pytest.mark.slow]) for k in sorted(built_kinds())],
)
def test_each_input_of_a_kind_changes_its_keys_and_nothing_else_does(
    kind: str, sample: tuple[Path, dict], tmp_path: Path
) -> None:
    base, before = sample
    mine = [j for j in before.values() if j.kind == kind]
    assert mine, f"the sample plans no {kind} job"
    problems = []
    changes = dict(FILE_CHANGES)
    designs = sorted({j.design for j in mine if j.design})
    builtin = [d for d in designs if (DESIGNS / f"{d}.yaml").is_file()]
    if builtin:  # its own copy of a built-in design (the others' stay as they are)
        design = builtin[0]
        changes[f"design {design}"] = (_design(design), lambda j: design in _drawn_from(base, j.design))
    for name, (change, affects) in changes.items():
        root = copy_sample(tmp_path / re.sub(r"\W+", "-", name))
        change(root)
        missed, spurious = _changed(before, _plan(root), kind, affects)
        problems += [f"{name}: key unchanged for {o}" for o in missed[:3]]
        problems += [f"{name}: key changed for {o}" for o in spurious[:3]]
    # A preset field: the jobs on that platform re-render, the other platforms' do not.
    platforms = sorted({j.platform for j in mine})
    preset = next((p for p in platforms if p in resolve_presets({})), None)
    if preset:

        def taller(presets: dict) -> dict:
            return {
                **presets,
                preset: dataclasses.replace(
                    presets[preset], alt_limit=(presets[preset].alt_limit or 1000) - 1
                ),
            }

        missed, spurious = _changed(before, _plan(base, taller), kind, lambda j: j.platform == preset)
        problems += [f"preset {preset}: key unchanged for {o}" for o in missed[:3]]
        problems += [f"preset {preset}: key changed for {o}" for o in spurious[:3]]
    # The project's own font file: a new version may draw any text, so every job re-renders.
    if FONT.is_file():
        with_font = _with_font(copy_sample(tmp_path / "font-before"))
        font_before = _plan(with_font)
        with (with_font / "assets" / "fonts" / "Own.ttf").open("ab") as f:
            f.write(b"\0")
        missed, _ = _changed(font_before, _plan(with_font), kind, lambda j: True)
        problems += [f"font file: key unchanged for {o}" for o in missed[:3]]
    assert not problems, "\n".join(problems)
