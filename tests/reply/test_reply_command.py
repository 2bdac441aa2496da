"""``selfserve reply`` end to end on the starter project: one card, reuse, no match, JSON."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from generator.cli import _load_command_modules, cli
from generator.load.project import load_project
from generator.publish.build import BuildOptions, build
from generator.reply.answer import answer

ROOT = Path(__file__).resolve().parents[2]
STARTER = ROOT / "generator" / "data" / "starter"
pytestmark = pytest.mark.integration
_load_command_modules()


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    dest = tmp_path / "proj"
    shutil.copytree(STARTER, dest)
    return dest


def reply(project: Path, *args: str):  # noqa: ANN201
    return CliRunner().invoke(cli, ["reply", *args, "--project", str(project)],
                              catch_exceptions=False)


def manifest(project: Path) -> dict[str, dict]:
    data = json.loads((project / "output" / "manifest.json").read_text("utf-8"))
    return {e["path"]: e for e in data["assets"]}


def test_cold_reply_renders_exactly_one_card_and_records_it(project: Path) -> None:
    r = reply(project, "i forgot my pasword, cant log in", "--platform", "x", "--json")
    assert r.exit_code == 0, r.output
    doc = json.loads(r.output)
    assert doc["ok"] and doc["picked"]["id"] == "how-do-i-reset-my-password"
    card = doc["card"]
    assert card["path"] == "x/faq/how-do-i-reset-my-password.png" and not card["reused"]
    assert Image.open(card["file"]).size == (1600, 900)
    assert doc["reply"]["length"] <= doc["reply"]["limit"] == 280
    assert doc["alt"].startswith("Your Company FAQ card. How do I reset my password?")
    images = [p for p in (project / "output").rglob("*.png")]
    assert len(images) == 1
    entries = manifest(project)
    assert entries[card["path"]]["kind"] == "faq"
    rec = entries["x/reply/how-do-i-reset-my-password.txt"]
    assert rec["kind"] == "reply" and rec["image"] == card["path"] and rec["alt"] == doc["alt"]
    assert (project / "output" / rec["path"]).read_text("utf-8") == doc["reply"]["text"] + "\n"


def test_second_reply_and_build_reuse_the_same_card(project: Path) -> None:
    first = json.loads(reply(project, "pasword reset", "--platform", "x", "--json").output)
    before = (project / "output" / first["card"]["path"]).read_bytes()
    again = json.loads(reply(project, "pasword reset", "--platform", "x", "--json").output)
    assert again["card"]["reused"]
    summary = build(load_project(project), BuildOptions(out=project / "output", platforms=("x",),
                                                        kinds=("faq",), jobs=1))
    assert summary.reused == 1  # the build takes the reply's card as its own
    assert (project / "output" / first["card"]["path"]).read_bytes() == before


def test_reply_answers_from_existing_build_output(project: Path) -> None:
    build(load_project(project), BuildOptions(out=project / "output", platforms=("bluesky",),
                                              kinds=("faq",), jobs=1))
    r = reply(project, "when does my order arrive", "--platform", "bluesky")
    assert r.exit_code == 0, r.output
    assert "from the build output" in r.output
    assert "bluesky/faq/when-will-my-order-arrive.png" in r.output


def test_unrelated_message_says_no_good_match_and_suggests(project: Path) -> None:
    r = reply(project, "what's the weather like in Lisbon tomorrow", "--platform", "x")
    assert r.exit_code == 3
    assert "No good match" in r.output and "Closest questions" in r.output
    assert "likely right" in r.output and "--pick N" in r.output
    out = project / "output"
    assert not (out / "manifest.json").exists() and not list(out.rglob("*.png"))


def test_pick_answers_with_another_match(project: Path) -> None:
    doc = json.loads(reply(project, "change my delivery address", "--platform", "x", "--pick", "2",
                           "--json").output)
    assert doc["picked"]["id"] == doc["matches"][1]["id"] != doc["matches"][0]["id"]


def test_unknown_platform_is_a_user_error(project: Path) -> None:
    r = reply(project, "password", "--platform", "nope")
    assert r.exit_code != 0


def test_a_full_build_keeps_reply_records(project: Path) -> None:
    doc = json.loads(reply(project, "pasword reset", "--platform", "x", "--json").output)
    build(load_project(project), BuildOptions(out=project / "output", platforms=("x",), jobs=1))
    entries = manifest(project)
    rec = "x/reply/how-do-i-reset-my-password.txt"
    assert entries[rec]["kind"] == "reply" and (project / "output" / rec).is_file()
    assert entries[doc["card"]["path"]]["kind"] == "faq"


def test_a_known_issue_answers_with_text_only_until_a_kind_draws_issues(project: Path) -> None:
    doc = json.loads(reply(project, "my sign-in email arrives late", "--platform", "x", "--json").output)
    assert doc["picked"]["kind"] == "issue" and doc["id"] == "login-email-delay"
    assert doc["card"] is None and "reply text only" in doc["note"]
    assert doc["reply"]["text"].startswith("Some email providers delay")
    assert doc["alt"].startswith("Sign-in emails arrive late.")


def test_json_carries_the_probability_and_threshold(project: Path) -> None:
    doc = json.loads(reply(project, "i forgot my pasword", "--platform", "x", "--json").output)
    assert doc["ok"] and 0.0 <= doc["probability"] <= 1.0
    assert doc["probability"] == doc["matches"][0]["probability"] >= doc["threshold"]
    assert doc["corrections"] == {"pasword": "password"}


def test_no_match_json_lists_three_suggestions_with_probabilities(project: Path) -> None:
    r = reply(project, "what's the weather like in Lisbon tomorrow", "--platform", "x", "--json")
    doc = json.loads(r.output)
    assert r.exit_code == 3 and not doc["ok"]
    assert len(doc["suggestions"]) == 3
    assert all(s["probability"] < doc["threshold"] for s in doc["suggestions"])


def test_warm_reply_reuses_the_content_embeddings(project: Path) -> None:
    from generator.reply import dense, search

    reply(project, "pasword reset", "--platform", "x")
    cache = project / "output" / dense.CACHE
    assert cache.is_file()
    calls: list[int] = []
    real = dense.embed

    def counting(texts, out=None):  # noqa: ANN001, ANN202
        calls.append(len(texts))
        return real(texts, out)

    # search embeds the message, dense the content it has no vector for: count both.
    dense.embed = search.embed = counting
    try:
        r = reply(project, "when will my order arrive", "--platform", "x")
    finally:
        dense.embed = search.embed = real
    assert r.exit_code == 0, r.output
    assert calls == [1]  # only the message


@pytest.mark.parametrize("message, code, text", [
    ("", 2, "MESSAGE is empty"),
    ("  \u202e ", 2, "MESSAGE is empty"),
    ("😀😀🎉", 3, "No good match: the message has no words to search for."),
    ("https://example.com/help?order=1", 3, "No good match: the message has no words to search for."),
])
def test_bad_messages_get_one_clear_line_and_the_documented_exit(project: Path, message: str,
                                                                 code: int, text: str) -> None:
    r = CliRunner().invoke(cli, ["reply", message, "--platform", "x", "--project", str(project)])
    assert r.exit_code == code and text in r.output
    assert "Traceback" not in r.output


def test_a_message_from_stdin_with_bad_bytes_and_bidi_controls(project: Path) -> None:
    data = "\u202bi forgot my pasword\u202c ".encode() + b"\xff\xfe"
    r = CliRunner().invoke(cli, ["reply", "-", "--platform", "x", "--project", str(project),
                                 "--json"], input=data)
    assert r.exit_code == 0, r.output
    doc = json.loads(r.output)
    assert doc["picked"]["id"] == "how-do-i-reset-my-password"
    assert doc["query"] == "i forgot my pasword \ufffd\ufffd"


def test_a_huge_message_answers(project: Path) -> None:
    r = reply(project, "where is my order " * 6000, "--platform", "x", "--json")
    assert r.exit_code in (0, 3) and json.loads(r.output)["matches"]


def test_missing_platform_is_a_usage_error(project: Path) -> None:
    r = CliRunner().invoke(cli, ["reply", "password", "--project", str(project)])
    assert r.exit_code == 2 and "--platform is required" in r.output


def test_reply_draws_the_card_the_build_would_with_rotated_designs(project: Path) -> None:
    """``design: auto`` picks a FAQ's design by its place in the rotation, which depends on
    the other FAQs: reply must plan the whole project, so its card is the build's own."""
    cfg = project / "selfserve.yaml"
    cfg.write_text(cfg.read_text("utf-8") + "designs: {faq: auto}\n", "utf-8")
    loaded = load_project(project)
    opts = BuildOptions(out=project / "output", platforms=("x",), kinds=("faq",), jobs=1)
    for faq in loaded.faqs:  # every FAQ, whatever design the rotation gave it
        first = json.loads(reply(project, faq.question, "--platform", "x", "--json").output)
        assert first["picked"]["id"] == faq.id
    designs = {e["design"] for e in manifest(project).values() if e.get("kind") == "faq"}
    assert len(designs) > 1, designs  # the rotation did give them different designs
    cards = {p: (project / "output" / p).read_bytes() for p, e in manifest(project).items()
             if e.get("kind") == "faq"}
    summary = build(load_project(project), opts)
    assert summary.rendered == 0 and summary.reused == len(loaded.faqs)
    assert all((project / "output" / p).read_bytes() == data for p, data in cards.items())


