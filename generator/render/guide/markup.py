"""FAQ answers (Markdown) -> safe HTML for the guide, with every URL checked.

In: an answer's Markdown, the project root and where the FAQ was written. Out: an
HTML fragment (:class:`markupsafe.Markup`) and located warnings.

The same CommonMark parser as the cards (markdown-it-py, tables and strikethrough on),
with raw HTML *read, never passed through*: the standard library's HTML parser reads
each tag markdown-it hands over, and only the tags real FAQ files use for text (b,
strong, i, em, tt, code, br, a, p, ul, ol, li...) come out, rebuilt without their
attributes; ``<script>``/``<style>`` go with their content, an ``<img src=http://...>``
loads nothing (both with a warning), other tags keep their text. Headings inside
answers move below the guide's own (h4-h6) so they never become bookmarks. Relative
links resolve against the FAQ's base URL (its content source, else brand.website).

URLs are decided here, where the FAQ's file and line are known, rather than in
WeasyPrint's fetcher, which only sees a URL:

- links: ``http(s)``, ``mailto`` and ``tel`` stay clickable; anything else (relative
  paths that lead nowhere in a PDF, ``javascript:``, ``file:``) is printed as text
  with a warning;
- images: a path inside the project (symlinks and ``..`` resolved) becomes a
  ``file:`` URL the confined fetcher will serve; ``data:image/...`` is kept; the
  network, ``file://`` and paths outside the project are refused with a warning and
  the alt text is printed instead.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from generator.load.markup import HIDDEN_TAGS, _html_events
from generator.paths import OutsideProject, resolve_inside
from generator.render.markdown import _Inline

#: Raw HTML that would load or run something if it were markup: worth a warning.
_ACTIVE_HTML = re.compile(r"<\s*(img|script|iframe|link|object|embed|style|video|audio|source|svg)\b",
                          re.IGNORECASE)
_LINK_SCHEMES = ("http:", "https:", "mailto:", "tel:")
_DATA_IMAGE = re.compile(r"^data:image/(png|jpeg|gif|webp|svg\+xml)[;,]", re.IGNORECASE)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def _env(root: Path, where: str, base: str | None = None) -> dict:
    """Per-answer state the render rules read and fill (markdown-it's ``env`` must be a
    dict): the project root, where the answer was written, the warnings so far, the base
    URL of relative links and the HTML links still open."""
    return {"root": root, "where": where, "warnings": [], "base": base, "links": [],
            "hidden": 0}


#: Raw HTML tags rebuilt (without attributes) in the guide; ``a`` is checked like a link.
_SAFE_TAGS = {"b": "strong", "strong": "strong", "i": "em", "em": "em", "tt": "code",
              "code": "code", "kbd": "code", "samp": "code", "u": "u", "s": "del", "del": "del",
              "sub": "sub", "sup": "sup", "small": "small", "p": "p", "ul": "ul", "ol": "ol",
              "li": "li", "blockquote": "blockquote", "pre": "pre"}


def _resolve(href: str, env: dict) -> str:
    return _Inline(env.get("base")).href(href) or href


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    # Parse every link and image so that the rules below can refuse them with a
    # warning; markdown-it's own check would silently print them as text.
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    md.add_render_rule("html_inline", _html_inline)
    md.add_render_rule("text", _text)
    md.add_render_rule("html_block", _html_block)
    md.add_render_rule("image", _image)
    md.add_render_rule("link_open", _link_open)
    md.add_render_rule("link_close", _link_close)
    return md


def _raw_html(content: str, env: dict) -> str:
    """Raw HTML as safe HTML: known text tags rebuilt bare, the rest dropped (text kept)."""

    if _ACTIVE_HTML.search(content):
        shown = content.strip()
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        env["warnings"].append(f"{env['where']}: HTML '{shown}' is not drawn and never loaded; "
                               "use Markdown (![alt](assets/file.png)) for images")
    out: list[str] = []
    for kind, tag, attrs in _html_events(content):
        if kind == "text":
            if not env["hidden"]:
                out.append(str(escape(tag)))
        elif tag in HIDDEN_TAGS:
            env["hidden"] = max(0, env["hidden"] + (1 if kind == "start" else -1))
        elif tag == "br" and kind == "start":
            out.append("<br>")
        elif tag == "a":
            if kind == "start":
                href = _resolve(str(dict(attrs).get("href") or ""), env)
                kept = href.lower().startswith(_LINK_SCHEMES)
                env["links"].append(kept)
                if not kept:
                    env["warnings"].append(f"{env['where']}: link '{href}' cannot be opened from a "
                                           "PDF; printed as text (use a full https:// address)")
                out.append(f'<a href="{escape(href)}">' if kept else '<span class="dead-link">')
            elif env["links"]:
                out.append("</a>" if env["links"].pop() else "</span>")
        elif tag in _SAFE_TAGS:
            out.append(f"<{'/' if kind == 'end' else ''}{_SAFE_TAGS[tag]}>")
    return "".join(out)


def _text(self, tokens, idx, options, env) -> str:  # noqa: ANN001 - markdown-it rule
    """Text, unless it sits between <script> (or <style>) and its end tag."""
    return "" if env.get("hidden") else str(escape(tokens[idx].content))


def _html_inline(self, tokens, idx, options, env) -> str:  # noqa: ANN001 - markdown-it rule
    return _raw_html(tokens[idx].content, env)


def _html_block(self, tokens, idx, options, env) -> str:  # noqa: ANN001
    return _raw_html(tokens[idx].content.strip(), env) + "\n"


def _link_open(self, tokens, idx, options, env) -> str:  # noqa: ANN001
    tok = tokens[idx]
    href = _resolve(str(tok.attrGet("href") or ""), env)
    if href.lower().startswith(_LINK_SCHEMES):
        tok.meta["kept"] = True
        return f'<a href="{escape(href)}">'
    tok.meta["kept"] = False
    env["warnings"].append(f"{env['where']}: link '{href}' cannot be opened from a PDF; printed as text "
                        "(use a full https:// address)")
    return '<span class="dead-link">'


def _link_close(self, tokens, idx, options, env) -> str:  # noqa: ANN001
    # The matching opener is the nearest unmatched link_open before this token.
    depth = 0
    for j in range(idx - 1, -1, -1):
        t = tokens[j]
        if t.type == "link_close":
            depth += 1
        elif t.type == "link_open":
            if depth == 0:
                return "</a>" if t.meta.get("kept") else "</span>"
            depth -= 1
    return "</a>"


def image_src(src: str, root: Path) -> str:
    """The URL the guide uses for an image path in content, or :class:`OutsideProject`
    saying why it is refused."""
    text = src.strip()
    if _DATA_IMAGE.match(text):
        return text
    if _SCHEME.match(text) or text.startswith("//"):
        raise OutsideProject(f"'{_short(text)}' is not a file inside the project; "
                             "guides never load from the network or elsewhere on the machine")
    path = resolve_inside(root, text)
    if not path.is_file():
        raise OutsideProject(f"'{_short(text)}' not found")
    return path.as_uri()


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _image(self, tokens, idx, options, env) -> str:  # noqa: ANN001
    tok = tokens[idx]
    alt = self.renderInlineAsText(tok.children or [], options, env)
    src = str(tok.attrGet("src") or "")
    try:
        url = image_src(src, env["root"])
    except OutsideProject as exc:
        env["warnings"].append(f"{env['where']}: image refused: {exc}")
        return f'<span class="missing-image">[{escape(alt or src)}]</span>'
    title = tok.attrGet("title")
    extra = f' title="{escape(title)}"' if title else ""
    return f'<img src="{escape(url)}" alt="{escape(alt)}"{extra}>'


def render_answer(text: str, root: Path, where: str, base: str | None = None
                  ) -> tuple[Markup, list[str]]:
    """An answer's HTML and the warnings about what it refused."""
    md = _parser()
    env = _env(root, where, base)
    tokens = md.parse(text, env)
    for tok in tokens:
        if tok.type in ("heading_open", "heading_close"):
            tok.tag = f"h{min(6, int(tok.tag[1]) + 3)}"
    html = md.renderer.render(tokens, md.options, env)
    return Markup(html), env["warnings"]  # noqa: S704 - built from escaped parts only


def render_inline(text: str, root: Path, where: str, base: str | None = None
                  ) -> tuple[Markup, list[str]]:
    """One line of Markdown (a step: ``Open **Account → Subscription**``, a question
    ``Can I have _xxx_?``) without the paragraph around it; same rules as
    :func:`render_answer`."""
    md = _parser()
    env = _env(root, where, base)
    html = md.renderer.render(md.parseInline(text, env), md.options, env)
    return Markup(html), env["warnings"]  # noqa: S704 - built from escaped parts only
