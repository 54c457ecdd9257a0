"""GTD export details: eventids, the composed summary, the target's nationality, subtypes."""

from incidex.export.gtd_csv import gtd_row
from incidex.fuse.fuser import fuse_mentions
from incidex.models import Evidence, Frame, Role, RoleKind
from incidex.store.eventids import EventIds, date_key
from tests.factories import mention


def _incident(roles: list[tuple[RoleKind, str]] | None = None, **fields: str):  # type: ignore[no-untyped-def]
    m = mention("a", **fields)
    ev = Evidence("a", 0, 8, "Sentence.", "test.role")
    m.roles = Frame([Role(kind, text, ev) for kind, text in roles or []])
    [incident] = fuse_mentions([m])
    return incident


def test_eventid_is_the_date_and_the_rank_of_the_id_within_it():
    ids = EventIds([("b", "2024-03-22"), ("a", "2024-03-22"), ("c", "2024-03"), ("d", None)])
    assert ids("a", "2024-03-22") == "202403220001" and ids("b", "2024-03-22") == "202403220002"
    assert ids("c", "2024-03") == "202403000001" and ids("d", None) == "000000000001"
    again = EventIds([("a", "2024-03-22"), ("b", "2024-03-22")])
    assert again("b", "2024-03-22") == "202403220002"  # the same store, the same eventid
    assert ids("new", "2024-03-22") == "202403220003"  # stored later: the next free number
    assert date_key("2021") == "20210000"


def test_the_summary_is_composed_gtd_style_from_the_attack_frame():
    row = gtd_row(
        _incident(
            [(RoleKind.TARGETS, "a police checkpoint")],
            date="2023-05-02",
            country="Pakistan",
            provstate="Balochistan",
            city="Quetta",
            attacktype="Bombing/Explosion",
            nkill="4",
            nwound="11",
            gname="Example Front",
            claimed="1",
        ),
        {},
    )
    assert row["summary"] == (
        "05/02/2023: Assailants detonated an explosive device targeting a police checkpoint in "
        "Quetta, Balochistan, Pakistan. At least 4 people were killed and at least 11 people "
        "were injured in the attack. Example Front claimed responsibility for the incident."
    )


def test_an_unclaimed_attack_says_no_group_claimed_it():
    row = gtd_row(_incident(date="2022-09", country="Mali", attacktype="Armed Assault"), {})
    assert row["summary"].startswith("09/2022: Assailants carried out an armed assault in Mali.")
    assert row["summary"].endswith("No group claimed responsibility for the incident.")


def test_natlty1_is_the_targets_nationality_not_the_attackers():
    row = gtd_row(
        _incident(
            [(RoleKind.VICTIMS, "three Chinese engineers")],
            country="Pakistan",
            nationality="Afghanistan",  # what a report said of the attackers
        ),
        {},
    )
    assert (row["natlty1_txt"], row["natlty1"]) == ("China", "44")
    assert row["incidex_stated_nationality"] == "Afghanistan"
    domestic = gtd_row(_incident([(RoleKind.VICTIMS, "worshippers")], country="Nigeria"), {})
    assert domestic["natlty1_txt"] == "Nigeria"


def test_weapon_and_target_subtypes_come_from_the_frames_words():
    row = gtd_row(
        _incident(
            [(RoleKind.WEAPONS, "a car bomb"), (RoleKind.TARGETS, "a crowded market")],
            country="Somalia",
            weaptype="Explosives",
            targtype="Private Citizens & Property",
        ),
        {},
    )
    assert (row["weapsubtype1"], row["weapsubtype1_txt"]) == ("13", "Vehicle")
    assert (
        row["targsubtype1_txt"] == "Marketplace/Plaza/Square" and row["weapdetail"] == "a car bomb"
    )


def test_hostage_attacks_set_ishostkid_and_unknown_counts():
    row = gtd_row(_incident(country="Nigeria", attacktype="Hostage Taking (Kidnapping)"), {})
    assert (row["ishostkid"], row["nhostkid"], row["ransom"]) == ("1", "-99", "-9")
