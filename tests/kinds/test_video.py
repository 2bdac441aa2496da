"""Short vertical videos: timing, pages and parts (fast), then real MP4s read back through
PyAV (slow: codec, size, fps, duration, keyframe spacing, frames against the slide
renders, identical bytes across two builds, audio and its licence), and bad input."""

from __future__ import annotations

import json
import math
import struct
import wave
from pathlib import Path

import pytest
import yaml
from PIL import Image

from generator.kinds.video import answer_pages, answer_units, page_markdown, plan_howto_parts
from generator.load.model import FixStep, RecurringIssue, Source
from generator.load.platforms import PRESETS, card_platforms, resolve_presets, select_platforms
from generator.render.markdown import markdown_plain
from generator.render.video.timing import MAX_SCENE, MIN_SCENE, fits_scene, scene_seconds, split_by_duration
from generator.render.video.vtt import Cue, webvtt

VIDEO = ("instagram-reels", "facebook-reels", "tiktok-video", "youtube-shorts")


# -- presets, timing, pages (fast) ----------------------------------------------------------
def test_video_presets_are_in_the_table_and_built_only_when_named():
    for name in VIDEO:
        p = PRESETS[name]
        assert (p.width, p.height, p.group, p.formats) == (1080, 1920, "video", ("mp4",))
        assert p.max_seconds and p.source
        left, top, right, bottom = p.safe_box
        # Every app covers the bottom with its caption and buttons, the top with its menu.
        assert top >= 150 and 1920 - bottom >= 480 and left >= 65
    assert PRESETS["facebook-reels"].max_seconds == 90
    assert not set(VIDEO) & set(card_platforms())
    default = [p.name for p in select_platforms(resolve_presets({}), (), ())]
    assert not set(VIDEO) & set(default)
    assert [p.name for p in select_platforms(resolve_presets({}), (), ("tiktok-video",))] == ["tiktok-video"]


def test_scene_length_follows_reading_speed_in_the_language_within_bounds():
    assert scene_seconds("OK", "en") == MIN_SCENE
    assert scene_seconds("word " * 400, "en") == MAX_SCENE
    sentence = "Your order ships within two working days."
    assert MIN_SCENE < scene_seconds(sentence, "en-GB") < MAX_SCENE
    # Japanese is read at about a quarter of the characters per second.
    assert scene_seconds("ご注文は二営業日以内に発送します。", "ja") > scene_seconds("ご注文は二営業日以内に発送します。", "en")


def test_parts_are_as_few_and_as_even_as_the_limit_allows():
    assert split_by_duration([5.0] * 4, 90) == [[0, 1, 2, 3]]
    parts = split_by_duration([5.0] * 20, 90)  # 100 s on a 90 s platform: 50 + 50
    assert [len(p) for p in parts] == [10, 10]
    parts = split_by_duration([4.0, 9.0, 3.0, 12.0, 7.0, 2.0, 11.0, 6.0], 20)
    assert sum(parts, []) == list(range(8))
    assert all(sum([4.0, 9.0, 3.0, 12.0, 7.0, 2.0, 11.0, 6.0][i] for i in p) <= 20 for p in parts)


LONG = """Refunds go back to the card you paid with. **Most banks** show them in 3-5 working days,
some take up to 10, and a refund to PayPal is instant once we approve it.

If you paid with a gift card we refund it as store credit instead; the credit never expires and you can use it
on subscriptions too. Einige Banken brauchen länger, bitte haben Sie Geduld, wir melden uns per E-Mail, sobald
die Erstattung unterwegs ist, und Sie können den Stand jederzeit in Ihrem Konto unter Bestellungen sehen,
auch in der App.

- Keep the bag <b>sealed</b>
- Print the label from [your account](https://example.com/account)
- Drop it at any post office"""


def test_a_long_answer_is_paged_by_reading_time_and_loses_no_word():
    units = answer_units(LONG, "en")
    pages = answer_pages(units, "en")
    assert len(pages) >= 3
    for page in pages:
        assert fits_scene(markdown_plain(page_markdown(page)), "en")
    words = markdown_plain(LONG).split()
    shown = " ".join(markdown_plain(page_markdown(p)) for p in pages).split()
    assert [w.strip(".;") for w in shown] == [w.strip(".;") for w in words]
    # List items stay list items, one per line.
    last = page_markdown(pages[-1])
    assert "- Drop it at any post office" in last


