"""The size-free font lookup picks the file matplotlib's own lookup picks, at every size."""

from __future__ import annotations

import pytest

from generator.render.charts import theme


@pytest.fixture()
def lookup():
    from matplotlib import font_manager

    theme._use_size_free_font_lookup()
    return font_manager


@pytest.mark.parametrize("family", ["DejaVu Sans", "sans-serif", "Noto Sans", "No Such Family"])
@pytest.mark.parametrize("weight", ["normal", "bold"])
def test_same_file_as_matplotlib_at_every_size(lookup, family, weight):
    fm = lookup.fontManager
    for size in (6, 9.5, 14, 40):
        prop = lookup.FontProperties(family=family, weight=weight, size=size)
        ours = fm.findfont(prop)
        theirs = type(fm).findfont(fm, prop)  # the class's method, matplotlib's own cache
        assert ours == theirs


def test_a_missing_family_without_fallback_raises_every_time(lookup):
    fm = lookup.fontManager
    prop = lookup.FontProperties(family="No Such Family", size=12)
    for _ in range(2):
        with pytest.raises(ValueError):
            fm.findfont(prop, fallback_to_default=False)


def test_registering_a_font_forgets_earlier_answers(lookup):
    lookup.fontManager.findfont(lookup.FontProperties(family="DejaVu Sans", size=10))
    assert theme._FOUND
    theme._add_font.cache_clear()
    import matplotlib

    # matplotlib's own DejaVu Sans: registering it again changes no answer, but must clear.
    theme._add_font(matplotlib.get_data_path() + "/fonts/ttf/DejaVuSans.ttf")
    assert not theme._FOUND
