"""Line-break opportunities: where a line may end, and where it may end in an emergency.

In: one paragraph's logical text. Out: sorted offsets where a new line may start.
Normal opportunities follow UAX #14 (uniseg), whose classes already carry the CJK
kinsoku rules: no break before closing punctuation such as 、。）」 (class CL) or small
kana, none after an opening bracket (OP). Thai has no spaces and UAX #14 leaves it
unbroken (class SA needs a dictionary), so Thai stretches go through budoux's phrase
model. Emergency opportunities (after / . - _ ? & = in URLs and paths, then between
grapheme clusters) are used only for a piece too wide for a line on its own; no
offset returned here ever falls inside a grapheme cluster.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from generator.render.text.chars import graphemes

_THAI = re.compile(r"[\u0e00-\u0e7f]{2,}")
_URL_BREAK_AFTER = frozenset("/\\.-_?&=")
_CLASSES: dict[str, str] = {}
_FWH = frozenset("FWH")


def line_break_class(ch: str) -> str:
    """UAX #14 class of ``ch`` after rule LB1 (uniseg's table, cached per character)."""
    cls = _CLASSES.get(ch)
    if cls is None:
        from uniseg.linebreak import line_break

        cls = line_break(ch).name
        if cls in ("AI", "SG", "XX", "AK", "AP", "AS", "VF", "VI"):
            cls = "AL"
        elif cls == "SA":
            cls = "CM" if unicodedata.category(ch) in ("Mn", "Mc") else "AL"
        elif cls == "CJ":  # strict Japanese: no small kana or prolonged mark at a line start
            cls = "NS"
        _CLASSES[ch] = cls
    return cls


_NO_BREAK_BEFORE = frozenset({"CL", "CP", "EX", "IS", "SY"})  # LB13
_LB25 = frozenset({("PR", "NU"), ("PO", "NU"), ("HY", "NU"), ("NU", "NU"), ("NU", "SY"),
                   ("NU", "IS"), ("NU", "PO"), ("NU", "PR"), ("NU", "CL"), ("NU", "CP"),
                   ("SY", "NU"), ("IS", "NU"), ("CL", "PO"), ("CP", "PO"), ("CL", "PR"),
                   ("CP", "PR"), ("PR", "OP"), ("PO", "OP")})
_HANGUL = frozenset({("JL", "JL"), ("JL", "JV"), ("JL", "H2"), ("JL", "H3"), ("JV", "JV"),
                     ("JV", "JT"), ("H2", "JV"), ("H2", "JT"), ("JT", "JT"), ("H3", "JT")})


def uax14(text: str) -> tuple[list[int], list[int]]:
    """UAX #14 break opportunities and mandatory breaks (offsets where a line starts).

    uniseg's own breaker spends ~0.2 ms per character in Python (12 ms for a short
    Arabic answer); this applies the same pair rules (LB4-LB31, without the rare
    tailorings of LB15a-d and LB28a) over uniseg's class table in a single pass.
    The tests compare both on every script the engine supports.
    """
    n = len(text)
    raw = [line_break_class(c) for c in text]
    eff = list(raw)
    for i, cls in enumerate(raw):  # LB9/LB10: marks take the class of their base
        if cls in ("CM", "ZWJ"):
            eff[i] = eff[i - 1] if i and eff[i - 1] not in ("BK", "CR", "LF", "NL", "SP",
                                                             "ZW") else "AL"
    breaks: list[int] = []
    mandatory: list[int] = []
    before = None  # class of the last non-space character
    ri_run = 0
    for i in range(1, n):
        a, b = eff[i - 1], eff[i]
        if a != "SP":
            before = a
        ri_run = ri_run + 1 if raw[i - 1] == "RI" else (ri_run if raw[i - 1] in ("CM", "ZWJ")
                                                        else 0)
        if a in ("BK", "LF", "NL") or (a == "CR" and b != "LF"):
            mandatory.append(i)
            breaks.append(i)
            continue
        if b in ("BK", "CR", "LF", "NL", "SP", "ZW"):
            continue
        if before == "ZW":
            breaks.append(i)
            continue
        if raw[i - 1] == "ZWJ" or (raw[i] in ("CM", "ZWJ") and a not in ("SP",)):
            continue
        if "WJ" in (a, b) or a == "GL" or (b == "GL" and a not in ("SP", "BA", "HY")):
            continue
        if b in _NO_BREAK_BEFORE or before == "OP" or (before == "QU" and b == "OP"):
            continue
        if (before in ("CL", "CP") and b == "NS") or (before == "B2" and b == "B2"):
            continue
        if a == "SP":
            breaks.append(i)
            continue
        if a == "QU" or b == "QU":
            continue
        if a == "CB" or b == "CB":
            breaks.append(i)
            continue
        if b in ("BA", "HY", "NS", "IN") or a == "BB":
            continue
        if a in ("HY", "BA") and i >= 2 and eff[i - 2] == "HL" and b != "HL":
            continue
        if (a, b) in _LB25 or (a, b) in _HANGUL or (a == "SY" and b == "HL"):
            continue
        if (a in ("AL", "HL") and b in ("AL", "HL", "NU", "PR", "PO")) or \
                (a in ("NU", "PR", "PO") and b in ("AL", "HL")):
            continue
        if (a == "PR" and b in ("ID", "EB", "EM", "JL", "JV", "JT", "H2", "H3")) or \
                (a in ("ID", "EB", "EM", "JL", "JV", "JT", "H2", "H3") and b == "PO"):
            continue
        if a == "IS" and b in ("AL", "HL"):
            continue
        if a in ("AL", "HL", "NU") and b == "OP" and \
                unicodedata.east_asian_width(text[i]) not in _FWH:
            continue
        if a == "CP" and b in ("AL", "HL", "NU") and \
                unicodedata.east_asian_width(text[i - 1]) not in _FWH:
            continue
        if a == "RI" and b == "RI" and ri_run % 2 == 1:
            continue
        if a == "EB" and b == "EM":
            continue
        breaks.append(i)
    return breaks, mandatory