def test_webvtt_cues_are_well_formed():
    text = webvtt([Cue(0, 2.5, "How long --> does it take?"), Cue(2.5, 61.25, "Two days.\n\nUsually.")], "en-GB")
    assert text.startswith("WEBVTT\n")
    assert "00:00:00.000 --> 00:00:02.500\nHow long → does it take?" in text
    assert "00:00:02.500 --> 00:01:01.250\nTwo days.\nUsually.\n" in text


def test_a_carousel_of_40_steps_is_split_into_parts_within_the_platform_limit(tmp_path):
    from generator.load.project import load_project
    from generator.plan.jobs import RenderContext

    root = _project(tmp_path)
    project = load_project(root)
    presets = resolve_presets({})
    ctx = RenderContext(project.root, project.config, presets, project)
    steps = tuple(FixStep(f"Step number {i}: open the app, tap Orders and check the tracking page.")
                  for i in range(1, 41))
    issue = RecurringIssue(id="forty", title="Forty steps", summary="A long fix.", tickets=12, status="investigating",
                           steps=steps, source=Source("content/issues.yaml", 1, ""))
    parts = plan_howto_parts(issue, ctx.config, presets["facebook-reels"], "en")
    assert len(parts) >= 2
    assert all(sum(s for _r, _st, s in p) <= 90 for p in parts)
    assert [st for p in parts for r, st, _s in p if r == "step"] == list(range(1, 41))


# -- real videos (slow) ---------------------------------------------------------------------
def _project(tmp_path: Path, *, audio: bool = False, answer: str = "We ship in **two** working days.",
             howto: bool = True) -> Path:
    root = tmp_path / "proj"
    (root / "content").mkdir(parents=True)
    cfg = {
        "brand": {"name": "Test Co", "colors": {"primary": "#1D4E4A", "accent": "#E9A23B",
                                                "background": "#FBF6EE", "text": "#1E1E1E"}},
        "contact": {"channels": [{"name": "Email", "address": "help@test.example", "reply_minutes": 60}]},
        "locale": "en-GB",
    }
    if audio:
        (root / "assets" / "audio").mkdir(parents=True)
        _tone(root / "assets" / "audio" / "tone.wav", 2.0)
        cfg["video"] = {"audio": "assets/audio/tone.wav", "audio_licence": "CC0 1.0, made by the test",
                        "transition": "slide"}
    (root / "selfserve.yaml").write_text(yaml.safe_dump(cfg, allow_unicode=True))
    (root / "content" / "faqs.yaml").write_text(yaml.safe_dump({"faqs": [
        {"id": "shipping", "question": "How fast do you ship?", "answer": answer, "category": "Delivery"}]}))
    (root / "content" / "issues.yaml").write_text(yaml.safe_dump({"issues": [] if not howto else [
        {"id": "login", "title": "Login links arrive late", "summary": "Emails are slow today.",
         "status": "investigating", "since": "2026-11-30",
         "steps": ["Wait five minutes.", "Check your spam folder."]}]}))
    return root


def _tone(path: Path, seconds: float, rate: int = 48000) -> None:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(b"".join(struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * i / rate)))
                               for i in range(int(seconds * rate))))


def _build(root: Path, out: Path, platform: str) -> dict:
    from generator.load.project import load_project
    from generator.publish.build import BuildOptions, build

    build(load_project(root), BuildOptions(out=out, platforms=(platform,), kinds=("video",), jobs=1))
    return {e["path"]: e for e in json.loads((out / "manifest.json").read_text())["assets"]}


def _frames(path: Path) -> list:
    import av

    with av.open(str(path)) as c:
        s = c.streams.video[0]
        s.thread_type = "AUTO"
        return list(c.decode(s))


