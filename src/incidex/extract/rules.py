"""The rule and vocabulary files the extractor reads (``incidex/data/*.yaml``), typed and checked
together when an ``Extractor`` is built, so a typo stops the program at start-up (exit code 6)
with the file and line, not at the first document that needs the rule.

Each file has a schema here (pydantic, unknown keys refused): every key the code reads must be
there with its type; every cue (a word or a regex snippet, as the readers compile them) must
compile as a regular expression and may not be a YAML boolean (an unquoted ``no``, ``On`` or
``false`` reads as one). ``realis.yaml`` keeps its schema in ``triggers/realis.py``, ``roles.yaml``
its checks in ``roles/vocab.py`` and ``actors.yaml`` in ``actor_gazetteer.py``; they are run here
too. The modules still read the data through ``vocab.load_data``: this module only refuses a bad
file before they do.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictStr, ValidationError

from incidex import actor_gazetteer
from incidex.errors import DataError
from incidex.extract.roles.vocab import VocabError
from incidex.extract.roles.vocab import build as build_roles
from incidex.extract.triggers.realis import RealisVocabulary
from incidex.yaml_lines import duplicate_keys, node_line

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class RuleDataError(DataError):
    """A rule or vocabulary file the extractor reads is malformed (exit code 6, as a malformed
    actor gazetteer): the message names every mistake with its file and line."""


def _compiles(cue: str) -> str:
    try:
        re.compile(cue)
    except re.error as err:
        shown = cue if len(cue) <= 60 else cue[:57] + "..."
        raise ValueError(f"{shown!r} does not compile as a regex: {err}") from err
    return cue


def _iso_day(value: str) -> str:
    date.fromisoformat(value)
    return value


Cue = Annotated[StrictStr, AfterValidator(_compiles)]
Day = Annotated[StrictStr, AfterValidator(_iso_day)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Grammar(_Strict):
    """``grammar`` of ``triggers.yaml``."""

    modal_aux: list[Cue]
    negation: list[Cue]
    negative_determiners: list[Cue]
    conditional_marks: list[Cue]
    irrealis_heads: list[Cue]
    generic_modifiers: list[Cue]
    habitual_adverbs: list[Cue]
    definite_dets: list[Cue]
    statement_verbs: list[Cue]
    reference_preps: list[Cue]
    referring_nouns: list[Cue]
    referring_participles: list[Cue]
    report_heads: list[Cue]
    doubt_modifiers: list[Cue]
    doubt_verbs: list[Cue]


class Modality(_Strict):
    """``modality`` of ``triggers.yaml``."""

    threat: list[Cue]
    plot: list[Cue]
    legal: list[Cue]
    hypothetical: list[Cue]
    state: list[Cue]
    opinion: list[Cue]


class PruneFrames(_Strict):
    """``prune_frames`` of ``triggers.yaml``."""

    speaker_verbs: list[Cue]
    concessive_marks: list[Cue]
    temporal_marks: list[Cue]


class CasualtyPatterns(_Strict):
    """``patterns`` of ``casualties.yaml``."""

    zero_both: list[Cue]
    zero_kill: list[Cue]
    zero_wound: list[Cue]
    unknown_both: list[Cue]
    unknown_kill: list[Cue]
    unknown_wound: list[Cue]
    speculative: Cue
    toll: list[Cue]
    toll_update: Cue
    toll_old: Cue
    replaced: Cue
    aggregate_toll: Cue
    superseded: list[Cue]
    hospital: list[Cue]
    bodies: list[Cue]
    across: Cue
    this_attack: Cue
    one_of: Cue
    both: Cue


class MixedAssault(_Strict):
    """``mixed_assault`` of ``taxonomy.yaml``."""

    firearms: list[Cue]
    thrown: list[Cue]
    not_: list[Cue] = Field(alias="not")
    weapon: Cue


class TargetParse(_Strict):
    """``target_parse`` of ``taxonomy.yaml``."""

    owner_participles: list[Cue]
    hedge_words: list[Cue]
    verbs: list[Cue]
    weapon_verbs: list[Cue]
    attack_nouns: list[Cue]
    aim_preps: list[Cue]
    containers: list[Cue]
    adjective_ranks: list[Cue]
    title_words: list[Cue]
    leader_words: list[Cue]
    head_types: list[Cue]
    idiom_objects: list[Cue]
    weapon_nouns: list[Cue]
    modifier_only: list[Cue]
    place_preps: list[Cue]
    owner_verbs: list[Cue]
    quantity_heads: list[Cue]


class ProvstateAffixes(_Strict):
    """``provstate_affixes`` of ``places.yaml``."""

    prefixes: list[Cue]
    suffixes: list[Cue]


class Stances(_Strict):
    """``stances`` of ``stances.yaml``."""

    claims: list[Cue]
    confirms: list[Cue]
    blames: list[Cue]
    suspects: list[Cue]
    denies: list[Cue]


class AttributionFile(_Strict):
    """``attribution.yaml``."""

    claim_after: list[Cue]
    claim_before: list[Cue]
    no_claim: list[Cue]
    delayed_claim: Cue
    strong_before: list[Cue]
    strong_after: list[Cue]
    weak_before: list[Cue]
    agent_after: list[Cue]
    denial_after: list[Cue]
    background: list[Cue]
    many_attacks: list[Cue]
    anaphor: list[Cue]
    affiliation_suffix: Cue
    faction_of: Cue
    regional_branches: dict[str, dict[str, Cue]]
    claimmode: dict[str, list[Cue]]


class CasualtiesFile(_Strict):
    """``casualties.yaml``."""

    kill_words: list[Cue]
    wound_words: list[Cue]
    injury_verbs: list[Cue]
    succumb_words: list[Cue]
    succumb_adverbs: list[Cue]
    care_nouns: list[Cue]
    injury_nouns: list[Cue]
    intransitive_kill: list[Cue]
    intransitive_wound: list[Cue]
    nominal_casualty_nouns: list[Cue]
    death_nouns: list[Cue]
    non_event_heads: list[Cue]
    attempt_verbs: list[Cue]
    conflict_nouns: list[Cue]
    operation_nouns: list[Cue]
    operation_heads: list[Cue]
    operation_kinds: list[Cue]
    perpetrators: list[Cue]
    animals: list[Cue]
    uncounted: list[Cue]
    generic_victims: list[Cue]
    companion_words: list[Cue]
    place_nouns: list[Cue]
    agent_nouns: list[Cue]
    time_nouns: list[Cue]
    singular_pronouns: list[Cue]
    unknown_words: list[Cue]
    vague_words: list[Cue]
    partitive_heads: list[Cue]
    addition_words: list[Cue]
    reporting_verbs: list[Cue]
    statement_nouns: list[Cue]
    claimant_nouns: list[Cue]
    militant_modifiers: list[Cue]
    addition_openers: list[Cue]
    patterns: CasualtyPatterns


class NumbersFile(_Strict):
    """``numbers.yaml``."""

    words: dict[str, int]
    multipliers: dict[str, int]
    vague: dict[str, list[int | None]]
    hedges: dict[str, Cue]


class PerpsFile(_Strict):
    """``perps.yaml``."""

    perp_nouns: list[Cue]
    person_nouns: list[Cue]
    armed_words: list[Cue]
    attack_verbs: list[Cue]
    capture_verbs: list[Cue]
    not_perpetrators: list[Cue]
    accomplice_cues: list[Cue]
    claim_verbs: list[Cue]


class PlacesFile(_Strict):
    """``places.yaml``."""

    gtd_names: dict[str, Cue]
    extra_countries: dict[str, Cue]
    aliases: dict[str, Cue]
    us_state_abbreviations: dict[str, Cue]
    place_nouns: list[Cue]
    nationality_nouns: list[Cue]
    demonyms: dict[str, Cue]
    sublocal_suffixes: list[Cue]
    admin2_suffixes: list[Cue]
    settlement_words: list[Cue]
    province_suffixes: list[Cue]
    chain_openers: list[Cue]
    provstate_affixes: ProvstateAffixes
    provstate_spellings: dict[str, Cue]
    divisions_by_capital: dict[str, dict[str, Cue]]
    locative_prepositions: list[Cue]
    place_modifiers: list[Cue]
    settlement_nouns: list[Cue]
    locality_nouns: list[Cue]
    part_of_nouns: list[Cue]
    not_places: list[Cue]
    facility_name_nouns: list[Cue]
    facility_words: list[Cue]
    same_place_cues: list[Cue]
    state_over_town_population: int


class StancesFile(_Strict):
    """``stances.yaml``."""

    stances: Stances
    prefilter: Cue
    reports: Cue
    roles: Cue
    denial_subject: Cue
    source_bounds: Cue
    target_bounds: Cue
    nobody: Cue
    speech: Cue
    anaphor: Cue
    branch_nouns: Cue
    government_nouns: Cue
    government_heads: dict[str, list[Cue]]


class StatesFile(_Strict):
    """``states.yaml``."""

    countries: dict[str, list[Cue]]
    country_aliases: dict[str, list[Cue]]
    perpetrator_nouns: list[Cue]


class TaxonomyFile(_Strict):
    """``taxonomy.yaml``."""

    attack_precedence: list[Cue]
    attack_cues: dict[str, list[Cue]]
    attack_cues_first: dict[str, list[Cue]]
    attack_by_target: dict[str, Cue]
    people_attack: Cue
    harm_cues: list[Cue]
    mixed_assault: MixedAssault
    weapon_cues: dict[str, list[Cue]]
    attack_weapon: dict[str, Cue]
    target_cues: dict[str, list[Cue]]
    dominant_cues: dict[str, list[Cue]]
    security_cues: list[Cue]
    security_victims: list[Cue]
    security_victim_cues: dict[str, list[Cue]]
    target_sentences: int
    casualty_heads: list[Cue]
    casualty_verbs: list[Cue]
    aim_verbs: list[Cue]
    report_cues: list[Cue]
    not_from_mention: list[Cue]
    default_target: Cue
    unknown_target_cues: list[Cue]
    target_phrase_ends: list[Cue]
    target_openers: list[Cue]
    suicide_cues: list[Cue]
    multiple_cues: list[Cue]
    generic_frames: list[Cue]
    target_parse: TargetParse
    prominent_roles: list[Cue]
    killed_cues: list[Cue]
    not_assassination: list[Cue]
    side_weapons: list[Cue]
    side_weapon_attacks: list[Cue]
    attack_default_weapon: dict[str, Cue]


class TriggersFile(_Strict):
    """``triggers.yaml``."""

    triggers: dict[str, list[Cue]]
    modality: Modality
    grammar: Grammar
    weak_kinds: list[Cue]
    background_cues: list[Cue]
    distinct_cues: list[Cue]
    announce_cues: list[Cue]
    aggregate_cues: list[Cue]
    statistic_cues: list[Cue]
    anaphora: list[Cue]
    perpetrator_anaphora: list[Cue]
    pointing_determiners: list[Cue]
    event_nouns: Cue
    event_plurals: list[Cue]
    prune_frames: PruneFrames


class ReferenceRules(_Strict):
    """The ``rules`` of ``reference_incidents.yaml``."""

    min_agreements: int
    margin: int
    window_days: int
    confidence: float
    rule: StrictStr
    deaths: dict[str, float]
    strong_type_rules: list[StrictStr]
    inferred_rules: list[StrictStr]


class ReferenceIncident(_Strict):
    """One notable attack of ``reference_incidents.yaml``."""

    id: StrictStr
    date: Day
    country: StrictStr
    province: StrictStr
    city: StrictStr | None
    names: list[Cue]
    attacktype: StrictStr
    weaptype: StrictStr
    group: StrictStr
    deaths: int | None
    also: list[StrictStr] = []
    places: list[Cue] = []


class ReferenceIncidentsFile(_Strict):
    """``reference_incidents.yaml``."""

    rules: ReferenceRules
    incidents: list[ReferenceIncident]


class RealisFile(RealisVocabulary):
    """``realis.yaml`` (its schema is the one ``triggers/realis.py`` reads it with)."""


SCHEMAS: dict[str, type[BaseModel]] = {
    "attribution.yaml": AttributionFile,
    "casualties.yaml": CasualtiesFile,
    "numbers.yaml": NumbersFile,
    "perps.yaml": PerpsFile,
    "places.yaml": PlacesFile,
    "realis.yaml": RealisFile,
    "reference_incidents.yaml": ReferenceIncidentsFile,
    "stances.yaml": StancesFile,
    "states.yaml": StatesFile,
    "taxonomy.yaml": TaxonomyFile,
    "triggers.yaml": TriggersFile,
}
ROLES = "roles.yaml"


def _message(item: Any) -> str:
    loc = tuple(item["loc"])
    if item["type"] == "extra_forbidden":
        return f"unknown key {loc[-1]!r}"
    if item["type"] == "missing":
        return f"missing key {loc[-1]!r}"
    where = ".".join(str(p) for p in loc if not str(p).endswith("]"))
    message = str(item["msg"]).removeprefix("Value error, ")
    value = item.get("input")
    plain = isinstance(value, str | int | float | bool) and item["type"] != "value_error"
    shown = f" (got {value!r})" if plain else ""
    return f"{where}: {message}{shown}"


def check_text(text: str, name: str, source: str | None = None) -> list[str]:
    """Every mistake of the rule file ``name`` whose content is ``text`` (named ``source`` in
    the messages), each as "file:line: what is wrong"; none when it is well formed."""
    source = source or name
    try:
        root = yaml.compose(text, Loader=_LOADER)  # noqa: S506 - a safe loader
        data = yaml.load(text, Loader=_LOADER)  # noqa: S506
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{source}:{mark.line + 1}" if mark is not None else source
        return [f"{where}: not valid YAML: {getattr(error, 'problem', None) or error}"]
    errors = [f"{source}:{line}: key {key!r} is given twice" for line, key in duplicate_keys(root)]
    if name == ROLES:
        try:
            build_roles(data)
        except VocabError as error:
            errors.append(f"{source}: {str(error).removeprefix(ROLES + ': ')}")
        return errors
    try:
        SCHEMAS[name].model_validate(data if data is not None else {})
    except ValidationError as error:
        for item in error.errors():
            loc = tuple(p for p in item["loc"] if isinstance(p, str | int))
            errors.append(f"{source}:{node_line(root, loc)}: {_message(item)}")
    return errors


def check_rules(folder: Path | None = None) -> None:
    """Check every rule file the extractor reads, in ``folder`` (the package's ``data`` when
    None); raise :class:`RuleDataError` listing every mistake with its file and line."""
    if folder is None:
        _check_shipped()
        return
    _raise([e for n in (*SCHEMAS, ROLES) for e in _check_file(folder / n, n)])
    actor_gazetteer.load(folder / actor_gazetteer.FILE)


@cache
def _check_shipped() -> None:
    """The shipped files, checked once per process."""
    data = resources.files("incidex").joinpath("data")
    errors: list[str] = []
    for name in (*SCHEMAS, ROLES):
        text = data.joinpath(name).read_text(encoding="utf-8")
        errors += check_text(text, name, f"incidex/data/{name}")
    _raise(errors)
    actor_gazetteer.actors()


def _check_file(path: Path, name: str) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        return [f"{path}: cannot be read: {error.strerror or error}"]
    return check_text(text, name, str(path))


def _raise(errors: list[str]) -> None:
    if errors:
        count = f"{len(errors)} problem" + ("s" if len(errors) > 1 else "")
        raise RuleDataError(f"rule data is invalid ({count}):\n  " + "\n  ".join(errors))
