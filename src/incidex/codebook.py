"""The one source of GTD reference data (``incidex/data/gtd_codebook.yaml``): the codebook's 135
columns in order, the numeric codes and texts of regions, countries (by ISO alpha-2, and GTD's
states of the past by name, each with its region), attack, weapon and target types and subtypes,
claim modes and the rest. The GTD export writes by it and the incidents filter resolves against
it (``filter_vocab``); it sits at the package top so ``store`` and ``export`` both may read it.

Typed and checked when first used: a bad entry stops the program (exit code 6) with the file and
line, as the extractor's rule files do (``extract/rules.py``).
"""

from __future__ import annotations

import re
from functools import cache, cached_property
from importlib import resources
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    StrictInt,
    StrictStr,
    ValidationError,
)

from incidex.errors import DataError
from incidex.yaml_lines import duplicate_keys, node_line

FILE = "gtd_codebook.yaml"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
GTD_COLUMN_COUNT = 135
TypeKind = Literal["attack", "weapon", "target"]
LabelKind = Literal["attack", "weapon", "target", "claimmode", "region"]


def _compiles(cue: str) -> str:
    try:
        re.compile(cue)
    except re.error as err:
        raise ValueError(f"{cue!r} does not compile as a regex: {err}") from err
    return cue


def _alpha2(key: str) -> str:
    if not re.fullmatch(r"[A-Z]{2}", key):
        raise ValueError(f"{key!r} is not an ISO 3166 alpha-2 code (quote NO, ON, YES...)")
    return key


Cue = Annotated[StrictStr, AfterValidator(_compiles)]
Alpha2 = Annotated[StrictStr, AfterValidator(_alpha2)]
Labels = dict[StrictInt, StrictStr]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Subtype(_Strict):
    """A weapon or target subtype: its text, the type it belongs to, the words that name it."""

    name: StrictStr
    type: StrictInt
    cues: list[Cue]


class Country(_Strict):
    """GTD's region of a country, and its GTD country code (None: not coded here)."""

    region: StrictInt
    code: StrictInt | None


class CodebookFile(_Strict):
    """The schema of ``gtd_codebook.yaml``."""

    columns: list[StrictStr]
    unknown_flag: StrictInt
    unknown_count: StrictInt
    regions: Labels
    specificity: Labels
    attack_types: Labels
    weapon_types: Labels
    weapon_subtypes: dict[StrictInt, Subtype]
    target_types: Labels
    target_type_aliases: dict[StrictStr, StrictInt]
    target_subtypes: dict[StrictInt, Subtype]
    claim_modes: Labels
    property_extents: Labels
    alternatives: Labels
    hostage_outcomes: Labels
    countries: dict[Alpha2, Country]
    past_countries: dict[StrictStr, Country]


def _fold(text: str) -> str:
    return " ".join(text.lower().split())


def _known_alpha2() -> frozenset[str]:
    """ISO 3166 alpha-2 codes (pycountry) and the stand-ins ``places.yaml`` gives (XK)."""
    import pycountry

    from incidex.vocab import load_data

    extra = (load_data("places.yaml") or {}).get("extra_countries") or {}
    return frozenset(c.alpha_2 for c in pycountry.countries) | frozenset(extra.values())


def _problems(d: CodebookFile) -> list[tuple[tuple[Any, ...], str]]:
    """What the schema alone cannot check, each with where it is: column count, a label given
    twice, subtypes of unknown types, unknown or doubled countries, unknown regions, a GTD
    country code given twice, a state of the past that is a country of today."""
    from incidex.vocab import country_codes

    out: list[tuple[tuple[Any, ...], str]] = []
    if len(d.columns) != GTD_COLUMN_COUNT or len(set(d.columns)) != GTD_COLUMN_COUNT:
        out.append((("columns",), f"columns must be {GTD_COLUMN_COUNT} distinct names"))
    for section in ("regions", "attack_types", "weapon_types", "target_types", "claim_modes"):
        seen: set[str] = set()
        for code, text in getattr(d, section).items():
            if _fold(text) in seen:
                out.append(((section, code), f"{text!r} is given twice in {section}"))
            seen.add(_fold(text))
    for label, subtypes, types in (
        ("weapon_subtypes", d.weapon_subtypes, d.weapon_types),
        ("target_subtypes", d.target_subtypes, d.target_types),
    ):
        for code, sub in subtypes.items():
            if sub.type not in types:
                out.append(((label, code, "type"), f"type {sub.type} is not a code"))
    for alias, code in d.target_type_aliases.items():
        if code not in d.target_types:
            out.append((("target_type_aliases", alias), f"{code} is not a target type"))
    known = _known_alpha2()
    today = country_codes()
    codes: dict[int, str] = {}
    for section, table in (("countries", d.countries), ("past_countries", d.past_countries)):
        for key, country in table.items():
            if section == "countries" and key not in known:
                out.append(((section, key), f"{key!r} is no ISO alpha-2 code"))
            if section == "past_countries" and (key.lower() in today or key in d.countries):
                out.append(((section, key), f"{key!r} is a country of today, not of the past"))
            if country.region not in d.regions:
                out.append(((section, key), f"region {country.region} is not a region"))
            if country.code is not None:
                if country.code in codes:
                    out.append(((section, key), f"code {country.code} is {codes[country.code]}'s"))
                codes[country.code] = key
    return out