@lru_cache(maxsize=8192)
def break_opportunities(text: str) -> tuple[tuple[int, ...], frozenset[int]]:
    """Offsets (0 < i < len(text)) where a line may start, and the mandatory subset."""
    found, mandatory = uax14(text)
    extra: set[int] = set()
    for m in _THAI.finditer(text):
        extra |= _thai_breaks(m.group(), m.start())
    return tuple(sorted(set(found) | extra)), frozenset(mandatory)


_CJK_RUN = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
                      r"\U00020000-\U0003ffff]{2,}")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL_RUN = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]{2,}")


def phrase_interior(text: str, locale: str | None) -> frozenset[int]:
    """UAX #14 opportunities inside Japanese/Chinese phrases (budoux), to use last.

    Breaking CJK at any character is allowed but splits words (設定 | を開き); with
    these held back, a line breaks between phrases when the phrase fits and between
    characters (still under kinsoku) only when it does not. The model follows the
    locale (ja, zh-Hans, zh-Hant); without one, kana in the text means Japanese.
    """
    # Korean separates words with spaces and is set "keep-all": a break between two
    # Hangul syllables is held back like a phrase interior, used only for a word
    # longer than the line.
    hangul = {i for m in _HANGUL_RUN.finditer(text) for i in range(m.start() + 1, m.end())}
    runs = list(_CJK_RUN.finditer(text))
    if not runs:
        return frozenset(hangul)
    parser = _cjk_parser(_cjk_model(locale, text))
    if parser is None:
        return frozenset(hangul)
    opps = set(uax14(text)[0])
    inner: set[int] = set(hangul)
    for m in runs:
        keep, pos = set(), m.start()
        for phrase in parser.parse(m.group()):
            pos += len(phrase)
            keep.add(pos)
        inner |= {i for i in opps if m.start() < i < m.end() and i not in keep}
    return frozenset(inner)


def _cjk_model(locale: str | None, text: str) -> str | None:
    parts = (locale or "").replace("_", "-").casefold().split("-")
    if parts[0] == "ja":
        return "ja"
    if parts[0] == "zh":
        return "zh-hant" if {"hant", "tw", "hk", "mo"} & set(parts[1:]) else "zh-hans"
    if parts[0] in ("", "und") and _KANA.search(text):
        return "ja"
    return None


@lru_cache(maxsize=4)
def _cjk_parser(model: str | None):  # noqa: ANN202 - budoux.Parser, imported lazily
    if model is None:
        return None
    try:
        import budoux
    except ImportError:  # pragma: no cover - then CJK breaks between any characters
        return None
    return {"ja": budoux.load_default_japanese_parser,
            "zh-hans": budoux.load_default_simplified_chinese_parser,
            "zh-hant": budoux.load_default_traditional_chinese_parser}[model]()


def _thai_breaks(run: str, offset: int) -> set[int]:
    """Phrase boundaries inside a Thai stretch (budoux), on grapheme boundaries only."""
    allowed = set(cluster_boundaries(run))
    try:
        import budoux
    except ImportError:  # pragma: no cover - then Thai breaks only in emergencies
        return set()
    pos, out = 0, set()
    for phrase in _thai_parser(budoux).parse(run):
        pos += len(phrase)
        if 0 < pos < len(run) and pos in allowed:
            out.add(offset + pos)
    return out


@lru_cache(maxsize=1)
def _thai_parser(budoux):
    return budoux.load_default_thai_parser()


def cluster_boundaries(text: str) -> list[int]:
    """Offsets between grapheme clusters (excluding 0 and len): the last-resort breaks."""
    out, pos = [], 0
    for cl in graphemes(text):
        pos += len(cl)
        out.append(pos)
    return out[:-1]


