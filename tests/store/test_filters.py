"""The one incidents filter: names resolved through the actor KB and the vocabularies, the
conditions on the incidents table, unknown values as errors, and the facets' counts."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from incidex.errors import UsageError
from incidex.store.database import Store
from incidex.store.filters import Filters, IncidentFilter, branch_names, resolve
from incidex.store.repository import count_incidents, facets, list_incidents
from tests.filter_corpus import CAUCASUS, ISIL, ISKP, build
from tests.postgres import StoreUrls


@pytest.fixture(scope="module")
def store(module_store_urls: StoreUrls) -> Store:
    url = module_store_urls("f")
    build(url)
    return Store(url)


def found(store: Store, **criteria: Any) -> set[str]:
    with store.snapshot() as s:
        return {i.doc_ids[0] for i in list_incidents(s, IncidentFilter(**criteria), reports=False)}


def refused(store: Store, **criteria: Any) -> str:
    with store.snapshot() as s, pytest.raises(UsageError) as error:
        list_incidents(s, IncidentFilter(**criteria))
    return str(error.value)


def test_a_group_by_any_alias_with_its_branches(store: Store) -> None:
    islamic_state = {"f-kabul", "f-raqqa", "f-volgograd"}
    for name in ("Daesh", "ISIS", "islamic state", ISIL):
        assert found(store, group=name) == islamic_state, name
    assert found(store, group="Daesh", branches=False) == {"f-raqqa"}
    assert found(store, group="ISIS-K") == {"f-kabul"}
    assert found(store, group=CAUCASUS.upper()) == {"f-volgograd"}
    assert found(store, group="Boko Haram") == {"f-maiduguri"}
    assert ISKP in branch_names(ISIL) and CAUCASUS in branch_names(ISIL)


def test_a_group_the_kb_does_not_know_matches_stored_names_containing_it(store: Store) -> None:
    assert found(store, group="ember night") == {"f-lima"}
    assert found(store, group="haram") == {"f-maiduguri"}  # a part of a name, as before


def test_a_country_by_any_common_name_or_iso_code(store: Store) -> None:
    for name in ("Russia", "Russian Federation", "RU", "rus", "  russia "):
        assert found(store, country=name) == {"f-volgograd"}, name
    assert found(store, country="Syrian Arab Republic") == {"f-raqqa"}
    assert found(store, country="IND") == {"f-pune"}
    # a spelling only the store holds (no country of the vocabularies): its incidents
    assert found(store, country="atlantis republic") == {"f-atlantis"}
    assert found(store, country="France") == set()  # a country with no incident: empty


def test_a_gtd_region_by_name_code_or_start(store: Store) -> None:
    assert found(store, region="South Asia") == {"f-kabul", "f-pune"}
    assert found(store, region="middle east") == {"f-raqqa"}
    assert found(store, region="11") == {"f-maiduguri"}
    assert found(store, region="Eastern Europe") == {"f-volgograd"}
    assert found(store, region="South America") == {"f-lima"}
    assert found(store, region="Western Europe") == set()


def test_attack_weapon_and_target_types_by_label_code_or_word(store: Store) -> None:
    assert found(store, attack="Bombing/Explosion") == {"f-kabul", "f-volgograd", "f-atlantis"}
    assert found(store, attack="bombing") == found(store, attack="3")
    assert found(store, attack="kidnapping") == {"f-maiduguri"}
    assert found(store, weapon="FIREARMS") == {"f-raqqa", "f-maiduguri", "f-pune"}
    assert found(store, weapon="incendiary") == {"f-lima"}
    assert found(store, target="transportation") == {"f-volgograd", "f-pune"}
    assert found(store, target="educational") == {"f-maiduguri"}
    assert found(store, target="Police") == set()  # a known type with no incident


def test_minimum_killed_and_wounded(store: Store) -> None:
    assert found(store, min_killed=7) == {"f-kabul", "f-volgograd"}
    # 0: every incident whose toll is known (an unknown toll passes no minimum)
    assert "f-maiduguri" not in found(store, min_killed=0)
    assert found(store, min_killed=0) >= {"f-lima", "f-pune"}
    assert found(store, min_wounded=30) == {"f-kabul", "f-volgograd"}


def test_criteria_combine(store: Store) -> None:
    assert found(store, group="Daesh", attack="bombing", min_killed=10) == {"f-kabul"}
    assert found(store, region="south asia", weapon="firearms", query="motorbike") == {"f-pune"}
    assert found(store, group="Daesh", country="Nigeria") == set()


def test_unknown_values_are_one_clear_error(store: Store) -> None:
    assert "unknown group 'Nowhere Brigade'" in refused(store, group="Nowhere Brigade")
    assert "unknown country 'Narnia'" in refused(store, country="Narnia")
    message = refused(store, region="asia")  # four regions start so: no guess
    assert "unknown region 'asia'" in message and "Southeast Asia" in message
    assert "3 Bombing/Explosion" in refused(store, attack="parachute")
    assert "unknown weapon type" in refused(store, weapon="99")
    assert "unknown target type" in refused(store, target="moon base")
    assert "swap them" in refused(store, since="2024-02-01", until="2024-01-01")


def test_resolution_says_what_each_criterion_matched(store: Store) -> None:
    with store.snapshot() as s:
        notes = resolve(
            s, Filters(group="Daesh", country="RU", region="10", attack="3", target="edu")
        ).notes
    assert notes["group"].startswith(ISIL + " and its ") and "branches" in notes["group"]
    assert notes["country"] == "Russia" and notes["region"] == "Middle East & North Africa"
    assert notes["attack"] == "Bombing/Explosion"
    assert notes["target"] == "Educational Institution"


def test_the_model_reads_form_values_and_writes_link_parameters() -> None:
    form = Filters.model_validate(
        {"country": " ", "since": "", "q": " kabul ", "branches": "false"}
    )
    assert form.country is None and form.since is None and form.query == "kabul"
    assert form.params() == {"q": "kabul", "branches": "false"}
    assert Filters(min_killed=3, group="ISIS").params() == {"group": "ISIS", "min_killed": "3"}
    with pytest.raises(ValidationError):
        Filters(min_killed=-1)
    with pytest.raises(ValidationError):
        Filters(country="x" * 201)


def test_facets_count_the_filtered_incidents(store: Store) -> None:
    with store.snapshot() as s:
        counts = facets(s, IncidentFilter(group="Daesh"))
        everything = facets(s, IncidentFilter())
        total = count_incidents(s, IncidentFilter())
    assert dict(counts["country"]) == {"Afghanistan": 1, "Syria": 1, "Russia": 1}
    assert dict(counts["region"]) == {
        "South Asia": 1,
        "Middle East & North Africa": 1,
        "Eastern Europe": 1,
    }
    assert dict(counts["group"]) == {ISKP: 1, ISIL: 1, CAUCASUS: 1}
    assert counts["attack"] == [("Bombing/Explosion", 2), ("Armed Assault", 1)]  # most first
    assert sum(n for _, n in everything["country"]) == total == 7
    assert sum(n for _, n in everything["group"]) == 5  # two incidents name no group


def test_facets_with_a_text_filter(store: Store) -> None:
    with store.snapshot() as s:
        counts = facets(s, IncidentFilter(query="tram"))
    assert counts["country"] == [("Russia", 1)]
