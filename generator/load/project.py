"""Load a whole project: ``selfserve.yaml`` and every content file it names.

In: the project folder. Out: a :class:`~generator.load.model.Project`, or a
:class:`~generator.errors.SelfserveError` listing every problem in every file
(one line each), so a user fixes them all in one round.
"""

from __future__ import annotations

import difflib
import posixpath
from pathlib import Path
from typing import Any

from generator.errors import Problem, SelfserveError
from generator.i18n.locales import language as lang
from generator.load import model as m
from generator.load import specs
from generator.load.audio import AudioError, probe_audio
from generator.load.ids import slug
from generator.load.mapping import apply_mapping
from generator.load.markup import unknown_tags
from generator.load.platforms import check_platform_config
from generator.load.schema import INVALID, AnyValue, Checker, F, Kind, ListOf, Record
from generator.load.series_csv import read_series
from generator.load.shapes import describe, detect, is_native, mapping_inline
from generator.load.sources import FORMATS, format_for
from generator.load.steps import split_steps
from generator.load.translate import localize, norm, pick, resolve
from generator.load.yamlsource import Document, PathKey, load_yaml
from generator.paths import OutsideProject, links_leaving, resolve_inside

CONFIG_NAME = "selfserve.yaml"
#: Stats fields that may be a list in the YAML or ``{csv: path}`` (see load/series_csv.py).
SERIES_FIELDS = ("first_reply", "volume_by_topic", "volume_by_week")
FAQ_FIELDS = tuple(f.name for f in specs.FAQ.fields)


def slugify(text: str, limit: int = 60) -> str:
    """A FAQ id from its question (see :func:`generator.load.ids.slug`)."""

    return slug(text, limit)


def _matched_image(image: str | None, src: m.FaqSource, root: Path) -> str | None:
    """A picture named by its bare file name (a spreadsheet column of ``pause.png``, the
    Canva/Bannerbear bulk-create habit) is found in the source's ``images:`` folder, else
    beside a spreadsheet, else in a Markdown folder source; any other value is the
    project path it says (YAML files name pictures from the project folder)."""
    if not image or "/" in image or "\\" in image:
        return image
    if src.images is not None:
        folder = src.images
    elif src.file.lower().endswith((".csv", ".tsv", ".xlsx")):
        folder = posixpath.dirname(src.file)
    elif (root / src.file).is_dir():
        folder = src.file
    else:
        return image
    folder = folder.strip("/")
    return f"{folder}/{image}" if folder and folder != "." else image


def find_project(start: Path) -> Path:
    """The nearest folder from ``start`` upward that holds selfserve.yaml (``start`` is
    checked first), or ``start`` itself when none does: the loader then says that no
    project is there."""
    start = start.absolute()
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    return start


