"""The rule files are typed and checked when an Extractor is built: a corrupted copy of one
stops construction with the file and line of every mistake (exit code 6)."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import pytest

from incidex.errors import DataError
from incidex.extract.pipeline import Extractor
from incidex.extract.rules import ROLES, SCHEMAS, RuleDataError, check_rules, check_text


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    """A copy of the shipped data folder, to corrupt."""
    folder = tmp_path / "data"
    shutil.copytree(Path(str(resources.files("incidex").joinpath("data"))), folder)
    return folder


def corrupt(folder: Path, name: str, old: str, new: str) -> int:
    """Replace ``old`` (once) by ``new`` in ``folder/name``; the 1-based line it was on."""
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def failure(folder: Path) -> str:
    with pytest.raises(RuleDataError) as caught:
        Extractor(rules_dir=folder)
    assert caught.value.exit_code == 6 and isinstance(caught.value, DataError)
    return str(caught.value)


def test_the_shipped_rules_are_valid() -> None:
    check_rules()
    data = resources.files("incidex").joinpath("data")
    for name in (*SCHEMAS, ROLES):
        assert check_text(data.joinpath(name).read_text(encoding="utf-8"), name) == [], name


def test_a_copy_of_the_shipped_rules_is_valid(rules: Path) -> None:
    Extractor(rules_dir=rules)


def test_a_missing_key_names_file_and_line(rules: Path) -> None:
    line = corrupt(rules, "triggers.yaml", "  negation:", "  negations:")
    message = failure(rules)
    assert f"{rules / 'triggers.yaml'}:{line}: unknown key 'negations'" in message
    assert "missing key 'negation'" in message


def test_a_regex_that_does_not_compile(rules: Path) -> None:
    line = corrupt(rules, "stances.yaml", "prefilter: '\\b(?:claim", "prefilter: '\\b((?:claim")
    message = failure(rules)
    assert f"{rules / 'stances.yaml'}:{line}: prefilter:" in message
    assert "does not compile as a regex" in message


def test_a_wrong_type(rules: Path) -> None:
    line = corrupt(rules, "taxonomy.yaml", "target_sentences: 4", "target_sentences: four")
    assert f"{rules / 'taxonomy.yaml'}:{line}: target_sentences:" in failure(rules)


def test_an_unquoted_yaml_boolean_in_a_word_list(rules: Path) -> None:
    line = corrupt(rules, "casualties.yaml", "kill_words: [killed,", "kill_words: [no, killed,")
    assert f"{rules / 'casualties.yaml'}:{line}: kill_words.0:" in failure(rules)


def test_a_key_given_twice(rules: Path) -> None:
    path = rules / "perps.yaml"
    text = path.read_text(encoding="utf-8").rstrip("\n") + "\nperp_nouns: [gunman]\n"
    path.write_text(text, encoding="utf-8")
    line = text.count("\n")
    assert f"{path}:{line}: key 'perp_nouns' is given twice" in failure(rules)


def test_a_weight_out_of_range_in_realis(rules: Path) -> None:
    line = corrupt(rules, "realis.yaml", "  threshold: 0.55", "  threshold: 1.55")
    assert f"{rules / 'realis.yaml'}:{line}: grounds.threshold:" in failure(rules)


def test_a_reference_incident_without_a_day(rules: Path) -> None:
    line = corrupt(rules, "reference_incidents.yaml", "date: '2011-12-06'", "date: '2011-13-06'")
    assert f"{rules / 'reference_incidents.yaml'}:{line}: incidents.0.date:" in failure(rules)


def test_invalid_yaml_and_the_roles_file(rules: Path) -> None:
    line = corrupt(rules, "numbers.yaml", "words:", "words: [")
    corrupt(rules, ROLES, "anchors:", "anchor:")
    message = failure(rules)
    assert f"{rules / 'numbers.yaml'}:" in message and "not valid YAML" in message
    assert f"{rules / ROLES}: " in message
    assert line > 0


def test_every_mistake_is_listed_at_once(rules: Path) -> None:
    corrupt(rules, "taxonomy.yaml", "target_sentences: 4", "target_sentences: four")
    corrupt(rules, "triggers.yaml", "  negation:", "  negations:")
    assert "(3 problems)" in failure(rules)
