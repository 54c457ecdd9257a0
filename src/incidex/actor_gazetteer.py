"""The actor gazetteer (``data/actors.yaml``), typed and checked when it is loaded.

Groups, agencies and the noisy-spelling patterns are read into pydantic models. A mistake in the
file stops the program at start-up with the file, the line and the entry, instead of silently
changing what the extractor finds:

- an unknown key (``alias:`` for ``aliases:``), a key given twice in one entry, a missing or
  empty name, a group without its region or source note, an unknown region, agency kind or
  country;
- two entries with one canonical name, or one alias (in the normalised form the resolver uses:
  case, hyphens, apostrophes, a leading "the") claimed by two different actors;
- a parent that is not a group of the file, a group that is its own ancestor;
- an alias made only of generic organisation words ("Front", "Armed Forces", "Liberation Army"):
  it would tag ordinary prose as a group (names of three or more such words, "New People's Army",
  are allowed: they are how those groups are named);
- a noise pattern that does not compile or names an unknown group.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from incidex.errors import DataError

FILE = "actors.yaml"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Region = Literal[
    "North America",
    "Central America & Caribbean",
    "South America",
    "East Asia",
    "Southeast Asia",
    "South Asia",
    "Central Asia",
    "Western Europe",
    "Eastern Europe",
    "Middle East & North Africa",
    "Sub-Saharan Africa",
    "Australasia & Oceania",
    "International",
]
AgencyKind = Literal[
    "military", "ministry", "police", "intelligence", "government", "international", "militia"
]
# GTD country names of states that no longer exist, on top of today's (``vocab.country_codes``)
HISTORICAL_COUNTRIES = frozenset(
    {
        "West Germany (FRG)",
        "East Germany (GDR)",
        "Soviet Union",
        "Yugoslavia",
        "Czechoslovakia",
        "Rhodesia",
        "Zaire",
        "South Yemen",
        "North Yemen",
        "Serbia-Montenegro",
        "South Vietnam",
        "West Bank and Gaza Strip",
        "Kosovo",
    }
)
# Words that name no organisation by themselves: an alias made only of these, in one or two
# words (articles and prepositions aside), is ordinary prose.
_GENERIC = """national peoples people popular revolutionary liberation front army armed forces
    force movement group groups party brigade brigades commando commandos organization organisation
    council union league command cell cells resistance unit units battalion committee committees
    militia militias fighters guerrilla guerrillas defense defence self action nuclei squad squads
    independent new united democratic patriotic free freedom rebels rebel militants insurgents
    extremists gunmen members militant insurgent extremist"""
GENERIC_WORDS = frozenset(_GENERIC.split())
_FUNCTION = "the of and for in de del la el los las y a an"
FUNCTION_WORDS = frozenset(_FUNCTION.split())

DASHES = re.compile(r"[\u2010-\u2015\u2212]+")
QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "“": '"', "”": '"'})


_ARTICLE = re.compile(r"^(?:the|an?)\s+")
_HYPHENS = re.compile(r"-+")
_WORD = re.compile(r"[^\W_]+")


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """Lower case, no leading article or trailing "'s", hyphens as spaces, no apostrophes, single
    spaces: the spelling variants of one name ("Al Qaida", "al-Qaida") give one key."""
    key = unicodedata.normalize("NFKC", text).translate(QUOTES)
    key = DASHES.sub("-", key)
    key = " ".join(key.split()).strip(" ,.;:").lower()
    key = _ARTICLE.sub("", key)
    key = key.removesuffix("'s").replace("'", "")
    return " ".join(_HYPHENS.sub(" ", key).split())


def is_generic(text: str, max_words: int | None = 2) -> bool:
    """``text`` is made only of generic organisation words ("the Liberation Front"), in at most
    ``max_words`` of them (any number when None)."""
    key = unicodedata.normalize("NFKC", text).translate(QUOTES).lower().replace("'", "")
    words = [w for w in _WORD.findall(key) if w not in FUNCTION_WORDS]
    if not words or (max_words is not None and len(words) > max_words):
        return False
    return all(w in GENERIC_WORDS for w in words)


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    name: str = Field(min_length=2)
    aliases: tuple[str, ...] = ()

    @field_validator("aliases", mode="before")
    @classmethod
    def _no_null(cls, value: Any) -> Any:
        return () if value is None else value

    @field_validator("aliases")
    @classmethod
    def _aliases(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for alias in value:
            if not alias.strip():
                raise ValueError("an alias is empty")
            if is_generic(alias):
                raise ValueError(f"alias {alias!r} is only generic words (ordinary prose)")
        return tuple(a.strip() for a in value)


class Group(_Entry):
    """An armed group: GTD canonical name (``gname``), aliases, the group it is a branch of."""

    region: Region
    source: str = Field(min_length=1)  # where the name and the aliases come from
    parent: str | None = None
    country: tuple[str, ...] = ()

    @field_validator("country", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        if value is None:
            return ()
        return (value,) if isinstance(value, str) else value

    @field_validator("country")
    @classmethod
    def _known_countries(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        from incidex.vocab import country_codes

        for country in value:
            if country not in HISTORICAL_COUNTRIES and country.lower() not in country_codes():
                raise ValueError(f"unknown country {country!r}")
        return value


class Agency(_Entry):
    """A government, ministry, army, police or intelligence body: a source of statements."""

    kind: AgencyKind
    source: str | None = None


class ActorFile(BaseModel):
    """The whole gazetteer."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    regex: dict[str, str] = Field(default_factory=dict)
    groups: tuple[Group, ...]
    agencies: tuple[Agency, ...] = ()

    @field_validator("regex", "agencies", mode="before")
    @classmethod
    def _empty(cls, value: Any, info: Any) -> Any:
        if value is None:
            return {} if info.field_name == "regex" else ()
        return value

    def group_named(self) -> dict[str, Group]:
        return {g.name: g for g in self.groups}


