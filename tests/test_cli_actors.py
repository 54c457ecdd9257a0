"""End-to-end: `incidex actors`, `incidex actor NAME` and the statements and casualty history of
`incidex show`, on a small corpus written for this test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.factories import cli, ingested

ISKP = "Khorasan Chapter of the Islamic State"
REPORTS = {
    "r1.txt": (
        "2023-06-02\n\nA suicide bomber struck a wedding hall in Jalalabad, Afghanistan, on "
        "Thursday, killing 14 people. The Islamic State claimed responsibility for the bombing. "
        "Its local wing, the Nangarhar Lions (ISKP), has grown. "
        "Pakistan's Foreign Ministry denied any involvement in the attack."
    ),
    "r2.txt": (
        "2023-06-04\n\nThe toll of the wedding hall bombing in Jalalabad on Thursday rose to 19. "
        "Afghan officials blamed the Taliban for the attack. The Taliban are in contact with "
        "commander Hamid Zarif, officials said."
    ),
}


run = cli


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ingested(tmp_path_factory.mktemp("reports"), REPORTS, "kb.db")


def test_actors_table_and_json(db: Path) -> None:
    table = run("actors", "--db", str(db))
    assert table.exit_code == 0 and "Taliban" in table.stdout
    listed = json.loads(run("actors", "--db", str(db), "--format", "json").stdout)
    names = {a["name"] for a in listed}
    assert {"Taliban", "Hamid Zarif", "Afghanistan"} <= names


def test_actor_by_a_learned_alias_in_any_case(db: Path) -> None:
    shown = run("actor", "nangarhar lions", "--db", str(db), "--format", "json")
    assert shown.exit_code == 0, shown.output
    detail = json.loads(shown.stdout)
    assert detail["name"] == ISKP
    assert any(a["alias"] == "Nangarhar Lions" and a["source"] == "text" for a in detail["aliases"])
    table = run("actor", "Taliban", "--db", str(db))
    assert table.exit_code == 0
    assert "contact" in table.stdout and "Hamid Zarif" in table.stdout
    assert "blames" in table.stdout


def test_unknown_actor_exits_4_with_a_message(db: Path) -> None:
    missing = run("actor", "Legion of Nobody", "--db", str(db))
    assert missing.exit_code == 4 and "no actor called" in missing.output


def test_show_gives_casualty_history_and_statements_by_stance(db: Path) -> None:
    rows = json.loads(run("incidents", "--db", str(db), "--format", "json").stdout)
    ident = next(r["incidex_id"] for r in rows if r["city"] == "Jalalabad")
    shown = run("show", ident, "--db", str(db))
    assert shown.exit_code == 0
    assert "Casualty history" in shown.stdout and "Attribution statements" in shown.stdout
    detail = json.loads(run("show", ident, "--db", str(db), "--format", "json").stdout)
    assert sorted(detail["statements"]) == ["blames", "claims", "denies"]
    assert detail["contested"] is True
    history = [r for r in detail["casualty_history"] if r["field"] == "nkill"]
    assert any(r["value"] == "14" and r["reported"] == "2023-06-02" for r in history)