def test_a_reply_card_is_the_builds_entry_caption_included(project: Path, tmp_path: Path) -> None:
    """Reply goes through the build's own steps: its card is planned, rendered, captioned
    and recorded as a build would, so its manifest entry is the build's, byte for byte."""
    doc = json.loads(reply(project, "pasword reset", "--platform", "x", "--json").output)
    rel = doc["card"]["path"]
    replied = manifest(project)[rel]
    assert replied["caption"] and replied["caption_file"] == rel[: -len(".png")] + ".txt"
    txt = (project / "output" / replied["caption_file"]).read_text("utf-8")
    assert txt.startswith(replied["caption"])
    out = tmp_path / "built"
    build(load_project(project), BuildOptions(out=out, platforms=("x",), kinds=("faq",), jobs=1))
    built = {e["path"]: e for e in json.loads((out / "manifest.json").read_text("utf-8"))["assets"]}
    assert json.dumps(built[rel]) == json.dumps(replied)
    assert (out / built[rel]["caption_file"]).read_text("utf-8") == txt


def test_a_reply_in_one_locale_renders_its_card_and_keeps_every_other(project: Path) -> None:
    cfg = project / "selfserve.yaml"
    cfg.write_text(cfg.read_text("utf-8") + "locales: [en, de-DE]\n", "utf-8")
    out = project / "output"
    build(load_project(project), BuildOptions(out=out, platforms=("x", "bluesky"), kinds=("faq",), jobs=1))
    before = {p: (out / p).read_bytes() for p in manifest(project)}
    assert len([p for p in before if p.endswith(".png")]) == 12  # 3 FAQs x 2 platforms x 2 locales
    rel = "de-DE/x/faq/how-do-i-reset-my-password.png"
    (out / rel).unlink()
    german = load_project(project, locale="de-DE")
    item = next(f for f in german.faqs if f.id == "how-do-i-reset-my-password")
    ans = answer(german, item, "x", out)
    assert ans.card == rel and not ans.reused
    after = manifest(project)
    assert set(before) <= set(after)  # nothing of the other locale, platforms or items went
    assert (out / rel).read_bytes() == before[rel]  # the same card again
    assert all((out / p).read_bytes() == data for p, data in before.items())
    assert after["de-DE/x/reply/how-do-i-reset-my-password.txt"]["image"] == rel
