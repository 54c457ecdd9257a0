"""The vocabularies the incidents filter resolves what users type against: countries by any
common name or ISO code (GTD's ``country_txt``), GTD's 12 regions, and the attack, weapon and
target type labels (``data/filter_vocab.yaml``, typed and checked when loaded).

``region_of(country)`` is the one place that says which GTD region a country is in; the exports'
codebook can use it (or replace the data file) without touching the filter.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from incidex.errors import DataError

FILE = "filter_vocab.yaml"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
TypeKind = Literal["attack", "weapon", "target"]


class Coded(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    code: int = Field(ge=1)
    name: str = Field(min_length=1)


class Region(Coded):
    countries: tuple[str, ...] = Field(min_length=1)


class VocabFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    regions: tuple[Region, ...] = Field(min_length=1)
    attack_types: tuple[Coded, ...] = Field(min_length=1)
    weapon_types: tuple[Coded, ...] = Field(min_length=1)
    target_types: tuple[Coded, ...] = Field(min_length=1)


def _fold(text: str) -> str:
    """Case and spacing folded: how user input and names are compared."""
    return " ".join(text.lower().split())


@dataclass(frozen=True, slots=True)
class Countries:
    """Every name of every country, folded -> its key (ISO alpha-2, or GTD's name for a state of
    the past), the key -> GTD ``country_txt``, and the key -> all its folded names."""

    key_of: dict[str, str]
    gtd_name: dict[str, str]
    names: dict[str, frozenset[str]]


def _historical() -> frozenset[str]:
    from incidex.actor_gazetteer import HISTORICAL_COUNTRIES

    return HISTORICAL_COUNTRIES


@cache
def countries() -> Countries:
    import pycountry

    from incidex.vocab import load_data

    places: dict[str, Any] = load_data("places.yaml")
    gtd: dict[str, str] = places.get("gtd_names") or {}
    key_of: dict[str, str] = {}
    gtd_name: dict[str, str] = {}
    for c in pycountry.countries:
        gtd_name[c.alpha_2] = str(gtd.get(c.alpha_2) or getattr(c, "common_name", c.name))
        spelled = (c.alpha_2, c.alpha_3, c.name, getattr(c, "common_name", None))
        for name in (*spelled, getattr(c, "official_name", None), gtd_name[c.alpha_2]):
            if name:
                key_of.setdefault(_fold(name), c.alpha_2)
    for name, code in (places.get("extra_countries") or {}).items():
        gtd_name.setdefault(code, str(gtd.get(code, name)))
        key_of.setdefault(_fold(name), code)
        key_of.setdefault(_fold(code), code)
    by_gtd = {_fold(v): k for k, v in gtd_name.items()}
    for alias, target in (places.get("aliases") or {}).items():
        if _fold(target) in by_gtd:
            key_of.setdefault(_fold(str(alias)), by_gtd[_fold(target)])
    for name in _historical():
        if _fold(name) not in key_of:  # "Kosovo", "West Bank and Gaza Strip" have codes
            key_of[_fold(name)] = name
            gtd_name[name] = name
    names: dict[str, set[str]] = {}
    for name, key in key_of.items():
        names.setdefault(key, set()).add(name)
    return Countries(key_of, gtd_name, {k: frozenset(v) for k, v in names.items()})


def country_key(text: str) -> str | None:
    """The key of the country ``text`` names (any case: "Russian Federation", "RU", "RUS")."""
    return countries().key_of.get(_fold(text))


def country_name(text: str) -> str | None:
    """GTD's ``country_txt`` of the country ``text`` names, or None for no known country."""
    key = country_key(text)
    return countries().gtd_name.get(key) if key else None


def country_spellings(text: str) -> frozenset[str]:
    """Every name (folded) of the country ``text`` names, as a stored value may spell it."""
    key = country_key(text)
    return countries().names.get(key, frozenset()) if key else frozenset()


@cache
def vocabulary() -> VocabFile:
    """The shipped file, checked once per process."""
    text = resources.files("incidex").joinpath("data", FILE).read_text(encoding="utf-8")
    return parse(text, f"incidex/data/{FILE}")


