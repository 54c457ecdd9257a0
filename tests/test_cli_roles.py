"""End-to-end: attack frames through the commands, on invented reports of one attack told by two
outlets (invented town and group, a real country so that fusion can place them). ``extract``
exports each incident's roles in JSONL, the store keeps them, ``show`` lists them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from incidex.cli import app
from incidex.models import RoleKind

runner = CliRunner()

REPORTS = [
    {
        "id": "zenda-1",
        "title": "Grenade attack in Strelsau",
        "published": "2023-03-02",
        "text": (
            "Two gunmen hurled a grenade at the Strelsau post office in Austria on "
            "2023-03-01, killing three people. The Zenda Liberation Front claimed "
            "responsibility for the attack."
        ),
    },
    {
        "id": "zenda-2",
        "title": "Post office attacked",
        "published": "2023-03-02",
        "text": (
            "Two gunmen attacked the Strelsau post office in Austria on 2023-03-01 with a "
            "grenade, officials said. Three people were killed."
        ),
    },
]


def run(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args))


@pytest.fixture(scope="module")
def feed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("roles") / "feed.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in REPORTS) + "\n", encoding="utf-8")
    return path


def _texts(roles: dict[str, list[dict[str, object]]]) -> dict[str, list[object]]:
    return {key: [r["text"] for r in items] for key, items in roles.items() if items}


def test_extract_per_document_exports_each_documents_roles(feed: Path) -> None:
    result = run("extract", str(feed), "--format", "jsonl", "--per-document")
    assert result.exit_code == 0, result.output
    incidents = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    by_doc = {i["documents"][0]["id"]: i for i in incidents}
    first = by_doc["zenda-1"]["roles"]
    assert set(first) == {str(k) for k in RoleKind}
    assert _texts(first) == {
        "perpetrator_individuals": ["Two gunmen"],
        "perpetrator_organizations": ["Zenda Liberation Front"],
        "targets": ["Strelsau post office"],
        "weapons": ["grenade"],
    }
    weapon = first["weapons"][0]["evidence"]
    text = REPORTS[0]["text"]
    assert text[weapon["start"] : weapon["end"]] == "grenade"
    assert weapon["doc_id"] == "zenda-1" and weapon["rule"].startswith("roles.")
    assert "hurled a grenade" in weapon["sentence"]


def test_fused_incident_has_the_union_of_its_reports_roles(feed: Path) -> None:
    result = run("extract", str(feed), "--format", "jsonl")
    [incident] = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert sorted(d["id"] for d in incident["documents"]) == ["zenda-1", "zenda-2"]
    texts = _texts(incident["roles"])
    assert texts["perpetrator_individuals"] == ["Two gunmen"]  # told twice, listed once
    assert texts["targets"] == ["Strelsau post office"]
    assert texts["weapons"] == ["grenade"]


def test_store_keeps_the_roles_and_show_lists_them(feed: Path, tmp_path: Path) -> None:
    db = tmp_path / "roles.db"
    assert run("ingest", str(feed), "--db", str(db)).exit_code == 0
    exported = run("export", "--format", "jsonl", "--db", str(db)).stdout.splitlines()
    [incident] = [json.loads(line) for line in exported]
    assert _texts(incident["roles"])["perpetrator_organizations"] == ["Zenda Liberation Front"]
    shown = run("show", incident["id"], "--db", str(db))
    assert shown.exit_code == 0
    assert "Roles" in shown.stdout and "Strelsau post office" in shown.stdout
    assert "perpetrator organizations" in shown.stdout
    detail = json.loads(run("show", incident["id"], "--db", str(db), "--format", "json").stdout)
    assert detail["roles"] == incident["roles"]


def test_a_report_no_ground_qualifies_waits_for_one_that_does(tmp_path: Path) -> None:
    """Stored, an unqualified report is no incident; a later report of the same attack that
    qualifies it (a claim) makes one incident of both."""
    db = str(tmp_path / "wait.db")
    second, first = tmp_path / "second.jsonl", tmp_path / "first.jsonl"
    second.write_text(json.dumps(REPORTS[1]) + "\n", encoding="utf-8")
    first.write_text(json.dumps(REPORTS[0]) + "\n", encoding="utf-8")
    assert run("ingest", str(second), "--db", db).exit_code == 0
    listed = run("incidents", "--db", db, "--format", "json")
    assert json.loads(listed.stdout) == []
    assert run("ingest", str(first), "--db", db).exit_code == 0
    (row,) = json.loads(run("incidents", "--db", db, "--format", "json").stdout)
    assert sorted(row["incidex_doc_ids"].split(";")) == ["zenda-1", "zenda-2"]