def _problems(data: ActorFile) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Cross-entry mistakes, each as (location in the file, message)."""
    seen: dict[str, tuple[str, str]] = {}  # canonical name -> section
    owner: dict[str, str] = {}  # normalised alias -> canonical name
    for section in ("groups", "agencies"):
        entries: tuple[_Entry, ...] = getattr(data, section)
        for i, entry in enumerate(entries):
            if entry.name in seen:
                yield (section, i, "name"), f"canonical name {entry.name!r} is given twice"
            seen.setdefault(entry.name, (section, str(i)))
            for j, alias in enumerate((entry.name, *entry.aliases)):
                key = normalize(alias)
                other = owner.setdefault(key, entry.name)
                if other != entry.name:
                    where = (section, i, "aliases", j - 1) if j else (section, i, "name")
                    yield where, f"alias {alias!r} is also claimed by {other!r}"
    groups = data.group_named()
    for i, group in enumerate(data.groups):
        if group.parent is None:
            continue
        if group.parent not in groups:
            yield ("groups", i, "parent"), f"parent {group.parent!r} is not a group of the file"
            continue
        chain: set[str] = {group.name}
        up: str | None = group.parent
        while up is not None and up in groups:
            if up in chain:
                yield ("groups", i, "parent"), "the group is its own ancestor (parent cycle)"
                break
            chain.add(up)
            up = groups[up].parent
    for pattern, name in data.regex.items():
        try:
            re.compile(pattern)
        except re.error as error:
            yield ("regex", pattern), f"pattern does not compile: {error}"
        if name not in groups:
            yield ("regex", pattern), f"names {name!r}, not a group of the file"


def _line(root: yaml.Node | None, loc: tuple[str | int, ...]) -> tuple[int | None, str | None]:
    """The line (1-based) of ``loc`` in the composed file, and the name of the entry there."""
    node, line, entry = root, None, None
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
            if isinstance(node, yaml.MappingNode):
                entry = next((str(v.value) for k, v in node.value if k.value == "name"), entry)
        else:
            break
    return line, entry


def _build(node: yaml.Node | None, duplicates: list[tuple[int, str]]) -> Any:
    """The data of a composed node: mappings, lists, and scalars as written (a string, or None
    for an empty or null value: every value of the file is text). Keys given twice in one
    mapping (YAML keeps the last silently) are added to ``duplicates`` as (line, key)."""
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key, value in node.value:
            name = _build(key, duplicates)
            if name in out:
                duplicates.append((key.start_mark.line + 1, str(name)))
            out[name] = _build(value, duplicates)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, duplicates) for item in node.value]
    if node is None or node.tag.endswith(":null"):
        return None
    return node.value


def parse(text: str, source: str = FILE) -> ActorFile:
    """The gazetteer in ``text`` (named ``source`` in errors), checked; :class:`DataError` lists
    every mistake with its line and entry."""
    try:  # one parse: the nodes keep their lines, the data is built from them
        root = yaml.compose(text, Loader=_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError as error:
        raise DataError(f"{source}: not valid YAML: {error}") from None
    duplicates: list[tuple[int, str]] = []
    raw = _build(root, duplicates)
    errors = [
        f"{source}:{line}: key {key!r} is given twice in one entry" for line, key in duplicates
    ]

    def report(loc: tuple[str | int, ...], message: str) -> None:
        line, entry = _line(root, loc)
        where = f"{source}:{line}" if line else source
        what = f" (entry {entry!r})" if entry else ""
        errors.append(f"{where}{what}: {message}")

    data: ActorFile | None = None
    try:
        data = ActorFile.model_validate(raw if raw is not None else {})
    except ValidationError as error:
        for item in error.errors():
            loc = tuple(item["loc"])
            message = str(item["msg"]).removeprefix("Value error, ")
            field = next((str(p) for p in reversed(loc) if isinstance(p, str)), "")
            if item["type"] == "extra_forbidden":
                message = f"unknown key {loc[-1]!r}"
            elif item["type"] == "missing":
                message = f"missing key {loc[-1]!r}"
            elif item["type"] == "value_error":
                message = f"{field}: {message}"
            else:
                value = item.get("input")
                shown = f" (got {value!r})" if isinstance(value, str | int | float) else ""
                message = f"{field}: {message}{shown}"
            report(loc, message)
    if data is not None:
        for loc, message in _problems(data):
            report(loc, message)
    if errors:
        count = f"{len(errors)} problem" + ("s" if len(errors) > 1 else "")
        raise DataError(f"{source} is invalid ({count}):\n  " + "\n  ".join(errors))
    assert data is not None
    return data


def load(path: Path) -> ActorFile:
    """The gazetteer at ``path``, checked (see :func:`parse`)."""
    return parse(path.read_text(encoding="utf-8"), str(path))


@cache
def actors() -> ActorFile:
    """The shipped gazetteer (``incidex/data/actors.yaml``), checked once per process."""
    text = resources.files("incidex").joinpath("data", FILE).read_text(encoding="utf-8")
    return parse(text, f"incidex/data/{FILE}")
