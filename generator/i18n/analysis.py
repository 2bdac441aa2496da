"""How a text becomes search terms, per language: ``selfserve reply`` matches a customer's
message with it, and ``import tickets`` groups ticket subjects with it.

In: a text and a language code. Out: :class:`Token` s (the word as written, folded,
and its search term). Both the content and a customer's message go through the same
analysis, so "charged" in a message meets "charges" in an answer.

- Latin, Cyrillic, Greek, ...: case-folded, accents dropped, stemmed with the
  Snowball stemmer of the language ("charged" and "charges" become ``charg``).
- Arabic: diacritics (tashkeel) and tatweel dropped, alef forms, teh marbuta and
  alef maksura unified (أ إ آ -> ا, ة -> ه, ى -> ي), then the Snowball Arabic stemmer:
  customers rarely type the marks an FAQ writer uses.
- Chinese, Japanese, Korean and Thai: no spaces between words, so a run of such
  characters becomes its overlapping character bigrams ("取消订阅" -> 取消 消订 订阅),
  the usual trick of search engines without a dictionary.

Which words are real (:func:`is_real_word`) comes from ``wordfreq``'s frequency
lists: a typo is only corrected when the word is not a word of any of the project's
languages, so "getting" never becomes "setting" and German "einer" never "finer".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Protocol

#: Snowball algorithm per language code (the first part of the locale).
STEMMERS: dict[str, str] = {
    "ar": "arabic", "ca": "catalan", "cs": "czech", "da": "danish", "de": "german",
    "el": "greek", "en": "english", "es": "spanish", "eu": "basque", "fi": "finnish",
    "fr": "french", "ga": "irish", "hi": "hindi", "hu": "hungarian", "hy": "armenian",
    "id": "indonesian", "it": "italian", "lt": "lithuanian", "nb": "norwegian", "ne": "nepali",
    "nl": "dutch", "nn": "norwegian", "no": "norwegian", "pl": "polish", "pt": "portuguese",
    "ro": "romanian", "ru": "russian", "sr": "serbian", "sv": "swedish", "ta": "tamil",
    "tr": "turkish", "yi": "yiddish",
}
#: A word used at least this often (wordfreq's Zipf scale: 3 = once per million words)
#: in one of the project's languages is real and never "corrected". Lower, the lists
#: hold common misspellings ("adress" 2.4, "holliday" 2.9, "coffe" 2.1).
REAL_ZIPF = 3.0

_STOPWORDS_DIR = Path(__file__).resolve().parent.parent / "data" / "reply"
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_URL = re.compile(r"https?://\S+|\bwww\.\S+|\b[\w.+-]+@[\w-]+\.[\w.]+", re.IGNORECASE)
# Scripts written without spaces between words: Han, Hiragana, Katakana, Hangul, Thai.
_BIGRAM_SCRIPT = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
                            r"\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f]+")
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")
_ARABIC_FOLD = str.maketrans({"ة": "ه", "ى": "ي", "ـ": None})


@dataclass(frozen=True)
class Token:
    surface: str  # case-folded as written (what wordfreq knows)
    folded: str  # accents and marks dropped (what typo correction compares)
    term: str  # the search term: a stem or a character bigram


@lru_cache(maxsize=16)
def stopwords(lang: str) -> frozenset[str]:
    """The shipped stop-word list of a language (none for languages without one:
    there BM25's IDF keeps common words from deciding)."""
    path = _STOPWORDS_DIR / f"stopwords-{lang}.txt"
    if not path.is_file():
        return frozenset()
    found: set[str] = set()
    for line in path.read_text("utf-8").splitlines():
        if not line.startswith("#"):
            found.update(fold(line).split())
    return frozenset(found)


class _Stemmer(Protocol):
    """What we use of a ``snowballstemmer`` stemmer (the package ships no type hints)."""

    def stemWord(self, word: str) -> str: ...


@lru_cache(maxsize=16)
def _stemmer(lang: str) -> _Stemmer | None:
    import snowballstemmer

    algo = STEMMERS.get(lang)
    stemmer: _Stemmer | None = snowballstemmer.stemmer(algo) if algo else None
    return stemmer


def fold(text: str) -> str:
    """Case-folded, accents and Arabic marks removed: "Café" and "cafe" are one word
    to a searcher, and so are "أريد" and "اريد"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    out = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", out).translate(_ARABIC_FOLD)


@lru_cache(maxsize=65536)
def stem(word: str, lang: str) -> str:
    st = _stemmer(lang)
    return st.stemWord(word) if st else word


def is_bigram_script(word: str) -> bool:
    return bool(_BIGRAM_SCRIPT.search(word))


def tokens(text: str, lang: str, *, keep_stopwords: bool = False) -> list[Token]:
    """The text's tokens in reading order (URLs and e-mail addresses dropped)."""
    text = _URL.sub(" ", text)
    stop = set() if keep_stopwords else stopwords(lang)
    out: list[Token] = []
    for raw in _WORD.findall(text.casefold()):
        if is_bigram_script(raw):
            out.extend(_bigrams(raw, lang))
            continue
        folded = fold(raw)
        if not folded or folded in stop:
            continue
        arabic_lang = "ar" if _ARABIC.search(folded) else lang
        out.append(Token(raw, folded, stem(folded, arabic_lang)))
    return out


def _bigrams(raw: str, lang: str) -> list[Token]:
    """Runs of space-less scripts as character bigrams; other letters inside the
    word (e.g. "app" in "app无法打开") are analysed as words."""
    out: list[Token] = []
    pos = 0
    for m in _BIGRAM_SCRIPT.finditer(raw):
        if m.start() > pos:
            out.extend(tokens(raw[pos:m.start()], lang))
        run = unicodedata.normalize("NFKC", m.group())
        grams = [run] if len(run) == 1 else [run[i:i + 2] for i in range(len(run) - 1)]
        out.extend(Token(g, g, g) for g in grams)
        pos = m.end()
    if pos < len(raw):
        out.extend(tokens(raw[pos:], lang))
    return out


def words(text: str, lang: str) -> list[str]:
    """The content words of ``text``: folded, without URLs and stop words (not stemmed)."""
    return [t.folded for t in tokens(text, lang)]


def stem_all(ws: list[str], lang: str) -> list[str]:
    """Snowball stems (cached per word: content and messages repeat the same words)."""
    return [stem(w, lang) for w in ws]


@lru_cache(maxsize=8192)
def is_real_word(word: str, langs: tuple[str, ...]) -> bool:
    """Whether ``word`` is a word of one of ``langs`` (used at least once per million
    words, :data:`REAL_ZIPF`). Languages wordfreq has no list for count as unknown.

    wordfreq's "small" lists hold exactly the words from that frequency up, and load
    in tens of milliseconds where the "best" ones take most of a second each."""
    from wordfreq import available_languages, zipf_frequency

    known = _available(available_languages)
    return any(zipf_frequency(word, lang, wordlist="small") >= REAL_ZIPF
               for lang in langs if lang in known)


_AVAILABLE: set[str] = set()


def _available(fn: Callable[[], Iterable[str]]) -> set[str]:
    if not _AVAILABLE:
        _AVAILABLE.update(fn())
    return _AVAILABLE


def message_language(text: str, langs: tuple[str, ...], default: str) -> str:
    """The one of ``langs`` a message is written in, as far as its script tells:
    Arabic script, kana (Japanese), Han (Chinese), Hangul, Thai; ``default`` for
    everything else (the caller compares words with each locale's content)."""
    if _ARABIC.search(text) and "ar" in langs:
        return "ar"
    scripts = (("ja", r"[\u3040-\u30ff]"), ("ko", r"[\uac00-\ud7af]"), ("th", r"[\u0e00-\u0e7f]"),
               ("zh", r"[\u4e00-\u9fff]"), ("ja", r"[\u4e00-\u9fff]"))
    for lang, pattern in scripts:
        if lang in langs and re.search(pattern, text):
            return lang
    return default
