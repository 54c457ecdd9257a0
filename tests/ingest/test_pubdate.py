"""Tests for incidex.ingest.pubdate.find_published on invented mini-articles."""

from __future__ import annotations

import datetime

import pytest

from incidex.ingest.pubdate import find_published

D = datetime.date
BODY = (
    "Officials in the fictional town of Varnholt said a parcel exploded outside the market hall. "
    "No group has claimed the blast, and investigators are still searching the surrounding "
    "streets for witnesses. Three people were treated for minor injuries at the clinic."
)


def test_iso_prefix_runs_into_body() -> None:
    text = " date 2023-11-14 Residents of Larkmoor woke to sirens after a depot fire. " + BODY
    assert find_published(text) == (D(2023, 11, 14), "text:iso-prefix")


@pytest.mark.parametrize(
    "head",
    ["Date: 2023-11-14", "2023-11-14", "2023-11-14T08:15:00Z", "dated 2023/11/14"],
)
def test_iso_prefix_variants(head: str) -> None:
    assert find_published(f"{head}\nDepot Fire in Larkmoor\n{BODY}") == (
        D(2023, 11, 14),
        "text:iso-prefix",
    )


def test_header_banner_loses_to_article_dateline() -> None:
    text = (
        "The Quiet Valley Courier\n\nMonday, 2 September 2024\nlogo-banner-800x200\n\n"
        "Market Blast Shakes Varnholt\n\n11 August 2024\n\n" + BODY
    )
    assert find_published(text) == (D(2024, 8, 11), "text:dateline")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Tuesday, 03/04/2025", D(2025, 3, 4)),  # month first is the Tuesday
        ("Thursday, 03/04/2025", D(2025, 4, 3)),  # day first is the Thursday
        ("Thu 03.04.2025", D(2025, 4, 3)),
        ("Tue 03-04-2025 | 09:30", D(2025, 3, 4)),
    ],
)
def test_weekday_decides_numeric_order(line: str, expected: D) -> None:
    text = f"Depot Fire in Larkmoor\n\n{line}\n\n{BODY}"
    assert find_published(text) == (expected, "text:weekday-numeric")


def test_weekday_contradicting_both_readings_is_rejected() -> None:
    assert find_published(f"Depot Fire\nMonday, 03/04/2025\n{BODY}") == (None, None)


def test_numeric_without_weekday_uses_separator_order() -> None:
    assert find_published(f"Depot Fire\n03/04/2025\n{BODY}")[0] == D(2025, 3, 4)
    assert find_published(f"Depot Fire\n03.04.2025\n{BODY}")[0] == D(2025, 4, 3)
    assert find_published(f"Depot Fire\n25/04/2025\n{BODY}")[0] == D(2025, 4, 25)


@pytest.mark.parametrize(
    "line",
    [
        "Jan. 6, 2024",
        "6 Jan 2024",
        "January 6th, 2024",
        "6th of January 2024",
        "2024/01/06",
        "Saturday, 6 January 2024, 10:22 AM GMT+5",
        "January 6, 2024 4 p.m. EST",
        "2024-01-06T10:22:00Z",
        "Last updated | 6 January 2024",
    ],
)
def test_dateline_wordings(line: str) -> None:
    got = find_published(f"Ridge Road Ambush Leaves Two Hurt\n{line}\n{BODY}")
    assert got[0] == D(2024, 1, 6)


def test_published_label_beats_updated_and_banner() -> None:
    text = (
        "    Wednesday, 29 May 2024\n\n    Depot Fire in Larkmoor\n\n    Staff reporter\n"
        "    Updated : 27 March 2024, 11:40 PM\n    Published : 26 March 2024, 06:10 AM\n\n" + BODY
    )
    assert find_published(text) == (D(2024, 3, 26), "text:published-label")


@pytest.mark.parametrize(
    "line",
    [
        "Published: March 26, 2024",
        "Posted on 26 March 2024",
        "Published 26/03/2024 | Updated 28/03/2024",
        "By Desk Staff | Posted: Tue, Mar. 26, 2024",
    ],
)
def test_published_label_wordings(line: str) -> None:
    text = f"Depot Fire in Larkmoor\n{line}\n{BODY}"
    assert find_published(text) == (D(2024, 3, 26), "text:published-label")


def test_first_published_wins() -> None:
    text = f"Depot Fire\nPublished: 26 March 2024\nPublished: 2 April 2024\n{BODY}"
    assert find_published(text)[0] == D(2024, 3, 26)


def test_updated_only_is_a_last_resort() -> None:
    text = f"Depot Fire in Larkmoor\nLast updated: 28 March 2024\n{BODY}"
    assert find_published(text) == (D(2024, 3, 28), "text:updated-label")


def test_no_date() -> None:
    assert find_published("Depot Fire in Larkmoor\n\n" + BODY) == (None, None)
    assert find_published("") == (None, None)


def test_date_in_body_sentence_is_not_taken() -> None:
    body = (
        "Police in Varnholt said the attack on January 3, 2024 killed two guards at the depot, "
        "and a second device was found on 5 January 2024 near the ring road. Nobody has been "
        "charged. The inquiry continues."
    )
    assert find_published(body) == (None, None)
    assert find_published(f"Depot Fire in Larkmoor\n{body}\n14 February 2024") == (None, None)


def test_caption_with_date_is_not_a_dateline() -> None:
    text = f"Smoke over the depot after the blast on January 3, 2024\nDepot Fire\n{BODY}"
    assert find_published(text) == (None, None)


def test_header_zone_is_limited() -> None:
    filler = "\n".join(f"Menu item {i}" for i in range(20))
    assert find_published(f"{filler}\n6 January 2024\n{BODY}") == (None, None)


@pytest.mark.parametrize("line", ["6 January 1899", "6 January 2999", "1955-01-06", "31/02/2024"])
def test_implausible_or_impossible_dates_rejected(line: str) -> None:
    assert find_published(f"Depot Fire\n{line}\n{BODY}") == (None, None)
    assert find_published(f"{line} {BODY}") == (None, None)
