"""The reply search on small hand-made content: typos, word forms, aliases as phrases, ids,
no match, and the analysis of other scripts."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.i18n.analysis import fold, is_real_word, tokens, words
from generator.load.model import FAQ, FixStep, RecurringIssue, Source
from generator.reply.lexical import LexicalIndex
from generator.reply.search import SearchIndex, clean_message, faq_variant, issue_variant

SRC = Source("content/faqs.yaml", 1, "faqs[0]")


def faq(id: str, q: str, a: str, cat: str = "General", tags=(), aliases=()) -> FAQ:
    return FAQ(id, q, a, cat, SRC, tags=tuple(tags), aliases=tuple(aliases))


FAQS = [
    faq("reset-password", "How do I reset my password?",
        "Open **Sign in**, choose *Forgot password* and follow the link we email you.", "Account",
        tags=["login"], aliases=["I can't log in"]),
    faq("order-arrival", "When will my order arrive?",
        "Most orders arrive in 2-3 working days. You get a tracking link by email.", "Orders",
        tags=["shipping", "delivery"], aliases=["Where is my parcel?"]),
    faq("refund", "How do I get a refund?",
        "Refunds go back to the card you paid with within 5 days.", "Billing",
        tags=["money back"]),
    faq("charged-twice", "Why was I charged twice?",
        "A second charge is a temporary hold by your bank; it disappears in 3 days.", "Billing"),
    faq("payment-failed", "Why did my payment fail?",
        "Most failed payments are a fraud check by your bank: approve it in your banking app.",
        "Billing", aliases=["cannot pay"]),
]
ISSUES = [RecurringIssue("login-email-delay", "Sign-in emails arrive late",
                         "Some email providers delay our sign-in links by up to 15 minutes.", 42,
                         "workaround", SRC, steps=(FixStep("Check your spam folder."),))]


@pytest.fixture(scope="module")
def index(reply_cache: Path) -> SearchIndex:
    variants = [faq_variant(f, "en") for f in FAQS] + [issue_variant(i, "en") for i in ISSUES]
    return SearchIndex(variants, "en", reply_cache / "handmade")


@pytest.mark.parametrize("message, expected", [
    ("i forgot my pasword", "reset-password"),
    ("where is my parcle???", "order-arrival"),
    ("You CHARGED me twice for the same order!!", "charged-twice"),
    ("I want my money back, refnd please", "refund"),
    ("my sign-in email never arrives", "login-email-delay"),
])
def test_typos_and_word_forms_find_the_intended_item(index: SearchIndex, message: str, expected: str):
    result = index.search(message)
    assert result.matches[0].id == expected, result.matches
    assert 0.0 <= result.matches[0].probability <= 1.0


def test_typo_is_corrected_to_the_content_vocabulary(index: SearchIndex):
    assert index.search("pasword").corrections == {"pasword": "password"}


@pytest.mark.parametrize("message", ["I keep getting logged out", "the link is too thin",
                                     "einer Bestellung", "spilt coffee"])
def test_real_words_are_never_corrected(index: SearchIndex, message: str):
    # "getting" is close to "setting", "thin" to "thing", "einer" to "finer": real words
    # (wordfreq) stay as written, whatever the content's vocabulary.
    assert index.analyse(message, "en")[2] == {}


def test_real_word_check_uses_the_word_lists():
    assert is_real_word("getting", ("en",)) and is_real_word("einer", ("en", "de"))
    assert not is_real_word("pasword", ("en", "de"))


def test_short_words_are_not_corrected(index: SearchIndex):
    assert index.analyse("pay day", "en")[2] == {}


def test_an_alias_is_a_phrase_not_any_shared_word():
    variants = [faq_variant(f, "en") for f in FAQS]
    lex = LexicalIndex(variants)
    at = [v.id for v in variants].index("payment-failed")

    def alias_hit(message: str) -> float:
        ts = [t.term for t in tokens(message, "en", keep_stopwords=True)]
        return lex.score([t.term for t in tokens(message, "en")], ts)[at].alias

    assert alias_hit("I cannot pay for my order") == 1.0
    assert alias_hit("Cannot PAY!!") == 1.0
    assert alias_hit("can I pay with bitcoin") == 0.0  # shares "pay", not the phrase


def test_an_id_answers_itself(index: SearchIndex):
    r = index.search("refund")  # also a word: the id wins outright
    assert r.good and r.best is not None
    assert (r.best.id, r.best.probability, r.best.field) == ("refund", 1.0, "id")


def test_unrelated_text_is_no_good_match(index: SearchIndex):
    r = index.search("What will the weather be like in Lisbon tomorrow?")
    assert not r.good and r.best is None
    assert len(r.matches) >= 3  # still ranked, to suggest the closest questions


@pytest.mark.parametrize("message", ["   ", "😀🎉🙈", "https://example.com/help?x=1", "!!! ???"])
def test_messages_without_words_match_nothing_and_say_why(index: SearchIndex, message: str):
    r = index.search(message)
    assert not r.good and r.matches == () and r.reason == "the message has no words to search for"


def test_invisible_controls_and_bad_bytes_are_cleaned():
    raw = "\u202ewhere is my \u200border\u202c " + b"\xff".decode("utf-8", "surrogateescape")
    assert clean_message(raw) == "where is my order \ufffd"
    assert len(clean_message("order " * 20000)) == 4000


def test_a_huge_message_is_searched_in_bounded_size(index: SearchIndex):
    r = index.search("where is my parcel " * 5000)
    assert r.matches[0].id == "order-arrival"


def test_words_drop_stopwords_urls_and_accents():
    assert words("Hi! Where's my CAFÉ order? https://x.example/a", "en") == ["cafe", "order"]


def test_chinese_and_japanese_become_character_bigrams():
    assert [t.term for t in tokens("我想取消订阅", "zh")] == ["我想", "想取", "取消", "消订", "订阅"]
    assert [t.term for t in tokens("app无法打开", "zh")] == ["app", "无法", "法打", "打开"]
    assert [t.term for t in tokens("パスワード", "ja")][0] == "パス"


def test_arabic_marks_and_letter_forms_are_unified():
    assert fold("أريد") == fold("اريد") == fold("إريد")
    assert fold("مدرسة") == fold("مدرسه")
    assert fold("قَهْوَة") == fold("قهوه")


def test_ranking_is_deterministic(index: SearchIndex):
    assert index.search("order refund charged") == index.search("order refund charged")


def test_a_project_without_items_answers_no_match_with_the_reason(reply_cache: Path):
    r = SearchIndex([], "en", reply_cache / "empty").search("where is my order")
    assert not r.good and r.reason == "the project has no FAQs or issues to answer with"
