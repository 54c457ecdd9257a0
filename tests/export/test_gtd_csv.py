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
    assert (row["attacktype1"], row["weaptype1"], row["targtype1"]) == ("9", "13", "20")
    assert row["nperps"] == "-99" and row["property"] == "-9" and row["INT_ANY"] == "-9"
    assert row["specificity"] == "5" and row["corp1"] == "" and row["motive"] == ""


def test_a_named_group_without_a_stated_claim_is_unknown_claimed():
    row = gtd_row(_incident(country="Iran", gname="Example Front"), {})
    assert row["claimed"] == "-9" and "attributed the incident to Example Front" in row["summary"]


def test_codes_and_texts_come_from_the_codebook():
    row = gtd_row(
        _incident(
            date="2023-05-02",
            country="Iraq",
            attacktype="Bombing/Explosion",
            weaptype="Explosives",
            targtype="Military",
            claimed="1",
            claimmode="Posted to website, blog, etc.",
        ),
        {},
    )
    assert (row["country"], row["region"], row["region_txt"]) == (
        "95",
        "10",
        "Middle East & North Africa",
    )
    assert (row["attacktype1"], row["weaptype1"], row["targtype1"]) == ("3", "6", "4")
    assert (row["claimmode"], row["claimmode_txt"]) == ("7", "Posted to website, blog, etc.")
    assert row["natlty1"] == "95" and row["natlty1_txt"] == "Iraq"


def test_gtd_columns_are_the_codebooks_in_order_then_incidex_columns():
    assert len(COLUMNS) > 135 and COLUMNS[:4] == ["eventid", "iyear", "imonth", "iday"]
    assert COLUMNS[134] == "related" and COLUMNS[135].startswith("incidex_")
    assert all(c.startswith("incidex_") for c in COLUMNS[135:])


def test_counts_with_hedges_give_min_and_max():
    [incident] = fuse_mentions([mention("a", nkill="100", hedges={"nkill": (90, 99)})])
    row = gtd_row(incident, {})
    assert (row["nkill"], row["incidex_nkill_min"], row["incidex_nkill_max"]) == ("100", "90", "99")


def test_citations_and_doc_ids():
    incident = _incident(country="Iran")
    row = gtd_row(incident, {"a": document("a")})
    assert row["incidex_doc_ids"] == "a" and row["scite1"].startswith("Title of a")
    assert row["incidex_primary"] == "1"


def test_a_source_is_cited_by_title_and_url_never_by_its_file_path():
    doc = document("a")
    doc.source = "/home/analyst/reports/a.txt"
    doc.url = "https://news.example.org/a"
    row = gtd_row(_incident(country="Iran"), {"a": doc})
    assert row["scite1"] == "Title of a, https://news.example.org/a"
    doc.title = None  # the text's first line of four words or more stands for it
    row = gtd_row(_incident(country="Iran"), {"a": doc})
    assert (
        row["scite1"].startswith("Report a: gunmen attacked a market")
        and "/home/" not in row["scite1"]
    )
    doc.text = "short"
    row = gtd_row(_incident(country="Iran"), {"a": doc})
    assert row["scite1"] == "Incidex document a, https://news.example.org/a"


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


def test_a_state_of_the_past_gets_its_region_and_no_code():
    row = gtd_row(_incident(date="1985-06-01", country="Soviet Union"), {})
    assert (row["country"], row["region"], row["region_txt"]) == ("", "9", "Eastern Europe")
    assert row["country_txt"] == "Soviet Union"
