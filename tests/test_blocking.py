"""Blocking keys read the country and the date as fusion's profiles do."""

from __future__ import annotations

from datetime import date

from incidex.blocking import block_key, mention_key
from incidex.fuse.profile import build_profile
from tests.factories import mention


def test_keys_normalise_country_and_date_as_profiles_do() -> None:
    for country, when in [
        ("Iran", "2024-01-03"),
        (" IRAN ", "2024-1-3"),
        ("Iraq", "2024-02"),
        ("Iraq", "2024-02-30"),  # no such day: a coarse date of 2024
        ("Chad", "2016"),
    ]:
        m = mention("a", country=country, date=when)
        key, profile = mention_key(m), build_profile(m)
        assert key is not None and profile.date is not None
        assert key.country == profile.country and key.year == profile.date.year
        day = profile.date.as_date()
        assert key.day == (day.toordinal() if day else None)
    assert block_key("Iran", "2024-1-3") == block_key("iran", "2024-01-03")
    assert block_key("Iran", "2024-01-03").day == date(2024, 1, 3).toordinal()  # type: ignore[union-attr]
    assert block_key("Unknown", "2024") is None and block_key("Iran", "soon") is None
    assert block_key(None, "2024") is None and block_key("Iran", None) is None


def test_a_year_range_holds_the_dates_of_that_year_only() -> None:
    lo, hi = block_key("Iran", "2024-05").year_range()  # type: ignore[union-attr]
    inside = ["2024", "2024-01", "2024-12-31"]
    outside = ["2023-12-31", "2025", "20240", "20241-01-01"]
    assert all(lo <= d < hi for d in inside)
    assert not any(lo <= d < hi for d in outside)
