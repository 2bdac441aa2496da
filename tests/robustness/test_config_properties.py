"""Property test: any value in selfserve.yaml gives a project or located problems, never
an internal error, in loading *and* in planning (where 2026-02-30 used to pass
validation and then fail the build with a ValueError).

3,000 derandomised cases (the same on every run) over the values users get wrong:
dates (impossible days, month 13, year 0, unquoted so YAML reads a timestamp), times
(24:30, 9:30 which YAML 1.1 reads as 570), numbers (5,000 digits, 1e309, .nan, negative),
colours, locales (xx-YY, en_US.UTF-8) and time zones (Mars/Olympus, ../../etc/passwd), in
one to three fields at once. ``SELFSERVE_HYPOTHESIS_SCALE`` scales the count.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import SelfserveError
from generator.load.project import load_project
from generator.publish.build import BuildOptions, plan_jobs

ROOT = Path(__file__).resolve().parents[2]
STARTER = ROOT / "generator" / "data" / "starter"
SCALE = float(os.environ.get("SELFSERVE_HYPOTHESIS_SCALE", "1"))
BASE = (STARTER / "selfserve.yaml").read_text()
CHANGED = "  changed_hours:\n    - date: {date}\n      end: {end}\n      note: Closed\n" \
          "      open: {open}\n      close: {close}\n  hours:\n"

#: Field -> (text in the starter config, its replacement with {v} for the value).
FIELDS = {
    "timezone": ("timezone: Europe/London\n", "timezone: {v}\n"),
    "locale": ("locale: en\n", "locale: {v}\n"),
    "primary": ('primary: "#1F4E79"', "primary: {v}"),
    "accent": ('accent: "#F2B33D"', "accent: {v}"),
    "reply_minutes": ("reply_minutes: 5\n", "reply_minutes: {v}\n"),
    "open": ('open: "09:00"', "open: {v}"),
    "close": ('close: "17:00"', "close: {v}"),
    "days": ("days: mon-fri", "days: {v}"),
}


def _quoted(values: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """The value as written bare (YAML guesses its type) or in double quotes."""
    return st.one_of(values, values.map(lambda v: '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'))


DATES = st.builds(lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}", st.integers(0, 10000),
                  st.integers(0, 99), st.integers(0, 99))
TIMES = st.builds(lambda h, m: f"{h:02d}:{m:02d}", st.integers(0, 99), st.integers(0, 99)) | \
    st.builds(lambda h, m: f"{h}:{m:02d}", st.integers(0, 30), st.integers(0, 70))
NUMBERS = st.one_of(
    st.integers(-10**6, 10**6).map(str),
    st.integers(1, 6000).map(lambda n: "9" * n),
    st.sampled_from(["1e309", "-1e309", ".nan", ".inf", "-.inf", "0x7fffffffffffffffffff", "1_000",
                     "0o777", "1:30:00", "-0", "4.5", "1e5", "true", "null", "~", "[]", "{}"]),
)
COLOURS = st.one_of(
    st.text("0123456789abcdefABCDEFgxyz", min_size=0, max_size=9).map(lambda h: "#" + h),
    st.sampled_from(["red", "transparent", "rgb(1,2,3)", "#12345678", "#", "'#fff'", "0x1F4E79"]),
)
LOCALES = st.one_of(
    st.sampled_from(["en", "de-DE", "pt-BR", "ar", "ja", "zh-Hant-TW", "xx-YY", "en_US.UTF-8", "C",
                     "sr-Latn", "und", "en-US-u-ca-buddhist", "i-klingon", "de-CH-1996", "qaa"]),
    st.from_regex(r"[a-z]{2,3}(-[A-Z]{2})?", fullmatch=True),
)
ZONES = st.one_of(
    st.sampled_from(["UTC", "Europe/Berlin", "Mars/Olympus", "../../etc/passwd", "/etc/localtime",
                     "Etc/GMT+14", "EST5EDT", "America/Argentina/ComodRivadavia", "localtime",
                     "Europe/London\u0000", "posixrules", "right/UTC", "Factory"]),
    st.from_regex(r"[A-Za-z_]{1,12}/[A-Za-z_]{1,12}", fullmatch=True),
)
DAYS = st.sampled_from(["mon-fri", "sat", "sun-mon", "fri-mon", "mon-mon", "xyz", "mon,tue", "[mon, tue]",
                        "mon-", "everyday", "daily", "weekdays"])
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)

VALUES = {
    "timezone": _quoted(ZONES | TEXT),
    "locale": _quoted(LOCALES | TEXT),
    "primary": _quoted(COLOURS | TEXT),
    "accent": _quoted(COLOURS | NUMBERS),
    "reply_minutes": _quoted(NUMBERS) | TEXT,
    "open": _quoted(TIMES | NUMBERS),
    "close": _quoted(TIMES | TEXT),
    "days": DAYS | TEXT,
}


@st.composite
def configs(draw: st.DrawFn) -> str:
    text = BASE
    for name in draw(st.lists(st.sampled_from(sorted(FIELDS)), min_size=1, max_size=3, unique=True)):
        old, new = FIELDS[name]
        value = draw(VALUES[name])
        text = text.replace(old, new.replace("{v}", value.replace("\n", " ")), 1)
    if draw(st.booleans()):
        text = text.replace("  hours:\n", CHANGED.format(
            date=draw(_quoted(DATES)), end=draw(_quoted(DATES)), open=draw(_quoted(TIMES)),
            close=draw(_quoted(TIMES))), 1)
    return text


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("config-props") / "proj"
    shutil.copytree(STARTER, folder)
    return folder


@pytest.mark.slow
@settings(deadline=None, derandomize=True, database=None, max_examples=max(10, int(3000 * SCALE)),
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                 HealthCheck.data_too_large])
@given(text=configs())
def test_any_config_value_loads_and_plans_or_gives_located_problems(root: Path, text: str) -> None:
    (root / "selfserve.yaml").write_text(text, "utf-8")
    try:
        project = load_project(root)
        plan_jobs(project, BuildOptions(out=root / "output", platforms=("x",)))
    except SelfserveError as exc:
        message = exc.format_message()
        assert "Traceback" not in message and "internal error" not in message
        for problem in exc.problems:
            assert problem.file and problem.message, problem
            # Problems about selfserve.yaml name the line and the field.
            if problem.file == "selfserve.yaml" and problem.path:
                assert problem.line is not None, problem
        assert len(message.splitlines()) <= 8, message
