"""Read the YAML rule and vocabulary files shipped in ``incidex/data`` (once per process)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

from incidex.actor_gazetteer import actors

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # same result, ~8x faster in C


@cache
def load_data(name: str) -> Any:
    """The parsed content of ``incidex/data/<name>``."""
    text = resources.files("incidex").joinpath("data", name).read_text(encoding="utf-8")
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader (libyaml's when built)


@cache
def group_aliases() -> dict[str, list[str]]:
    """Canonical group name -> its aliases, from the actor gazetteer."""
    return {g.name: list(g.aliases) for g in actors().groups}


@cache
def group_parents() -> dict[str, str]:
    """Canonical group name -> the group it is a branch of."""
    return {g.name: g.parent for g in actors().groups if g.parent}


@cache
def country_codes() -> dict[str, str]:
    """GTD country name (lower case) -> ISO 3166 alpha-2 code."""
    import pycountry

    places = load_data("places.yaml")
    codes = {c.name.lower(): c.alpha_2 for c in pycountry.countries}
    codes.update(
        {getattr(c, "common_name", c.name).lower(): c.alpha_2 for c in pycountry.countries}
    )
    codes.update({name.lower(): code for code, name in (places.get("gtd_names") or {}).items()})
    codes.update({n.lower(): code for n, code in (places.get("extra_countries") or {}).items()})
    return codes
