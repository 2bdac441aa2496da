"""Write generator/data/reply/stopwords-<lang>.txt for languages without a curated list.

Usage: python tools/make_stopwords.py

Each list is the 80 most frequent words of the language in wordfreq (whose data is
CC BY-SA 4.0, by Robyn Speer and contributors), without numbers: the function words
that say nothing about which FAQ a message is about ("auch", "und", "في"). Shipped
as files so reply never loads a frequency list just to drop them. The English list
is curated by hand and not rewritten.
"""

from __future__ import annotations

from pathlib import Path

from wordfreq import top_n_list

OUT = Path(__file__).resolve().parents[1] / "generator" / "data" / "reply"
LANGS = ("ar", "da", "de", "es", "fi", "fr", "it", "nb", "nl", "pl", "pt", "ru", "sv", "tr")
N = 80


def main() -> None:
    for lang in LANGS:
        ws = [w for w in top_n_list(lang, N + 10) if not any(c.isdigit() for c in w)][:N]
        head = (f"# The {N} most frequent words of '{lang}' in wordfreq (CC BY-SA 4.0), written by\n"
                "# tools/make_stopwords.py: words that say nothing about which FAQ a message is about.\n")
        lines = [" ".join(ws[i:i + 12]) for i in range(0, len(ws), 12)]
        (OUT / f"stopwords-{lang}.txt").write_text(head + "\n".join(lines) + "\n", "utf-8")


if __name__ == "__main__":
    main()
