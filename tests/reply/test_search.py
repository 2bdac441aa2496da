"""The reply search on small hand-made content: typos, word forms, aliases, ids, no match."""

from __future__ import annotations

import pytest

from generator.load.model import FAQ, FixStep, RecurringIssue, Source
from generator.reply.search import SearchIndex, faq_document, issue_document, words

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
]
ISSUES = [RecurringIssue("login-email-delay", "Sign-in emails arrive late",
                         "Some email providers delay our sign-in links by up to 15 minutes.", 42,
                         "workaround", SRC, steps=(FixStep("Check your spam folder."),))]


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    docs = [faq_document(f, "en") for f in FAQS] + [issue_document(i, "en") for i in ISSUES]
    return SearchIndex(docs, "en")


@pytest.mark.parametrize("message, expected", [
    ("i forgot my pasword", "reset-password"),
    ("where is my parcle???", "order-arrival"),
    ("You CHARGED me twice for the same order!!", "charged-twice"),
    ("I want my money back, refnd please", "refund"),
    ("my sign-in email never arrives", "login-email-delay"),
])
def test_typos_and_word_forms_find_the_intended_item(index: SearchIndex, message: str, expected: str):
    result = index.search(message)
    assert result.good, result.matches
    assert result.best is not None and result.best.id == expected


def test_typo_is_corrected_to_the_content_vocabulary(index: SearchIndex):
    assert index.search("pasword").corrections == {"pasword": "password"}


def test_short_words_are_not_corrected(index: SearchIndex):
    # "day" must not turn into a near word of the content by force.
    _stems, fixes = index.analyse("pay day")
    assert fixes == {}


def test_an_id_answers_itself(index: SearchIndex):
    r = index.search("refund")  # also a word: the id wins outright
    assert r.best is not None and (r.best.id, r.best.score, r.best.field) == ("refund", 100.0, "id")


def test_unrelated_text_is_no_good_match(index: SearchIndex):
    r = index.search("What will the weather be like in Lisbon tomorrow?")
    assert not r.good and r.best is None
    assert len(r.matches) >= 3  # still ranked, to suggest the closest questions


def test_empty_message_matches_nothing(index: SearchIndex):
    assert not index.search("   ").good


def test_words_drop_stopwords_urls_and_accents():
    assert words("Hi! Where's my CAFÉ order? https://x.example/a", "en") == ["cafe", "order"]


def test_ranking_is_deterministic(index: SearchIndex):
    a = index.search("order refund charged")
    b = index.search("order refund charged")
    assert a == b