class _Loader:
    def __init__(self, root: Path, locale: str | None = None):
        self.root = root
        self.problems: list[Problem] = []
        self.requested = locale  # the locale to resolve texts for; None: the default
        self.target = locale or "en"
        self.default = "en"
        self.locales: tuple[str, ...] = ()
        self.fallback = True
        self.translations: list[Problem] = []

    # -- helpers -----------------------------------------------------------------
    def read(self, rel: str, *, where: Problem | None = None) -> Document | None:
        try:
            path = resolve_inside(self.root, rel)
        except OutsideProject as exc:
            if where is not None:
                self.problems.append(Problem(where.file, str(exc), where.line, where.col, where.path))
            else:
                self.problems.append(Problem(rel, str(exc)))
            return None
        doc, problems = load_yaml(path, rel)
        self.problems += problems
        return doc

    def check(self, doc: Document, kind: Kind, path: PathKey = ()) -> Any:
        ck = Checker(doc)
        value = kind.check(doc.value if not path else _get(doc.value, path), path, ck)
        self.problems += ck.problems
        return value

    # -- files -------------------------------------------------------------------
    def config(self) -> tuple[m.Config | None, Document | None]:
        if not (self.root / CONFIG_NAME).is_file():
            raise SelfserveError(
                f"no {CONFIG_NAME} in {self.root}; run 'selfserve init DIR' to start a project "
                "or pass --project DIR")
        doc = self.read(CONFIG_NAME)
        if doc is None:
            return None, None
        doc = self._config_texts(doc)
        raw = self.check(doc, specs.CONFIG)
        if raw is INVALID:
            return None, doc
        cfg = m.Config(**raw, file=CONFIG_NAME)
        self._check_config(cfg, doc)
        self._check_locales(cfg, doc)
        self.default, self.locales, self.fallback = cfg.locale, cfg.build_locales, cfg.fallback
        self.target = self.requested or cfg.locale
        return cfg, doc

    def _config_texts(self, doc: Document) -> Document:
        """The brand's tagline, channel names and changed-hours notes may be translation
        maps too (``note: {en: Christmas Day, de: Erster Weihnachtstag}``)."""

        value = doc.value
        if not isinstance(value, dict):
            return doc
        locale, listed = value.get("locale"), value.get("locales")
        default = locale if isinstance(locale, str) else "en"
        others: list[Any] = listed if isinstance(listed, list) else []
        langs = frozenset(lang(str(c)) for c in (default, *others))
        target = self.requested or default
        out = dict(value)
        for key in ("brand", "contact"):
            if key in out:
                out[key] = resolve(out[key], target, default, langs)[0]
        return Document(doc.file, out, doc.marks, doc.key_marks, doc.files)

    def _check_locales(self, cfg: m.Config, doc: Document) -> None:
        """Every locale is one Babel (CLDR) knows; a requested one is among them."""
        from babel import Locale, UnknownLocaleError

        where = [("locale",)] + [("locales", i) for i in range(len(cfg.locales))]
        for path, code in zip(where, (cfg.locale, *cfg.locales)):
            try:
                Locale.parse(code.replace("-", "_"))
            except (UnknownLocaleError, ValueError):
                self.problems.append(doc.problem(path, f"unknown locale '{code}'; use a language "
                                                       "code such as en, de-DE, pt-BR, ar or ja"))
        if self.requested and self.requested not in cfg.build_locales:
            known = ", ".join(cfg.build_locales)
            self.problems.append(doc.problem(("locales",), f"'{self.requested}' is not one of the "
                                                           f"project's locales ({known})"))

    def localized(self, doc: Document, key: str, rel: str, id_of: Any = None) -> tuple[Document, set[int]]:
        """``doc`` with its texts in the target locale (see load/translate.py); the indexes
        of items left out of this locale."""

        overlay = None
        if norm(self.target) != norm(self.default):
            base = Path(rel)
            for tag in dict.fromkeys((self.target, lang(self.target))):
                candidate = (base.parent / tag / base.name).as_posix()
                try:
                    if resolve_inside(self.root, candidate).is_file():
                        overlay = self.read(candidate)
                        break
                except OutsideProject:
                    break
        doc, res = localize(doc, key, self.target, self.default, self.locales, self.fallback,
                            overlay, id_of)
        self.problems += res.errors
        self.translations += res.fallbacks + res.missing
        return doc, res.dropped

    def _check_config(self, cfg: m.Config, doc: Document) -> None:
        try:
            from zoneinfo import ZoneInfo, available_timezones

            ZoneInfo(cfg.timezone)
        except Exception:  # noqa: BLE001 - any failure means the name is unusable
            from zoneinfo import available_timezones

            close = difflib.get_close_matches(cfg.timezone, sorted(available_timezones()), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else "; use an IANA name such as Europe/Berlin"
            self.problems.append(doc.problem(("timezone",), f"unknown time zone '{cfg.timezone}'{hint}"))

        self.problems += check_platform_config(cfg, doc)
        if cfg.brand.logo:
            self.asset(cfg.brand.logo, doc, ("brand", "logo"))
        if cfg.video.audio:
            self.audio(cfg, doc)

        for i, rel in enumerate(cfg.brand.fonts.files):
            self.asset(rel, doc, ("brand", "fonts", "files", i))
        for name, look in cfg.categories.items():
            if look.image:
                self.asset(look.image, doc, ("categories", name, "image"))
        for i, src in enumerate(cfg.content.faqs):
            if src.format and src.format not in FORMATS:
                close = difflib.get_close_matches(src.format, list(FORMATS), n=1)
                hint = f"did you mean '{close[0]}'?" if close else "use one of: " + ", ".join(FORMATS)
                self.problems.append(doc.problem(("content", "faqs", i, "format"),
                                                 f"unknown source format '{src.format}'; {hint}"))
            if src.mapping and src.mapping.link:
                self._check_template(src.mapping.link, doc, ("content", "faqs", i, "mapping", "link"))
            if src.mapping:
                for name in src.mapping.fields:
                    if name not in FAQ_FIELDS:
                        close = difflib.get_close_matches(name, FAQ_FIELDS, n=1)
                        hint = f"; did you mean '{close[0]}'?" if close else ""
                        self.problems.append(doc.problem(
                            ("content", "faqs", i, "mapping", "fields", name),
                            f"'{name}' is not a FAQ field{hint}", key=True))
                if "question" not in src.mapping.fields or "answer" not in src.mapping.fields:
                    self.problems.append(doc.problem(
                        ("content", "faqs", i, "mapping", "fields"),
                        "map at least 'question' and 'answer'"))

    def _check_template(self, template: str, doc: Document, path: PathKey) -> None:
        """A link template names FAQ fields only, in {braces}."""
        import string

        try:
            names = [f for _, f, _, _ in string.Formatter().parse(template) if f is not None]
        except ValueError as exc:
            self.problems.append(doc.problem(path, f"not a link template ({exc}); write e.g. "
                                                   "https://example.org/faq#{id}"))
            return
        for name in names:
            if name not in FAQ_FIELDS:
                close = difflib.get_close_matches(name, FAQ_FIELDS, n=1)
                hint = f"did you mean '{{{close[0]}}}'?" if close else "use {id}, {category} or {question}"
                self.problems.append(doc.problem(path, f"'{{{name}}}' is not a FAQ field; {hint}"))

    def audio(self, cfg: m.Config, doc: Document) -> None:
        """``video.audio``: inside the project, present, really audio, with its licence.
        Probing reads the container header only, so a 2-hour file costs no more than a
        short one; a file that is not audio is refused here, with its line, not mid-build."""
        rel = cfg.video.audio or ""
        n = len(self.problems)
        self.asset(rel, doc, ("video", "audio"))
        if len(self.problems) > n:
            return

        try:
            probe_audio(resolve_inside(self.root, rel))
        except AudioError as exc:
            self.problems.append(doc.problem(("video", "audio"), f"'{rel}' {exc}"))
        if not cfg.video.audio_licence:
            self.problems.append(doc.problem(("video", "audio"), "say who made this audio and under "
                                             "which licence in video.audio_licence (it goes into the "
                                             "manifest next to every video)"))

    def asset(self, rel: str, doc: Document, path: PathKey) -> None:
        """An image path in content or config: inside the project, present (whether it
        is a usable picture is preflight's :func:`check_assets`)."""
        try:
            target = resolve_inside(self.root, rel)
        except OutsideProject as exc:
            self.problems.append(doc.problem(path, str(exc)))
            return
        if not target.is_file():
            self.problems.append(doc.problem(path, f"file '{rel}' not found"))

    def source(self, src: m.FaqSource, where: Problem | None) -> tuple[Document | None, Any]:
        """One ``content.faqs`` entry read by its format (see load/sources/)."""

        try:
            path = resolve_inside(self.root, src.file)
        except OutsideProject as exc:
            self.problems.append(Problem(where.file, str(exc), where.line, where.col, where.path)
                                 if where else Problem(src.file, str(exc)))
            return None, None
        if src.format and src.format not in FORMATS:
            return None, None  # reported by _check_config
        if not path.exists():
            self.problems.append(Problem(where.file, f"file '{src.file}' not found", where.line, where.col,
                                         where.path) if where else Problem(src.file, "file not found"))
            return None, None
        fmt = format_for(path, src.format)
        got = fmt.read(path, src.file)
        self.problems += got.problems
        return got.doc, fmt

    def faqs(self, cfg: m.Config, cdoc: Document) -> list[m.FAQ]:
        out: list[m.FAQ] = []
        seen: dict[str, m.Source] = {}
        asked: dict[str, m.Source] = {}  # normalised question -> where it was first asked
        self.faq_issues: list[m.RecurringIssue] = []
        for si, src in enumerate(cfg.content.faqs):
            # Only a file the config names is located there; the default one speaks for itself.
            named = cdoc is not None and ("content", "faqs") in cdoc.marks
            where = cdoc.problem(("content", "faqs", si), "") if named else None
            doc, fmt = self.source(src, where)
            if doc is None:
                continue
            mapping = src.mapping or fmt.mapping
            native = isinstance(doc.value, dict) and "faqs" in doc.value and not fmt.detect_fields
            if native and mapping is None and not is_native(doc.value):
                # `faqs: [{title, content}]` is another tool's file under our key: teach the mapping.
                guess = detect(doc.value).mapping
                native = guess is None or guess.fields.get("question") == ("question",)
            if mapping is None and native and src.as_ == "issues":
                # A file in our own FAQ shape read as issues: the same fields, through the mapping.
                mapping = m.FieldMapping(items="faqs", fields={f: (f,) for f in ("id", "question", "answer",
                                                                                 "link", "category")})
            if mapping is None and not native:
                found = detect(doc.value)
                if fmt.detect_fields and found.mapping is not None:
                    mapping = found.mapping
                elif found.mapping is None and isinstance(doc.value, dict) and not fmt.detect_fields:
                    pass  # a map of another kind: the schema check below names its keys
                else:
                    self.problems.append(doc.problem((), _teach(src.file, found, fmt.detect_fields)))
                    continue
            if mapping is not None:
                mapped, problems = apply_mapping(doc, mapping, as_issues=src.as_ == "issues")
                if problems or mapped is None:
                    self.problems += problems
                    found = detect(doc.value)
                    if found.mapping and found.mapping != mapping:
                        self.problems.append(doc.problem((), f"the file holds {found.description}; "
                                                             "it reads with mapping: "
                                                             f"{mapping_inline(found.mapping)}"))
                    continue
                rows = mapped.value["faqs"] + mapped.value.get("issues", [])
                if not any("question" in r for r in rows) or not any("answer" in r for r in rows):
                    found = detect(doc.value)
                    hint = f"; try mapping: {mapping_inline(found.mapping)}" if found.mapping else ""
                    self.problems.append(doc.problem((), "the mapping finds no FAQs: the file holds "
                                                         f"{describe(doc.value)}{hint}"))
                    continue
                if mapped.value.get("issues"):
                    self.issues_from_faqs(mapped, src)
                doc = Document(mapped.file, {"faqs": mapped.value["faqs"]}, mapped.marks, mapped.key_marks,
                               mapped.files)
            base = doc
            tags_seen: dict[str, tuple[Any, ...]] = {}
            doc, dropped = self.localized(doc, "faqs", src.file, self._faq_id)
            raw_first = self.duplicate_ids(doc, "faqs", seen)
            for i, item in self.items(doc, _TOP_FAQS_SHAPE, "faqs", specs.FAQ):
                if i in dropped:
                    continue
                line = doc.marks.get(("faqs", i), (None, None))[0]
                source = m.Source(doc.file_of(("faqs", i)), line, f"faqs[{i}]")
                # A checked item is a map with a text question, so _faq_id always finds an id.
                fid = item["id"] or self._faq_id(doc.value["faqs"][i], item["question"]) or slugify(
                    item["question"])
                if item["id"] and raw_first.get(item["id"], i) != i:
                    continue  # reported by duplicate_ids
                if self.target == self.default:
                    key = " ".join(item["question"].casefold().split())
                    if key in asked:
                        self.problems.append(doc.problem(
                            ("faqs", i, "question"), f"the same question as {asked[key]}: merge the two "
                                                     "answers into one FAQ, or reword one question"))
                        continue
                    asked[key] = source
                if fid in seen:
                    if item["id"]:
                        self.problems.append(doc.problem(("faqs", i, "id"),
                                                         f"duplicate id '{fid}' (first at {seen[fid]})"))
                        continue
                    n = 2
                    while f"{fid}-{n}" in seen:
                        n += 1
                    fid = f"{fid}-{n}"
                seen[fid] = source
                if not item["id"] and self.target == self.default:
                    self.problems.append(doc.problem(
                        ("faqs", i), f"no id: '{fid}' comes from the question, so editing the question "
                                     "renames its files and URLs; run 'selfserve ids --write' to keep it",
                        severity="warning"))
                link = item["link"]
                if link is None and mapping is not None and mapping.link:
                    link = _fill(mapping.link, {**item, "id": fid, "category": item["category"]})
                if link and src.base_url:
                    from urllib.parse import urljoin

                    link = urljoin(src.base_url, link)
                answer, clipped = item["answer"], 0
                if len(answer) > specs.ANSWER_LIMIT:
                    answer, clipped = clip_answer(answer, specs.ANSWER_LIMIT), len(answer)
                    self.problems.append(doc.problem(
                        ("faqs", i, "answer"),
                        f"is {clipped:,} characters long; only the first {len(answer):,} "
                        f"(up to the last paragraph or sentence end before {specs.ANSWER_LIMIT:,}) "
                        "are used, and its cards show a summary: shorten it or split it into "
                        "several FAQs", severity="warning"))
                self._unknown_tags(doc, i, item, tags_seen)
                image = _matched_image(item["image"], src, self.root)
                if image:
                    self.asset(image, doc, ("faqs", i, "image"))
                out.append(m.FAQ(
                    id=fid, question=item["question"], answer=answer, clipped_from=clipped,
                    category=item["category"], source=source, tags=item["tags"], link=link,
                    featured=item["featured"], locale=item["locale"], steps=item["steps"],
                    design=item["design"], aliases=item["aliases"], caption=item["caption"],
                    summary=item["summary"],
                    icon=item["icon"], image=image, focus=item["focus"],
                    category_key=self._default_text(base, ("faqs", i, "category")) or item["category"],
                    base_url=src.base_url, explicit_id=bool(item["id"]),
                ))
            self._warn_tags(doc, tags_seen)
        return out

    def issues_from_faqs(self, doc: Document, src: m.FaqSource) -> None:
        """Items of a FAQ source taken as recurring issues (``as: issues`` or the mapping's
        ``issue_groups``): the question is the title, the answer's first numbered list the
        steps, the text around it the summary."""

        doc, dropped = self.localized(Document(doc.file, {"issues": doc.value["issues"]}, doc.marks,
                                               doc.key_marks, doc.files), "issues", src.file)
        ck = Checker(doc)
        for i, raw in enumerate(doc.value["issues"]):
            if i in dropped:
                continue
            q, a = raw.get("question"), raw.get("answer")
            if not isinstance(q, str) or not isinstance(a, str) or not q.strip() or not a.strip():
                ck.error(("issues", i), "an issue needs a question (its title) and an answer (its "
                                        "summary and numbered steps)")
                continue
            summary, steps = split_steps(a)
            value = {"id": raw.get("id") or slug(q), "title": q, "summary": summary or q,
                     "status": "workaround" if steps else "investigating", "steps": list(steps),
                     "show_count": False}
            if raw.get("link"):
                value["link"] = raw["link"]
            item = specs.ISSUE.check(value, ("issues", i), ck)
            if item is INVALID:
                continue
            line = doc.marks.get(("issues", i), (None, None))[0]
            source = m.Source(doc.file_of(("issues", i)), line, f"issues[{i}]")
            self.faq_issues.append(m.RecurringIssue(
                source=source, step_sources=tuple(source for _ in item["steps"]), **item))
        self.problems += ck.problems

    def _unknown_tags(self, doc: Document, i: int, item: dict[str, Any],
                      seen: dict[str, tuple[Any, ...]]) -> None:
        """Collect HTML tags selfserve does not read (their text is kept, the tag dropped)
        with where each first appears; :meth:`_warn_tags` reports them once per file."""
        for f in ("question", "answer", "summary"):
            text = item.get(f) or ""
            if "<" not in text:
                continue

            for tag in sorted(unknown_tags(text)):
                seen.setdefault(tag, ("faqs", i, f))

    def _warn_tags(self, doc: Document, seen: dict[str, tuple[Any, ...]]) -> None:
        if not seen:
            return
        names = ", ".join(f"<{t}>" for t in sorted(seen))
        order = ("question", "answer", "summary")
        first = min(seen.values(), key=lambda p: (p[1], order.index(p[2])))
        many = len(seen) > 1
        self.problems.append(doc.problem(
            first, f"HTML tag{'s' if many else ''} {names} {'are' if many else 'is'} not drawn "
            "in this file: the text inside is kept and the tag dropped (supported: a, b, strong, "
            "i, em, code, tt, br, p, ul, ol, li)", severity="warning"))

    def _default_text(self, doc: Document, path: PathKey) -> str:
        """A text field in the default locale ('' when absent or not text)."""

        value: Any = doc.value
        for p in path:
            try:
                value = value[p]
            except (KeyError, IndexError, TypeError):
                return ""
        if isinstance(value, dict):
            found, text = pick(value, self.default)
            value = text if found else ""
        return value if isinstance(value, str) else ""

    def _faq_id(self, raw: Any, question: str | None = None) -> str | None:
        """An id-less FAQ's id comes from its default-locale question, so the German and
        the English card of one FAQ share it."""
        if not isinstance(raw, dict):
            return None
        ident = raw.get("id")
        if isinstance(ident, str):
            return ident
        q = raw.get("question")
        if isinstance(q, dict):
            found, text = pick(q, self.default)
            q = text if found else next(iter(q.values()), None)
        if q is None or not isinstance(q, str):
            q = question
        return slugify(q) if isinstance(q, str) else None

    def issues(self, cfg: m.Config, raw_cfg: Any) -> list[m.RecurringIssue]:
        """The issues file's issues, then those taken from FAQ sources."""
        out = self._issues_file(cfg, raw_cfg)
        ids = {i.id: i.source for i in out}
        for issue in getattr(self, "faq_issues", []):
            if issue.id in ids:
                self.problems.append(Problem(issue.source.file, f"issue id '{issue.id}' is also used at "
                                             f"{ids[issue.id]}", issue.source.line, None, issue.source.path))
                continue
            ids[issue.id] = issue.source
            out.append(issue)
        return out

    def _issues_file(self, cfg: m.Config, raw_cfg: Any) -> list[m.RecurringIssue]:
        rel = cfg.content.issues
        if not rel or not self._present(rel, raw_cfg, "issues"):
            return []
        doc = self.read(rel)
        if doc is None:
            return []
        out: list[m.RecurringIssue] = []
        seen: dict[str, m.Source] = {}
        doc, dropped = self.localized(doc, "issues", rel)
        raw_first = self.duplicate_ids(doc, "issues", {})
        for i, item in self.items(doc, _TOP_ISSUES_SHAPE, "issues", specs.ISSUE):
            if i in dropped:
                continue
            line = doc.marks.get(("issues", i), (None, None))[0]
            source = m.Source(doc.file, line, f"issues[{i}]")
            if raw_first.get(item["id"], i) != i or item["id"] in seen:
                continue
            seen[item["id"]] = source
            if item["draft"]:
                self.problems.append(doc.problem(("issues", i, "draft"), f"issue '{item['id']}' is a "
                                                 "draft: not built until you delete 'draft: true'",
                                                 severity="warning"))
                continue
            for j, step in enumerate(item["steps"]):
                if step.image:
                    self.asset(step.image, doc, ("issues", i, "steps", j, "image"))
            if item["image"]:
                self.asset(item["image"], doc, ("issues", i, "image"))
            step_sources = tuple(
                m.Source(doc.file, doc.marks.get(("issues", i, "steps", j), (line, None))[0],
                         f"issues[{i}].steps[{j}]") for j in range(len(item["steps"])))
            out.append(m.RecurringIssue(source=source, step_sources=step_sources, **item))
        return out

    def stats(self, cfg: m.Config, raw_cfg: Any, faq_ids: set[str]) -> m.Stats | None:
        rel = cfg.content.stats
        if not rel or not self._present(rel, raw_cfg, "stats"):
            return None
        doc = self.read(rel)
        if doc is None:
            return None
        doc, _ = self.localized(doc, "stats", rel)
        csv_ok = self.series_from_csv(doc)
        raw = self.check(doc, specs.STATS)
        if raw is INVALID or not csv_ok:
            return None
        for name in SERIES_FIELDS:
            if isinstance(doc.value, dict) and name in doc.value and not raw[name]:
                self.problems.append(doc.problem((name,), "empty series: its chart and "
                                                 "infographic panel are skipped", severity="warning"))
        for i, tq in enumerate(raw["top_questions"]):
            # Ids are checked in the default locale: another may leave untranslated FAQs out.
            if tq.faq not in faq_ids and faq_ids and self.target == self.default:
                close = difflib.get_close_matches(tq.faq, sorted(faq_ids), n=1)
                hint = f"; did you mean '{close[0]}'?" if close else ""
                self.problems.append(doc.problem(("top_questions", i, "faq"),
                                                 f"no FAQ has the id '{tq.faq}'{hint}"))
        return m.Stats(source=m.Source(doc.file, 1, ""), **raw)

    def guides(self, cfg: m.Config, doc: Document, faqs: list[m.FAQ],
               issues: list[m.RecurringIssue]) -> None:
        """Each guide names categories, tags and issues that exist, and a unique name."""
        categories = sorted({f.category_key or f.category for f in faqs})
        tags = sorted({t for f in faqs for t in f.tags})
        ids = [i.id for i in issues]
        names: set[str] = set()

        def unknown(what: str, value: str, known: list[str]) -> str:
            close = difflib.get_close_matches(value, known, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else f"; known: {', '.join(known) or 'none'}"
            return f"no {what} '{value}'{hint}"

        for gi, guide in enumerate(cfg.guides or ()):
            at = ("guides", gi)
            if guide.name in names:
                self.problems.append(doc.problem(at + ("name",), f"duplicate guide name '{guide.name}'"))
            names.add(guide.name)
            for ci, cat in enumerate(guide.categories):
                if cat not in categories:
                    self.problems.append(doc.problem(at + ("categories", ci),
                                                     unknown("FAQ category", cat, categories)))
            for ti, tag in enumerate(guide.tags):
                if tag not in tags:
                    self.problems.append(doc.problem(at + ("tags", ti), unknown("FAQ tag", tag, tags)))
            if not isinstance(guide.issues, str):
                for ii, iid in enumerate(guide.issues):
                    if iid not in ids:
                        self.problems.append(doc.problem(at + ("issues", ii), unknown("issue id", iid, ids)))

    def series_from_csv(self, doc: Document) -> bool:
        """Replace ``{csv: path}`` series by the CSV's rows; False when a CSV had problems."""

        ok = True
        if not isinstance(doc.value, dict):
            return ok
        lists = {f.name: f.kind for f in specs.STATS.fields if isinstance(f.kind, ListOf)}
        for name in SERIES_FIELDS:
            ref = doc.value.get(name)
            if isinstance(ref, dict) and "csv" in ref:
                rows, problems = read_series(self.root, doc, name, ref["csv"], lists[name].item)
                self.problems += problems
                if rows is None:
                    ok = False
                    doc.value[name] = []
                else:
                    doc.value[name] = rows
        return ok

    def duplicate_ids(self, doc: Document, key: str, seen: dict[str, m.Source]) -> dict[str, int]:
        """Report every explicit id used twice, even when its items have other problems.

        Returns id -> index of its first use in this file."""
        first: dict[str, int] = {}
        rows = doc.value.get(key) if isinstance(doc.value, dict) else None
        for i, raw in enumerate(rows if isinstance(rows, list) else []):
            rid = raw.get("id") if isinstance(raw, dict) else None
            if not isinstance(rid, str):
                continue
            if rid in first or rid in seen:
                where = seen[rid] if rid in seen else \
                    m.Source(doc.file, doc.marks.get((key, first[rid]), (None,))[0], "")
                self.problems.append(doc.problem((key, i, "id"), f"duplicate id '{rid}' (first at {where})"))
            else:
                first[rid] = i
        return first

    def items(self, doc: Document, shape: Any, key: str, spec: Any) -> list[tuple[int, Any]]:
        """Valid items of the file's list, each checked on its own, so one broken item
        does not hide the problems (duplicate ids, say) of the others."""
        top = self.check(doc, shape)
        if top is INVALID:
            return []
        ck = Checker(doc)
        out = []
        for i, raw in enumerate(top[key]):
            value = spec.check(raw, (key, i), ck)
            if value is not INVALID:
                out.append((i, value))
        self.problems += ck.problems
        return out

    def _present(self, rel: str, raw_cfg: Any, key: str) -> bool:
        """Default issue/stats files are optional; ones named in the config are not."""
        named = isinstance(raw_cfg, dict) and isinstance(raw_cfg.get("content"), dict) \
            and key in raw_cfg["content"]
        if named:
            return True
        try:
            return resolve_inside(self.root, rel).is_file()
        except OutsideProject:
            return True


def _teach(rel: str, found: Any, columns: bool) -> str:
    """The error for a source holding no FAQs in selfserve's shape: what it holds, and
    the mapping (or the edit) that would read it."""

    m_ = found.mapping
    if m_ is None:
        what = "its columns hold" if columns else "the file holds"
        return (f"no FAQs found: {what} {found.description}; selfserve reads a 'faqs:' list of "
                "question/answer maps, or another shape through a mapping in selfserve.yaml")
    ours = {k: v for k, v in m_.fields.items()} == {"question": ("question",), "answer": ("answer",)}
    if ours and not m_.items and not m_.groups and not m_.group_keys:
        return (f"the file is {found.description} without 'faqs:' at the top; write 'faqs:' on the "
                "first line and indent the list under it")
    return (f"no FAQs found: the file holds {found.description}; read it as it is with "
            f"mapping: {mapping_inline(m_)} (or run 'selfserve import faqs {rel} --write')")


def _fill(template: str, fields: dict[str, Any]) -> str:
    """A link template filled from a FAQ's fields (checked in _check_config)."""
    from urllib.parse import quote

    class _Fields(dict[str, str]):
        def __missing__(self, key: str) -> str:
            return ""  # an unknown field is reported by _check_template; the link is still built

    values = _Fields({k: quote(str(v), safe="") if k != "link" else str(v)
                      for k, v in fields.items() if v is not None})
    try:
        return template.format_map(values)
    except (ValueError, IndexError, AttributeError):
        return template


def _get(value: Any, path: PathKey) -> Any:
    for p in path:
        value = value[p]
    return value



_TOP_FAQS = Record("faqs file", [F("faqs", ListOf(specs.FAQ), required=True,
                                   doc="the list of FAQs")])
_TOP_ISSUES = Record("issues file", [F("issues", ListOf(specs.ISSUE), required=True,
                                       doc="the list of recurring issues")])
# The same shapes with items unchecked: items are validated one by one (see items()).
_TOP_FAQS_SHAPE = Record("faqs file", [F("faqs", ListOf(AnyValue()), required=True,
                                         doc="the list of FAQs")])
_TOP_ISSUES_SHAPE = Record("issues file", [F("issues", ListOf(AnyValue()), required=True,
                                             doc="the list of recurring issues")])


def clip_answer(text: str, limit: int) -> str:
    """``text`` up to its last paragraph end (else sentence end, else space) before
    ``limit`` characters: whole sentences only, found without parsing the rest."""
    head = text[:limit]
    for sep in ("\n\n", ". ", "。", "\n", " "):
        cut = head.rfind(sep)
        if cut > limit // 2:
            return head[:cut + (1 if sep in (". ",) else len(sep) if sep == "。" else 0)].rstrip()
    return head.rstrip()


def load_project(root: Path, *, strict_warnings: bool = False, locale: str | None = None) -> m.Project:
    """Read and validate everything; raise one error listing every problem.

    ``locale``: resolve translated texts for this one of the project's locales
    (default: the project's ``locale``); the project's ``config.locale`` is then it.
    """
    root = Path(root).resolve()
    loader = _Loader(root, locale)
    cfg, cdoc = loader.config()
    faqs: list[m.FAQ] = []
    issues: list[m.RecurringIssue] = []
    stats = None
    if cfg is not None and cdoc is not None:
        faqs = loader.faqs(cfg, cdoc)
        issues = loader.issues(cfg, cdoc.value)
        stats = loader.stats(cfg, cdoc.value, {f.id for f in faqs})
        if loader.target == cfg.locale:  # guides name categories in the default locale
            loader.guides(cfg, cdoc, faqs, issues)
    # One rule for every file read: a link among the project's inputs that leaves the
    # project is refused here, before any command could read through it.
    for rel in links_leaving(root):
        if not any(p.file == rel or p.message.startswith((f"'{rel}' ", f"'{rel}/"))
                   for p in loader.problems):  # (already said by the field that names it)
            loader.problems.append(Problem(rel, f"'{rel}' is a symbolic link to a place outside the "
                                           "project folder; copy the file into the project instead"))
    errors = [p for p in loader.problems if p.severity == "error"]
    # Report file by file (in the order files were read), top to bottom.
    order = {f: n for n, f in enumerate(dict.fromkeys(p.file for p in errors))}
    errors.sort(key=lambda p: (order[p.file], p.line or 0, p.col or 0))
    if errors or cfg is None:
        raise SelfserveError(errors or [Problem(CONFIG_NAME, "could not be read")])
    warnings = tuple(p for p in loader.problems if p.severity == "warning")
    default = cfg.locale
    if loader.target != cfg.locale:
        import dataclasses

        cfg = dataclasses.replace(cfg, locale=loader.target)
    return m.Project(root=root, config=cfg, faqs=tuple(faqs), issues=tuple(issues), stats=stats,
                     warnings=warnings, default_locale=default, translations=tuple(loader.translations))
