"""The text engine, checked by what a reader sees: lines in the box, direction, glyphs.

Every case draws onto a white canvas and measures pixels or the layout's lines; no
exact-bytes comparisons across library versions.
"""

from __future__ import annotations

import unicodedata

import pytest
from PIL import Image

from generator.errors import SelfserveError
from generator.render.text.coverage import covers, package_for
from generator.render.text.draw import draw_text
from generator.render.text.fit import fit_text
from generator.render.text.fonts import font_chain
from generator.render.text.model import Block, Span, TextLayout, TextStyle

BOX = (40, 30, 640, 430)  # x0, y0, x1, y1 on an 680x460 canvas

SAMPLES = {
    "latin": ("en", ("How do I reset my password? Open Settings, choose Account, then tap "
                     "Reset password. We email you a link within a few minutes.")),
    "arabic": ("ar", "كيف أعيد تعيين كلمة المرور؟ افتح الإعدادات ثم اختر الحساب."),
    "hebrew": ("he", "איך מאפסים את הסיסמה? פתחו את ההגדרות ובחרו חשבון."),
    "chinese": ("zh-CN", ("如何重置密码？打开设置，选择账户，然后点击重置密码。我们会在几分钟内"
                          "将链接发送到您的电子邮箱（请检查垃圾邮件）。「链接」二十四小时内有效。")),
    "japanese": ("ja", ("パスワードをリセットするには、設定を開き、アカウントを選択して「パスワード"
                        "をリセット」をタップしてください。数分以内にメールでリンクをお送りします。")),
    "thai": ("th", ("วิธีรีเซ็ตรหัสผ่านของคุณเปิดการตั้งค่าเลือกบัญชีแล้วแตะรีเซ็ตรหัสผ่าน"
                    "เราจะส่งลิงก์ไปยังอีเมลของคุณภายในไม่กี่นาที")),
    "greek": ("el", "Πώς επαναφέρω τον κωδικό μου; Ανοίξτε τις Ρυθμίσεις."),
    "cyrillic": ("ru", "Как сбросить пароль? Откройте настройки и выберите «Аккаунт»."),
    "emoji": ("en", "Great job 👍🏽 family 👨‍👩‍👧 flag 🇯🇵 keycap 1️⃣ done ✅"),
    "url": ("en", ("See https://example.com/support/articles/very/long/path/to/the/"
                   "reset-password-help_page?utm_source=card&utm_medium=social_media_campaign")),
}

CLOSING = set("、。，．）」』】〕〉》］｝!?！？・ー")
OPENING = set("（「『【〔〈《［｛")


def style(locale: str | None = None, **kw: object) -> TextStyle:
    return TextStyle(locale=locale, **kw)  # type: ignore[arg-type]


def render(layout: TextLayout, box: tuple[int, int, int, int] = BOX
           ) -> tuple[Image.Image, tuple[int, int, int, int]]:
    im = Image.new("RGB", (box[2] + 40, box[3] + 30), "white")
    ink = draw_text(im, layout, box[0], box[1], box[2] - box[0])
    return im, ink


def ink_columns(im: Image.Image, box: tuple[int, int, int, int]) -> tuple[int, int]:
    """Leftmost and rightmost non-white column inside ``box``, measured on pixels."""
    region = im.crop(box).convert("L").point(lambda v: 255 if v < 200 else 0)
    bbox = region.getbbox()
    assert bbox is not None, "nothing was drawn"
    return box[0] + bbox[0], box[0] + bbox[2]


def colours(im: Image.Image) -> list[tuple[int, tuple[int, int, int]]]:
    """(count, RGB) pairs of every colour in the image."""
    return im.convert("RGB").getcolors(1 << 24) or []


def inside(ink: tuple[int, int, int, int], box: tuple[int, int, int, int]) -> bool:
    return box[0] <= ink[0] <= ink[2] <= box[2] and box[1] <= ink[1] <= ink[3] <= box[3]


def assert_lines_fit(layout: TextLayout, width: int) -> None:
    assert layout.lines
    for line in layout.lines:
        assert line.width <= width + 0.5, (line.text, line.width, width)
        for run in line.runs:
            assert run.x >= -0.5 and run.x + run.width <= line.width + 0.5


def test_latin_wraps_inside_the_width() -> None:
    w, h = BOX[2] - BOX[0], BOX[3] - BOX[1]
    layout = fit_text(SAMPLES["latin"][1], style("en"), w, h)
    assert len(layout.lines) > 1 and not layout.truncated
    assert_lines_fit(layout, w)
    assert " ".join(layout.texts).split() == SAMPLES["latin"][1].split()
    im, ink = render(layout)
    assert inside(ink, BOX)
    left, _ = ink_columns(im, BOX)
    assert left - BOX[0] < 8  # start-aligned LTR text begins at the left edge


