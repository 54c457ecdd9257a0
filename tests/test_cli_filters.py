"""End-to-end: ``incidex incidents`` and ``incidex export`` with the one filter, over a store of
invented incidents (``tests.filter_corpus``)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.factories import cli
from tests.filter_corpus import build


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("cli-filters") / "f.db"
    build(f"sqlite:///{path}")
    return str(path)


def cities(db: str, *options: str) -> list[str]:
    result = cli("incidents", "--db", db, "--format", "json", *options)
    assert result.exit_code == 0, result.output
    return sorted(r["city"] for r in json.loads(result.stdout))


def test_incidents_by_alias_with_and_without_branches(db: str) -> None:
    assert cities(db, "--group", "Daesh") == ["Kabul", "Raqqa", "Volgograd"]
    assert cities(db, "--group", "ISIS-K") == ["Kabul"]
    assert cities(db, "--group", "Daesh", "--no-branches") == ["Raqqa"]


def test_incidents_by_country_name_region_types_and_tolls(db: str) -> None:
    assert cities(db, "--country", "Russian Federation") == ["Volgograd"]
    assert cities(db, "--country", "RUS") == ["Volgograd"]
    assert cities(db, "--region", "South Asia") == ["Kabul", "Pune"]
    assert cities(db, "--attack", "bombing", "--min-killed", "5") == ["Kabul", "Volgograd"]
    assert cities(db, "--weapon", "firearms", "--target", "transport") == ["Pune"]
    assert cities(db, "--min-wounded", "40") == ["Volgograd"]
    assert cities(db, "--since", "2023-01-01", "--region", "11") == ["Maiduguri"]
    assert cities(db, "--country", "France") == []  # known, nothing there


@pytest.mark.parametrize(
    ("options", "says"),
    [
        (("--group", "Nowhere Brigade"), "unknown group 'Nowhere Brigade'"),
        (("--country", "Narnia"), "unknown country 'Narnia'"),
        (("--region", "asia"), "unknown region 'asia'"),
        (("--weapon", "laser"), "unknown weapon type 'laser'"),
        (("--since", "2024-02-01", "--until", "2024-01-01"), "swap them"),
        (("--since", "last week"), "not a date"),
    ],
)
def test_unknown_values_exit_2_with_one_line(db: str, options: tuple[str, ...], says: str) -> None:
    for command in (("incidents",), ("export", "--format", "jsonl")):
        result = cli(*command, "--db", db, *options)
        assert result.exit_code == 2, result.output
        assert says in result.output and "Traceback" not in result.output
        assert result.stdout == ""


def test_export_honours_the_filter(db: str, tmp_path: Path) -> None:
    out = tmp_path / "daesh.csv"
    result = cli("export", "--db", db, "--group", "Daesh", "--attack", "3", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "wrote 2 incidents" in result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert sorted(r["city"] for r in rows) == ["Kabul", "Volgograd"]
    jsonl = cli("export", "--db", db, "--format", "jsonl", "--country", "ru")
    assert [json.loads(line)["gtd"]["city"] for line in jsonl.stdout.splitlines()] == ["Volgograd"]
    stix = cli("export", "--db", db, "--format", "stix", "--region", "South America")
    assert sum(o["type"] == "report" for o in json.loads(stix.stdout)["objects"]) == 1
    everything = cli("export", "--db", db, "--format", "jsonl")
    assert len(everything.stdout.splitlines()) == 7


def test_a_refused_export_writes_no_file(db: str, tmp_path: Path) -> None:
    out = tmp_path / "none.csv"
    result = cli("export", "--db", db, "--group", "Nowhere Brigade", "-o", str(out))
    assert result.exit_code == 2 and not out.exists()
