"""Confinement: content and designs reach no file outside the project, nothing on the
network, no code and no environment variable.

Paths to ``/etc/passwd`` (absolute, through ``..``, as a ``file://`` URL, through a
symlink in assets/) and ``http://`` images are refused with a located line, and an
audit hook proves the file was never opened. A whole build runs with sockets
disabled. Design expressions that reach for Python internals, globals or the
environment are refused by preflight and, independently, by the Jinja sandbox.
"""

from __future__ import annotations

import os
import shutil
import socket
import sys
from pathlib import Path

import pytest

from generator.errors import SelfserveError
from tests.robustness.test_bad_corpus import run_cli

ROOT = Path(__file__).resolve().parents[2]
STARTER = ROOT / "generator" / "data" / "starter"
SECRET = Path("/etc/passwd")

_opened: list[str] = []
_watching = False


def _audit(event: str, args: tuple) -> None:
    # Audit hooks cannot be removed; this one records only while a test watches.
    if _watching and event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        _opened.append(os.fsdecode(args[0]))


sys.addaudithook(_audit)


@pytest.fixture()
def watch_opens():
    """Paths opened while the test runs (in this process)."""
    global _watching
    _opened.clear()
    _watching = True
    try:
        yield _opened
    finally:
        _watching = False


def _outside_opened(opened: list[str]) -> list[str]:
    return [p for p in opened if os.path.realpath(p) in (str(SECRET), "/etc/shadow")]


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    shutil.copytree(STARTER, root)
    (root / "assets").mkdir()
    return root


def _config_with_logo(root: Path, logo: str) -> None:
    cfg = root / "selfserve.yaml"
    cfg.write_text(cfg.read_text().replace("  # logo: assets/logo.png ", f"  logo: {logo}   "))


LOGO_LINE = "selfserve.yaml:7:9: brand.logo: "
STEP_LINE = "content/issues.yaml:8:16: issues[0].steps[0].image: "
REFUSALS = {
    "/etc/passwd": "'/etc/passwd' is an absolute path; give a path inside the project",
    "../../etc/passwd": "'../../etc/passwd' points outside the project folder",
    "assets/../../../../../../../../etc/passwd":
        "'assets/../../../../../../../../etc/passwd' points outside the project folder",
    "file:///etc/passwd": "'file:///etc/passwd' is a URL; only files inside the project can be used",
    "http://example.com/x.png": "'http://example.com/x.png' is a URL; only files inside the project "
                                "can be used",
    "assets/passwd.png": "'assets/passwd.png' is a symbolic link to a place outside the project "
                         "folder; copy the file into the project instead",
}