def test_shrinks_before_cutting() -> None:
    text = SAMPLES["latin"][1] * 2
    layout = fit_text(text, style("en", size_max=64, size_min=20), 600, 400)
    assert 20 < layout.size < 64 and not layout.truncated
    assert layout.height <= 400


def test_cuts_with_an_ellipsis_at_the_minimum_size() -> None:
    text = " ".join([SAMPLES["latin"][1]] * 8)
    layout = fit_text(text, style("en", size_max=60, size_min=30), 500, 200)
    assert layout.truncated and layout.size == 30
    assert layout.texts[-1].endswith("\u2026")
    assert layout.height <= 200
    assert_lines_fit(layout, 500)
    _, ink = render(layout, (40, 30, 540, 230))
    assert inside(ink, (40, 30, 540, 230))


def test_max_lines_is_respected() -> None:
    layout = fit_text(SAMPLES["latin"][1], style("en", size_min=40, max_lines=2), 600, 400)
    assert len(layout.lines) == 2 and layout.truncated and "\u2026" in layout.texts[-1]


@pytest.mark.parametrize("name", ["arabic", "hebrew"])
def test_rtl_paragraph_is_right_aligned(name: str) -> None:
    loc, text = SAMPLES[name]
    text = text.split(" ")[0:4]  # a short question: well under half the box wide
    box = (40, 30, 1040, 230)
    layout = fit_text(" ".join(text), style(loc, size_max=40), box[2] - box[0], box[3] - box[1])
    assert layout.direction == "rtl"
    assert all(line.direction == "rtl" for line in layout.lines)
    im, ink = render(layout, box)
    left, right = ink_columns(im, box)
    assert box[2] - right < 8, "RTL start alignment puts ink at the right edge"
    assert left - box[0] > 100, "and leaves the left side empty"
    assert inside(ink, box)


def _run_with(layout: TextLayout, needle: str) -> tuple[int, float, str, str]:
    for i, line in enumerate(layout.lines):
        for run in line.runs:
            if needle in run.text:
                return i, run.x, run.direction, run.text
    raise AssertionError(f"{needle!r} not drawn")


def test_number_and_url_inside_arabic_keep_their_order() -> None:
    text = "السعر 12345 دولار على https://example.com/help اليوم"
    layout = fit_text(text, style("ar", size_max=36), 1600, 200)
    assert len(layout.lines) == 1 and layout.direction == "rtl"
    _, x_num, d_num, _ = _run_with(layout, "12345")
    _, x_url, d_url, _ = _run_with(layout, "https://example.com/help")
    _, x_first, _, _ = _run_with(layout, "السعر")
    _, x_last, _, _ = _run_with(layout, "اليوم")
    assert d_num == d_url == "ltr"  # drawn left to right: digits stay 1-2-3-4-5
    # Visual order right to left: first word rightmost, then number, ..., URL, last word.
    assert x_first > x_num > x_url > x_last
    _, ink = render(layout, (20, 20, 1620, 220))
    assert inside(ink, (20, 20, 1620, 220))


def test_number_drawn_left_to_right_in_rtl_text() -> None:
    """The digits form one left-to-right run, so raqm draws '1' left of '8'."""
    layout = fit_text("رقم 18 هنا", style("ar", size_max=60), 800, 200)
    _, _, direction, text = _run_with(layout, "18")
    assert direction == "ltr" and text.strip().startswith("18")


@pytest.mark.parametrize("name", ["chinese", "japanese"])
def test_cjk_wraps_between_characters_with_kinsoku(name: str) -> None:
    loc, text = SAMPLES[name]
    layout = fit_text(text, style(loc, size_max=40, size_min=40), 420, 1000)
    assert len(layout.lines) >= 4 and not layout.truncated
    assert_lines_fit(layout, 420)
    for line in layout.texts:
        assert line[0] not in CLOSING, line
        assert line.rstrip()[-1] not in OPENING, line
    assert "".join(layout.texts) == text  # nothing lost, nothing added
    _, ink = render(layout, (40, 30, 460, 30 + layout.height))
    assert inside(ink, (40, 30, 460, 30 + layout.height))


def test_cjk_variant_follows_locale() -> None:
    def cjk(locale: str) -> tuple[str, int]:
        face = next(f for f in font_chain("Noto Sans", locale=locale) if "CJK" in f.family)
        return face.family, face.index

    assert cjk("ja") == ("Noto Sans CJK JP", 0)
    assert cjk("ko") == ("Noto Sans CJK KR", 1)
    assert cjk("zh-CN") == ("Noto Sans CJK SC", 2)
    assert cjk("zh-Hant") == ("Noto Sans CJK TC", 3)
    assert cjk("zh-TW") == ("Noto Sans CJK TC", 3)
    assert cjk("zh-HK") == ("Noto Sans CJK HK", 4)


