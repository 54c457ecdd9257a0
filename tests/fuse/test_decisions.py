"""Replaying the analyst's decisions on fused incidents (no database)."""

from __future__ import annotations

from incidex.fuse.decisions import apply_corrections, regroup
from incidex.fuse.fuser import fuse_mentions
from incidex.models import Decision, DecisionKind, DecisionRef, FieldName
from tests.factories import mention

KERMAN = {"date": "2024-01-03", "country": "Iran", "city": "Kerman"}


def _decision(n: int, kind: DecisionKind, refs: dict[str, str], **more: str) -> Decision:
    return Decision(
        n,
        kind,
        more.get("field"),
        more.get("value"),
        tuple(DecisionRef(m, r) for m, r in refs.items()),
    )


def test_merges_and_splits_are_replayed_oldest_first() -> None:
    a, b = mention("a", nkill="84", **KERMAN), mention("b", nkill="91", **KERMAN)
    z = mention("z", date="2024-02-20", country="Iran", city="Zahedan")
    fused = fuse_mentions([a, b, z])
    assert sorted(len(i.mentions) for i in fused) == [1, 2]
    split = _decision(1, DecisionKind.SPLIT, {b.id: "moved", a.id: "from"})
    merge = _decision(2, DecisionKind.MERGE, {b.id: "member", z.id: "member"})
    groups = regroup(fused, [merge, split])  # given in any order, replayed by id
    assert sorted(sorted(m.doc_id for m in i.mentions) for i in groups) == [["a"], ["b", "z"]]
    assert regroup(fused, []) == fused
    unrelated = _decision(3, DecisionKind.MERGE, {"gone": "member", "also-gone": "member"})
    assert regroup(fused, [unrelated]) == fused


def test_the_latest_correction_is_in_force_and_the_extracted_value_kept() -> None:
    a, b = mention("a", nkill="84", **KERMAN), mention("b", nkill="91", **KERMAN)
    [incident] = fuse_mentions([a, b])
    first = _decision(1, DecisionKind.CORRECT, {a.id: "anchor"}, field="nkill", value="80")
    latest = _decision(2, DecisionKind.CORRECT, {b.id: "anchor"}, field="nkill", value="85")
    cleared = _decision(3, DecisionKind.CORRECT, {a.id: "anchor"}, field="city", value="")
    other = _decision(4, DecisionKind.CORRECT, {"elsewhere": "anchor"}, field="nkill", value="1")
    corrected = apply_corrections(incident, [latest, other, cleared, first])
    assert corrected.value(FieldName.NKILL) == "85"
    assert corrected.values[FieldName.NKILL].evidence is None  # the analyst is the source
    assert corrected.value(FieldName.CITY) is None
    assert {k: v.value for k, v in corrected.extracted.items()} == {
        FieldName.NKILL: "91",
        FieldName.CITY: "Kerman",
    }
    assert apply_corrections(incident, [other]).extracted == {}


def test_a_corrected_place_is_geocoded_again() -> None:
    """Correcting the city moves the point (and its specificity); a corrected point wins."""
    a = mention("a", date="2024-01-03", country="Afghanistan", city="Kabul")
    [incident] = fuse_mentions([a])
    assert incident.value(FieldName.SPECIFICITY) == "1"
    herat = _decision(1, DecisionKind.CORRECT, {a.id: "anchor"}, field="city", value="Herat")
    moved = apply_corrections(incident, [herat])
    lat, lon = moved.value(FieldName.LATITUDE), moved.value(FieldName.LONGITUDE)
    assert lat is not None and lon is not None
    assert abs(float(lat) - 34.35) < 0.1 and abs(float(lon) - 62.2) < 0.1
    assert moved.value(FieldName.SPECIFICITY) == "1"
    unknown = _decision(2, DecisionKind.CORRECT, {a.id: "anchor"}, field="city", value="Zzyq")
    assert apply_corrections(incident, [unknown]).value(FieldName.LATITUDE) is None
    assert apply_corrections(incident, [unknown]).value(FieldName.SPECIFICITY) == "5"
    pinned = _decision(3, DecisionKind.CORRECT, {a.id: "anchor"}, field="latitude", value="1.5")
    both = apply_corrections(incident, [herat, pinned])
    assert both.value(FieldName.LATITUDE) == "1.5"
