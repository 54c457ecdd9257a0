"""Counts with hedges and number words read from short spans."""

from __future__ import annotations

from incidex.extract.casualties.numbers import number_word, parse_quantity


def test_first_count_skips_articles() -> None:
    q = parse_quantity("a group of 14 gunmen", first=True)
    assert q is not None and q.value == 14


def test_last_count_by_default() -> None:
    q = parse_quantity("two soldiers and 30")
    assert q is not None and q.value == 30


def test_vague_words_have_no_value_but_a_range() -> None:
    q = parse_quantity("dozens")
    assert q is not None and q.value is None and q.low == 13


def test_compound_number_words() -> None:
    assert number_word("one hundred and twenty") == 120
    assert number_word("1,250") == 1250
    assert number_word("several") is None
