"""Where the guide's words land on its pages (poppler's ``pdftotext -bbox-layout`` and the
page pictures of ``pdftoppm``): a Windows path and a long error code wrap inside the page,
a right-to-left guide draws a category's header bar on its right, and a right-to-left
contents entry has its leader dots on one side only."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image

from generator.load.project import load_project
from generator.publish.build import BuildOptions, build
from tests.guide.conftest import make_project

PATH = r"C:\Users\YourName\AppData\Local\TinyTeaDesktopCompanion\SynchronisationCache\Profiles\Default"
CODE = "0x80070057" + "ABCDEF0123456789" * 6  # 106 characters: wider than a page line
ARABIC = re.compile("[\u0600-\u06ff]")
PRIMARY = (0x1F, 0x4E, 0x79)  # the small project's brand colour: the category bar


@dataclass(frozen=True)
class Word:
    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


def words(pdf: Path) -> tuple[list[Word], float]:
    out = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    found, width = [], 0.0
    for n, page in enumerate(re.split(r"<page ", out)[1:]):
        width = float(re.match(r'width="([\d.]+)"', page).group(1))
        for x0, y0, x1, y1, text in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', page
        ):
            found.append(Word(n, float(x0), float(y0), float(x1), float(y1), html.unescape(text)))
    return found, width


pytestmark = pytest.mark.slow  # two guides built and read back: ~4 s


@pytest.fixture(scope="module")
def guides(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    if shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None:
        pytest.skip("poppler-utils is not installed")
    root = make_project(
        tmp_path_factory.mktemp("layout") / "proj",
        """\
        locales: [en, ar]
        guides:
          - {name: guide}
          - {name: dalil, locale: ar}
        """,
    )
    faqs = root / "content" / "faqs.yaml"
    faqs.write_text(
        faqs.read_text("utf-8")
        + f"""  - id: sync-path
    question: Where does the app keep its sync files?
    category: Tea
    answer: "In {PATH.replace(chr(92), chr(92) * 2)}; delete that folder to reset. Error {CODE} means the same."
""",
        "utf-8",
    )
    build(load_project(root), BuildOptions(out=root / "output", kinds=("guide",)))
    return {
        "en": root / "output" / "en" / "guides" / "guide.pdf",
        "ar": root / "output" / "ar" / "guides" / "dalil.pdf",
    }


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_unbreakable_strings_wrap_inside_the_page(guides: dict[str, Path], lang: str) -> None:
    found, width = words(guides[lang])
    margin = 20 * 72 / 25.4 - 1  # the guide's 20 mm side margins, less a point of rounding
    outside = [w.text for w in found if w.x0 < margin - 1 or w.x1 > width - margin + 1]
    assert outside == []
    # Every piece of the path and the code is on the page, in order, with nothing lost.
    text = "".join(w.text for w in found)
    assert PATH.replace(" ", "") in text and CODE in text


def _bar_side(pdf: Path, title: Word, tmp: Path) -> str:
    """Which side of ``title`` the brand-coloured bar is drawn on."""
    dpi = 50
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            str(dpi),
            "-f",
            str(title.page + 1),
            "-l",
            str(title.page + 1),
            str(pdf),
            str(tmp / "page"),
        ],
        check=True,
    )
    page = Image.open(next(tmp.glob("page*.png"))).convert("RGB")
    k = dpi / 72
    y = round((title.y0 + title.y1) / 2 * k)
    xs = [
        x for x in range(page.width) if all(abs(a - b) <= 24 for a, b in zip(page.getpixel((x, y)), PRIMARY))
    ]
    assert xs, "no header bar beside the category title"
    centre = (title.x0 + title.x1) / 2 * k
    return "right" if sum(xs) / len(xs) > centre else "left"


@pytest.mark.parametrize(("lang", "side"), [("en", "left"), ("ar", "right")])
def test_a_category_header_bar_sits_where_its_lines_start(
    guides: dict[str, Path], lang: str, side: str, tmp_path: Path
) -> None:
    found, _width = words(guides[lang])
    # The category heading "Tea" (15 pt, after the contents pages).
    title = next(w for w in found if w.text == "Tea" and w.page >= 2 and w.y1 - w.y0 > 12)
    assert _bar_side(guides[lang], title, tmp_path) == side


def test_right_to_left_contents_entries_have_leaders_on_one_side(guides: dict[str, Path]) -> None:
    found, _width = words(guides["ar"])
    toc = [w for w in found if w.page == 1]

    def centre(w: Word) -> float:
        return (w.y0 + w.y1) / 2

    checked = 0
    for entry in (w for w in toc if ARABIC.search(w.text)):
        # The words of its line: the Arabic font's boxes sit a little higher than the dots'.
        row = [w for w in toc if abs(centre(w) - centre(entry)) < 4]
        dots = [w for w in row if set(w.text) <= {"."}]
        if not dots:
            continue  # a heading without a page number
        checked += 1
        start = min(w.x0 for w in row if ARABIC.search(w.text))
        assert all(d.x1 <= start for d in dots), [w.text for w in sorted(row, key=lambda w: w.x0)]
    assert checked >= 1
