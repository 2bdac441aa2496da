"""``selfserve import faqs PATH``: bring an existing help centre's FAQ file in as it is.

Reads the source with its format (load/sources/), tells its shape (load/shapes.py),
counts the FAQs the proposed mapping reads and what it cannot place, then prints the
``content.faqs`` entry, or with ``--write`` adds it to selfserve.yaml keeping comments
(ruamel round-trip) and checks that the project still loads, putting the old file back
when it does not. The source itself is never changed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from generator.cli import CONTEXT, Verbosity, json_option, project_option
from generator.commands.import_tickets import import_
from generator.errors import Problem, SelfserveError


def _inside(project: Path, path: Path) -> str:
    """``path`` as the project-relative name the config uses; refused outside the project.
    A relative path is taken from the current folder, else from the project folder."""
    full = (path if path.is_absolute() else Path.cwd() / path).absolute()
    if not path.is_absolute() and not full.exists() and (project / path).exists():
        full = project / path
    try:
        rel = full.relative_to(project)
        full.resolve().relative_to(project.resolve())
    except ValueError:
        raise SelfserveError(Problem(str(path), f"is outside the project {project}; copy it into "
                                                "content/ first (selfserve reads nothing outside the "
                                                "project folder)")) from None
    return rel.as_posix()


def plan_import(project: Path, rel: str, fmt_name: str | None, as_issues: bool,
                base_url: str | None) -> dict[str, Any]:
    """What importing ``rel`` would add: the entry, counts, and what could not be placed."""
    from generator.load.mapping import apply_mapping
    from generator.load.schema import INVALID, Checker
    from generator.load.shapes import describe, detect, mapping_as_yaml
    from generator.load.sources import FORMATS, format_for
    from generator.load.specs import FAQ

    if fmt_name and fmt_name not in FORMATS:
        raise SelfserveError(f"--format {fmt_name}: unknown; use one of: {', '.join(FORMATS)}")
    path = project / rel
    if not path.exists():
        raise SelfserveError(Problem(rel, "file not found"))
    fmt = format_for(path, fmt_name)
    got = fmt.read(path, rel)
    errors = [p for p in got.problems if p.severity == "error"]
    if got.doc is None or errors:
        raise SelfserveError(errors or got.problems or [Problem(rel, "could not be read")])
    doc = got.doc
    mapping = fmt.mapping
    found = detect(doc.value)
    shape = found.description
    if mapping is None:
        if found.native and not fmt.detect_fields:
            mapping = None
        elif found.mapping is None:
            raise SelfserveError(Problem(rel, f"no FAQs found: the file holds {describe(doc.value)}; "
                                              "selfserve needs a question and an answer per item "
                                              "(keys such as question/title and answer/content)", 1))
        else:
            mapping = found.mapping
    entry: dict[str, Any] = {"file": rel}
    if fmt_name:
        entry["format"] = fmt_name
    if mapping is not None and mapping is not fmt.mapping:
        entry["mapping"] = mapping_as_yaml(mapping)
    if base_url or got.base_url:
        entry["base_url"] = base_url or got.base_url
    if as_issues:
        entry["as"] = "issues"
    faqs: list[Any] = []
    issues: list[Any] = []
    unplaced: list[str] = []
    mapped = doc
    if mapping is not None:
        applied, problems = apply_mapping(doc, mapping, as_issues=as_issues)
        if applied is None:
            raise SelfserveError(problems)
        mapped = applied
    faqs = mapped.value.get("faqs") or []
    issues = mapped.value.get("issues") or []
    ck = Checker(mapped)
    good = 0
    locale = _project_locale(project)
    for i, item in enumerate(faqs):
        if FAQ.check(_one_locale(item, locale), ("faqs", i), ck) is not INVALID:
            good += 1
    for p in ck.problems:
        unplaced.append(str(p))
    categories = list(dict.fromkeys(str(f.get("category")) for f in faqs
                                    if isinstance(f, dict) and f.get("category") is not None))
    return {"file": rel, "format": fmt.name, "format_title": fmt.title, "shape": shape, "faqs": good,
            "issues": len(issues), "categories": categories, "unplaced": unplaced,
            "notes": got.notes + [str(p) for p in got.problems if p.severity == "warning"],
            "unread_keys": list(found.unread_keys) if mapping is found.mapping else [],
            "entry": entry, "ids": bool(mapping is not None and "id" in mapping.fields)}


def _project_locale(project: Path) -> str:
    import yaml

    try:
        raw = yaml.safe_load((project / "selfserve.yaml").read_text("utf-8"))
    except (OSError, yaml.YAMLError):
        return "en"
    return str(raw.get("locale") or "en") if isinstance(raw, dict) else "en"


def _one_locale(item: Any, locale: str) -> Any:
    """A FAQ with translation maps ({en: ..., fr: ...}) as the project's locale reads it."""
    from generator.load.translate import pick

    if not isinstance(item, dict):
        return item
    out = {}
    for k, v in item.items():
        if isinstance(v, dict) and k in ("question", "answer", "category"):
            found, text = pick(v, locale)
            v = text if found else next(iter(v.values()), None)
        out[k] = v
    return out


def _entry_yaml(entry: dict[str, Any]) -> str:
    import io

    from ruamel.yaml import YAML

    y = YAML()
    y.default_flow_style = None
    y.width = 4096
    y.indent(mapping=2, sequence=4, offset=2)
    buf = io.StringIO()
    y.dump({"content": {"faqs": [entry]}}, buf)
    return buf.getvalue()


