"""The sample project (en-GB, de-DE, ar) as customers write to it: the fixed complaint set,
messages in the project's other locales answered in their own language, unrelated text."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.reply.search import SearchIndex

CASES = yaml.safe_load((Path(__file__).parent / "data" / "complaints.yaml").read_text("utf-8"))


def test_the_case_set_is_ten_complaints_about_existing_faqs(sample_index: SearchIndex) -> None:
    ids = {v.id for v in sample_index.variants if v.kind == "faq"}
    assert len(CASES["cases"]) == 10
    assert {c["faq"] for c in CASES["cases"]} <= ids


def test_nine_of_ten_complaints_are_answered_with_the_intended_faq(sample_index: SearchIndex) -> None:
    misses = []
    for case in CASES["cases"]:
        result = sample_index.search(case["message"])
        got = result.best.id if result.best else None
        if got != case["faq"]:
            misses.append((case["message"], case["faq"], got,
                           [(m.id, round(m.probability, 2)) for m in result.matches[:3]]))
    assert len(misses) <= 1, misses


@pytest.mark.parametrize("message", CASES["unrelated"])
def test_unrelated_text_gets_no_good_match(sample_index: SearchIndex, message: str) -> None:
    result = sample_index.search(message)
    assert not result.good and result.best is None
    assert result.matches  # the closest questions are still offered


def test_every_locale_is_indexed(sample_index: SearchIndex) -> None:
    assert set(sample_index.locales) == {"en-GB", "de-DE", "ar"}
    german = {v.id for v in sample_index.variants if v.locale == "de-DE"}
    assert "cancel-subscription" in german


@pytest.mark.parametrize("message, expected, locale", [
    ("Ich möchte mein Abo kündigen", "cancel-subscription", "de-DE"),
    ("Passwort vergessen, wie setze ich es zurück", "reset-password", "de-DE"),
    ("Die Tüte kam kaputt an, überall Kaffee im Karton", "damaged-bag", "de-DE"),
    ("أريد إلغاء اشتراكي", "cancel-subscription", "ar"),
    ("نسيت كلمة المرور", "reset-password", "ar"),
    ("how do I cancel my subscription", "cancel-subscription", "en-GB"),
    # French is not built: the English card answers it.
    ("je voudrais annuler mon abonnement", "cancel-subscription", "en-GB"),
])
def test_a_message_is_answered_in_its_own_locale(sample_index: SearchIndex, message: str,
                                                 expected: str, locale: str) -> None:
    result = sample_index.search(message)
    assert result.good, result.matches
    assert result.best is not None and result.best.id == expected
    assert result.locale == locale


def test_the_german_alias_is_a_german_phrase(sample_index: SearchIndex) -> None:
    result = sample_index.search("ich bin umgezogen")  # alias of change-address in de-DE
    assert result.best is not None and result.best.id == "change-address"
    assert (result.best.field, result.best.matched, result.best.locale) == (
        "alias", "ich bin umgezogen", "de-DE")


def test_the_german_title_is_shown_for_a_german_message(sample_index: SearchIndex) -> None:
    result = sample_index.search("Ich möchte mein Abo kündigen")
    assert result.matches[0].title == "Wie kündige ich mein Abonnement?"


def test_probabilities_are_probabilities_and_best_first(sample_index: SearchIndex) -> None:
    result = sample_index.search("my card keeps getting declined")
    ps = [m.probability for m in result.matches]
    scores = [m.score for m in result.matches]
    assert all(0.0 <= p <= 1.0 for p in ps) and scores == sorted(scores, reverse=True)
    assert result.threshold == sample_index.model.threshold
