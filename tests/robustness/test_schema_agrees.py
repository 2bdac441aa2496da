"""One source of truth: `selfserve schema` and `selfserve validate` give the same verdicts.

The JSON Schemas come from the same field specs that validate (load/schema.py). This test
feeds every file of the bad-input corpus (tests/data/bad/) and a good corpus (the starter,
the sample project and real-world variants: translation maps, #RGB colours, links without
a scheme, numbers where text is meant) to both: a real Draft 2020-12 validator
(jsonschema) on the parsed file, and the loader on a project holding the file. Verdicts
must agree, except the cases listed in BEYOND_SCHEMA with the reason a schema cannot
see them (the file system, fonts, time zones, uniqueness across items, size limits
applied before parsing); the list must be exact, so a new case is classified on purpose.
"""

from __future__ import annotations

import lzma
import shutil
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from generator.errors import SelfserveError
from generator.load.jsonschema import schema_for
from generator.load.project import load_project
from generator.load.yamlsource import load_yaml
from tests.conftest import fast_sample

ROOT = Path(__file__).resolve().parents[2]
STARTER = ROOT / "generator" / "data" / "starter"
BAD = ROOT / "tests" / "data" / "bad"
TARGETS = {"faqs": "content/faqs.yaml", "issues": "content/issues.yaml", "stats": "content/stats.yaml",
           "config": "selfserve.yaml"}

#: Bad cases only the loader can judge, and why a JSON Schema cannot.
BEYOND_SCHEMA: dict[str, str] = {
    "faqs/duplicate-ids": "uniqueness of a field across items",
    "issues/duplicate-ids": "uniqueness of a field across items",
    "issues/step-image-absolute": "where a path points in the file system",
    "issues/step-image-file-url": "where a path points in the file system",
    "issues/step-image-outside": "where a path points in the file system",
    "issues/step-image-url": "a remote image refused for confinement (any text is a valid path)",
    "stats/p90-below-median": "a comparison between two fields of an item",
    "stats/unknown-faq": "a reference to an id in another file",
    "config/bad-timezone": "the IANA time zone database",
    "config/timezone-path": "the IANA time zone database",
    "config/unknown-locale": "the locales CLDR has data for",
    "config/impossible-date": "the calendar (how many days a month has)",
    "config/leap-day-not-leap-year": "the calendar (leap years)",
    "config/month-13": "the calendar (months of a year)",
    "config/content-outside": "where a path points in the file system",
    "config/logo-absolute": "where a path points in the file system",
    "config/logo-missing": "whether a file exists",
    "config/logo-outside": "where a path points in the file system",
    "config/logo-url": "a remote image refused for confinement (any text is a valid path)",
    "config/missing-font": "the fonts installed on the machine",
    "config/unknown-platform": "the preset table, which the project itself extends under presets:",
}


def _validators() -> dict[str, Draft202012Validator]:
    out = {}
    for kind in TARGETS:
        schema = schema_for(kind)
        Draft202012Validator.check_schema(schema)
        out[kind] = Draft202012Validator(schema)
    return out


VALIDATORS = _validators()


def _bad_cases() -> list:
    files = [(kind, f) for kind in TARGETS for f in sorted((BAD / kind).iterdir())
             if f.suffix in (".yaml", ".xz") and f.is_file()]
    # The compressed ones hold 10,000+ items (seconds each): never in the fast lane, which
    # keeps a sample of each kind (tests/conftest.py:fast_sample).
    fast = fast_sample([f"{k}/{f.name}" for k, f in files if f.suffix != ".xz"])
    return [pytest.param(kind, f, id=f"{kind}/{f.name}",
                         marks=[] if f"{kind}/{f.name}" in fast else [pytest.mark.slow])
            for kind, f in files]


def _expected_exit(path: Path) -> int:
    """A corpus case's ``# exit N`` (0: the case must load, with warnings at most)."""
    exp = path.with_name(path.name.split(".")[0] + ".expected")
    for line in exp.read_text("utf-8").splitlines():
        if line.startswith("# exit "):
            return int(line.split()[2])
    return 1


def _text(path: Path) -> bytes:
    raw = path.read_bytes()
    return lzma.decompress(raw) if path.suffix == ".xz" else raw


