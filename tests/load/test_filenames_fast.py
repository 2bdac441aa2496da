"""filename_problem answers slugs without pathvalidate; for every name, it agrees with it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from pathvalidate import FileNameValidator, ValidationError, validate_filename

from generator.load.filenames import filename_problem


def _pathvalidate_refuses(name: str) -> bool:
    try:
        validate_filename(name, platform="universal")
    except ValidationError:
        return True
    return False


RESERVED = list(FileNameValidator(platform="universal").reserved_keywords)


@settings(max_examples=600, deadline=None)
@given(st.one_of(
    st.text(alphabet="abcxyzACNOPRLTUMK0123456789-", min_size=1, max_size=12),
    st.sampled_from(RESERVED).map(lambda r: r.lower()),
    st.sampled_from(RESERVED),
    st.text(alphabet="abc-.: _$0", min_size=1, max_size=8),
    st.text(min_size=1, max_size=300),
))
def test_agrees_with_pathvalidate(name):
    assert (filename_problem(name) is not None) == _pathvalidate_refuses(name), name


def test_reserved_slugs_are_still_refused_with_their_message():
    for name in ("con", "NUL", "com1", "Lpt9", "aux", "prn"):
        assert "device name that Windows reserves" in filename_problem(name), name
    assert filename_problem("a" * 101 + "-b") is None or _pathvalidate_refuses("a" * 101 + "-b")
    assert filename_problem("how-do-i-reset-my-password") is None
