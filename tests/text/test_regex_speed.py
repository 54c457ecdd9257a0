"""Prefix-tree alternations and the required-word prefilter match exactly what the plain regexes
match (they only make them faster)."""

from __future__ import annotations

import re

import pytest

from incidex.extract.base import cue_regex
from incidex.kb.lexicon import spelling_atoms, spelling_pattern
from incidex.text import prefilter
from incidex.text.alternation import literal_pattern, snippets_pattern

TEXTS = [
    "The Islamic Movement of the North said the Islamic State-linked gunmen shot two guards.",
    "ISLAMIC STATE fighters stabbed a man; the islamic-state cell denied it.",
    "Militants of the Hay'at Tahrir al-Sham and Hayat Tahrir al Sham were seen in Idlib.",
    "A drone exploded near the ſhop; the bomb squad defused a second device.",
    "Gunmen opened fire at a checkpoint, then shooters set the building on fire.",
    "",
]


def _spans(rx: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in rx.finditer(text)]


@pytest.mark.parametrize("flags", [0, re.I])
def test_literal_tree_matches_the_flat_alternation(flags: int) -> None:
    names = ["Islamic State", "Islamic Movement of the North", "Islamic", "Isla", "ISIS", "IS"]
    names.sort(key=len, reverse=True)
    flat = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b", flags)
    tree = re.compile(r"\b(?:" + literal_pattern(names, flags) + r")\b", flags)
    assert tree.pattern != flat.pattern
    for text in TEXTS:
        assert _spans(tree, text) == _spans(flat, text)


def test_a_shorter_name_listed_first_keeps_its_preference() -> None:
    """The tree keeps the branch order: "Isla" listed before "Islamic" still wins at one spot."""
    names = ["Isla", "Islamic"]
    flat = re.compile("|".join(names))
    tree = re.compile(literal_pattern(names))
    assert tree.search("Islamic").group() == flat.search("Islamic").group() == "Isla"


def test_spelling_atoms_join_to_the_spelling_pattern() -> None:
    for alias in ("Hay'at Tahrir al-Sham", "Al Qaida", "Boko  Haram", "'Abd"):
        assert "".join(spelling_atoms(alias)) == spelling_pattern(alias)


def test_cue_tree_matches_the_flat_cue_regex() -> None:
    cues = ["opened fire", "shot", r"shoot\w*", "gunm[ae]n", r"set (?:\w+ ){0,3}ablaze|set fire"]
    cues += [r"stabb\w*", "stabs?", r"s\w+ers"]
    flat = re.compile(r"(?<!\w)(?:" + "|".join(cues) + r")(?!\w)", re.I)
    tree = cue_regex(cues)
    assert tree.pattern != flat.pattern
    for text in TEXTS:
        assert _spans(tree, text) == _spans(flat, text)


def test_a_cue_starting_with_a_group_keeps_the_root_flat() -> None:
    """An optional first word ("(?:car )?bomb") may start anywhere: no factoring at the root."""
    cues = ["shot", "(?:car )?bomb", "stabbed"]
    assert cue_regex(cues).pattern == r"(?<!\w)(?:shot|(?:car )?bomb|stabbed)(?!\w)"


def test_cues_with_a_capturing_group_stay_flat() -> None:
    assert cue_regex(["(?P<t0>shot|stab)"]).pattern == r"(?<!\w)(?:(?P<t0>shot|stab))(?!\w)"


def test_snippets_split_only_at_top_level_bars() -> None:
    body = snippets_pattern([r"a[|b]c|a\|d|(?:x|y)z"])
    rx = re.compile(body)
    for text in ("a|c", "abc", "a|d", "xz", "yz", "ad"):
        assert bool(rx.fullmatch(text)) == bool(re.fullmatch(r"a[|b]c|a\|d|(?:x|y)z", text))


def test_required_words_of_a_pattern() -> None:
    rx = re.compile(r"\b(?P<q>[^.;,]{0,50}?) (?:were|was) found (?:dead|murdered)\b", re.I)
    assert prefilter.required_words(rx) == (" found ",)
    alt = re.compile(r"\bclaim(?:ed|s)? the lives|(?:toll|number of dead) rose", re.I)
    assert set(prefilter.required_words(alt) or ()) == {" the lives", " rose"}
    assert prefilter.required_words(re.compile(r"\d+(?:people)?")) is None


@pytest.mark.parametrize(
    "pattern",
    [
        r"\b(?P<q>[^.;,]{0,50}?) (?:were|was) found (?:dead|murdered)\b",
        r"(?:shot|stabbed) (?:dead|\w+)",
        r"K(?:elvin)? scale",
        r"(?i:bomb)s",
    ],
)
def test_prefilter_results_are_the_regex_results(pattern: str) -> None:
    rx = re.compile(pattern, re.I)
    texts = [*TEXTS, "Two men were found dead.", "\u212a scale", "BOMBS and bombs", "shot x"]
    for text in texts:
        assert _spans_list(prefilter.finditer(rx, text)) == _spans(rx, text)
        plain = rx.search(text)
        found = prefilter.search(rx, text)
        assert (found and found.span()) == (plain and plain.span())


def _spans_list(matches: list[re.Match[str]]) -> list[tuple[int, int]]:
    return [m.span() for m in matches]
