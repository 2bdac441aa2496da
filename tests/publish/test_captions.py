"""Captions and alt text: counted as each platform counts, cut only where a reader expects,
and present for every image a build writes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.load.platforms import PRESETS
from generator.load.project import load_project
from generator.publish import counting
from generator.publish.build import BuildOptions, build
from generator.publish.captions import HASHTAG, cap_hashtags, fit, hashtag
from generator.reply.caption import fit_reply

LINK = "https://kettleandco.example/help/a-very-long-path/that-goes-on/and-on?utm_source=selfserve"
EMOJI = "☕️ 👩‍👩‍👧 🇬🇧 👍🏽"
CJK = "ご注文のコーヒーは月曜日と木曜日に焙煎し、その日の午後に発送します。"


# -- counting ------------------------------------------------------------------------------
def test_x_weight_counts_urls_23_and_cjk_and_emoji_2() -> None:
    assert counting.x_weighted("abc") == 3
    assert counting.x_weighted(LINK) == 23  # any length
    assert counting.x_weighted("日本語") == 6
    # one emoji, a ZWJ family, a flag and a skin-toned thumb: each 2, spaces 1
    assert counting.x_weighted(EMOJI) == 4 * 2 + 3
    assert counting.x_weighted("café") == counting.x_weighted("cafe\u0301") == 4  # NFC first
    # A URL without a scheme is counted long, never short: X may not link it.
    bare = "kettleandco.example/help/delivery-and-returns"
    assert counting.x_weighted(bare) == len(bare)


#: (text, X-weighted length): twitter-text v3 rules; the first is issue 23's disagreement
#: (reply counted 29, swallowing ")." into the URL), the next from twitter-text's
#: conformance/validate.yml "lengths" cases, weighted (CJK and astral code points weigh 2).
X_CASES = [
    ("go to https://a.b/c).", 6 + 23 + 2),
    ("This is a test.", 15),
    ("http://test.com", 23),
    ("https://test.com", 23),
    ("test.com", 23),
    ("Test https://test.com test https://test.com test.com test", 86),
    ("\U00010000\U0010ffff", 4),
    ("저찀쯿쿿", 8),
    ("H\U0001f431☺", 5),
    # A balanced pair of parentheses belongs to the URL; a closing one alone does not.
    ("https://en.wikipedia.org/wiki/Mercury_(planet)", 23),
    ("(see https://x.com/a)", 5 + 23 + 1),
    ("https://example.com/path/to/resource?search=foo&lang=en, thanks", 23 + 8),
]


@pytest.mark.parametrize(("text", "weight"), X_CASES)
def test_x_weight_follows_twitter_text(text: str, weight: int) -> None:
    assert counting.x_weighted(text) == weight


@pytest.mark.parametrize(("text", "weight"), X_CASES)
def test_reply_counts_with_the_same_counter(text: str, weight: int) -> None:
    """One counter: a reply too long for X is cut by the length captions use."""
    x = PRESETS["x"]
    assert counting.length(text, x.caption_counting) == weight
    assert fit_reply(text, None, x) == text  # all fit: the reply is the text itself


def test_graphemes_count_clusters_not_code_points() -> None:
    assert counting.graphemes(EMOJI) == 7
    assert counting.graphemes("e\u0301") == 1
    assert counting.length(EMOJI, "chars") == len(EMOJI)


def test_break_points_never_inside_a_url_or_a_word() -> None:
    text = f"Read more at {LINK} today. 配送について。"
    cuts = list(counting.break_points(text))
    start = text.index(LINK)
    assert not any(start < c < start + len(LINK) for c in cuts)
    for c in cuts:
        left, right = text[c - 1], text[c]
        assert right.isspace() or "\u3040" <= left <= "\u9fff" or "\u3040" <= right <= "\u9fff"


# -- fitting -------------------------------------------------------------------------------
def _words_kept(original: str, cut: str) -> None:
    """Every word of ``cut`` is a whole word of ``original`` (the last may carry '…')."""
    for word in cut.replace("…", " ").split():
        assert word in original.split() or word in original, word


@pytest.mark.parametrize("platform", ["x", "bluesky", "mastodon", "threads", "instagram-square"])
@pytest.mark.parametrize("body", [
    "Our roastery ships on Mondays and Thursdays. " * 60,
    (CJK + "詳しくはウェブサイトをご覧ください。") * 40,
    ("Tap the link " + EMOJI + " to see your order. ") * 80,
    " ".join(f"https://kettleandco.example/help/{i}" for i in range(80)) + " and more words here.",
], ids=["latin", "cjk", "emoji", "urls"])
def test_fit_keeps_within_the_platform_limit_and_the_link_whole(platform: str, body: str) -> None:
    p = PRESETS[platform]
    text = f"A title\n\n{body}\n\n{LINK}\n#coffee #delivery #help"
    f = fit(text, p.caption_limit, p.caption_counting, p.hashtag_limit)
    assert counting.fits(f.text, p.caption_limit, p.caption_counting)
    assert f.length == counting.length(f.text, p.caption_counting) <= p.caption_limit
    assert f.shortened
    assert LINK in f.text  # the trailing link survives whole
    for url in counting.urls(f.text):  # no URL is a cut-off piece of a longer one
        assert url in text.split() or url == LINK, url
    _words_kept(text, f.text.replace(LINK, ""))


def test_fit_prefers_whole_sentences_then_words_with_an_ellipsis() -> None:
    text = "First sentence is here. Second sentence is a bit longer than the first one."
    assert fit(text, 40, "chars").text == "First sentence is here."
    cut = fit("Onewordthatisverylong and then some more words", 30, "chars").text
    assert cut.endswith("…") and len(cut) <= 30
    assert cut == "Onewordthatisverylong and…"


def test_fit_gives_up_hashtags_before_the_link_and_the_link_before_cutting_it() -> None:
    text = f"Title here\n\n{LINK}\n#one #two #three"
    f = fit(text, 40, "x-weighted")  # 10 + 2 + 23 + 1 + 4: room for one hashtag
    assert f.text == f"Title here\n\n{LINK}\n#one"
    assert f.dropped_hashtags == ("#two", "#three")
    f = fit(text, 38, "x-weighted")
    assert f.text == f"Title here\n\n{LINK}"
    assert set(f.dropped_hashtags) == {"#one", "#two", "#three"}
    tiny = fit(f"Words\n\n{LINK}", 10, "chars")
    assert LINK not in tiny.text and "kettleandco" not in tiny.text


def test_instagram_hashtag_cap() -> None:
    text = "Caption " + " ".join(f"#tag{i}" for i in range(9))
    out, dropped = cap_hashtags(text, 5)
    assert HASHTAG.findall(out) == [f"#tag{i}" for i in range(5)]
    assert dropped == tuple(f"#tag{i}" for i in range(5, 9))
    f = fit(text, 2200, "chars", 5)
    assert len(HASHTAG.findall(f.text)) == 5 and not f.shortened


def test_hashtag_filter() -> None:
    assert hashtag("delivery") == "#Delivery"  # CamelCase for screen readers, one word too
    assert hashtag("orders & delivery") == "#OrdersDelivery"
    assert hashtag("配送") == "#配送"


# -- the build -----------------------------------------------------------------------------
_LONG = ("This answer is long on purpose: " + EMOJI + " " + CJK + " Read " + LINK + " then relax. ") * 8


def _add_hard_faq(root: Path) -> None:
    faqs = root / "content" / "faqs.yaml"
    faqs.write_text(faqs.read_text("utf-8") + f"""
  - id: hard-caption
    question: "Emoji ☕️, CJK 配送 and links: does the caption fit?"
    category: Tests
    tags: [one, two, three, four, five, six, seven]
    link: {LINK}
    answer: |
      {_LONG}
