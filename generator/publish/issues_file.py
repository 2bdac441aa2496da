"""Update ``content/issues.yaml`` from ticket groups without touching what people wrote.

A round-trip YAML library (ruamel.yaml) keeps the file's comments, key order,
quoting and blank lines; only ``tickets:`` of matched issues change and new
entries are appended. Hand-written steps are never removed. New entries are
drafts (``draft: true``): the build leaves them out until the support lead has
written what the problem is and the steps that fix it.

An existing issue matches a group when the group's tag or normalised subject is
in its ``match:`` list, when a tag equals its id, or when a group's words are
close to its title (rapidfuzz token-sort ratio >= 88: the same words, in any order).
"""

from __future__ import annotations

import difflib
import io
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable

from ruamel.yaml import YAML

from generator.errors import Problem, SelfserveError
from generator.load.filenames import is_safe_filename
from generator.load.tickets import TicketGroup, normalise
from generator.publish.yaml_edit import round_trip_yaml

TITLE_MATCH = 88.0


@dataclass
class IssueChanges:
    refreshed: list[tuple[str, int | None, int]] = field(default_factory=list)  # id, old, new
    added: list[tuple[str, int]] = field(default_factory=list)  # id, count
    unmatched: list[str] = field(default_factory=list)  # existing ids no group matched
    text: str = ""  # the new file text

    def as_json(self) -> dict[str, Any]:
        return {"refreshed": [{"id": i, "old": o, "new": n} for i, o, n in self.refreshed],
                "added": [{"id": i, "tickets": c} for i, c in self.added],
                "unmatched": self.unmatched}


def _yaml() -> YAML:
    return round_trip_yaml()


def _indent(text: str) -> tuple[int, int]:
    """(sequence indent, dash offset) as the file writes its list items."""
    m = re.search(r"^issues:\s*\n(?:\s*#.*\n|\s*\n)*( *)- ", text, re.M)
    offset = len(m[1]) if m else 2
    return offset + 2, offset


def slug(text: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    s = s[:60].rstrip("-") or "issue"
    return s if is_safe_filename(s) else f"{s}-issue"  # a helpdesk tag "aux" or "con"


def _matches(issue: Any, group: TicketGroup) -> bool:
    from rapidfuzz import fuzz

    keys = {str(k).lower() for k in (issue.get("match") or [])}
    if group.key in keys or (group.by == "tag" and group.key == str(issue.get("id", "")).lower()):
        return True
    if group.by == "subject" and any(normalise(k) == group.key for k in keys):
        return True
    title = normalise(str(issue.get("title", "")))
    other = normalise(group.label) if group.by == "subject" else normalise(group.key.replace("-", " "))
    return bool(title and other) and fuzz.token_sort_ratio(title, other) >= TITLE_MATCH


def update_issues(text: str, file: str, groups: list[TicketGroup], top: int, window: tuple[date, date],
                  min_count: int = 2, may_draft: Callable[[TicketGroup], bool] | None = None
                  ) -> IssueChanges:
    """The new text of the issues file and what changed.

    Every group refreshes the issue that matches it; only groups ``may_draft`` accepts
    (not a generic tag, a big enough share of the tickets) become new draft issues.
    """
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.error import YAMLError

    y = _yaml()
    seq_indent, offset = _indent(text)
    y.indent(mapping=2, sequence=seq_indent, offset=offset)
    try:
        doc = y.load(text) if text.strip() else None
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise SelfserveError(Problem(file, f"is not valid YAML ({getattr(exc, 'problem', exc)}); fix it "
                                     "before importing", mark.line + 1 if mark else None)) from None
    if doc is None:
        doc = CommentedMap()
    if not isinstance(doc, CommentedMap):
        raise SelfserveError(Problem(file, "must be a mapping with an 'issues:' list", 1))
    issues = doc.get("issues")
    if issues is None:
        issues = doc["issues"] = CommentedSeq()
    if not isinstance(issues, CommentedSeq):
        raise SelfserveError(Problem(file, "'issues' must be a list", None, path="issues"))
    changes = IssueChanges()
    used: set[str] = set()
    for issue in issues:
        if not isinstance(issue, CommentedMap):
            continue
        hits = [g for g in groups if g.key not in used and _matches(issue, g)]
        if not hits:
            changes.unmatched.append(str(issue.get("id")))
            continue
        used.update(g.key for g in hits)
        count = sum(g.count for g in hits)
        old = issue.get("tickets")
        if old != count:
            if "tickets" in issue:
                issue["tickets"] = count
            else:
                pos = list(issue).index("summary") + 1 if "summary" in issue else len(issue)
                issue.insert(pos, "tickets", count)
            changes.refreshed.append((str(issue.get("id")), old, count))
    ids = {str(i.get("id")) for i in issues if isinstance(i, CommentedMap)}
    fresh = [g for g in groups if g.key not in used and g.count >= min_count
             and (may_draft is None or may_draft(g))][:top]
    for g in fresh:
        base = slug(g.label)
        new_id, n = base, 2
        while new_id in ids:
            new_id, n = f"{base}-{n}", n + 1
        ids.add(new_id)
        entry = CommentedMap()
        entry["id"] = new_id
        entry["title"] = g.label
        entry["summary"] = (f"{g.count} customers reported this between {window[0].isoformat()} and "
                            f"{window[1].isoformat()}. Describe the problem in one sentence.")
        entry["tickets"] = g.count
        entry["status"] = "investigating"
        entry["draft"] = True
        # A tag as it is; a subject group by its readable subject (matched after normalising).
        entry["match"] = CommentedSeq([g.key if g.by == "tag" else g.label])
        entry["match"].fa.set_flow_style()
        entry["steps"] = CommentedSeq()
        entry["steps"].fa.set_flow_style()
        entry.yaml_set_start_comment(
            f"Imported from tickets: {g.count} about '{g.key if g.by == 'tag' else g.label}'. Write the "
            "summary and the steps that fix it, then delete 'draft: true'.", indent=offset)
        issues.append(entry)
        changes.added.append((new_id, g.count))
    buf = io.StringIO()
    y.dump(doc, buf)
    out = buf.getvalue()
    if fresh and not text.endswith("\n\n"):
        # A blank line before each new entry, as the hand-written ones have.
        out = re.sub(r"\n( *# Imported from tickets)", r"\n\n\1", out)
    changes.text = out
    return changes


def diff(old: str, new: str, file: str) -> str:
    return "".join(difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                        f"a/{file}", f"b/{file}"))
