"""The actor gazetteer (data/actors.yaml) is typed and checked when loaded: each mistake stops the
program with the file, the line and the entry. Bad files are written into tmp dirs here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from wordfreq import zipf_frequency

from incidex.actor_gazetteer import ActorFile, actors, is_generic, load, parse
from incidex.errors import DataError, IncidexError
from incidex.kb.lexicon import is_acronym

GOOD = """\
regex:
  '\\bZorva\\s+Front\\b': Zorva Liberation Front (ZLF)
groups:
  - name: Zorva Liberation Front (ZLF)
    aliases: [ZLF, Zorva Liberation Front, Zorva Front]
    region: Western Europe
    country: France
    source: invented for the test
  - name: Northern Cell of the Zorva Liberation Front
    parent: Zorva Liberation Front (ZLF)
    aliases: [Northern Zorva Cell]
    region: Western Europe
    country: [France, Belgium]
    source: invented for the test
agencies:
  - {name: Zorva Police, kind: police, aliases: [ZP]}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "actors.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def error_of(tmp_path: Path, text: str) -> str:
    path = write(tmp_path, text)
    with pytest.raises(DataError) as info:
        load(path)
    message = str(info.value)
    assert str(path) in message  # the file is named
    return message


def test_a_good_file_loads_typed(tmp_path: Path) -> None:
    data = load(write(tmp_path, GOOD))
    assert isinstance(data, ActorFile)
    branch = data.groups[1]
    assert branch.parent == "Zorva Liberation Front (ZLF)"
    assert branch.country == ("France", "Belgium") and data.groups[0].country == ("France",)
    assert data.agencies[0].kind == "police"
    assert data.regex == {r"\bZorva\s+Front\b": "Zorva Liberation Front (ZLF)"}


def test_unknown_key_names_line_and_entry(tmp_path: Path) -> None:
    text = GOOD.replace("    aliases: [Northern Zorva Cell]", "    alias: [Northern Zorva Cell]")
    message = error_of(tmp_path, text)
    assert re.search(
        r"actors\.yaml:11 \(entry 'Northern Cell of the Zorva Liberation Front'\)", message
    )
    assert "unknown key 'alias'" in message


def test_missing_name(tmp_path: Path) -> None:
    text = GOOD.replace("  - name: Northern Cell of the Zorva Liberation Front\n", "  - \n")
    message = error_of(tmp_path, text)
    assert ":10" in message and "missing key 'name'" in message


def test_empty_name(tmp_path: Path) -> None:
    message = error_of(tmp_path, GOOD.replace("name: Zorva Police", "name: ''"))
    assert re.search(r":16: name: String should have at least 2 characters \(got ''\)", message)


def test_duplicate_canonical_name(tmp_path: Path) -> None:
    text = GOOD.replace(
        "  - name: Northern Cell of the Zorva Liberation Front",
        "  - name: Zorva Liberation Front (ZLF)",
    ).replace("    parent: Zorva Liberation Front (ZLF)\n", "")
    message = error_of(tmp_path, text)
    assert re.search(r":9 \(entry 'Zorva Liberation Front \(ZLF\)'\): canonical name", message)
    assert "given twice" in message


def test_alias_claimed_by_two_groups(tmp_path: Path) -> None:
    """Spelling variants count as one alias: "Zorva-Front" is "Zorva Front"."""
    text = GOOD.replace(
        "aliases: [Northern Zorva Cell]", "aliases: [Northern Zorva Cell, Zorva-Front]"
    )
    message = error_of(tmp_path, text)
    assert "alias 'Zorva-Front' is also claimed by 'Zorva Liberation Front (ZLF)'" in message
    assert "(entry 'Northern Cell of the Zorva Liberation Front')" in message


def test_alias_shared_with_an_agency(tmp_path: Path) -> None:
    message = error_of(tmp_path, GOOD.replace("aliases: [ZP]", "aliases: [ZP, ZLF]"))
    assert "alias 'ZLF' is also claimed by 'Zorva Liberation Front (ZLF)'" in message


