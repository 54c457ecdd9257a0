"""The vocabulary of the attack frame (``data/roles.yaml``), validated and compiled once.

Words are listed in their base form; ``Vocab.base`` maps a token back to it (regular inflections
are derived here, irregular ones come from the file), since the pipeline runs no lemmatizer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from spacy.tokens import Token

from incidex.models import RoleKind
from incidex.vocab import load_data

ANCHOR_KEYS = (
    "attack_verbs",
    "weapon_verbs",
    "blast_verbs",
    "attack_nouns",
    "agent_verbs",
    "deed_objects",
    "accuse_verbs",
    "responsible_words",
    "responsible_preps",
    "agent_phrasals",
    "fire_verbs",
    "fire_words",
    "possessor_attacked",
    "hostage_verbs",
    "hostage_words",
    "weapon_phrasals",
    "victim_words",
    "target_words",
)
WORD_KEYS = (
    "aim_preps",
    "noun_aim_preps",
    "instrument_preps",
    "deed_nouns",
    "perpetrator_nouns",
    "people_nouns",
    "organization_nouns",
    "victim_nouns",
    "target_nouns",
    "weapon_nouns",
    "weak_weapon_nouns",
    "rating_adjectives",
    "titles",
    "never",
    "of_heads",
    "ranks",
    "part_nouns",
    "anaphoric_groups",
    "naming_verbs",
    "quantity_nouns",
)


class VocabError(ValueError):
    """``roles.yaml`` is malformed (a missing list, a non-string word, an unknown role)."""


def _words(data: dict[str, Any], key: str, where: str) -> list[str]:
    value = data.get(key)
    if not isinstance(value, list) or not value:
        raise VocabError(f"roles.yaml: {where}{key} must be a non-empty list of words")
    bad = [w for w in value if not isinstance(w, str) or not w.strip()]
    if bad:
        raise VocabError(f"roles.yaml: {where}{key} holds non-words: {bad!r}")
    return [w.strip().lower() for w in value]


def inflections(base: str) -> set[str]:
    """The regular forms of a base word: plural, third person, past, participles."""
    forms = {base, base + "s", base + "es", base + "ed", base + "ing"}
    if base.endswith("e"):
        forms |= {base + "d", base[:-1] + "ing"}
    if base.endswith("y") and len(base) > 2 and base[-2] not in "aeiou":
        forms |= {base[:-1] + "ies", base[:-1] + "ied"}
    if len(base) > 2 and base[-1] not in "aeiouwxy" and base[-2] in "aeiou":
        forms |= {base + base[-1] + "ed", base + base[-1] + "ing"}  # kidnapped, machinegunned
    return forms


@dataclass(frozen=True, slots=True)
class Vocab:
    """Word sets of ``roles.yaml`` (base forms) and the form -> base map."""

    sets: dict[str, frozenset[str]]
    keep_left: dict[RoleKind, frozenset[str]]
    forms: dict[str, frozenset[str]]  # an inflected form -> the listed words it may come from
    anchors: frozenset[str]  # every form of every word that can anchor a slot (a fast filter)

    def bases(self, token: Token | str) -> set[str]:
        """The word (lower-cased) and the listed base forms it may inflect."""
        word = token if isinstance(token, str) else token.lower_
        return {word, *self.forms.get(word, ())}

    def has(self, key: str, token: Token | str) -> bool:
        """Whether the word (lower-cased) or a base form it inflects is in list ``key``."""
        words = self.sets[key]
        word = token if isinstance(token, str) else token.lower_
        return word in words or any(b in words for b in self.forms.get(word, ()))


def _forms(bases: Iterable[str], irregular: dict[str, list[str]]) -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for base in bases:
        for form in inflections(base):
            if form != base:
                out.setdefault(form, set()).add(base)
    for base, forms in irregular.items():
        for form in forms:
            out.setdefault(form, set()).add(base)
    return {form: frozenset(found) for form, found in out.items()}


def build(data: Any) -> Vocab:
    """A ``Vocab`` from the parsed YAML; raises ``VocabError`` naming what is wrong."""
    if not isinstance(data, dict):
        raise VocabError("roles.yaml: the top level must be a mapping")
    anchors = data.get("anchors")
    if not isinstance(anchors, dict):
        raise VocabError("roles.yaml: anchors must be a mapping of word lists")
    sets = {key: frozenset(_words(anchors, key, "anchors.")) for key in ANCHOR_KEYS}
    sets.update({key: frozenset(_words(data, key, "")) for key in WORD_KEYS})
    keep = data.get("keep_left")
    if not isinstance(keep, dict):
        raise VocabError("roles.yaml: keep_left must map each role to dependency labels")
    unknown = set(keep) - {str(k) for k in RoleKind}
    missing = {str(k) for k in RoleKind} - set(keep)
    if unknown or missing:
        raise VocabError(
            f"roles.yaml: keep_left roles unknown {sorted(unknown)}, missing {sorted(missing)}"
        )
    keep_left = {
        RoleKind(k): frozenset(_words(keep, k, "keep_left.")) for k in (str(r) for r in RoleKind)
    }
    irregular = data.get("irregular") or {}
    if not isinstance(irregular, dict) or not all(
        isinstance(v, list) and all(isinstance(f, str) for f in v) for v in irregular.values()
    ):
        raise VocabError("roles.yaml: irregular must map a base word to a list of its forms")
    every = set().union(*sets.values())
    forms = _forms(every, {str(k).lower(): [f.lower() for f in v] for k, v in irregular.items()})
    anchoring = {w.split()[0] for key in ANCHOR_KEYS for w in sets[key]}
    anchors = frozenset(anchoring | {form for form, bases in forms.items() if bases & anchoring})
    return Vocab(sets=sets, keep_left=keep_left, forms=forms, anchors=anchors)


@cache
def vocab() -> Vocab:
    """The shipped vocabulary, loaded and validated once per process."""
    return build(load_data("roles.yaml"))