def url_breaks(text: str) -> list[int]:
    """Offsets after / . - _ ? & = (on cluster boundaries): how long URLs and paths wrap."""
    allowed = set(cluster_boundaries(text))
    return [i + 1 for i, ch in enumerate(text) if ch in _URL_BREAK_AFTER and i + 1 in allowed]


# -- spans kept on one line -------------------------------------------------------------

_DAY = r"(?:[A-Z][a-z]{1,3}|[A-ZÀ-Ý][a-zà-ÿ]{1,3}\.?)"
_TIME = r"\d{1,2}(?:[:.h]\d{2})?\s?(?:[aApP]\.?[mM]\.?)?"
#: Day + time, and time ranges: "Sat 09:00–13:00", "09:00 – 13:00", "Mo–Fr 9–17 Uhr".
_TIME_SPAN = re.compile(rf"(?:{_DAY}(?:\s?[–—-]\s?{_DAY})?\.?\s)?\d{{1,2}}[:.h]\d{{2}}"
                        rf"(?:\s?(?:[aApP]\.?[mM]\.?))?(?:\s?[–—-]\s?{_TIME})?"
                        rf"|{_DAY}\.?\s\d{{1,2}}\s?[–—-]\s?\d{{1,2}}(?:\s?[aApP][mM])?")
#: Codes and numbers with inner punctuation: "12345-AB", "0x80070057", "v2.3.1", "+49 30 1234".
_CODE = re.compile(r"(?<![\w/])(?=[\w+#-]*\d)[\w+#]+(?:[-‐‑.,:/][\w#]+)+(?![\w/])")
_EMAIL = re.compile(r"[\w.+%-]+@[\w-]+(?:\.[\w-]+)+")
#: URLs and paths (C:\\Sync\\Projects, /data/app/, example.com/help): break only after
#: / \\ . - (no hyphen added).
_PATH = re.compile(r"(?:[a-z][a-z0-9+.-]*://|www\.|[A-Za-z]:\\|~?/)[^\s<>\"]+"
                   r"|\b[\w-]+(?:\.[\w-]+)+/[^\s<>\"]*", re.IGNORECASE)
_PATH_BREAK_AFTER = frozenset("/\\.-")


def glued(text: str, keep: tuple[str, ...] = (), code: tuple[tuple[int, int], ...] = ()
          ) -> frozenset[int]:
    """Offsets inside text that must stay on one line: inline code, codes and numbers,
    times and day+time ranges, e-mail addresses and the ``keep`` phrases (the brand);
    inside URLs and paths, every offset except those after / \\ . -.

    A span longer than its line still breaks in an emergency (between clusters), so
    nothing is ever lost; these offsets are only taken out of the normal opportunities.
    """
    out: set[int] = set()

    def inside(a: int, b: int) -> None:
        out.update(range(a + 1, b))

    for a, b in code:
        inside(a, b)
    for pat in (_TIME_SPAN, _CODE, _EMAIL):
        for m in pat.finditer(text):
            inside(m.start(), m.end())
    for phrase in keep:
        if phrase and len(phrase) < 60:
            start = text.find(phrase)
            while start >= 0:
                inside(start, start + len(phrase))
                start = text.find(phrase, start + 1)
    for m in _PATH.finditer(text):
        url = m.group().rstrip(".,;:!?)")
        out.update(m.start() + i for i in range(1, len(url))
                   if url[i - 1] not in _PATH_BREAK_AFTER)
    return frozenset(out)


def hyphenation_points(word: str, locale: str | None) -> list[int]:
    """Offsets in ``word`` where a dictionary (pyphen, the text's language) allows a
    hyphen; empty for non-words and languages without a dictionary."""
    m = re.fullmatch(r"([^\w]*)([^\W\d_]{5,})([^\w]*)", word)  # "(word)," -> word
    if m is None:
        return []
    dic = _hyphenator((locale or "en").replace("-", "_"))
    if dic is None:
        return []
    core, lead = m.group(2), len(m.group(1))
    return [lead + i for i in dic.positions(core) if 2 <= i <= len(core) - 2]


@lru_cache(maxsize=32)
def _hyphenator(locale: str):  # noqa: ANN202 - pyphen.Pyphen, imported lazily
    try:
        import pyphen
    except ImportError:  # pragma: no cover - installed with WeasyPrint
        return None
    lang = pyphen.language_fallback(locale) or pyphen.language_fallback(
        {"en": "en_US", "pt": "pt_PT", "de": "de_DE", "fr": "fr_FR", "es": "es_ES",
         "nl": "nl_NL", "it": "it_IT", "sv": "sv_SE", "da": "da_DK", "nb": "nb_NO",
         "ru": "ru_RU"}.get(locale.split("_")[0], ""))
    return pyphen.Pyphen(lang=lang) if lang else None