def test_thai_wraps_without_spaces() -> None:
    loc, text = SAMPLES["thai"]
    layout = fit_text(text, style(loc, size_max=40, size_min=40), 420, 1000)
    assert len(layout.lines) >= 3
    assert_lines_fit(layout, 420)
    assert "".join(layout.texts) == text
    for line in layout.texts:  # never starts with a combining vowel or tone mark
        assert unicodedata.category(line[0]) != "Mn", line


@pytest.mark.parametrize("name", list(SAMPLES))
def test_every_drawn_character_is_covered_by_its_font(name: str) -> None:
    loc, text = SAMPLES[name]
    layout = fit_text(text, style(loc), 600, 400)
    assert layout.missing == frozenset()
    for line in layout.lines:
        for run in line.runs:
            assert covers(run.face, run.text), (run.face.family, run.text)
    im, ink = render(layout)
    assert inside(ink, BOX) and ink[2] > ink[0]
    assert any(px != (255, 255, 255) for _, px in colours(im.crop(BOX)))


def test_emoji_draws_in_colour() -> None:
    layout = fit_text("Thanks 👍🏽🎉", style("en", size_max=60), 600, 200)
    im, _ = render(layout)
    assert any(run.face.bitmap for line in layout.lines for run in line.runs)
    saturated = sum(n for n, p in colours(im) if max(p) - min(p) > 60)
    assert saturated > 50


def test_long_url_breaks_and_stays_in_the_box() -> None:
    url = ("https://example.com/support/articles/very/long/path/to/the/reset-password-"
           "help_page?utm_source=card&utm_medium=social_media_campaign_2024")
    layout = fit_text(url, style("en", size_max=48, size_min=32), 400, 600)
    assert len(layout.lines) > 2 and not layout.truncated
    assert_lines_fit(layout, 400)
    assert "".join(layout.texts) == url
    _, ink = render(layout, (40, 30, 440, 30 + layout.height))
    assert inside(ink, (40, 30, 440, 30 + layout.height))


def test_breaks_never_split_a_grapheme_cluster() -> None:
    text = "e\u0301" * 80 + " " + "👨‍👩‍👧" * 12
    layout = fit_text(text, style("en", size_max=40, size_min=40), 300, 2000)
    assert len(layout.lines) > 2
    for line in layout.texts:
        assert unicodedata.category(line[0]) != "Mn" and line[0] != "\u200d", line
    assert "".join(layout.texts).replace(" ", "") == text.replace(" ", "")


@pytest.mark.parametrize("align", ["start", "center", "end"])
@pytest.mark.parametrize("name", ["latin", "arabic", "japanese", "emoji", "url"])
def test_ink_stays_inside_the_box(name: str, align: str) -> None:
    loc, text = SAMPLES[name]
    for w, h in ((600, 400), (300, 120), (160, 60)):
        box = (40, 30, 40 + w, 30 + h)
        layout = fit_text(text, style(loc, align=align, size_min=16), w, h)
        assert layout.height <= h and layout.width <= w
        _, ink = render(layout, box)
        assert inside(ink, box), (w, h, ink)


def test_lists_use_markers_and_hanging_indent() -> None:
    blocks = [
        Block((Span("Intro with "), Span("bold", bold=True), Span(" and "),
               Span("code()", code=True), Span("."))),
        Block((Span("First item that is long enough to wrap onto a second line"),),
              kind="bullet"),
        Block((Span("Numbered item that also wraps onto another line"),), kind="number",
              number=2),
    ]
    layout = fit_text(blocks, style("en", size_max=32, size_min=32), 420, 800)
    assert layout.texts[0].startswith("Intro")
    bullet = next(i for i, t in enumerate(layout.texts) if t.startswith("\u2022 First"))
    number = next(i for i, t in enumerate(layout.texts) if t.startswith("2. Numbered"))
    first_text = next(r for r in layout.lines[bullet].runs if "First" in r.text)
    assert layout.lines[bullet + 1].runs[0].x == pytest.approx(first_text.x)
    assert layout.lines[number].runs[0].text == "2."
    families = {r.face.family for ln in layout.lines[:bullet] for r in ln.runs}
    assert any("Mono" in f for f in families)
    assert any(r.face.weight >= 700 for ln in layout.lines[:bullet] for r in ln.runs)


def test_same_input_same_pixels() -> None:
    layout = fit_text(SAMPLES["emoji"][1], style("en"), 600, 400)
    a, _ = render(layout)
    b, _ = render(fit_text(SAMPLES["emoji"][1], style("en"), 600, 400))
    assert a.tobytes() == b.tobytes()


def test_missing_family_is_an_error_naming_the_package() -> None:
    with pytest.raises(SelfserveError, match="fonts-noto-core"):
        fit_text("hello", TextStyle(family="No Such Family Sans"), 400, 200)


