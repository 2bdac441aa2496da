"""Checks that need the machine, not just the YAML: fonts installed, designs valid.

Run by ``validate`` and ``build`` before any rendering, so a missing font family or a
broken design is one located line up front instead of a failure halfway through.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from generator.errors import Problem, SelfserveError
from generator.load.design.loader import AUTO, DesignLocator, design_path, load_design, project_designs
from generator.load.model import Project
from generator.load.yamlsource import Document, load_yaml
from generator.paths import OutsideProject, resolve_inside
from generator.render.assets import image_problem
from generator.render.design.expressions import template_environment
from generator.render.text.fonts import has_family, installed_fonts, use_project_fonts


def _installed_families() -> list[str]:
    names: set[str] = set()
    for f in installed_fonts():
        names.update(f.names)
    return sorted(names)


def check_fonts(project: Project) -> list[Problem]:
    problems: list[Problem] = []
    doc = None
    # The project's own font files first: a broken one is a located error, and the
    # families of the good ones count as installed below.
    good: list[str] = []
    for i, rel in enumerate(project.config.brand.fonts.files):
        msg = _font_file_problem(project.root / rel, rel)
        if msg:
            if doc is None:
                doc, _ = load_yaml(project.root / project.config.file, project.config.file)
            problems.append(doc.problem(("brand", "fonts", "files", i), msg) if doc is not None
                            else Problem(project.config.file, msg, path=f"brand.fonts.files[{i}]"))
        else:
            good.append(str((project.root / rel).resolve()))

    use_project_fonts(tuple(good))
    for role in ("heading", "body"):
        family = getattr(project.config.brand.fonts, role)
        if has_family(family):
            continue
        if doc is None:
            doc, _ = load_yaml(project.root / project.config.file, project.config.file)
        close = difflib.get_close_matches(family.casefold(), _installed_families(), n=1)
        hint = f"; did you mean '{close[0].title()}'?" if close else ""
        msg = (f"font family '{family}' is not installed{hint} (install a package such as "
               "fonts-noto-core, or list installed families with: fc-list : family)")
        if doc is not None:
            problems.append(doc.problem(("brand", "fonts", role), msg))
        else:
            problems.append(Problem(project.config.file, msg, path=f"brand.fonts.{role}"))
    return problems


def _font_file_problem(path: Path, rel: str) -> str | None:
    """Why a project font file cannot be used, or None (fontTools reads its tables)."""
    from fontTools.ttLib import TTFont, TTLibError

    try:
        with TTFont(path, lazy=True) as font:
            if "cmap" not in font or "name" not in font:
                return f"font file '{rel}' has no character map or names; export it again"
    except (TTLibError, OSError, AssertionError, KeyError, ValueError) as exc:
        return f"'{rel}' is not a font file selfserve can read ({exc}); use a .ttf or .otf"
    return None


@dataclass(frozen=True)
class KindDesigns:
    """The designs the asset kinds draw with, from their records. The command hands them
    in (render does not know the kinds): ``defaults`` are drawn with no ``designs:``
    setting, ``auto`` is what ``design: auto`` rotates through."""

    defaults: frozenset[str]
    auto: frozenset[str]


def check_designs(project: Project, kinds: KindDesigns | None) -> list[Problem]:
    """Every design file the project holds (used or not, so a broken one never waits for
    the day something names it), every design its content and settings name, and the
    kinds' own designs when the command knows them (``build`` and ``serve`` do; ``validate``
    does not import the kinds, whose renderers were a quarter of its time: it only misses
    a kind's default design that exists nowhere, which is the kind's bug, not the user's)."""
    names = {f.design for f in project.faqs if f.design} | set(project.config.designs.values())
    names |= project_designs(project.root)
    if kinds is not None:
        names |= kinds.defaults
    if AUTO in names:  # `auto` is not a file: it stands for the designs it rotates through
        names.discard(AUTO)
        if kinds is not None:
            names |= kinds.auto
    problems: list[Problem] = []
    for name in sorted(names):
        try:
            if design_path(name, project.root)[1].startswith("builtin:"):
                # A built-in design the project does not override: it names no font
                # family or image file of its own (tests/test_designs_and_presets.py
                # checks every one loads clean and reads only brand values), so nothing
                # in it depends on this machine. Skipping its parse is most of validate.
                continue
            design = load_design(name, project.root)
        except SelfserveError as exc:
            problems += exc.problems or [Problem(project.config.file, exc.format_message())]
            continue
        doc, _ = load_yaml(design_path(name, project.root)[0], design.file)
        if doc is not None:
            problems += expression_problems(doc)
        at = DesignLocator(design.file, doc)
        for layers in (design.layers, *design.variants.values()):
            problems += _family_problems(layers, at)
            problems += _image_problems(layers, at, project.root)
    return list(dict.fromkeys(problems))


#: Design fields that hold Jinja2 expressions.
_EXPRESSION_FIELDS = ("text", "fill", "color", "src", "when", "pill", "gradient", "image", "overlay",
                      "focus", "scrim")