def test_parent_that_does_not_exist(tmp_path: Path) -> None:
    text = GOOD.replace("parent: Zorva Liberation Front (ZLF)", "parent: Zorva Liberation Front")
    message = error_of(tmp_path, text)
    assert re.search(
        r":10 \(entry 'Northern Cell[^)]*'\): parent 'Zorva Liberation Front'", message
    )


def test_parent_cycle(tmp_path: Path) -> None:
    text = GOOD.replace(
        "    aliases: [ZLF,",
        "    parent: Northern Cell of the Zorva Liberation Front\n    aliases: [ZLF,",
    )
    assert "own ancestor" in error_of(tmp_path, text)


def test_key_given_twice(tmp_path: Path) -> None:
    """YAML keeps the last of two equal keys silently; the loader does not."""
    text = GOOD.replace("    country: France\n", "    country: France\n    aliases: [Zorva]\n")
    message = error_of(tmp_path, text)
    assert re.search(r":8: key 'aliases' is given twice", message)


@pytest.mark.parametrize("alias", ["Front", "Liberation Front", "the Armed Forces", "Army"])
def test_generic_alias(tmp_path: Path, alias: str) -> None:
    text = GOOD.replace(
        "aliases: [Northern Zorva Cell]", f"aliases: [Northern Zorva Cell, {alias}]"
    )
    message = error_of(tmp_path, text)
    assert f"alias {alias!r} is only generic words" in message


def test_unknown_region_country_kind(tmp_path: Path) -> None:
    text = (
        GOOD.replace("region: Western Europe\n    country: France", "region: Westeros")
        .replace("country: [France, Belgium]", "country: [France, Zembla]")
        .replace("kind: police", "kind: wizards")
    )
    message = error_of(tmp_path, text)
    assert re.search(r":6 \(entry 'Zorva Liberation Front \(ZLF\)'\): region: .*Westeros", message)
    assert "country: unknown country 'Zembla'" in message
    assert "kind: Input should be 'military'" in message and "(got 'wizards')" in message
    assert "(3 problems)" in message


def test_bad_noise_pattern(tmp_path: Path) -> None:
    text = GOOD.replace("'\\bZorva\\s+Front\\b': Zorva Liberation Front (ZLF)", "'(Zorva': Nobody")
    message = error_of(tmp_path, text)
    assert "pattern does not compile" in message and "names 'Nobody'" in message


def test_not_yaml(tmp_path: Path) -> None:
    assert "not valid YAML" in error_of(tmp_path, "groups: [\n")


def test_data_error_is_a_user_facing_error() -> None:
    assert issubclass(DataError, IncidexError) and DataError.exit_code == 6
    with pytest.raises(DataError, match="invented.yaml is invalid"):
        parse("groups:\n  - {name: X Group, aliases: [Front]}\n", "invented.yaml")


def test_shipped_gazetteer() -> None:
    """The shipped file loads; every group says where it is from and where it acts."""
    data = actors()
    assert len(data.groups) >= 1000
    assert all(g.source and g.region for g in data.groups)
    assert {g.region for g in data.groups} >= {
        "South America",
        "Central America & Caribbean",
        "North America",
        "Western Europe",
        "Eastern Europe",
        "Middle East & North Africa",
        "Sub-Saharan Africa",
        "South Asia",
        "Southeast Asia",
        "East Asia",
        "Central Asia",
        "Australasia & Oceania",
    }


def test_no_alias_is_an_ordinary_word() -> None:
    """A one-word alias matched in any case must not be a common English word: a comma inside a
    name written in a flow list ("[3R, Return, Reclamation ...]") would otherwise tag "return"."""
    common = []
    for group in actors().groups:
        for alias in (group.name, *group.aliases):
            if alias.isalpha() and not is_acronym(alias) and zipf_frequency(alias, "en") >= 4.0:
                common.append(alias)
    assert common == []


def test_generic_words() -> None:
    assert is_generic("the Liberation Front") and is_generic("Armed Forces")
    assert not is_generic("Zorva Front") and not is_generic("People's Liberation Front of Zorva")
    assert not is_generic("National Liberation Front")  # three words: a name, allowed in the file
    assert is_generic("National Liberation Front", max_words=None)
