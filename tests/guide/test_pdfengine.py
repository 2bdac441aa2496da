"""selfserve's WeasyPrint set-up (generator/render/pdfengine.py) changes how fast a guide
is written, never what it holds: pydyf's page references, which WeasyPrint reads for every
tagged element and link, are kept instead of being rebuilt on every read."""

from __future__ import annotations

import pydyf

from generator.render import pdfengine  # noqa: F401 - applies the set-up


def _fresh(pdf: pydyf.PDF) -> tuple[bytes, ...]:
    """What pydyf 0.13's own property returns."""
    return tuple(f"{n} 0 R".encode("ascii") for n in pdf.pages["Kids"][::3])


def test_page_references_follow_every_added_page_and_are_not_rebuilt_between():
    pdf = pydyf.PDF()
    assert pdf.page_references == () == _fresh(pdf)
    for i in range(5):
        pdf.add_object(pydyf.Stream())  # objects between pages shift the numbers
        pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
        assert pdf.page_references == _fresh(pdf)
        assert len(pdf.page_references) == i + 1
    assert pdf.page_references is pdf.page_references  # kept, not rebuilt per read


def test_two_pdfs_keep_their_own_references():
    a, b = pydyf.PDF(), pydyf.PDF()
    a.add_page(pydyf.Dictionary({"Type": "/Page"}))
    for _ in range(3):
        b.add_object(pydyf.Stream())
    b.add_page(pydyf.Dictionary({"Type": "/Page"}))
    assert a.page_references == _fresh(a) != b.page_references == _fresh(b)
