import csv
import io
import json

from incidex.export.gtd_csv import COLUMNS, gtd_row, write_gtd_csv
from incidex.export.jsonl import write_jsonl
from incidex.fuse.fuser import fuse_mentions
from tests.factories import document, mention


def _incident(**fields):  # type: ignore[no-untyped-def]
    [incident] = fuse_mentions([mention("a", **fields)])
    return incident


def test_columns_include_gtd_and_incidex_fields():
    for column in (
        "eventid",
        "iyear",
        "country_txt",
        "attacktype1_txt",
        "gname",
        "nkill",
        "scite1",
        "incidex_doc_ids",
        "incidex_primary",
        "incidex_nkill_min",
        "incidex_nkill_max",
        "incidex_date_precision",
    ):
        assert column in COLUMNS


def test_day_precise_date_splits_into_gtd_columns():
    row = gtd_row(_incident(date="2024-01-03", country="Iran"), {})
    assert (row["iyear"], row["imonth"], row["iday"]) == ("2024", "1", "3")
    assert row["incidex_date_precision"] == "day" and row["approxdate"] == ""


def test_month_precision_writes_iday_zero_and_an_approximate_date():
    row = gtd_row(_incident(date="2022-09"), {})
    assert (row["iyear"], row["imonth"], row["iday"]) == ("2022", "9", "0")
    assert row["approxdate"] == "September 2022" and row["incidex_date_precision"] == "month"


def test_unknowns_follow_the_codebook():
    row = gtd_row(_incident(country="Iran"), {})
    assert row["gname"] == "Unknown" and row["claimed"] == "0" and row["nkill"] == ""


def test_counts_with_hedges_give_min_and_max():
    [incident] = fuse_mentions([mention("a", nkill="100", hedges={"nkill": (90, 99)})])
    row = gtd_row(incident, {})
    assert (row["nkill"], row["incidex_nkill_min"], row["incidex_nkill_max"]) == ("100", "90", "99")


def test_citations_and_doc_ids():
    incident = _incident(country="Iran")
    row = gtd_row(incident, {"a": document("a")})
    assert row["incidex_doc_ids"] == "a" and row["scite1"].startswith("Title of a")
    assert row["incidex_primary"] == "1"


def test_csv_and_jsonl_round_trip():
    incident = _incident(country="Iran", nkill="5")
    buffer = io.StringIO()
    assert write_gtd_csv([incident], {}, buffer) == 1
    [row] = list(csv.DictReader(io.StringIO(buffer.getvalue())))
    assert row["country_txt"] == "Iran" and row["nkill"] == "5"
    buffer = io.StringIO()
    write_jsonl([incident], {"a": document("a")}, buffer)
    record = json.loads(buffer.getvalue())
    assert record["values"]["nkill"]["evidence"]["sentence"].startswith("Sentence 0")
    assert record["mentions"][0]["values"][0]["evidence"]["rule"].startswith("test.")
    assert record["documents"][0]["title"] == "Title of a"
