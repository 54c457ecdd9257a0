"""The vocabulary of ``data/realis.yaml``, typed and validated once at load, with its regexes.

``relevance`` (the document gate before the parse) and ``qualify`` (the grounds on which one
report is an incident) read it. A malformed file (a missing section, a weight out of 0..1, a
regex that does not compile) fails at load with the path of the bad entry.
"""

from __future__ import annotations

import re
from functools import cache

from pydantic import BaseModel, ConfigDict, Field, field_validator

from incidex.extract.base import cue_regex, load_data


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _compiles(cues: list[str]) -> list[str]:
    for cue in cues:
        try:
            re.compile(cue)
        except re.error as err:
            raise ValueError(f"bad regex {cue!r}: {err}") from err
    return cues


class Gate(_Strict):
    frame: list[str] = Field(min_length=1)
    devices: list[str] = Field(min_length=1)

    _check = field_validator("frame", "devices")(_compiles)


class Grounds(_Strict):
    weights: dict[str, float]
    threshold: float = Field(ge=0.0, le=1.0)
    terror_frame: list[str] = Field(min_length=1)
    denied_frame: list[str] = Field(min_length=1)
    perpetrators: list[str] = Field(min_length=1)
    motive: list[str] = Field(min_length=1)
    devices: list[str] = Field(min_length=1)
    aim_targets: dict[str, list[str]] = Field(min_length=1)
    aim_weight: float = Field(ge=0.0, le=1.0)
    framed_words: list[str] = Field(min_length=1)

    _check = field_validator("terror_frame", "denied_frame", "perpetrators", "motive", "devices")(
        _compiles
    )

    @field_validator("aim_targets")
    @classmethod
    def _aims(cls, aims: dict[str, list[str]]) -> dict[str, list[str]]:
        for cues in aims.values():
            _compiles(cues)
        return aims

    @field_validator("weights")
    @classmethod
    def _weights(cls, weights: dict[str, float]) -> dict[str, float]:
        missing = set(GROUND_RULES) - set(weights)
        if missing:
            raise ValueError(f"no weight for {sorted(missing)}")
        bad = {k: v for k, v in weights.items() if not 0.0 <= v <= 1.0}
        if bad:
            raise ValueError(f"weights out of 0..1: {bad}")
        return weights


class Against(_Strict):
    crime: list[str] = Field(min_length=1)
    accident: list[str] = Field(min_length=1)
    combat: list[str] = Field(min_length=1)

    _check = field_validator("crime", "accident")(_compiles)


class Sense(_Strict):
    nonviolent: list[str] = Field(min_length=1)
    person_words: list[str] = Field(min_length=1)
    object_heads: list[str] = Field(min_length=1)

    _check = field_validator("nonviolent")(_compiles)


class State(_Strict):
    forces: list[str] = Field(min_length=1)
    weapons: list[str] = Field(min_length=1)
    doing_verbs: list[str] = Field(min_length=1)
    on_attackers: list[str] = Field(min_length=1)
    manner_preps: list[str] = Field(min_length=1)
    non_state_modifiers: list[str] = Field(min_length=1)


class RealisVocabulary(_Strict):
    """``data/realis.yaml``."""

    gate: Gate
    grounds: Grounds
    against: Against
    sense: Sense
    state: State


# The grounds a report can qualify on (each needs a weight in ``grounds.weights``).
GROUND_RULES = (
    "gtd-record",
    "claimed",
    "suicide",
    "group",
    "terror-frame",
    "perpetrator",
    "motive",
    "device",
    "forces-attacked",
    "catalogue",
    "headline",
    "document-frame",
    "headline-only",
)


@cache
def vocabulary() -> RealisVocabulary:
    """The validated vocabulary (read once per process)."""
    return RealisVocabulary.model_validate(load_data("realis.yaml"))


@cache
def regex(name: str) -> re.Pattern[str]:
    """One compiled whole-word, case-insensitive regex of a cue list, by dotted name
    (``"grounds.motive"``, ``"against.crime"``, ``"sense.nonviolent"``)."""
    section, _, key = name.partition(".")
    cues: list[str] = getattr(getattr(vocabulary(), section), key)
    return cue_regex(cues)


@cache
def aim_regex(kind: str) -> re.Pattern[str]:
    """The regex of one kind of ``grounds.aim_targets`` ("faith", "politics", ...)."""
    return cue_regex(vocabulary().grounds.aim_targets[kind])


@cache
def words(name: str) -> frozenset[str]:
    """A plain word list (``"state.forces"``, ``"sense.object_heads"``), lower-cased."""
    section, _, key = name.partition(".")
    found: list[str] = getattr(getattr(vocabulary(), section), key)
    return frozenset(w.lower() for w in found)