@pytest.mark.slow
def test_videos_read_back_with_the_promised_format_and_identical_bytes(tmp_path):
    import av
    import numpy as np

    root = _project(tmp_path)
    a = _build(root, tmp_path / "a", "tiktok-video")
    b = _build(root, tmp_path / "b", "tiktok-video")
    videos = sorted(p for p, e in a.items() if e["format"] == "mp4")
    assert videos == ["tiktok-video/video/faq/shipping.mp4", "tiktok-video/video/howto/login.mp4"]
    # Incremental: nothing changed, nothing is encoded again.
    from generator.load.project import load_project
    from generator.publish.build import BuildOptions, build

    again = build(load_project(root), BuildOptions(out=tmp_path / "a", platforms=("tiktok-video",), jobs=1))
    assert (again.rendered, again.reused) == (0, 2)
    for rel in a:  # every file, videos, covers and captions, is byte-identical
        assert a[rel]["sha256"] == b[rel]["sha256"], rel
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes()
    decoded: dict[str, list] = {}
    for rel in videos:
        e = a[rel]
        path = tmp_path / "a" / rel
        data = path.read_bytes()
        assert data.index(b"moov") < data.index(b"mdat")  # faststart
        with av.open(str(path)) as c:
            v = c.streams.video[0]
            assert v.codec_context.name == "h264" and v.codec_context.pix_fmt == "yuv420p"
            assert (v.width, v.height) == (1080, 1920) and v.average_rate == 30
            assert not c.streams.audio  # TikTok: no track when there is no audio
            assert "creation_time" not in c.metadata
        frames = decoded[rel] = _frames(path)
        assert len(frames) == e["frames"]
        assert abs(len(frames) / 30 - e["duration"]) < 0.05
        keys = [i for i, f in enumerate(frames) if f.key_frame]
        assert keys == list(range(0, len(frames), 60))  # one every 2 s, no more
        assert e["fps"] == 30 and e["codec"] == "h264" and e["bytes"] == len(data)
        assert e["caption"] and (tmp_path / "a" / e["caption_file"]).is_file()
        assert 0 < e["cover_ms"] < e["duration"] * 1000
        cover = a[e["cover"]]
        assert cover["companion_of"] == rel and cover["format"] == "jpeg" and "caption" not in cover
        vtt = (tmp_path / "a" / e["subtitles"]).read_text()
        assert vtt.startswith("WEBVTT") and "-->" in vtt
    # The FAQ: the question first; the answer appears by the end; mid-scene frames match
    # the card drawn for the video within a small tolerance (H.264 at CRF 20).
    faq = decoded[videos[0]]
    first = np.asarray(faq[5].to_image(), dtype=np.int16)
    last = np.asarray(faq[-5].to_image(), dtype=np.int16)
    cover = np.asarray(Image.open(tmp_path / "a" / a[videos[0]]["cover"]).convert("RGB"), dtype=np.int16)
    assert np.abs(last - cover).mean() < 3.0
    assert np.abs(first - cover).mean() > np.abs(last - cover).mean()  # the answer was not there yet
    vtt = (tmp_path / "a" / a[videos[0]]["subtitles"]).read_text()
    assert "How fast do you ship?" in vtt and "We ship in two working days." in vtt
    # The how-to: a frame in the middle of each scene is that slide as drawn.
    howto = decoded[videos[1]]

    assert a[videos[1]]["scenes"] == 4  # cover, two steps, contact
    assert len(howto) == a[videos[1]]["frames"]
    # The gallery plays each video with its cover and captions; companions get no card.
    page = (tmp_path / "a" / "index.html").read_text()
    assert page.count("<video ") == 2 and page.count('<track kind="captions"') == 2
    assert 'poster="tiktok-video/video/faq/shipping.cover.jpg"' in page
    assert 'src="tiktok-video/video/faq/shipping.cover.jpg' not in page
    # `plan` schedules the videos on TikTok and the exports name the MP4.
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from generator.load.project import load_project as _load
    from generator.publish.manifest import read_manifest
    from generator.schedule.week import empty_state, generic_csv, plan_week

    entries = list(read_manifest(tmp_path / "a").values())
    week, _state = plan_week(_load(root), entries, empty_state(), "2026-W50",
                             datetime(2026, 12, 1, tzinfo=ZoneInfo("UTC")))
    assert {p.platform for p in week.posts} == {"tiktok-video"}
    assert {m for p in week.posts for m in p.media} == set(videos)
    assert "tiktok-video/video/faq/shipping.mp4" in generic_csv(week)

    from generator.kinds.video import howto_shots, plan_videos
    from generator.plan.jobs import PlanInput, RenderContext
    from generator.render.video.frames import frame_count

    project = load_project(root)
    presets = resolve_presets({})
    job = next(j for j in plan_videos(PlanInput(project, presets, (presets["tiktok-video"],)))
               if j.out == videos[1])
    ctx = RenderContext(project.root, project.config, presets, project)
    shots = howto_shots(job, ctx, job.payload.issue, presets["tiktok-video"])[0]
    counts = frame_count([s.seconds for s in shots], 30)
    start = 0
    for shot, n in zip(shots, counts):
        mid = np.asarray(howto[start + n // 2 + 6].to_image(), dtype=np.int16)
        assert np.abs(mid - np.asarray(shot.image, dtype=np.int16)).mean() < 3.0
        start += n


@pytest.mark.slow
def test_background_audio_is_trimmed_faded_and_its_licence_is_in_the_manifest(tmp_path):
    import av

    root = _project(tmp_path, audio=True, howto=False)
    m = _build(root, tmp_path / "out", "instagram-reels")
    e = m["instagram-reels/video/faq/shipping.mp4"]
    assert e["audio"] == {"file": "assets/audio/tone.wav", "licence": "CC0 1.0, made by the test", "codec": "aac"}
    assert e["transition"] == "slide"
    with av.open(str(tmp_path / "out" / e["path"])) as c:
        a = c.streams.audio[0]
        assert a.codec_context.name == "aac" and a.codec_context.sample_rate == 48000
        seconds = float(c.duration / 1_000_000)
        assert abs(seconds - e["duration"]) < 0.2  # the 2 s tone was looped to the video's length


def test_an_audio_file_that_is_not_audio_is_a_located_error(tmp_path):
    from generator.errors import SelfserveError
    from generator.load.project import load_project

    root = _project(tmp_path)
    (root / "assets" / "audio").mkdir(parents=True)
    (root / "assets" / "audio" / "song.mp3").write_text("this is not audio\n" * 50)
    cfg = yaml.safe_load((root / "selfserve.yaml").read_text())
    cfg["video"] = {"audio": "assets/audio/song.mp3"}
    (root / "selfserve.yaml").write_text(yaml.safe_dump(cfg))
    with pytest.raises(SelfserveError) as err:
        load_project(root)
    text = err.value.format_message()
    assert "selfserve.yaml:" in text and "video.audio" in text
    assert "'assets/audio/song.mp3' is not an audio file" in text or "has no audio" in text
    assert "video.audio_licence" in text


def test_a_two_hour_audio_file_is_probed_and_trimmed_without_reading_it_all(tmp_path):
    from generator.load.audio import probe_audio
    from generator.render.video.audio import audio_samples

    path = tmp_path / "long.wav"
    with wave.open(str(path), "wb") as w:  # 2 hours of 8 kHz 8-bit silence: 57.6 MB
        w.setnchannels(1)
        w.setsampwidth(1)
        w.setframerate(8000)
        chunk = b"\x80" * 8000 * 60
        for _ in range(120):
            w.writeframes(chunk)
    info = probe_audio(path)
    assert info.seconds is not None and abs(info.seconds - 7200) < 1
    samples = audio_samples(path, 3.0, 0.5)
    assert samples.shape == (2, 3 * 48000)


def test_a_reveal_starts_from_the_card_without_the_answer_emoji_included(tmp_path):
    import numpy as np

    from generator.kinds.video import draw, line_bands, without_reveal
    from generator.load.design.loader import load_design
    from generator.load.project import load_project
    from generator.plan.jobs import RenderContext, RenderJob

    project = load_project(_project(tmp_path, howto=False))
    presets = resolve_presets({})
    ctx = RenderContext(project.root, project.config, presets, project)
    job = RenderJob("video", "x", "tiktok-video", "x.mp4", "mp4", "k", None, None, design="faq")
    item = {"question": "Is it fresh? ☕", "answer": "Yes 🎉 roasted this week.\n\nAnd sealed 😀", "category": "Coffee",
            "tags": (), "link": None}
    design = load_design("faq", project.root)
    full, masked = draw(job, ctx, item, design), draw(job, ctx, item, without_reveal(design))
    answer = next(t for t in full.texts if t.layer == "answer")
    x0, y0, x1, y1 = answer.ink
    hidden = np.asarray(masked.image.crop((x0, y0, x1, y1))).reshape(-1, 3)
    assert len(np.unique(hidden, axis=0)) == 1  # the bare panel: no word, no emoji
    question = next(t for t in full.texts if t.layer == "question")
    assert masked.image.crop(question.ink).tobytes() == full.image.crop(question.ink).tobytes()
    bands = line_bands(full.image, masked.image, answer, 1920)
    assert len(bands) == 2 and bands[0][0] <= y0 and bands[-1][1] >= y1


def test_steps_paged_across_scenes_keep_their_numbers(tmp_path):
    from generator.kinds.video import _faq_item, _faq_pages, draw
    from generator.load.model import FAQ
    from generator.load.project import load_project
    from generator.plan.jobs import RenderContext, RenderJob

    project = load_project(_project(tmp_path, howto=False))
    presets = resolve_presets({})
    ctx = RenderContext(project.root, project.config, presets, project)
    steps = tuple(f"Open Settings, then Subscriptions, and choose the {w} option from the list." for w in
                  ("first", "second", "third", "fourth", "fifth", "sixth"))
    faq = FAQ(id="steps", question="How do I change my plan?", answer="", category="Account", steps=steps,
              source=Source("content/faqs.yaml", 1, ""))
    pages = _faq_pages(faq, "en")
    assert len(pages) >= 2 and sum(len(p.split("\n")) for p in pages) == 6
    job = RenderJob("video", "steps", "tiktok-video", "x.mp4", "mp4", "k", None, None, design="steps")
    first_on_page_2 = len(pages[0].split("\n")) + 1
    card = draw(job, ctx, _faq_item(faq, pages[1], "", first_on_page_2 - 1))
    lines = next(t for t in card.texts if t.layer == "steps").texts
    assert lines[0].startswith(f"{first_on_page_2}.") or lines[0].startswith(f"{first_on_page_2} ")


def test_design_auto_gives_videos_the_design_their_card_and_carousel_got(tmp_path):
    """``design: auto`` names no file: the video of a FAQ takes the design the rotation gave
    its card, and a how-to's video the design its carousel got."""
    from generator.kinds import all_kinds
    from generator.load.platforms import resolve_presets, select_platforms
    from generator.load.project import load_project
    from generator.plan.jobs import PlanInput

    root = _project(tmp_path)
    cfg = yaml.safe_load((root / "selfserve.yaml").read_text())
    cfg["designs"] = {"carousel": "auto"}
    cfg["platforms"] = ["instagram-reels", "instagram-portrait"]
    (root / "selfserve.yaml").write_text(yaml.safe_dump(cfg))
    faqs = yaml.safe_load((root / "content" / "faqs.yaml").read_text())
    faqs["faqs"][0]["design"] = "auto"
    (root / "content" / "faqs.yaml").write_text(yaml.safe_dump(faqs))
    project = load_project(root)
    presets = resolve_presets(project.config.presets)
    pi = PlanInput(project, presets, tuple(select_platforms(presets, project.config.platforms, ())))
    kinds = all_kinds()
    videos = kinds["video"].plan(pi)
    cards = {j.item_id: j.design for j in kinds["faq"].plan(pi)}
    carousels = {j.item_id: j.design for j in kinds["carousel"].plan(pi)}
    assert videos and all(j.design and j.design != "auto" for j in videos)
    for job in videos:
        assert job.design == {**cards, **carousels}[job.item_id], job.out


@pytest.mark.slow
def test_a_chat_design_video_shows_its_card_icon(tmp_path):
    """The video's item carries its card's look: faq-chat's agent icon used to be 'None'."""
    root = _project(tmp_path, howto=False)
    faqs = yaml.safe_load((root / "content" / "faqs.yaml").read_text())
    faqs["faqs"][0]["design"] = "faq-chat"
    (root / "content" / "faqs.yaml").write_text(yaml.safe_dump(faqs))
    entries = _build(root, tmp_path / "out", "instagram-reels")
    (video,) = [e for e in entries.values() if e["format"] == "mp4"]
    assert video["design"] == "faq-chat" and video["duration"] > 2
