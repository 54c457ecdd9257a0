import io
import json
from datetime import date

from stix2validator import ValidationOptions, validate_string

from incidex.export.stix import EXTENSION_ID, stix_bundle, write_stix
from incidex.fuse.fuser import fuse_mentions
from tests.factories import document, mention


def _incidents():  # type: ignore[no-untyped-def]
    return fuse_mentions(
        [
            mention(
                "a",
                date="2024-03-22",
                country="Russia",
                city="Krasnogorsk",
                provstate="Moscow Oblast",
                gname="Khorasan Chapter of the Islamic State",
                claimed="1",
                attacktype="Armed Assault",
                latitude="55.82",
                longitude="37.33",
            ),
            mention("b", date="2024-03-22", country="Russia", city="Krasnogorsk"),
            mention("c", date="2021", country="Afghanistan"),
            mention("d", date="2019-05-05", country="Atlantis"),
        ]
    )


DOCS = {
    "a": document("a", published=date(2024, 3, 23)),
    "b": document("b", published=date(2024, 3, 24)),
    "c": document("c"),
}


def _warnings(result) -> list[str]:  # type: ignore[no-untyped-def]
    results = result if isinstance(result, list) else [result]
    return [str(w) for r in results for w in (r.warnings or [])]


def test_bundle_validates_without_errors_or_warnings():
    out = io.StringIO()
    assert write_stix(_incidents() + _contested(), DOCS, out) == 4
    result = validate_string(out.getvalue(), ValidationOptions(version="2.1"))
    assert result.is_valid, [str(e) for e in result.errors]
    assert _warnings(result) == []


def test_a_place_in_kosovo_is_located_by_region_not_by_a_user_assigned_code():
    found = fuse_mentions([mention("k", date="2021-02-01", country="Kosovo", city="Pristina")])
    out = io.StringIO()
    write_stix(found, {"k": document("k")}, out)
    result = validate_string(out.getvalue(), ValidationOptions(version="2.1"))
    assert result.is_valid and _warnings(result) == []  # "XK" would warn: not ISO 3166-1
    [place] = [o for o in json.loads(out.getvalue())["objects"] if o["type"] == "location"]
    assert place["region"] == "southern-europe" and "country" not in place


def test_the_one_warning_left_is_an_article_url_without_a_hash():
    docs = dict(DOCS)
    docs["a"] = document("a", published=date(2024, 3, 23))
    docs["a"].url = "https://news.example.org/a"
    out = io.StringIO()
    write_stix(_incidents(), docs, out)
    result = validate_string(out.getvalue(), ValidationOptions(version="2.1"))
    assert result.is_valid
    [warning] = _warnings(result)
    assert "{302}" in warning and "has a URL but no hash" in warning


def test_incidex_properties_travel_in_the_extension():
    objects = json.loads(stix_bundle(_incidents(), DOCS).serialize())["objects"]
    [definition] = [o for o in objects if o["type"] == "extension-definition"]
    assert definition["id"] == EXTENSION_ID
    assert definition["extension_types"] == ["property-extension"]
    incident = next(o for o in objects if o["type"] == "incident" and "Krasnogorsk" in o["name"])
    assert not [k for k in incident if k.startswith("x_")]
    ext = incident["extensions"][EXTENSION_ID]
    assert ext["extension_type"] == "property-extension"
    assert ext["gtd"]["city"] == "Krasnogorsk" and ext["doc_ids"] == ["a", "b"]


def test_bundle_holds_groups_places_reports_and_attributions():
    objects = json.loads(stix_bundle(_incidents(), DOCS).serialize())["objects"]
    kinds = {}
    for obj in objects:
        kinds.setdefault(obj["type"], []).append(obj)
    assert len(kinds["incident"]) == 3
    assert len(kinds["report"]) == 4  # one per supporting document
    khorasan = next(o for o in kinds["intrusion-set"] if o["name"].startswith("Khorasan"))
    assert "ISKP" in khorasan["aliases"]
    parents = [r for r in kinds["relationship"] if r["source_ref"] == khorasan["id"]]
    assert parents and parents[0]["relationship_type"] == "related-to"
    attributed = [r for r in kinds["relationship"] if "attributed" in r.get("description", "")]
    assert len(attributed) == 1 and "claimed" in attributed[0]["description"]
    assert attributed[0]["relationship_type"] == "related-to"
    located = [r for r in kinds["relationship"] if r.get("description") == "located at"]
    assert len(located) == 2  # Atlantis has no country code, so no location
    russia = next(o for o in kinds["location"] if o.get("country") == "RU")
    assert russia["city"] == "Krasnogorsk" and russia["latitude"] == 55.82


def test_the_same_incidents_give_the_same_bundle():
    first = stix_bundle(_incidents(), DOCS).serialize(sort_keys=True)
    assert stix_bundle(_incidents(), DOCS).serialize(sort_keys=True) == first


def _contested():  # type: ignore[no-untyped-def]
    from incidex.models import Evidence, Stance, Statement

    m = mention(
        "a",
        date="2024-03-22",
        country="Russia",
        gname="Islamic State of Iraq and the Levant (ISIL)",
    )
    sentence = "The ministry blamed Ruritania, while the group claimed it."

    def said(source: str, kind: str, stance: Stance, target: str, target_kind: str) -> Statement:
        return Statement(
            source,
            stance,
            target,
            Evidence("a", 0, 10, sentence, f"test.{stance}"),
            kind,
            target_kind,
            date(2024, 3, 23),
        )

    m.statements = [
        said(
            "Islamic State of Iraq and the Levant (ISIL)",
            "group",
            Stance.CLAIMS,
            "Islamic State of Iraq and the Levant (ISIL)",
            "group",
        ),
        said("Federal Security Service (FSB)", "agency", Stance.BLAMES, "Ukraine", "state"),
        said("Ukraine", "state", Stance.DENIES, "Ukraine", "state"),
        said(
            "Alexander Example",
            "person",
            Stance.CONFIRMS,
            "Islamic State of Iraq and the Levant (ISIL)",
            "group",
        ),
    ]
    return fuse_mentions([m])


def test_statements_are_notes_and_governments_identities_and_validate():
    out = io.StringIO()
    write_stix(_contested(), DOCS, out)
    result = validate_string(out.getvalue(), ValidationOptions(version="2.1"))
    assert result.is_valid, [str(e) for e in result.errors]
    objects = json.loads(out.getvalue())["objects"]
    notes = [o for o in objects if o["type"] == "note"]
    assert len(notes) == 4
    blame = next(n for n in notes if n["extensions"][EXTENSION_ID]["stance"] == "blames")
    assert blame["authors"] == ["Federal Security Service (FSB)"]
    by_id = {o["id"]: o for o in objects}
    kinds = sorted(by_id[r]["type"] for r in blame["object_refs"])
    assert kinds == ["identity", "identity", "incident"]
    ukraine = next(o for o in objects if o["type"] == "identity" and o["name"] == "Ukraine")
    assert ukraine["identity_class"] == "organization"
    assert "government-national" in ukraine["sectors"]
    person = next(o for o in objects if o.get("name") == "Alexander Example")
    assert person["identity_class"] == "individual"
    claim = next(n for n in notes if n["extensions"][EXTENSION_ID]["stance"] == "claims")
    assert any(by_id[r]["type"] == "intrusion-set" for r in claim["object_refs"])
