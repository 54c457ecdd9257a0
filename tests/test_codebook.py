"""The one GTD codebook (``incidex.codebook``): what the shipped file holds, and its checks (every
mistake stops the program with the file and line)."""

from __future__ import annotations

from importlib import resources

import pytest

from incidex.codebook import FILE, codebook, parse
from incidex.errors import DataError

SHIPPED = resources.files("incidex").joinpath("data", FILE).read_text(encoding="utf-8")


def _line_of(text: str, start: str) -> int:
    return next(n for n, t in enumerate(text.splitlines(), 1) if t.startswith(start))


def test_every_country_has_a_region_and_the_codes_are_gtds():
    import pycountry

    book = codebook()
    for country in pycountry.countries:
        entry = book.country(country.alpha_2)
        assert entry is not None and entry.region in book.data.regions, country.name
    assert [book.country(c).code for c in ("AF", "IQ", "US", "GB")] == [4, 95, 217, 603]  # type: ignore[union-attr]
    assert (
        book.data.regions[1] == "North America" and book.data.regions[12] == "Australasia & Oceania"
    )
    assert len(book.data.attack_types) == 9 and len(book.data.weapon_types) == 13
    assert len(book.data.target_types) == 22 and len(book.data.claim_modes) == 10


def test_a_bad_codebook_entry_fails_with_file_and_line():
    from importlib import resources

    text = resources.files("incidex").joinpath("data", FILE).read_text(encoding="utf-8")
    broken = text.replace("  IQ: {region: 10, code: 95}", "  IQ: {region: 13, code: 95}")
    line = next(n for n, t in enumerate(broken.splitlines(), 1) if t.startswith("  IQ:"))
    with pytest.raises(DataError, match=rf"{FILE}:{line}: .*region 13 is not a region"):
        parse(broken, FILE)
    with pytest.raises(
        DataError, match=r"gtd_codebook.yaml:\d+: countries.*valid string"
    ):  # NO: a boolean
        parse(text.replace('  "NO":', "  NO:"), FILE)


def test_every_type_the_extractor_writes_has_a_gtd_code():
    from incidex.vocab import load_data

    book = codebook()
    taxonomy, attribution = load_data("taxonomy.yaml"), load_data("attribution.yaml")
    assert all(book.code("attack", k) for k in taxonomy["attack_cues"])
    assert all(book.code("weapon", k) for k in taxonomy["weapon_cues"])
    assert all(book.code("target", k) for k in taxonomy["target_cues"])
    assert all(book.code("claimmode", k) for k in attribution["claimmode"])


def test_states_of_the_past_have_a_region_and_members_list_them():
    book = codebook()
    soviet = book.country("Soviet Union")
    assert soviet is not None and book.data.regions[soviet.region] == "Eastern Europe"
    assert soviet.code is None
    assert "Rhodesia" in book.members[11] and "ZW" in book.members[11]
    assert book.country("Narnia") is None and book.country(None) is None
    every = [key for keys in book.members.values() for key in keys]
    assert len(every) == len(set(every)) == len(book.data.countries) + len(book.data.past_countries)


@pytest.mark.parametrize(
    ("change", "start", "says"),
    [
        (("  FR: {region: 8, code: 69}", "  QQ: {region: 8, code: 69}"), "  QQ:", "'QQ' is no ISO"),
        (("  Zaire: {region: 11,", "  Zaire: {region: 14,"), "  Zaire:", "region 14 is not"),
        (("  Rhodesia:", "  Zimbabwe:"), "  Zimbabwe:", "'Zimbabwe' is a country of today"),
        (("  9: Unknown\n", "  9: Hijacking\n"), "  9: Hijacking", "twice in attack_types"),
        (
            ("  2: Chemical\n", "  2: Chemical\n  1: Germs\n"),
            "  1: Germs",
            "key '1' is given twice",
        ),
        (("  IQ: {region: 10, code: 95}", "  IQ: {region: 10, code: 94}"), "  IR:", "code 94 is"),
        (("  CA: {region: 1,", "  CA: {colour: red, region: 1,"), "  CA:", "colour"),
    ],
)
def test_a_mistake_in_the_codebook_stops_with_its_file_and_line(
    change: tuple[str, str], start: str, says: str
) -> None:
    broken = SHIPPED.replace(*change, 1)
    assert broken != SHIPPED
    with pytest.raises(DataError) as error:
        parse(broken, "book.yaml")
    assert f"book.yaml:{_line_of(broken, start)}:" in str(error.value), str(error.value)
    assert says in str(error.value), str(error.value)


def test_the_shipped_codebook_parses() -> None:
    assert parse(SHIPPED).data == codebook().data


def test_the_actor_gazetteer_knows_every_state_of_the_past() -> None:
    from incidex.actor_gazetteer import HISTORICAL_COUNTRIES

    assert set(codebook().data.past_countries) <= HISTORICAL_COUNTRIES
