"""Shape detection proposes the mapping that reads each kind of foreign FAQ file."""

from __future__ import annotations

import pytest

from generator.load.mapping import apply_mapping
from generator.load.model import FieldMapping
from generator.load.shapes import describe, detect, mapping_inline
from generator.load.yamlsource import Document

QA = [{"question": "Q1?", "answer": "A1"}, {"question": "Q2?", "answer": "A2"}]

SHAPES = {
    "list of items": (
        [{"title": "How?", "content": "Like so."}, {"title": "Why?", "content": "Because."}],
        "{fields: {question: title, answer: content}}", 2, []),
    "mapping with one list key": (
        {"version": 2, "entries": [{"q": "How?", "a": "Like so."}]},
        "{items: entries, fields: {question: q, answer: a}}", 1, []),
    "groups as a list of {title, items}": (
        [{"title": "Billing", "desc": "Money", "items": QA}, {"title": "Security", "items": QA[:1]}],
        "{groups: items, group_category: title, fields: {question: question, answer: answer}}", 3,
        ["Billing", "Billing", "Security"]),
    "groups as a mapping of category -> list": (
        {"billing": QA, "security": [{"question": "Q3?", "answer": "A3"}]},
        "{group_keys: true, fields: {question: question, answer: answer}}", 3,
        ["billing", "billing", "security"]),
    "groups as a list of one-key maps": (
        [{"installation": [{"question": "Q?", "response": "R"}]}, {"device support": QA}],
        "{group_keys: true, fields: {question: question, answer: [answer, response]}}", 3,
        ["installation", "device support", "device support"]),
    "per-locale nested fields": (
        [{"en": {"title": "Hi?", "content": "Yes"}, "de": {"title": "Hallo?", "content": "Ja"}}],
        "{fields: {question: {en: en.title, de: de.title}, answer: {en: en.content, de: de.content}}}", 1, []),
    "a column per language": (
        [{"id": "data_source", "q_en": "Where?", "q_fr": "Où?", "a_en": "Here", "a_fr": "Ici"}],
        "{fields: {question: {en: q_en, fr: q_fr}, answer: {en: a_en, fr: a_fr}, id: id}}", 1, []),
    "synonyms (slug, body, topic, url)": (
        [{"slug": "ALC_PM", "name": "What is ALC?", "body": "A mode.", "topic": "Modes", "url": "/alc"}],
        "{fields: {question: name, answer: body, id: slug, category: topic, link: url}}", 1, ["Modes"]),
}


@pytest.mark.parametrize("case", list(SHAPES))
def test_detect_proposes_the_mapping_and_the_mapping_reads_every_faq(case: str) -> None:
    value, inline, count, categories = SHAPES[case]
    found = detect(value)
    assert found.mapping is not None and mapping_inline(found.mapping) == inline
    assert found.count == count and not found.unplaced
    doc, problems = apply_mapping(Document("f.yml", value), found.mapping)
    assert not problems and doc is not None
    assert len(doc.value["faqs"]) == count
    if categories:
        assert [f["category"] for f in doc.value["faqs"]] == categories


def test_describe_says_what_a_grouped_file_holds() -> None:
    value = {"entries": QA * 3, "billing": QA * 6, "security": QA}
    assert describe(value) == ("a mapping with keys entries, billing, security, each a list of 2-12 "
                               "items with question/answer")


def test_a_file_without_faqs_is_described_and_gets_no_mapping() -> None:
    found = detect({"name": "Site", "pages": [{"path": "/", "layout": "home"}]})
    assert found.mapping is None
    assert found.description == "a mapping with keys name, pages and no list of questions and answers"


def test_items_without_an_answer_are_reported_as_unplaced() -> None:
    found = detect([{"question": "Q?", "answer": "A"}, {"question": "Q2?", "answer": "B"}, {"question": "Q3?"}])
    assert found.count == 2 and found.unplaced == ("item[2]: no question or no answer",)


def test_group_keys_mapping_reports_a_group_that_is_not_a_list() -> None:
    doc = Document("f.yml", {"billing": QA, "notes": "text"}, {(): (1, 1), ("notes",): (5, 8)})
    out, problems = apply_mapping(doc, FieldMapping(fields={"question": ("question",), "answer": ("answer",)},
                                                    group_keys=True))
    assert out is None
    assert [str(p) for p in problems] == [
        "f.yml:5:8: notes: group 'notes' is not a list of FAQs (group_keys: each key holds a list)"]
