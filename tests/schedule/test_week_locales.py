"""``plan`` in a multi-locale project: each locale goes to the platforms and account
``schedule.locales`` assigns it, with its own rotation and its own Hootsuite file."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner

from generator.cli import _load_command_modules, cli
from tests.conftest import copy_sample

SCHEDULE = """schedule:
  account: "@kettleandco"
  platforms:
    instagram-portrait: {days: [mon, wed, fri], times: ["10:00"]}
  locales:
    de-DE: {platforms: [instagram-portrait], account: "@kettleandco.de"}
"""


def test_each_locale_is_planned_to_its_own_account(tmp_path: Path) -> None:
    _load_command_modules()
    root = copy_sample(tmp_path / "ml", locales=True)
    cfg = root / "selfserve.yaml"
    cfg.write_text(cfg.read_text() + SCHEDULE)
    run = CliRunner()
    res = run.invoke(cli, ["build", "--project", str(root), "--platform", "instagram-portrait",
                           "--kind", "faq"])
    assert res.exit_code == 0, res.output
    res = run.invoke(cli, ["plan", "--project", str(root), "--week", "2026-W49",
                           "--now", "2026-11-26T09:00", "--json"])
    assert res.exit_code == 0, res.output
    posts = json.loads(res.output)["posts"]
    by_channel: dict[str, list[dict]] = {}
    for p in posts:
        by_channel.setdefault(p["channel"], []).append(p)
    assert sorted(by_channel) == ["instagram-portrait", "instagram-portrait@de-DE"]  # no Arabic
    for p in by_channel["instagram-portrait"]:
        assert p["locale"] == "en-GB" and p["account"] == "@kettleandco"
        assert all(m.startswith("en-GB/instagram-portrait/") for m in p["media"])
    for p in by_channel["instagram-portrait@de-DE"]:
        assert p["locale"] == "de-DE" and p["account"] == "@kettleandco.de"
        assert all(m.startswith("de-DE/instagram-portrait/") for m in p["media"])
    assert len(by_channel["instagram-portrait@de-DE"]) == 3
    # The same rotation order in each locale: the German week posts the same FAQs.
    assert [p["item"] for p in by_channel["instagram-portrait"]] == \
        [p["item"] for p in by_channel["instagram-portrait@de-DE"]]
    plan_dir = root / "output" / "plan"
    text = (plan_dir / "2026-W49-hootsuite-instagram-portrait-de-DE.csv").read_text()
    de_rows = list(csv.reader(io.StringIO(text)))
    assert len(de_rows) == 3 and de_rows[0][1].startswith("Wann kommt mein Kaffee an?")
    # A locale the project does not build is a clear error.
    cfg.write_text(cfg.read_text().replace("    de-DE: {platforms", "    fr-FR: {platforms"))
    res = run.invoke(cli, ["plan", "--project", str(root), "--week", "2026-W49",
                           "--now", "2026-11-26T09:00"])
    assert res.exit_code == 1
    assert "selfserve.yaml: schedule.locales.fr-FR: not one of the other locales the project builds " \
           "(de-DE, ar)" in res.output
