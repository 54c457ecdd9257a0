"""What the incidents filter resolves user input against: countries by any common name or ISO
code (GTD's ``country_txt``), GTD's 12 regions, and the attack, weapon and target type labels, by
code, label or the start of a word. The codes, labels and which region holds which country come
from the one GTD codebook (``incidex.codebook``); this module only reads what users type.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from incidex.codebook import TypeKind, codebook


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
    for name in codebook().data.past_countries:  # "Soviet Union", "Rhodesia"
        key_of.setdefault(_fold(name), name)
        gtd_name.setdefault(name, name)
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
def _region_by_key() -> dict[str, str]:
    book = codebook()
    return {key: book.data.regions[code] for code, keys in book.members.items() for key in keys}


def region_of(country: str | None) -> str | None:
    """GTD's region (``region_txt``) of ``country`` (any name or code), None if not known."""
    if not country:
        return None
    key = country_key(country)
    return _region_by_key().get(key) if key else None


def region_countries(region: str) -> frozenset[str]:
    """Every name (folded) of every country of the GTD region called ``region`` exactly."""
    book, table = codebook(), countries().names
    return frozenset(
        name
        for code, label in book.data.regions.items()
        if label == region
        for key in book.members[code]
        for name in table.get(key, ())
    )


def region_names() -> list[str]:
    """GTD's region labels, in code order."""
    return list(codebook().data.regions.values())


def type_labels(kind: TypeKind) -> list[str]:
    """GTD's labels of the attack, weapon or target types, in code order."""
    return list(codebook().labels(kind).values())


def type_codes(kind: TypeKind) -> list[tuple[int, str]]:
    """GTD's codes and labels of the attack, weapon or target types."""
    return list(codebook().labels(kind).items())


def resolve_label(kind: TypeKind | Literal["region"], text: str) -> str | None:
    """The label ``text`` means among GTD's regions or attack, weapon or target types: its code
    ("3"), the label in any case, or the start of one label or of one of its words ("bombing",
    "explosion", "middle east"); None when it means none or several."""
    entries = codebook().labels(kind)
    wanted = _fold(text)
    if wanted.isdigit():
        return entries.get(int(wanted))
    for name in entries.values():
        if _fold(name) == wanted:
            return name
    starts = [name for name in entries.values() if _fold(name).startswith(wanted)]
    if len(starts) == 1:
        return starts[0]
    words = [
        name
        for name in entries.values()
        if re.search(r"(?:^|[\s/(&-])" + re.escape(wanted), _fold(name)) is not None
    ]
    return words[0] if len(words) == 1 else None
