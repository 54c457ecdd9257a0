"""The attack frame's vocabulary (``data/roles.yaml``): validated when loaded, inflections
derived; and the frame model: one filler per text and role, unions across reports."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from incidex.extract.roles.vocab import VocabError, build, inflections, vocab
from incidex.models import Evidence, Frame, Incident, Role, RoleKind, role_key
from incidex.vocab import load_data
from tests.factories import mention


def _data() -> dict[str, Any]:
    return copy.deepcopy(load_data("roles.yaml"))


def test_the_shipped_vocabulary_loads() -> None:
    v = vocab()
    assert v.has("attack_verbs", "kidnapped") and v.has("attack_verbs", "machinegunned")
    assert v.has("perpetrator_nouns", "gunmen") and v.has("weapon_nouns", "grenades")
    assert v.has("hostage_verbs", "took")  # irregular forms come from the file
    assert not v.has("weapon_nouns", "guerrillas")


def test_inflections_of_regular_words() -> None:
    assert {"attacks", "attacked", "attacking"} <= inflections("attack")
    assert {"kidnapped", "kidnapping"} <= inflections("kidnap")
    assert {"injured", "injuring"} <= inflections("injure")
    assert {"facilities"} <= inflections("facility")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.pop("weapon_nouns"), "weapon_nouns"),
        (lambda d: d.__setitem__("titles", []), "titles"),
        (lambda d: d["anchors"].__setitem__("attack_verbs", ["attack", 3]), "non-words"),
        (lambda d: d.__setitem__("anchors", ["attack"]), "anchors"),
        (lambda d: d["keep_left"].pop("weapons"), "missing"),
        (lambda d: d["keep_left"].__setitem__("bystanders", ["amod"]), "unknown"),
        (lambda d: d.__setitem__("irregular", {"shoot": "shot"}), "irregular"),
    ],
)
def test_a_malformed_vocabulary_is_refused(change: Any, message: str) -> None:
    data = _data()
    change(data)
    with pytest.raises(VocabError, match=message):
        build(data)


def _role(kind: RoleKind, text: str, doc_id: str = "d1") -> Role:
    return Role(kind, text, Evidence(doc_id, 0, len(text), text, "test.roles", 0.6))


def test_role_key_ignores_case_punctuation_and_articles() -> None:
    assert role_key("The Zenda-Front's gunmen") == role_key("zenda front s  gunmen")
    assert role_key("a car bomb") == "car bomb"


def test_a_frame_holds_a_text_once_per_role() -> None:
    frame = Frame()
    assert frame.add(_role(RoleKind.WEAPONS, "a grenade"))
    assert not frame.add(_role(RoleKind.WEAPONS, "the Grenade"))
    assert frame.add(_role(RoleKind.TARGETS, "grenade"))  # another role, another filler
    assert [r.text for r in frame.of(RoleKind.WEAPONS)] == ["a grenade"]


def test_an_incident_has_the_union_of_its_reports_roles() -> None:
    first, second = mention("d1"), mention("d2")
    first.roles.add(_role(RoleKind.PERPETRATOR_INDIVIDUALS, "two gunmen", "d1"))
    second.roles.add(_role(RoleKind.PERPETRATOR_INDIVIDUALS, "Two gunmen", "d2"))
    second.roles.add(_role(RoleKind.VICTIMS, "Fritz Tarlenheim", "d2"))
    incident = Incident(id="i", mentions=[second, first])
    roles = incident.roles
    assert [(r.text, r.evidence.doc_id) for r in roles.roles] == [
        ("two gunmen", "d1"),  # in document order: the first report's words and evidence
        ("Fritz Tarlenheim", "d2"),
    ]
    assert not Incident(id="empty", mentions=[mention("d3")]).roles
