"""Line breaks a typesetter would sign, read back from the laid-out lines of fit_text."""

from __future__ import annotations

import re

import pytest

from generator.render.text.fit import fit_text
from generator.render.text.model import TextStyle


def lines(text: str, width: int, locale: str = "en", size: int = 40,
          keep: tuple[str, ...] = ()) -> tuple[str, ...]:
    layout = fit_text(text, TextStyle(size_min=size, size_max=size, locale=locale, keep=keep),
                      width, 4000)
    assert not layout.truncated
    return layout.texts


# No line may open with closing punctuation or small kana, nor end with an opening bracket.
_CLOSING = "、。，．）」』】〉》？！・ーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
_OPENING = "（「『【〈《"


@pytest.mark.parametrize("width", range(120, 620, 40))
def test_japanese_breaks_between_phrases_under_kinsoku(width: int) -> None:
    got = lines("キャンセルするにはどうすればよいですか？「設定」を開いてください。", width, "ja")
    assert "".join(got) == "キャンセルするにはどうすればよいですか？「設定」を開いてください。"
    for a, b in zip(got, got[1:]):
        assert b[0] not in _CLOSING and a[-1] not in _OPENING, got
    # Phrases stay whole when they fit: never "キャンセルするにはど / うすれば".
    if width >= 240:
        assert not any(ln.endswith("ど") for ln in got), got
    assert len(got[-1].rstrip("？。")) > 1, got


@pytest.mark.parametrize("width", range(160, 560, 40))
def test_chinese_keeps_words_and_has_no_one_character_last_line(width: int) -> None:
    got = lines("如何更改我的送货地址？", width, "zh-CN")
    assert "".join(got) == "如何更改我的送货地址？"
    assert len(got[-1].rstrip("？")) > 1, got  # never an orphan "址？"
    assert not any(ln.endswith("地") for ln in got), got  # 地址 is one word


def test_german_word_too_long_is_hyphenated_with_a_visible_hyphen() -> None:
    got = lines("Datenschutzerklärung", 260, "de")
    assert len(got) >= 2 and all(ln.endswith("-") for ln in got[:-1]), got
    assert "".join(ln[:-1] for ln in got[:-1]) + got[-1] == "Datenschutzerklärung"
    # Only where the dictionary allows: never "Datenschutzerkl-ärung".
    assert not any(ln.endswith("erkl-") for ln in got), got


def test_english_hyphenation_uses_the_english_dictionary() -> None:
    got = lines("internationalization", 250, "en-US")
    assert all(ln.endswith("-") for ln in got[:-1]) and len(got) >= 2, got
    assert "".join(ln.rstrip("-") for ln in got) == "internationalization"


@pytest.mark.parametrize("phrase", ["12345-AB", "0x80070057", "Sat 09:00–13:00", "09:00–13:00",
                                    "09:00 – 13:00", "help@kettle.example", "Kettle & Co.",
                                    "`git pull --rebase`"])
@pytest.mark.parametrize("width", [440, 560])
def test_no_break_inside_codes_times_addresses_brand_or_inline_code(phrase: str, width: int) -> None:
    shown = phrase.strip("`")
    text = f"Write to us about {phrase} when the sync stops again today"
    if phrase.startswith("`"):
        from generator.render.markdown import markdown_blocks

        layout = fit_text(markdown_blocks(text), TextStyle(size_min=40, size_max=40), width, 4000)
        got = layout.texts
    else:
        got = lines(text, width, keep=("Kettle & Co.",))
    assert any(shown in ln for ln in got), (phrase, got)


@pytest.mark.parametrize("path", ["C:\\Sync\\Projects\\Quarterly\\Reports",
                                  "https://example.com/help/reset-password/now",
                                  "/data/lineageos_updates/"])
def test_paths_and_urls_break_only_after_separators_without_a_hyphen(path: str) -> None:
    got = lines(path, 260)
    assert "".join(got) == path, got  # nothing added: no hyphen, no ellipsis
    for ln in got[:-1]:
        assert ln[-1] in "/\\.-_?&=", got
    assert not re.search(r"^\\", got[0]) and not got[0].endswith("C:"), got


def test_heading_avoids_a_lone_last_word_when_a_better_break_exists() -> None:
    text = "How do I change my delivery address quickly"
    got = lines(text, 620)
    assert len(got) == 2 and len(got[-1].split()) >= 2, got


def test_hyphenation_sees_through_punctuation_around_a_word() -> None:
    got = lines("(Datenschutzerklärung?)", 260, "de")
    assert len(got) >= 2 and all(ln.endswith("-") for ln in got[:-1]), got
    assert got[-1].endswith("?)")


@pytest.mark.parametrize("width", [200, 240, 280])
def test_a_kept_phrase_no_line_can_hold_breaks_between_its_words(width: int) -> None:
    """The brand name is kept on one line where one can hold it; in a banner's narrow brand
    column it was cut like a URL instead, "Kettle &" over " Co." (the second line opening
    with a space). Now it breaks where its words do, and no line opens with a space."""
    layout = fit_text("Kettle & Co.", TextStyle(size_min=64, size_max=64, weight=700,
                                                keep=("Kettle & Co.",)), width, 4000)
    got = layout.texts
    assert " ".join(got) == "Kettle & Co." and len(got) > 1, got
    assert all(ln == ln.strip() for ln in got), got
    assert got[-1] != "Co.", got  # "& Co." together rather than a lone last word