@pytest.mark.parametrize("path", sorted(REFUSALS))
def test_logo_outside_the_project_is_refused_unread(project: Path, path: str, watch_opens: list[str],
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    if path == "assets/passwd.png":  # (another link in assets/ would be reported on its own)
        (project / "assets" / "passwd.png").symlink_to(SECRET)
    _config_with_logo(project, path)
    code, _out, err = run_cli(["-q", "build", "--project", str(project)], capsys)
    assert code == 1
    assert err.splitlines() == [LOGO_LINE + REFUSALS[path]]
    assert not _outside_opened(watch_opens)
    assert not (project / "output").exists()


@pytest.mark.parametrize("path", sorted(REFUSALS))
def test_step_image_outside_the_project_is_refused_unread(project: Path, path: str,
                                                          watch_opens: list[str],
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    if path == "assets/passwd.png":  # (another link in assets/ would be reported on its own)
        (project / "assets" / "passwd.png").symlink_to(SECRET)
    (project / "content" / "issues.yaml").write_text(
        "issues:\n  - id: late-email\n    title: Late emails\n    summary: Some arrive late.\n"
        f"    status: workaround\n    steps:\n      - text: Look here\n        image: {path}\n")
    code, _out, err = run_cli(["-q", "validate", "--project", str(project)], capsys)
    assert code == 1
    assert err.splitlines() == [STEP_LINE + REFUSALS[path]]
    assert not _outside_opened(watch_opens)


def test_design_image_outside_the_project_is_refused_unread(project: Path, watch_opens: list[str],
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    design = (ROOT / "generator" / "data" / "designs" / "faq.yaml").read_text()
    (project / "templates").mkdir()
    (project / "templates" / "faq.yaml").write_text(
        design.replace('    when: brand.logo\n    src: "{{ brand.logo }}"', "    src: /etc/passwd"))
    code, _out, err = run_cli(["-q", "build", "--project", str(project)], capsys)
    assert code == 1
    assert err.splitlines() == ["templates/faq.yaml:16:10: layers[0].src: '/etc/passwd' is an "
                                "absolute path; give a path inside the project"]
    assert not _outside_opened(watch_opens)


def test_content_file_symlinked_outside_is_refused_unread(project: Path, watch_opens: list[str],
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    (project / "content" / "faqs.yaml").unlink()
    (project / "content" / "faqs.yaml").symlink_to(SECRET)
    code, _out, err = run_cli(["-q", "validate", "--project", str(project)], capsys)
    assert code == 1
    assert err.splitlines()[0].endswith("'content/faqs.yaml' is a symbolic link to a place outside "
                                        "the project folder; copy the file into the project instead")
    assert not _outside_opened(watch_opens)


def test_templated_image_path_is_confined_when_drawn(project: Path) -> None:
    """A design whose src comes from content (an expression) is checked when drawn."""
    from generator.render.assets import load_asset_image

    for path in ("/etc/passwd", "../../etc/passwd", "http://example.com/x.png"):
        with pytest.raises(SelfserveError) as err:
            load_asset_image(project, path, "templates/faq.yaml: layer 'logo' src")
        assert err.value.format_message().startswith("templates/faq.yaml: layer 'logo' src: ")


class NetworkUsed(AssertionError):
    pass


@pytest.mark.slow  # every kind on every platform with two workers: seconds
def test_a_whole_build_never_touches_the_network(project: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """Remote images and links in content, a full build (workers fork and inherit the
    patch): any socket, DNS lookup or connection fails the build and so the test."""
    def refuse(*_a: object, **_k: object) -> None:
        raise NetworkUsed("selfserve tried to use the network")

    for name in ("socket", "create_connection", "getaddrinfo", "gethostbyname", "socketpair"):
        monkeypatch.setattr(socket, name, refuse)
    faqs = project / "content" / "faqs.yaml"
    faqs.write_text(faqs.read_text() + (
        "  - question: Where can I see the remote picture?\n"
        "    answer: |\n"
        "      ![parcel](http://example.com/parcel.png) and <img src=\"https://example.com/x.png\">\n"
        "      with [a link](https://example.com/help) and https://example.com/bare.\n"))
    code, _out, err = run_cli(["-q", "build", "--project", str(project), "--jobs", "2"], capsys)
    assert "NetworkUsed" not in err and "internal error" not in err, err
    assert code == 0, err
    assert (project / "output" / "manifest.json").is_file()


# -- designs cannot run code or read the environment -----------------------------------------
ESCAPES = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os.environ['HOME'] }}",
    "{{ brand.__class__.__init__.__globals__ }}",
    "{{ self._TemplateReference__context }}",
    "{{ item.question.__class__ }}",
]


@pytest.mark.parametrize("source", ESCAPES)
def test_the_sandbox_refuses_python_internals_even_without_preflight(source: str) -> None:
    from generator.load.design.model import Background, Design, Layer
    from generator.render.design.engine import Theme, render_design

    design = Design(name="x", description="", file="templates/x.yaml", digest="0",
                    background=Background(), layers=(
                        Layer(id="t", type="text", role="body", text=source, box=(0, 0, 1, 1)),),
                    variants={}, defaults={})
    with pytest.raises(SelfserveError) as err:
        render_design(design, "square", (200, 200), (0, 0, 200, 200),
                      Theme(fonts={"body": "Noto Sans"}, text_color="#000000"),
                      {"item": {"question": "q"}, "brand": {"name": "b"}}, None)
    message = err.value.format_message()
    assert message.startswith("templates/x.yaml: layer 't' text: ")
    assert ("unsafe" in message or "undefined" in message), message
    assert os.environ.get("HOME", "/root") not in message


def test_template_syntax_in_content_is_never_evaluated(project: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """Content is data: expressions in an answer are drawn as typed, even hostile ones."""
    import json

    monkey_home = "/home/very-secret-home"
    os.environ["SELFSERVE_TEST_SECRET"] = monkey_home
    try:
        (project / "content" / "faqs.yaml").write_text(
            "faqs:\n  - id: hostile\n    question: \"{{ cycler.__init__.__globals__.os.environ }}\"\n"
            "    answer: \"{{ lookup('env', 'SELFSERVE_TEST_SECRET') }} {% import 'os' as os %}\"\n")
        code, _out, err = run_cli(["-q", "build", "--project", str(project), "--kind", "faq",
                                   "--platform", "x"], capsys)
        assert code == 0, err
        manifest = (project / "output" / "manifest.json").read_text()
        entry = next(e for e in json.loads(manifest)["assets"] if e.get("kind") == "faq")
        assert "{{ cycler.__init__.__globals__.os.environ }}" in entry["title"]
        assert monkey_home not in manifest
    finally:
        del os.environ["SELFSERVE_TEST_SECRET"]


@pytest.mark.parametrize(("source", "expected"), [
    ('<p>{% include "/etc/passwd" %}</p>',
     "error: templates/guide/guide.html: template error: include, import and extends are not "
     "available; a template reads only the values it is given"),
    ("<p>{{ ''.__class__.__mro__ }}</p>",
     "error: templates/guide/guide.html: template error: access to attribute '__class__' of 'str' "
     "object is unsafe."),
])
def test_a_project_guide_template_cannot_read_files_or_reach_python(
        project: Path, watch_opens: list[str], capsys: pytest.CaptureFixture[str],
        source: str, expected: str) -> None:
    (project / "templates" / "guide").mkdir(parents=True)
    (project / "templates" / "guide" / "guide.html").write_text(f"<html><body>{source}</body></html>")
    code, _out, err = run_cli(["-q", "build", "--project", str(project), "--kind", "guide",
                               "--jobs", "1"], capsys)
    assert code == 1
    assert err.splitlines() == [expected]
    assert not _outside_opened(watch_opens)


def test_a_project_caption_template_cannot_reach_python(project: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    (project / "templates" / "captions").mkdir(parents=True)
    (project / "templates" / "captions" / "faq.txt.j2").write_text(
        "{{ title.__class__.__mro__[1].__subclasses__() }}\n")
    code, _out, err = run_cli(["-q", "build", "--project", str(project), "--kind", "faq",
                               "--platform", "x", "--jobs", "1"], capsys)
    assert code == 1, err
    [line] = err.splitlines()
    assert line.startswith("error: ") and "is unsafe" in line and "faq.txt.j2" in line, line


# -- one confinement rule for every file selfserve reads -------------------------------------
#: Every kind of project file, made a symbolic link out of the project: (link, what it
#: replaces or adds, is the link a folder).
LINKED = [
    ("selfserve.yaml", "config", False),
    ("content/faqs.yaml", "content", False),
    ("content/issues.yaml", "content", False),
    ("content/stats.yaml", "content", False),
    ("templates/faq.yaml", "design", False),
    ("templates/captions/faq.txt.j2", "caption template", False),
    ("templates/captions", "caption template folder", True),
    ("templates/guide/guide.html", "guide template", False),
    ("templates/guide/guide.css", "guide stylesheet", False),
    ("templates", "templates folder", True),
    ("locale/en.po", "catalog", False),
    ("locale", "catalog folder", True),
    ("assets/logo.png", "image", False),
    ("assets/series.csv", "CSV", False),
    ("assets/fonts/Brand.ttf", "font file", False),
    ("content", "content folder", True),
]


@pytest.fixture()
def secret(tmp_path: Path) -> Path:
    """A file and a folder outside the project, with words that must never be published."""
    outside = tmp_path / "outside"
    (outside / "dir").mkdir(parents=True)
    text = "SECRET-7f3a {{ title }}\nmsgid \"\"\nmsgstr \"\"\n"
    (outside / "secret.txt").write_text(text)
    for name in ("faq.txt.j2", "en.po", "guide.html", "guide.css", "faq.yaml", "faqs.yaml"):
        (outside / "dir" / name).write_text(text)
    return outside


@pytest.mark.parametrize(("link", "what", "folder"), LINKED, ids=[x[0] for x in LINKED])
def test_every_kind_of_project_file_linked_outside_is_refused_by_validate_and_build(
        project: Path, secret: Path, link: str, what: str, folder: bool, watch_opens: list[str],
        capsys: pytest.CaptureFixture[str]) -> None:
    path = project / link
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(secret / "dir" if folder else secret / "secret.txt")
    watch_opens.clear()  # the set-up's own rmtree opened the folder it removed
    line = (f"{link}: '{link}' is a symbolic link to a place outside the project folder; copy the "
            "file into the project instead")
    for command in (["validate"], ["build", "--kind", "faq", "--platform", "x", "--jobs", "1"]):
        code, out, err = run_cli(["-q", *command, "--project", str(project)], capsys)
        assert code == 1, (command, err)
        # A linked folder is named, or the files read through it are (one line each).
        named = [ln for ln in err.splitlines() if ln == line or (
            folder and ln.startswith(f"{link}/") and "is a symbolic link to a place outside" in ln)]
        assert named, (command, err)
        assert "Traceback" not in err and "internal error" not in err
    assert not (project / "output").exists()
    opened = [p for p in watch_opens if os.path.realpath(p).startswith(str(secret))]
    assert opened == [], opened
