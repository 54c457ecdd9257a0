"""End-to-end: `incidex ingest` then `incidex show --format json` of two invented reports of one
attack, one with the group's claim, one blaming another group that denies it: the incident's
gname and claimed follow the claim, and their evidence is the claim's sentence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.factories import cli, ingested

CLAIM = "Boko Haram claimed responsibility for the bombing in a video released on Thursday."
REPORTS = {
    "c1.txt": (
        "2023-08-10\n\nA suicide bomber struck a cattle market in Maiduguri, Nigeria, on "
        f"Wednesday, killing 12 people. {CLAIM}"
    ),
    "c2.txt": (
        "2023-08-11\n\nThe toll of the cattle market bombing in Maiduguri, Nigeria, on Wednesday "
        "rose to 15. Nigerian officials blamed Ansaru for the attack. Ansaru denied any "
        "involvement in the bombing."
    ),
    "c3.txt": (
        "2023-09-02\n\nGunmen attacked a checkpoint in Bama, Nigeria, on Friday, killing four "
        "soldiers. Nigerian army officials blamed Ansaru for the raid."
    ),
}


run = cli


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ingested(tmp_path_factory.mktemp("attribution"), REPORTS, "claims.db")


def shown(db: Path, city: str) -> dict:  # type: ignore[type-arg]
    rows = json.loads(run("incidents", "--db", str(db), "--format", "json").stdout)
    ident = next(r["incidex_id"] for r in rows if r["city"] == city)
    result = run("show", ident, "--db", str(db), "--format", "json")
    assert result.exit_code == 0, result.output
    detail: dict = json.loads(result.stdout)  # type: ignore[type-arg]
    return detail


def test_a_claim_decides_gname_and_claimed_with_the_claims_sentence(db: Path) -> None:
    detail = shown(db, "Maiduguri")
    assert len(detail["documents"]) == 2
    assert detail["gtd"]["gname"] == "Boko Haram" and detail["gtd"]["claimed"] == "1"
    gname = detail["values"]["gname"]
    assert gname["evidence"]["sentence"] == CLAIM
    assert gname["evidence"]["rule"] == "attribution.claim"
    assert detail["values"]["claimed"]["evidence"]["sentence"] == CLAIM
    assert detail["contested"] is True
    assert sorted(detail["statements"]) == ["blames", "claims", "denies"]


def test_a_blame_alone_names_the_group_unclaimed(db: Path) -> None:
    detail = shown(db, "Bama")
    assert detail["gtd"]["gname"] == "Ansaru" and detail["gtd"]["claimed"] == "0"
    assert detail["values"]["gname"]["evidence"]["rule"] == "attribution.blames"