def test_package_for_names_the_debian_package() -> None:
    assert package_for("漢") == "fonts-noto-cjk"
    assert package_for("😀") == "fonts-noto-color-emoji"
    assert package_for("ა") == "fonts-noto-core"


@pytest.mark.parametrize("text", [
    *(v for _, v in SAMPLES.values()),
    "Hello (world) — it's “quoted” text! 12,345.67 $5 50% e.g. well-known a/b",
    "see https://example.com/a/b?x=1&y=2 now 👍🏽 👨‍👩‍👧 🇯🇵🇺🇸 1️⃣",
    "日本語の文章は、単語の間に（括弧）「引用」です。ー한국어 문장은 띄어쓰기를 합니다.",
    "a\nb\r\nc  d", "word !  ( x ) [y] {z}", "שלום-עולם מה-נשמע", "Привет, «мир»!",
    "Ünïcödé – dash — em", "x\u00a0y z\u200bw",
])
def test_fast_uax14_agrees_with_uniseg(text: str) -> None:
    from uniseg.linebreak import line_break_boundaries

    from generator.render.text.breaking import uax14

    assert uax14(text)[0] == [b for b in line_break_boundaries(text) if 0 < b < len(text)]


def test_characters_no_font_draws_are_reported() -> None:
    layout = fit_text("Tangut \U00017000 here", style("en"), 600, 200)
    assert layout.missing == frozenset({"\U00017000"})
    assert package_for("\U00017000") == "fonts-noto-extra"


def test_newlines_are_mandatory_breaks() -> None:
    layout = fit_text([Block((Span("first\nsecond\r\nthird"),))], style("en"), 600, 400)
    assert layout.texts == ("first", "second", "third")
    _, ink = render(layout)
    assert inside(ink, BOX)


def test_japanese_prefers_phrase_boundaries() -> None:
    import budoux

    loc, text = SAMPLES["japanese"]
    layout = fit_text(text, style(loc, size_max=40, size_min=40), 480, 1000)
    phrase_ends, pos = set(), 0
    for phrase in budoux.load_default_japanese_parser().parse(text):
        pos += len(phrase)
        phrase_ends.add(pos)
    pos = 0
    for line in layout.texts[:-1]:
        pos += len(line)
        assert pos in phrase_ends, f"line ends inside a phrase: {line!r}"


def test_cjk_phrase_longer_than_a_line_still_breaks() -> None:
    text = "東京特許許可局長今日急遽休暇許可拒否" * 3
    layout = fit_text(text, style("ja", size_max=40, size_min=40), 200, 2000)
    assert len(layout.lines) > 3 and not layout.truncated
    assert_lines_fit(layout, 200)


@pytest.mark.parametrize("name", ["latin", "arabic", "hebrew", "cyrillic"])
def test_word_by_word_drawing_matches_shaping_the_whole_line(name: str) -> None:
    """draw_text caches word masks; the line must look as if raqm drew it in one go."""
    from PIL import ImageDraw

    from generator.render.text.fonts import load_font

    loc, text = SAMPLES[name]
    text = " ".join([w for w in text.split() if w.isalpha()][:4])  # one font, one run
    layout = fit_text(text, style(loc, size_max=40, size_min=40), 1200, 100)
    (line,) = layout.lines
    (run,) = line.runs
    ours, _ = render(layout, (0, 0, 1200, layout.height))
    ref = Image.new("RGB", ours.size, "white")
    x = 0 if line.direction == "ltr" else 1200 - line.width
    ImageDraw.Draw(ref).text((round(x), round(line.baseline)), run.text,
                             font=load_font(run.face, run.size), fill=(0, 0, 0), anchor="ls",
                             direction=run.direction, language=loc)
    box = (0, 0, 1200, layout.height)
    assert ink_columns(ours, box) == pytest.approx(ink_columns(ref, box), abs=2)


@pytest.mark.parametrize("line_height", [1.0, 1.15, 1.35])
def test_arabic_dots_below_the_line_are_drawn_and_inside_the_box(line_height: float) -> None:
    """The two dots under a final yeh ("في") reach deeper than Noto Sans's descent; the
    layer used to clip them on tightly set cards (dotless on some platforms only)."""
    from PIL import Image

    from generator.render.text.draw import draw_text

    st = TextStyle(size_min=80, size_max=80, locale="ar", weight=700, line_height=line_height)
    layout = fit_text("في", st, 400, 400)
    im = Image.new("RGB", (400, 400), "white")
    ink = draw_text(im, layout, 0, 0, 400)
    baseline = layout.lines[0].baseline
    assert ink[3] - baseline >= 0.3 * 80, (ink, baseline)  # the dots, 0.46 em deep
    assert ink[3] <= layout.height  # and the box holds them
