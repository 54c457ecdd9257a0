"""Date forms, absolute and relative to publication."""

from __future__ import annotations

from datetime import date

import pytest

from incidex.extract.dates.dates import find_dates, gtd_prefix, precision

PUB = date(2025, 5, 10)  # a Saturday


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The market bombing of March 4, 2023 shocked the town.", "2023-03-04"),
        ("Gunmen struck on 4 March 2023 near the border.", "2023-03-04"),
        ("The raid on Mar. 4 left the village empty.", "2025-03-04"),
        ("Records dated 2023-03-04 describe the attack.", "2023-03-04"),
        ("The blast happened on Wednesday evening.", "2025-05-07"),
        ("Saturday's explosion damaged a bridge.", "2025-05-10"),
        ("A shop was torched yesterday.", "2025-05-09"),
        ("Militants attacked a convoy today.", "2025-05-10"),
        ("The siege began earlier this month.", "2025-05"),
        ("The clinic was bombed last month.", "2025-04"),
        ("The shrine was hit four years ago.", "2021"),
        ("The depot was hit just over a year ago.", "2024-05"),
        ("The group first struck in late 2014.", "2014"),
        ("In September 2022, a bomb hit the ministry.", "2022-09"),
        ("The uprising began in 2017.", "2017"),
        ("In February, a car bomb wrecked the customs post.", "2025-02"),
        ("A mortar hit the depot in late May.", "2025-05"),
        ("In August, gunmen raided the mine.", "2024-08"),  # after publication: a year back
        ("The shrine burned last May.", "2024-05"),  # "last" and publication's month: a year back
    ],
)
def test_date_forms(text: str, value: str) -> None:
    hits = find_dates(text, PUB)
    assert hits and hits[0].value == value


def test_relative_dates_need_publication() -> None:
    assert find_dates("The blast happened on Wednesday.", None) == []


def test_gtd_prefix_and_precision() -> None:
    hit = gtd_prefix("07/15/2022: Assailants fired on a bus.")
    assert hit is not None and hit.value == "2022-07-15"
    assert precision("2022-07") == "month" and precision("2022") == "year"


def test_weekday_same_day_is_publication_day() -> None:
    hits = find_dates("The attack on Saturday killed two.", PUB)
    assert hits[0].value == "2025-05-10"


def test_gtd_prefix_without_day_takes_range_midpoint() -> None:
    text = "04/00/2022: Sometime between April 2, 2022 and April 10, 2022, gunmen burned a school."
    hit = gtd_prefix(text)
    assert hit is not None and hit.value == "2022-04-06"


def test_gtd_prefix_without_day_or_range_is_month() -> None:
    hit = gtd_prefix("04/00/2022: Gunmen burned a school.")
    assert hit is not None and hit.value == "2022-04"


def test_previous_day_counts_from_the_sentence_day() -> None:
    text = "The toll from bombings the previous day climbed to 40 on Friday."
    hits = {h.rule: h.value for h in find_dates(text, PUB)}
    assert hits["dates.previous-day"] == "2025-05-08"


def test_overnight_is_the_publication_day() -> None:
    assert [h.value for h in find_dates("Two nurses were kidnapped overnight.", PUB)] == [
        "2025-05-10"
    ]


def test_month_words_that_are_not_months() -> None:
    assert find_dates("Protesters may march to the square.", PUB) == []
    # a month with its day is read by the day forms, not as a month alone
    assert [h.value for h in find_dates("In April 9 raids, gunmen struck.", PUB)] == ["2025-04-09"]