def expression_problems(doc: Document) -> list[Problem]:
    """Design expressions that could not run as data: syntax errors, Python internals
    (``__class__``, ``_private``), and ``import``/``include``/``extends``, which would
    read other files. The sandbox refuses all of these at render time too; checking here
    names the file, line and field before anything is drawn."""
    from jinja2 import TemplateSyntaxError, nodes


    env = template_environment()
    problems: list[Problem] = []

    def check(source: str, path: tuple, is_when: bool) -> None:
        if is_when and "{" not in source:
            source = "{{ " + source + " }}"
        if "{" not in source:
            return
        try:
            ast = env.parse(source)
        except TemplateSyntaxError as exc:
            problems.append(doc.problem(path, f"template syntax error: {exc.message}"))
            return
        for node in ast.find_all((nodes.Getattr, nodes.Getitem, nodes.Import, nodes.FromImport,
                                  nodes.Include, nodes.Extends, nodes.Call)):
            if isinstance(node, (nodes.Import, nodes.FromImport, nodes.Include, nodes.Extends)):
                problems.append(doc.problem(path, "import, include and extends are not available "
                                                  "in designs; a design reads only its own values"))
                return
            if isinstance(node, nodes.Call):
                if isinstance(node.node, nodes.Name):  # lookup(...), range(...), cycler(...)
                    problems.append(doc.problem(path, f"'{node.node.name}(...)' is not available: "
                                                      "design expressions use values and filters "
                                                      "only"))
                    return
                continue
            name = node.attr if isinstance(node, nodes.Getattr) else \
                node.arg.value if isinstance(node.arg, nodes.Const) else None
            if isinstance(name, str) and name.startswith("_"):
                problems.append(doc.problem(path, f"'{name}' is not allowed: design expressions "
                                                  "read content and brand values, never Python "
                                                  "internals"))
                return

    def walk(value: object, path: tuple, field_name: str = "") -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, path + (k,), str(k))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, path + (i,), field_name)
        elif isinstance(value, str) and field_name in _EXPRESSION_FIELDS:
            check(value, path, field_name == "when")

    walk(doc.value, ())
    return problems


def _family_problems(layers: tuple, at: DesignLocator) -> list[Problem]:
    """Layers (and their children) naming a font family that is not installed."""

    out: list[Problem] = []
    for layer in layers:
        if layer.family and "{" not in layer.family and not has_family(layer.family):
            close = difflib.get_close_matches(layer.family.casefold(), _installed_families(), n=1)
            hint = f"; did you mean '{close[0].title()}'?" if close else ""
            out.append(at(layer.id, "family", f"font family '{layer.family}' is not installed{hint} "
                                              "(install a package such as fonts-noto-core, or list "
                                              "installed families with: fc-list : family)"))
        out += _family_problems(layer.children, at)
    return out


def _image_problems(layers: tuple, at: DesignLocator, root: Path) -> list[Problem]:
    """Image layers whose ``src`` is a plain path (no expression) that cannot be used:
    outside the project, a URL, missing, or not an image."""

    out: list[Problem] = []
    for layer in layers:
        src = (layer.src or "").strip()
        if layer.type == "image" and src and "{" not in src:
            try:
                target = resolve_inside(root, src)
            except OutsideProject as exc:
                msg: str | None = str(exc)
            else:
                msg = image_problem(target, src) if target.is_file() else f"image '{src}' not found"
            if msg:
                out.append(at(layer.id, "src", msg))
        out += _image_problems(layer.children, at, root)
    return out


def check_assets(project: Project) -> list[Problem]:
    """Images named in content and config (logo, FAQ, issue, step and category
    pictures) that are not usable images: not an image, damaged, too many pixels or
    too many bytes. The loader has already
    checked that each path stays inside the project and exists."""
    import re


    refs: list[tuple[str, tuple, str]] = []  # (file, field path, image path)
    if project.config.brand.logo:
        refs.append((project.config.file, ("brand", "logo"), project.config.brand.logo))
    for name, look in project.config.categories.items():
        if look.image:
            refs.append((project.config.file, ("categories", name, "image"), look.image))
    for issue in project.issues:
        m = re.fullmatch(r"issues\[(\d+)\]", issue.source.path or "")
        if issue.image and m:
            refs.append((issue.source.file, ("issues", int(m.group(1)), "image"), issue.image))
        for j, step in enumerate(issue.steps):
            if step.image and m:
                refs.append((issue.source.file, ("issues", int(m.group(1)), "steps", j, "image"),
                             step.image))
    for faq in project.faqs:
        m = re.fullmatch(r"faqs\[(\d+)\]", faq.source.path or "")
        if faq.image and m:
            refs.append((faq.source.file, ("faqs", int(m.group(1)), "image"), faq.image))
    problems: list[Problem] = []
    docs: dict[str, object] = {}
    for file, path, rel in refs:
        try:
            target = resolve_inside(project.root, rel)
        except OutsideProject as exc:
            msg: str | None = str(exc)
        else:
            msg = image_problem(target, rel) if target.is_file() else f"file '{rel}' not found"
        if msg is None:
            continue
        if file not in docs:
            docs[file], _ = load_yaml(project.root / file, file)
        doc = docs[file]
        problems.append(doc.problem(path, msg) if doc is not None  # type: ignore[attr-defined]
                        else Problem(file, msg, path=".".join(map(str, path))))
    return problems


def preflight(project: Project, kinds: KindDesigns | None = None) -> None:
    """Raise one SelfserveError listing every font, design and image problem; ``kinds``:
    the designs the registered kinds draw with (:func:`generator.kinds.preflight_designs`),
    None where the command does not load the kinds (see :func:`check_designs`)."""
    problems = check_fonts(project) + check_designs(project, kinds) + check_assets(project)
    if problems:
        raise SelfserveError(problems)