class Codebook:
    """Lookups over a checked codebook: a text to its code, a code to its text, a country (ISO
    alpha-2, or GTD's name of a state of the past) to its code and region."""

    def __init__(self, data: CodebookFile) -> None:
        self.data = data

    def labels(self, kind: LabelKind) -> dict[int, str]:
        """Code -> the codebook's text, for ``kind``, in code order."""
        return {
            "attack": self.data.attack_types,
            "weapon": self.data.weapon_types,
            "target": self.data.target_types,
            "claimmode": self.data.claim_modes,
            "region": self.data.regions,
        }[kind]

    @cached_property
    def _codes(self) -> dict[str, dict[str, int]]:
        out = {
            kind: {text.lower(): code for code, text in self.labels(kind).items()}
            for kind in ("attack", "weapon", "target", "claimmode")
        }
        out["target"].update({a.lower(): c for a, c in self.data.target_type_aliases.items()})
        return out

    def code(self, kind: str, text: str | None) -> int | None:
        """The code of ``text`` among ``kind`` (attack, weapon, target, claimmode); None if
        unknown."""
        return self._codes[kind].get(text.strip().lower()) if text else None

    def label(self, kind: LabelKind, code: int | None) -> str:
        """The codebook's text for ``code`` of ``kind``; empty for None."""
        return self.labels(kind).get(code, "") if code is not None else ""

    def country(self, key: str | None) -> Country | None:
        """The entry of a country by ISO alpha-2 code, or of a state of the past by GTD's name."""
        if not key:
            return None
        return self.data.countries.get(key) or self.data.past_countries.get(key)

    @cached_property
    def members(self) -> dict[int, tuple[str, ...]]:
        """Region code -> the keys of its countries (ISO codes, then states of the past)."""
        out: dict[int, list[str]] = {code: [] for code in self.data.regions}
        for table in (self.data.countries, self.data.past_countries):
            for key, country in table.items():
                out[country.region].append(key)
        return {code: tuple(keys) for code, keys in out.items()}

    @cached_property
    def _subtype_patterns(self) -> dict[str, list[tuple[int, Subtype, re.Pattern[str]]]]:
        out: dict[str, list[tuple[int, Subtype, re.Pattern[str]]]] = {}
        for kind, subs in (
            ("weapon", self.data.weapon_subtypes),
            ("target", self.data.target_subtypes),
        ):
            out[kind] = [
                (code, sub, re.compile(r"\b(?:" + "|".join(sub.cues) + r")\b"))
                for code, sub in subs.items()
            ]
        return out

    def subtype(self, kind: str, type_code: int | None, texts: list[str]) -> tuple[int, str] | None:
        """The first subtype (in file order) of type ``type_code`` that one of ``texts`` names,
        as (code, text); None when none does. Cues match case-sensitively, so a lower-case noun
        is not found inside a name ("city" in "Crocus City Hall")."""
        if type_code is None:
            return None
        for code, sub, pattern in self._subtype_patterns[kind]:
            if sub.type == type_code and any(pattern.search(t) for t in texts):
                return code, sub.name
        return None


def parse(text: str, source: str = FILE) -> Codebook:
    """The codebook in ``text`` (named ``source`` in errors), checked; :class:`DataError` lists
    every mistake as "file:line: what is wrong"."""
    try:
        root = yaml.compose(text, Loader=_LOADER)  # noqa: S506 - a safe loader
        data = yaml.load(text, Loader=_LOADER)  # noqa: S506
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{source}:{mark.line + 1}" if mark is not None else source
        raise DataError(f"{where}: not valid YAML: {getattr(error, 'problem', error)}") from None
    lines = [f"{source}:{line}: key {key!r} is given twice" for line, key in duplicate_keys(root)]
    problems: list[tuple[tuple[Any, ...], str]] = []
    try:
        checked = CodebookFile.model_validate(data if data is not None else {})
        problems = _problems(checked)
    except ValidationError as error:
        for item in error.errors():
            loc = tuple(p for p in item["loc"] if isinstance(p, str | int))
            problems.append((loc, str(item["msg"]).removeprefix("Value error, ")))
    if not problems and not lines:
        return Codebook(checked)
    lines += [
        f"{source}:{node_line(root, loc)}: {'.'.join(str(p) for p in loc) or 'file'}: {message}"
        for loc, message in problems
    ]
    count = f"{len(lines)} problem" + ("s" if len(lines) > 1 else "")
    raise DataError(f"{source} is invalid ({count}):\n  " + "\n  ".join(lines))


@cache
def codebook() -> Codebook:
    """The shipped codebook, read and checked once per process."""
    text = resources.files("incidex").joinpath("data", FILE).read_text(encoding="utf-8")
    return parse(text, f"incidex/data/{FILE}")
