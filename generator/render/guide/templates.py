"""The guide's HTML and CSS templates: built-in ones, or a project's own.

In: the project root and a template name (``guide.html``, ``guide.css``). Out: the
template source, from ``templates/guide/<name>`` in the project when present (checked
to stay inside the project, like every content path), else from
``generator/data/templates/guide/``. Rendering uses Jinja2's sandbox: HTML with
autoescaping on, CSS with values that are made safe for CSS strings first.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from generator.errors import SelfserveError
from generator.paths import OutsideProject, resolve_inside
from generator.render.sandbox import GUIDE_LIMITS, LimitedSandbox, render_limited

BUILTIN = Path(__file__).resolve().parents[2] / "data" / "templates" / "guide"
PROJECT_DIR = "templates/guide"
NAMES = ("guide.html", "guide.css")


def template_path(root: Path, name: str) -> tuple[Path, str]:
    """The file to use for ``name`` and how to name it in messages."""
    rel = f"{PROJECT_DIR}/{name}"
    try:
        own = resolve_inside(root, rel)
    except OutsideProject as exc:
        raise SelfserveError(f"{rel}: {exc}") from None
    if own.is_file():
        return own, rel
    return BUILTIN / name, f"built-in {name}"


def templates_fingerprint(root: Path) -> str:
    """sha256 over the bytes of the templates a guide of ``root`` uses (for job keys)."""
    h = hashlib.sha256()
    for name in NAMES:
        path, shown = template_path(root, name)
        h.update(shown.encode() + b"\0")
        try:
            h.update(path.read_bytes())
        except OSError:
            pass
    return h.hexdigest()


def css_string(text: str) -> str:
    """``text`` as the inside of a double-quoted CSS string (quotes, backslashes and
    line breaks escaped), so a brand name cannot end the string and add rules."""
    out = []
    for ch in text:
        if ch in '"\\' or ch in "\n\r\f" or ord(ch) < 0x20 or ch == "\x7f":
            out.append(f"\\{ord(ch):x} ")
        else:
            out.append(ch)
    return "".join(out)


def css_font_list(families: tuple[str, ...]) -> str:
    """``("Noto Sans", "Noto Sans Arabic")`` -> ``"Noto Sans", "Noto Sans Arabic", sans-serif``."""
    return ", ".join(f'"{css_string(f)}"' for f in families) + ", sans-serif"


def render_template(root: Path, name: str, context: dict, *, html: bool) -> str:
    from jinja2 import StrictUndefined, TemplateError


    path, shown = template_path(root, name)
    try:
        source = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SelfserveError(f"{shown}: cannot be read: {exc}") from None
    env = LimitedSandbox(autoescape=html, undefined=StrictUndefined, trim_blocks=False)
    try:
        return render_limited(env.from_string(source), context, shown, GUIDE_LIMITS)
    except TemplateError as exc:
        line = getattr(exc, "lineno", None)
        where = f"{shown}:{line}" if line else shown
        raise SelfserveError(f"{where}: template error: {exc}") from None
    except TypeError:  # {% include %} / {% import %}: the sandbox has no loader, by design
        raise SelfserveError(f"{shown}: template error: include, import and extends are not "
                             "available; a template reads only the values it is given") from None