def parse(text: str, source: str = FILE) -> VocabFile:
    """The vocabulary in ``text``; :class:`DataError` lists every mistake with its line."""
    try:
        root = yaml.compose(text, Loader=_LOADER)  # noqa: S506 - a safe loader
        raw = yaml.load(text, Loader=_LOADER) or {}  # noqa: S506
    except yaml.YAMLError as error:
        raise DataError(f"{source}: not valid YAML: {error}") from None
    errors: list[str] = []

    def report(loc: tuple[Any, ...], message: str) -> None:
        line = _line(root, loc)
        errors.append(f"{source}:{line}: {message}" if line else f"{source}: {message}")

    data: VocabFile | None = None
    try:
        data = VocabFile.model_validate(raw)
    except ValidationError as error:
        for item in error.errors():
            loc = tuple(item["loc"])
            report(loc, f"{'.'.join(str(p) for p in loc)}: {item['msg']}")
    if data is not None:
        for loc, message in _problems(data):
            report(loc, message)
    if errors:
        raise DataError(f"{source} is invalid:\n  " + "\n  ".join(errors))
    assert data is not None
    return data


def _problems(data: VocabFile) -> Iterator[tuple[tuple[Any, ...], str]]:
    known = countries().gtd_name
    seen: dict[str, str] = {}
    for section in ("regions", "attack_types", "weapon_types", "target_types"):
        entries: tuple[Coded, ...] = getattr(data, section)
        codes: set[int] = set()
        names: set[str] = set()
        for n, entry in enumerate(entries):
            if entry.code in codes:
                yield (section, n, "code"), f"code {entry.code} is given twice in {section}"
            if _fold(entry.name) in names:
                yield (section, n, "name"), f"{entry.name!r} is given twice in {section}"
            codes.add(entry.code)
            names.add(_fold(entry.name))
    for n, region in enumerate(data.regions):
        for m, country in enumerate(region.countries):
            where = ("regions", n, "countries", m)
            if country not in known:
                yield where, f"{country!r} is no ISO alpha-2 code nor a GTD country of the past"
            elif country in seen:
                yield where, f"{country!r} is in two regions: {seen[country]!r}, {region.name!r}"
            seen[country] = region.name


def _line(root: yaml.Node | None, loc: tuple[Any, ...]) -> int | None:
    node, line = root, None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            found = next(((k, v) for k, v in node.value if k.value == part), None)
            if found is None:
                break
            line, node = found[0].start_mark.line + 1, found[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                break
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line


@cache
def _region_by_key() -> dict[str, str]:
    return {country: r.name for r in vocabulary().regions for country in r.countries}


def region_of(country: str | None) -> str | None:
    """GTD's region (``region_txt``) of ``country`` (any name or code), None if not known."""
    if not country:
        return None
    key = country_key(country)
    return _region_by_key().get(key) if key else None


def region_countries(region: str) -> frozenset[str]:
    """Every name (folded) of every country of the GTD region called ``region`` exactly."""
    table = countries().names
    return frozenset(
        name
        for r in vocabulary().regions
        if r.name == region
        for key in r.countries
        for name in table.get(key, ())
    )


def region_names() -> list[str]:
    return [r.name for r in vocabulary().regions]


def type_labels(kind: TypeKind) -> list[str]:
    """GTD's labels of the attack, weapon or target types, in code order."""
    return [t.name for t in _types(kind)]


def type_codes(kind: TypeKind) -> list[tuple[int, str]]:
    """GTD's codes and labels of the attack, weapon or target types."""
    return [(t.code, t.name) for t in _types(kind)]


def _types(kind: TypeKind | Literal["region"]) -> tuple[Coded, ...]:
    data = vocabulary()
    if kind == "region":
        return data.regions
    return {"attack": data.attack_types, "weapon": data.weapon_types, "target": data.target_types}[
        kind
    ]


def resolve_label(kind: TypeKind | Literal["region"], text: str) -> str | None:
    """The label ``text`` means among GTD's regions or attack, weapon or target types: its code
    ("3"), the label in any case, or the start of one label or of one of its words ("bombing",
    "explosion", "middle east"); None when it means none or several."""
    entries = _types(kind)
    wanted = _fold(text)
    if wanted.isdigit():
        return next((e.name for e in entries if e.code == int(wanted)), None)
    for entry in entries:
        if _fold(entry.name) == wanted:
            return entry.name
    starts = [e.name for e in entries if _fold(e.name).startswith(wanted)]
    if len(starts) == 1:
        return starts[0]
    words = [
        e.name
        for e in entries
        if re.search(r"(?:^|[\s/(&-])" + re.escape(wanted), _fold(e.name)) is not None
    ]
    return words[0] if len(words) == 1 else None