""", "utf-8")


@pytest.mark.slow  # an end-to-end build of every kind (seconds): the full suite runs it
def test_every_image_has_caption_and_alt_within_limits(project: Path) -> None:
    """Each image and its .txt: caption within the platform's count, alt within its limit,
    hashtags within the cap, the link whole; with emoji, CJK and URL-heavy content."""
    _add_hard_faq(project)
    out = project / "output"
    platforms = ("x", "bluesky", "mastodon", "threads", "instagram-square", "pinterest", "linkedin")
    build(load_project(project), BuildOptions(out=out, jobs=1, kinds=("faq",), platforms=platforms))
    assets = json.loads((out / "manifest.json").read_text("utf-8"))["assets"]
    images = [e for e in assets if e["format"] in ("png", "jpeg", "webp")]
    # One post per FAQ and platform; a long answer continues on more images of that post.
    posts = {(e["platform"], e["source"]["id"]) for e in images}
    assert len(posts) == len(platforms) * len(load_project(project).faqs)
    for e in images:
        p = PRESETS[e["platform"]]
        cap, alt = e["caption"], e["alt"]
        assert cap.strip() and alt.strip(), e["path"]
        assert counting.fits(cap, p.caption_limit, p.caption_counting), (e["path"], cap)
        assert e["caption_length"] == counting.length(cap, p.caption_counting)
        assert len(alt) <= (p.alt_limit or 1000)
        if p.hashtag_limit:
            assert len(HASHTAG.findall(cap)) <= p.hashtag_limit
        if p.title_limit:
            assert 0 < len(e["caption_title"]) <= p.title_limit
        txt = (out / e["caption_file"]).read_text("utf-8")
        assert txt.startswith(cap) and alt in txt
        assert e["caption_file"] == e["path"].rsplit(".", 1)[0] + ".txt"
    hard = {e["platform"]: e for e in images
            if e["source"]["id"] == "hard-caption" and e.get("slide", 1) == 1}
    assert hard["x"]["caption"].splitlines()[-1] == LINK  # X: short, the link whole and last
    assert counting.x_weighted(hard["x"]["caption"]) <= 280
    # Hashtags within each platform's customary count, tags first, CamelCase.
    assert HASHTAG.findall(hard["instagram-square"]["caption"]) == ["#One", "#Two", "#Three", "#Four", "#Five"]
    assert HASHTAG.findall(hard["x"]["caption"]) == ["#One", "#Two"]
    assert len(HASHTAG.findall(hard["threads"]["caption"])) == 1


def test_caption_templates_override_per_platform_and_per_kind(project: Path) -> None:
    folder = project / "templates" / "captions"
    folder.mkdir(parents=True)
    (folder / "faq@bluesky.txt.j2").write_text("Bluesky says: {{ title }} {{ link }}", "utf-8")
    (folder / "faq.txt.j2").write_text("{{ title | upper }}", "utf-8")
    out = project / "output"
    build(load_project(project), BuildOptions(out=out, jobs=1, kinds=("faq",), platforms=("x", "bluesky")))
    assets = json.loads((out / "manifest.json").read_text("utf-8"))["assets"]
    for e in assets:
        if e["platform"] == "bluesky":
            assert e["caption"].startswith("Bluesky says: ")
        else:
            assert e["caption"] == e["caption"].upper()
    # A caption's .txt goes when its image goes (a FAQ deleted from the content).
    gone = [e for e in assets if e["source"]["id"] == "how-do-i-reset-my-password"]
    assert len(gone) == 2 and all((out / e["caption_file"]).is_file() for e in gone)
    faqs = project / "content" / "faqs.yaml"
    text = faqs.read_text("utf-8")
    start = text.index("  - id: how-do-i-reset-my-password")
    end = text.index("  - id: when-will-my-order-arrive")
    faqs.write_text(text[:start] + text[end:], "utf-8")
    build(load_project(project), BuildOptions(out=out, jobs=1, kinds=("faq",), platforms=("x", "bluesky")))
    assert not any((out / e["caption_file"]).exists() or (out / e["path"]).exists() for e in gone)
    left = json.loads((out / "manifest.json").read_text("utf-8"))["assets"]
    assert len(left) == 4 and all((out / e["caption_file"]).is_file() for e in left)


def test_a_broken_caption_template_is_a_located_error(project: Path) -> None:
    from generator.errors import SelfserveError

    folder = project / "templates" / "captions"
    folder.mkdir(parents=True)
    (folder / "faq.txt.j2").write_text("{{ title }\n", "utf-8")
    with pytest.raises(SelfserveError, match=r"templates/captions/faq.txt.j2:1: caption template"):
        build(load_project(project), BuildOptions(out=project / "output", jobs=1, kinds=("faq",),
                                                   platforms=("x",)))


def test_a_faq_may_carry_its_own_caption(project: Path) -> None:
    faqs = project / "content" / "faqs.yaml"
    text = faqs.read_text("utf-8")
    faqs.write_text(text.replace(
        "    link: https://example.com/help/password\n",
        "    link: https://example.com/help/password\n"
        "    caption: \"Locked out? {{ title }} {% if platform == 'x' %}Short for X. {% endif %}{{ link }}\"\n",
        1), "utf-8")
    out = project / "output"
    build(load_project(project), BuildOptions(out=out, jobs=1, kinds=("faq",), platforms=("x", "bluesky")))
    assets = json.loads((out / "manifest.json").read_text("utf-8"))["assets"]
    own = {e["platform"]: e["caption"] for e in assets if e["source"]["id"] == "how-do-i-reset-my-password"}
    assert own == {"x": "Locked out? How do I reset my password? Short for X. https://example.com/help/password",
                   "bluesky": "Locked out? How do I reset my password? https://example.com/help/password"}
    others = [e["caption"] for e in assets if e["source"]["id"] != "how-do-i-reset-my-password"]
    assert others and not any(c.startswith("Locked out?") for c in others)


def test_rebuilds_recaption_only_what_changed(project: Path) -> None:
    out = project / "output"
    opts = BuildOptions(out=out, jobs=1, kinds=("faq",), platforms=("x", "bluesky"))
    build(load_project(project), opts)
    txts = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in out.rglob("*.txt")}
    assert len(txts) == 6
    again = build(load_project(project), opts)
    assert again.rendered == 0
    assert {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in out.rglob("*.txt")} == txts
    # A new template re-captions every image without re-rendering one.
    folder = project / "templates" / "captions"
    folder.mkdir(parents=True)
    (folder / "faq@x.txt.j2").write_text("New words: {{ title }}", "utf-8")
    third = build(load_project(project), opts)
    assert third.rendered == 0
    assets = json.loads((out / "manifest.json").read_text("utf-8"))["assets"]
    for e in assets:
        assert e["caption"].startswith("New words: ") == (e["platform"] == "x")
        assert (out / e["caption_file"]).read_text("utf-8").startswith(e["caption"])
    # A deleted .txt comes back.
    (out / assets[0]["caption_file"]).unlink()
    build(load_project(project), opts)
    assert (out / assets[0]["caption_file"]).is_file()


def test_captions_in_each_platform_voice(project: Path) -> None:
    """X short with the link last; LinkedIn a hook line and short paragraphs; Instagram and
    TikTok no raw URL but a call to action; Mastodon and Bluesky plain text with the link.
    Alt text within each limit, cut at a sentence or clause end, no doubled full stop."""
    faqs = project / "content" / "faqs.yaml"
    faqs.write_text(faqs.read_text("utf-8") + """
  - id: refunds
    question: How long does a refund take?
    category: Payments & refunds
    answer: |
      We refund to the card you paid with. Banks take 3 to 5 working days to show it.
      Paid by PayPal? It arrives within a day. See https://example.com/refunds for the details,
      including refunds of gift cards, vouchers, bundles and subscriptions, which take longer.