def verdicts(kind: str, data: bytes, tmp: Path, base: Path = STARTER) -> tuple[bool, bool]:
    """(schema says valid, validate says valid) for ``data`` as the ``kind`` file of a copy
    of the ``base`` project (validate's checks: the loader, then the preflight)."""
    from generator.kinds import preflight_designs
    from generator.render.preflight import preflight

    proj = tmp / "p"
    if proj.exists():
        shutil.rmtree(proj)
    if base == STARTER:
        shutil.copytree(STARTER, proj)
    else:
        from tests.conftest import copy_sample

        copy_sample(proj)
    if kind == "faqs":  # the starter's stats name its FAQs; another FAQ file would break them
        (proj / TARGETS["stats"]).unlink(missing_ok=True)
    target = proj / TARGETS[kind]
    target.write_bytes(data)
    try:
        preflight(load_project(proj), preflight_designs())
        loader_ok = True
    except SelfserveError:
        loader_ok = False
    doc, problems = load_yaml(target, TARGETS[kind])
    schema_ok = doc is not None and not problems and VALIDATORS[kind].is_valid(doc.value)
    return schema_ok, loader_ok


@pytest.mark.parametrize(("kind", "path"), _bad_cases())
def test_bad_corpus_same_verdict(kind: str, path: Path, tmp_path: Path) -> None:
    name = f"{kind}/{path.name.split('.')[0]}"
    schema_ok, loader_ok = verdicts(kind, _text(path), tmp_path)
    if _expected_exit(path) == 0:  # read with a warning (a BOM, bidi controls): valid for both
        assert (schema_ok, loader_ok) == (True, True), name
        return
    assert not loader_ok, f"{name}: the bad corpus case loads"
    if name in BEYOND_SCHEMA:
        assert schema_ok, f"{name} is listed as beyond the schema, but the schema refuses it too"
    else:
        assert not schema_ok, f"{name}: validate refuses it but the JSON Schema accepts it"


GOOD_VARIANTS = {
    "faqs": [
        "faqs:\n  - question: {en: How do I pay?, de: Wie bezahle ich?}\n    answer: {en: By card., de: Mit Karte.}\n",
        "faqs:\n  - question: Year?\n    answer: 2026\n    category: 2026\n    featured: 1\n    link: example.com/help\n",
        "faqs:\n  - question: Link?\n    answer: Here.\n    link: https://bücher.example/hilfe?x=1#top\n    tags: billing\n",
        "faqs:\n  - question: Null link?\n    answer: Fine.\n    link:\n",
    ],
    "config": [],
}
BAD_VARIANTS = {
    "faqs": [
        "faqs:\n  - question: Link?\n    answer: Here.\n    link: not a url at all\n",
        "faqs:\n  - question: '   '\n    answer: Blank question.\n",
        "faqs:\n  - question: Featured?\n    answer: x\n    featured: 2\n",
    ],
    "config": [],
}


def _config_variants() -> None:
    base = (STARTER / "selfserve.yaml").read_text("utf-8")
    primary = next(ln for ln in base.splitlines() if "primary:" in ln)
    value = primary.split("primary:")[1].split("#")[0].strip()
    GOOD_VARIANTS["config"].append(base.replace(primary, primary.replace(value, '"#FFF"')))
    tagline = next(ln for ln in base.splitlines() if ln.startswith("  tagline:"))
    GOOD_VARIANTS["config"].append(base.replace(tagline, "  tagline: {en: Help first, de: Erst Hilfe}"))
    for bad in ('"#1F4E79zz"', '"#FFFF"', '"navy"'):
        BAD_VARIANTS["config"].append(base.replace(primary, primary.replace(value, bad)))


_config_variants()


def _good_files() -> list[tuple[str, str, bytes, Path]]:
    out = []
    for root in (STARTER, ROOT):
        for kind, rel in TARGETS.items():
            if (root / rel).is_file():
                out.append((kind, f"{'starter' if root == STARTER else 'sample'}:{rel}",
                            (root / rel).read_bytes(), root))
    for kind, texts in GOOD_VARIANTS.items():
        out += [(kind, f"{kind} variant {i}", t.encode(), STARTER) for i, t in enumerate(texts)]
    return out


@pytest.mark.parametrize(("kind", "name", "data", "base"), _good_files(),
                         ids=lambda v: v if isinstance(v, str) and len(v) < 40 else "")
def test_good_corpus_valid_for_both(kind: str, name: str, data: bytes, base: Path, tmp_path: Path) -> None:
    schema_ok, loader_ok = verdicts(kind, data, tmp_path, base)
    assert (schema_ok, loader_ok) == (True, True), name


@pytest.mark.parametrize(("kind", "data"), [(k, t) for k, ts in BAD_VARIANTS.items() for t in ts])
def test_reported_disagreements_are_refused_by_both(kind: str, data: str, tmp_path: Path) -> None:
    """The issue's cases: a colour with trailing junk, a 4-digit colour, a link that is
    not an address, a blank text, featured: 2."""
    assert verdicts(kind, data.encode(), tmp_path) == (False, False), data
