"""Syndicated copies: one wire story in several outlets is one source, not several confirmations."""

from datetime import date

from incidex.export.jsonl import casualty_history
from incidex.fuse.fuser import fuse_mentions
from incidex.fuse.syndication import find_copies
from incidex.kb.attribution import attribute
from incidex.models import Evidence, FieldName, Incident, Mention, Stance, Statement
from tests.factories import mention

WIRE = (
    "A car bomb tore through a crowded bus station in the northern town of Zenda on Tuesday, "
    "killing 14 people and wounding dozens more, the provincial governor told reporters."
)
# The same story as another outlet ran it: a dateline added, one word changed.
WIRE_COPY = "ZENDA (Wire) - " + WIRE.replace("crowded", "busy")
OWN_STORY = (
    "Rescue workers in Zenda were still pulling survivors from the rubble late on Tuesday after "
    "what officials called the worst bombing in the province this year; 16 were confirmed dead."
)
PLACE = {"country": "Ruritania", "city": "Zenda", "date": "2023-05-09"}
BOMB = {"attacktype": "Bombing/Explosion", "weaptype": "Explosives"}


def claim(doc_id: str, sentence: str, group: str) -> Statement:
    evidence = Evidence(doc_id, 0, 10, sentence, "test", 0.9)
    return Statement(group, Stance.CLAIMS, group, evidence, target_kind="group")


def report(doc: str, sentence: str, nkill: str, published: date, group: str) -> Mention:
    found = mention(doc, sentence=sentence, nkill=nkill, reported=published, **PLACE, **BOMB)
    found.statements = [claim(doc, sentence, group)]
    return found


def incident() -> Incident:
    wire = report("wire", WIRE, "14", date(2023, 5, 9), "Black Lotus")
    copy1 = report("paper1", WIRE_COPY, "14", date(2023, 5, 10), "Black Lotus")
    copy2 = report("paper2", WIRE, "14", date(2023, 5, 10), "Black Lotus")
    own = report("local", OWN_STORY, "16", date(2023, 5, 10), "Black Lotus")
    (found,) = fuse_mentions([copy1, own, wire, copy2])
    return found


def test_copies_of_one_wire_story_map_to_the_earliest() -> None:
    found = incident()
    assert found.copies == {"paper1": "wire", "paper2": "wire"}


def test_independent_reports_are_no_copies() -> None:
    a = report("a", WIRE, "14", date(2023, 5, 9), "Black Lotus")
    b = report("b", OWN_STORY, "16", date(2023, 5, 9), "Black Lotus")
    assert find_copies([a, b]) == {}
    short = mention("c", sentence="A bomb exploded.", **PLACE)
    also_short = mention("d", sentence="A bomb exploded.", **PLACE)
    assert find_copies([short, also_short]) == {}  # too little text to tell


def test_a_copied_figure_is_one_row_of_the_casualty_history() -> None:
    rows = [r for r in casualty_history(incident()) if r["field"] == "nkill"]
    assert [(r["value"], r["doc_id"], sorted(r["copies"])) for r in rows] == [
        ("14", "wire", ["paper1", "paper2"]),
        ("16", "local", []),
    ]


def test_a_copied_claim_is_one_statement() -> None:
    """Three outlets running one wire story are one claim report, not three confirmations."""
    found = incident()
    claims = [(s.evidence.doc_id, s.target) for s in found.statements]
    assert sorted(claims) == [("local", "Black Lotus"), ("wire", "Black Lotus")]
    decided = attribute(found.statements)
    assert decided is not None and decided.claimed and decided.group == "Black Lotus"


def test_a_copied_value_is_one_vote() -> None:
    wire = report("wire", WIRE, "14", date(2023, 5, 9), "Y")
    copies = [report(f"paper{i}", WIRE, "14", date(2023, 5, 10), "Black Lotus") for i in range(3)]
    for m in [wire, *copies]:
        m.values.append(m.values[0].__class__(FieldName.TARGTYPE, "Transportation"))
    second_own = "Hospitals in Zenda asked for blood donors after the bus station bombing."
    own = [
        report("local", OWN_STORY, "16", date(2023, 5, 10), "Y"),
        report("radio", second_own, "16", date(2023, 5, 10), "Y"),
    ]
    for m in own:
        m.values.append(m.values[0].__class__(FieldName.TARGTYPE, "Private Citizens & Property"))
    (found,) = fuse_mentions([wire, *copies, *own])
    assert found.value(FieldName.TARGTYPE) == "Private Citizens & Property"