""", "utf-8")
    cfg = project / "selfserve.yaml"
    cfg.write_text(cfg.read_text("utf-8").replace("  name: ", "  call_to_action: Tap the link in our profile\n  name: ", 1), "utf-8")
    out = project / "output"
    platforms = ("x", "linkedin", "instagram-portrait", "tiktok-photo", "mastodon", "bluesky")
    build(load_project(project), BuildOptions(out=out, jobs=1, kinds=("faq",), platforms=platforms))
    assets = json.loads((out / "manifest.json").read_text("utf-8"))["assets"]
    by = {e["platform"]: e for e in assets if e["source"]["id"] == "refunds"}
    x = by["x"]["caption"].splitlines()
    assert x[0] == "How long does a refund take?" and x[-1].startswith("https://")
    assert HASHTAG.findall(by["x"]["caption"]) == ["#PaymentsRefunds"]  # from the category
    li = by["linkedin"]["caption"].split("\n\n")
    assert li[0] == "How long does a refund take?"  # the hook line, alone
    assert li[1] == "We refund to the card you paid with. Banks take 3 to 5 working days to show it."
    assert li[2].startswith("Paid by PayPal? It arrives within a day.")
    assert any(b.startswith("https://") for b in li) and li[-1] == "#PaymentsRefunds"
    for name in ("instagram-portrait", "tiktok-photo"):
        cap = by[name]["caption"]
        assert "http" not in cap and "example.com" not in cap, cap
        assert "\n\nTap the link in our profile\n\n#PaymentsRefunds" in cap
    for name in ("mastodon", "bluesky"):
        assert "https://" in by[name]["caption"] and "Tap the link" not in by[name]["caption"]
    for e in assets:
        alt, limit = e["alt"], PRESETS[e["platform"]].alt_limit or 1000
        assert len(alt) <= limit and ".." not in alt.replace("...", "")
        assert alt[-1] in ".!?…", alt
        if alt.endswith("…"):  # a clause end: the word before it is whole and a clause ended there
            assert re.search(r"\w…$", alt), alt
    ig = by["instagram-portrait"]["alt"]
    assert ig == "How long does a refund take? We refund to the card you paid with."


def test_alt_text_cuts_at_sentences_then_clauses() -> None:
    from generator.render.alt import shorten

    text = "Kettle & Co.. Open Settings, tap Account and choose Reset; we email a link. It expires soon."
    assert shorten(text, 200) == "Kettle & Co. Open Settings, tap Account and choose Reset; we email a link. It expires soon."
    assert shorten(text, 80) == "Kettle & Co. Open Settings, tap Account and choose Reset; we email a link."
    assert shorten(text, 60) == "Kettle & Co. Open Settings, tap Account and choose Reset…"
    assert shorten("Supercalifragilistic expialidocious words without any clause", 30) == "Supercalifragilistic…"


def test_captions_made_while_rendering_are_the_ones_made_at_the_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build captions each fresh entry as its job arrives (the workers still drawing), not
    all after the last card (issue 25: seconds of a parallel build's tail): the same
    manifest and .txt files as captioning at the end, each made once, all before the end."""
    import shutil

    from generator.publish import build as build_module
    from generator.publish.captions import CaptionsAhead

    root = Path(__file__).resolve().parents[2]
    opts = dict(kinds=("faq", "hours"), platforms=("x", "instagram-portrait"), jobs=2)
    made_ahead: list[str] = []
    real_add = CaptionsAhead.add

    def add(self: CaptionsAhead, e) -> None:  # type: ignore[no-untyped-def]
        real_add(self, e)
        if e.path in self.early:
            made_ahead.append(e.path)

    monkeypatch.setattr(CaptionsAhead, "add", add)
    build(load_project(root), BuildOptions(out=tmp_path / "ahead", **opts))  # type: ignore[arg-type]
    monkeypatch.setattr(build_module.BuildService, "caption_ahead", lambda self, run: None)
    build(load_project(root), BuildOptions(out=tmp_path / "end", **opts))  # type: ignore[arg-type]

    def files(out: Path) -> dict[str, bytes]:
        return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
                if p.is_file() and ".selfserve" not in p.parts and p.suffix in (".txt", ".json")
                and p.name != "build.json"}

    ahead, end = files(tmp_path / "ahead"), files(tmp_path / "end")
    assert ahead == end
    captioned = [e["path"] for e in json.loads(ahead["manifest.json"])["assets"] if e.get("caption_file")]
    assert len(captioned) > 20 and sorted(made_ahead) == sorted(captioned)  # each once, ahead
    shutil.rmtree(tmp_path / "end")