def write_entry(project: Path, entry: dict[str, Any]) -> str:
    """Add (or replace, for the same file) the entry in selfserve.yaml; the old text."""
    import io

    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.error import YAMLError

    from generator.publish.atomic import write_text_atomic
    from generator.publish.yaml_edit import round_trip_yaml

    cfg = project / "selfserve.yaml"
    old = cfg.read_text("utf-8")
    y = round_trip_yaml(config_indent=True)
    try:
        data = y.load(old)
    except YAMLError as exc:
        raise SelfserveError(Problem("selfserve.yaml", f"cannot be edited: {exc}")) from None
    if not isinstance(data, dict):
        raise SelfserveError(Problem("selfserve.yaml", "expected a map at the top", 1))
    content = data.get("content")
    if not isinstance(content, dict):
        content = CommentedMap()
        data["content"] = content
    faqs = content.get("faqs")
    if faqs is None:
        faqs = CommentedSeq()
        # The implicit default file stays read: listing sources replaces the default.
        if (project / "content" / "faqs.yaml").is_file() and entry["file"] != "content/faqs.yaml":
            faqs.append("content/faqs.yaml")
        content["faqs"] = faqs
    elif not isinstance(faqs, list):
        faqs = CommentedSeq([faqs])
        content["faqs"] = faqs
    item = CommentedMap(entry)
    for k, v in list(item.items()):
        if isinstance(v, dict):
            item[k] = _flowed(v)
    for i, existing in enumerate(faqs):
        name = existing.get("file") if isinstance(existing, dict) else existing
        if name == entry["file"]:
            faqs[i] = item
            break
    else:
        faqs.append(item)
    buf = io.StringIO()
    y.dump(data, buf)
    write_text_atomic(cfg, buf.getvalue())
    return old


def _flowed(v: dict[str, Any]) -> Any:
    """The mapping block with its field map on one line, as people write it."""
    from ruamel.yaml.comments import CommentedMap

    out = CommentedMap()
    for k, x in v.items():
        if isinstance(x, dict):
            inner = CommentedMap(x)
            inner.fa.set_flow_style()
            out[k] = inner
        else:
            out[k] = x
    return out


@import_.command("faqs", context_settings=CONTEXT)
@click.argument("source", type=click.Path(path_type=Path))
@project_option
@click.option("--format", "fmt", default=None, metavar="NAME",
              help="Source format [default: told by the file]: yaml, csv, xlsx, html, zendesk, "
                   "freshdesk, markdown.")
@click.option("--as", "as_", type=click.Choice(["faqs", "issues"]), default="faqs", show_default=True,
              help="Read every item as a recurring issue (steps from its numbered list).")
@click.option("--base-url", default=None, metavar="URL",
              help="The URL relative links in the source are relative to.")
@click.option("--write", is_flag=True, help="Add the entry to selfserve.yaml (comments kept).")
@json_option
@click.pass_obj
def faqs(v: Verbosity, source: Path, project_dir: Path, fmt: str | None, as_: str, base_url: str | None,
         write: bool, as_json: bool) -> None:
    """Read an existing FAQ file as it is and add it to the project.

    \b
    Tells the shape (a list, groups, a mapping of categories, per-locale fields),
    reports how many FAQs it reads and what it cannot place, and prints the
    content.faqs entry for selfserve.yaml (--write adds it). Sources:
      YAML/JSON of any shape, CSV/TSV and .xlsx sheets with a header row,
      saved .html pages with schema.org FAQPage data, Zendesk Help Center and
      Freshdesk solution article JSON exports, a folder of Markdown files.
    Examples:
      selfserve import faqs content/faq.yml
      selfserve import faqs content/articles.json --write
      selfserve import faqs content/faq/ --write
    """
    project = project_dir.resolve() if project_dir.is_absolute() else (Path.cwd() / project_dir).resolve()
    if not (project / "selfserve.yaml").is_file():
        raise SelfserveError(f"{project}: no selfserve.yaml; run this in a project folder or pass --project")
    rel = _inside(project, source)
    plan = plan_import(project, rel, fmt, as_ == "issues", base_url)
    if write:
        old = write_entry(project, plan["entry"])
        try:
            from generator.load.project import load_project

            load_project(project)
        except SelfserveError:
            from generator.publish.atomic import write_text_atomic

            write_text_atomic(project / "selfserve.yaml", old)
            raise
    if as_json:
        click.echo(json.dumps({**plan, "written": write}, indent=2, ensure_ascii=False))
        return
    groups = f" in {len(plan['categories'])} categories" if len(plan["categories"]) > 1 else ""
    issues = f" and {plan['issues']} recurring issues" if plan["issues"] else ""
    v.say(f"{rel}: {plan['format_title']}.", err=True)
    v.say(f"Shape: {plan['shape']}.", err=True)
    v.say(f"Found {plan['faqs']} FAQs{groups}{issues}.", err=True)
    for line in plan["unplaced"]:
        v.say(f"not placed: {line}", err=True)
    for note in plan["notes"]:
        v.say(f"note: {note}", err=True)
    if plan["unread_keys"]:
        v.say("keys not read: " + ", ".join(plan["unread_keys"]), err=True)
    if not plan["ids"]:
        v.say("note: ids come from the questions; run 'selfserve ids --write' after importing so "
              "editing a question keeps its files and URLs", err=True)
    if write:
        v.say(f"Added {rel} to selfserve.yaml.")
    else:
        click.echo(_entry_yaml(plan["entry"]), nl=False)
