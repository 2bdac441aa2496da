"""Checks that need the machine, not just the YAML: fonts installed, designs valid.

Run by ``validate`` and ``build`` before any rendering, so a missing font family or a
broken design is one located line up front instead of a failure halfway through.
"""

from __future__ import annotations

import difflib

from generator.errors import Problem, SelfserveError
from generator.load.model import Project
from generator.load.yamlsource import load_yaml


def _installed_families() -> list[str]:
    from generator.render.text.fonts import installed_fonts

    names: set[str] = set()
    for f in installed_fonts():
        names.update(f.names)
    return sorted(names)


def check_fonts(project: Project) -> list[Problem]:
    from generator.render.text.fonts import has_family

    problems: list[Problem] = []
    doc = None
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


def check_designs(project: Project) -> list[Problem]:
    from generator.render.design.load import load_design

    names = {f.design for f in project.faqs if f.design} | set(project.config.designs.values())
    names |= {"faq"} | ({"steps"} if any(f.steps for f in project.faqs) else set())
    problems: list[Problem] = []
    for name in sorted(names):
        try:
            design = load_design(name, project.root)
        except SelfserveError as exc:
            problems += exc.problems or [Problem(project.config.file, exc.format_message())]
            continue

        for layers in (design.layers, *design.variants.values()):
            problems += _family_problems(layers, design.file)
    return list(dict.fromkeys(problems))


def _family_problems(layers: tuple, design_file: str) -> list[Problem]:
    """Layers (and their children) naming a font family that is not installed."""
    from generator.render.text.fonts import has_family

    out: list[Problem] = []
    for layer in layers:
        if layer.family and "{" not in layer.family and not has_family(layer.family):
            close = difflib.get_close_matches(layer.family.casefold(), _installed_families(), n=1)
            hint = f"; did you mean '{close[0].title()}'?" if close else ""
            out.append(Problem(design_file, f"layer '{layer.id}': font family "
                                            f"'{layer.family}' is not installed{hint}"))
        out += _family_problems(layer.children, design_file)
    return out


def preflight(project: Project) -> None:
    """Raise one SelfserveError listing every font and design problem."""
    problems = check_fonts(project) + check_designs(project)
    if problems:
        raise SelfserveError(problems)
