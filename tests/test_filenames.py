"""Output names are valid file names on Windows, macOS and Linux alike."""

from __future__ import annotations

import pytest

from generator.load.filenames import filename_problem, is_safe_filename
from generator.load.project import slugify


@pytest.mark.parametrize("name", ["con", "CON", "nul", "aux", "prn", "com1", "lpt9"])
def test_windows_device_names_are_refused(name: str) -> None:
    assert "device name that Windows reserves" in (filename_problem(name) or "")


@pytest.mark.parametrize("name", ["a:b", "a|b", 'a"b', "a?b", "a*b", "a<b"])
def test_characters_windows_refuses_are_refused(name: str) -> None:
    assert not is_safe_filename(name)


@pytest.mark.parametrize("name", ["pause-subscription", "x", "instagram-story", "con-faq", "faq-1a2b3c4d"])
def test_ordinary_names_pass(name: str) -> None:
    assert filename_problem(name) is None


@pytest.mark.parametrize(("question", "slug"), [("Con?", "con-faq"), ("NUL", "nul-faq"),
                                                ("COM1", "com1-faq"), ("Contact us?", "contact-us")])
def test_a_question_slug_never_lands_on_a_device_name(question: str, slug: str) -> None:
    assert slugify(question) == slug
    assert is_safe_filename(slugify(question))
