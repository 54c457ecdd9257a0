"""The one incidents filter of the CLI, the API, the workbench and every export, and how what a
user typed is resolved to the values the store holds.

``Filters`` is what to select (a pydantic model: the API and the pages take it as their query
parameters, the CLI builds it from its options); ``IncidentFilter`` adds the order and the page.
``resolve`` turns it into SQL conditions on the incidents table's own columns:

- ``group``: any name or alias of an actor of the knowledge base (the gazetteer's aliases and
  acronyms, aliases learned from articles, then the closest alias), matched with the group's
  branches (the gazetteer's parent ties, as the actor page counts them; ``branches=False`` for the
  group alone). Text that names no actor matches the stored group names containing it.
- ``country``: any common name or ISO code ("Russian Federation", "RU", "RUS"), matched with every
  spelling of that country; ``region``: GTD's region by name, code or a unique start of its name.
- ``attack``, ``weapon``, ``target``: GTD's type labels by label (any case), code or a unique
  start of the label or of one of its words ("bombing", "kidnapping", "vehicle").
- ``min_killed``, ``min_wounded``: at least that many (an unknown toll does not pass).

A value that names nothing known (and, for a group or a country, no stored value either) is a
``UsageError`` saying so: an empty list would look like "no such incidents".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator
from rapidfuzz import fuzz, process
from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from incidex import filter_vocab
from incidex.errors import UsageError
from incidex.kb import lexicon
from incidex.store.schema import ActorAliasRow, ActorRow, IncidentRow
from incidex.store.search import like_escape
from incidex.vocab import group_aliases, group_parents

FUZZY_CUTOFF = 88  # as ``store.actors``: the closest alias, only when close
MAX_COUNT = 2**31 - 1
Text = Annotated[str | None, Field(max_length=200)]
Count = Annotated[int | None, Field(ge=0, le=MAX_COUNT)]


class Filters(BaseModel):
    """Which incidents: every criterion optional, all of them must hold."""

    model_config = ConfigDict(populate_by_name=True)

    country: Annotated[Text, Field(description="Any name or ISO code of the country")] = None
    region: Annotated[
        Text, Field(description="GTD region: name, code (1-12) or start of the name")
    ] = None
    group: Annotated[Text, Field(description="Any name or alias of the perpetrator group")] = None
    branches: Annotated[
        bool, Field(description="With the group's branches (as the KB records)")
    ] = True
    attack: Annotated[
        Text, Field(description="GTD attack type: label, code or start of a word")
    ] = None
    weapon: Annotated[
        Text, Field(description="GTD weapon type: label, code or start of a word")
    ] = None
    target: Annotated[
        Text, Field(description="GTD target type: label, code or start of a word")
    ] = None
    since: Annotated[date | None, Field(description="Earliest date, YYYY-MM-DD")] = None
    until: Annotated[date | None, Field(description="Latest date, YYYY-MM-DD")] = None
    min_killed: Annotated[Count, Field(description="At least this many killed")] = None
    min_wounded: Annotated[Count, Field(description="At least this many wounded")] = None
    query: Annotated[Text, Field(alias="q", description="Text in the values or the articles")] = (
        None
    )

    @field_validator("*", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        """A form's empty field is no criterion; text is stripped."""
        if isinstance(value, str):
            value = value.strip()
            return value or None
        return value

    def params(self) -> dict[str, str]:
        """The set criteria as URL query parameters (what links to the same list carry)."""
        out: dict[str, str] = {}
        for name, info in Filters.model_fields.items():
            value = getattr(self, name)
            if name == "branches":
                if not value:
                    out[name] = "false"
            elif value is not None:
                out[info.alias or name] = (
                    value.isoformat() if isinstance(value, date) else str(value)
                )
        return out


class IncidentFilter(Filters):
    """``Filters`` with the order and the page of a list."""

    sort: str = "-date"  # a key of listing.SORTS, "-" first for descending
    limit: int | None = None
    offset: int = 0
    # also incidents an analyst marked "not an incident", and those no report qualifies yet
    include_dismissed: bool = False


@dataclass(slots=True)
class Resolved:
    """What the criteria mean in the store: folded names to match and what each resolved to."""

    conditions: list[ColumnElement[bool]] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)  # criterion -> what it matched


def resolve(session: Session, filters: Filters) -> Resolved:
    """The SQL conditions of ``filters`` (on the incidents table's own columns), or a
    ``UsageError`` naming the first value that means nothing known."""
    out = Resolved()
    if filters.since and filters.until and filters.since > filters.until:
        raise UsageError("since is after until; swap them")
    if filters.country:
        names, shown = _country(session, filters.country)
        out.conditions.append(func.lower(IncidentRow.country).in_(sorted(names)))
        out.notes["country"] = shown
    if filters.region:
        region = filter_vocab.resolve_label("region", filters.region)
        if region is None:
            raise UsageError(
                f"unknown region {filters.region!r}; use one of GTD's: "
                + ", ".join(filter_vocab.region_names())
            )
        names = filter_vocab.region_countries(region)
        out.conditions.append(func.lower(IncidentRow.country).in_(sorted(names)))
        out.notes["region"] = region
    if filters.group:
        condition, shown = _group(session, filters.group, filters.branches)
        out.conditions.append(condition)
        out.notes["group"] = shown
    for kind, column in (
        ("attack", IncidentRow.attacktype),
        ("weapon", IncidentRow.weaptype),
        ("target", IncidentRow.targtype),
    ):
        text = getattr(filters, kind)
        if not text:
            continue
        label = filter_vocab.resolve_label(kind, text)  # type: ignore[arg-type]
        if label is None:
            raise UsageError(
                f"unknown {kind} type {text!r}; use a GTD label or its code: "
                + "; ".join(f"{n} {name}" for n, name in filter_vocab.type_codes(kind))  # type: ignore[arg-type]
            )
        out.conditions.append(column == label)
        out.notes[kind] = label
    if filters.min_killed is not None:
        out.conditions.append(IncidentRow.nkill >= filters.min_killed)
    if filters.min_wounded is not None:
        out.conditions.append(IncidentRow.nwound >= filters.min_wounded)
    return out


def _country(session: Session, text: str) -> tuple[frozenset[str], str]:
    """Every folded spelling of the country ``text`` names, and its GTD name."""
    names = filter_vocab.country_spellings(text)
    if names:
        return names, filter_vocab.country_name(text) or text
    folded = " ".join(text.lower().split())
    stored = session.scalar(
        select(IncidentRow.country).where(func.lower(IncidentRow.country) == folded).limit(1)
    )
    if stored is not None:  # a spelling only the store knows (an analyst's correction)
        return frozenset({folded}), stored
    raise UsageError(
        f"unknown country {text!r}: no country is called so and no incident names it; "
        "give a country's name or ISO code (Iraq, IQ, IRQ)"
    )


def _group(session: Session, text: str, branches: bool) -> tuple[ColumnElement[bool], str]:
    """The condition on the incident's group that ``text`` means, and what it resolved to."""
    canonical = lexicon.resolve(text) or _learned(session, text)
    if canonical is None:
        pattern = f"%{like_escape(text.lower())}%"
        part = func.lower(IncidentRow.gname).like(pattern, escape="\\")
        if session.scalar(select(IncidentRow.id).where(part).limit(1)) is not None:
            return part, f"group names containing {text!r}"
        canonical = _closest(text)
    if canonical is None:
        raise UsageError(
            f"unknown group {text!r}: it is no name or alias of a known actor and no stored "
            "incident's group contains it; look it up with: incidex actors --all"
        )
    names = [canonical, *(branch_names(canonical) if branches else [])]
    aliases = group_aliases()
    folded = {n.lower() for name in names for n in (name, *aliases.get(name, ()))}
    shown = canonical
    if len(names) > 1:
        shown += f" and its {len(names) - 1} branch" + ("es" if len(names) > 2 else "")
    return func.lower(IncidentRow.gname).in_(sorted(folded)), shown


def _learned(session: Session, text: str) -> str | None:
    """The actor an alias learned from an article names (read only: no gazetteer sync)."""
    return session.scalar(
        select(ActorRow.name)
        .join(ActorAliasRow, ActorAliasRow.actor_id == ActorRow.id)
        .where(ActorAliasRow.alias_key == lexicon.normalize(text))
        .order_by(ActorAliasRow.source.desc(), ActorRow.name)  # text before gazetteer
        .limit(1)
    )


def _closest(text: str) -> str | None:
    key = lexicon.normalize(text)
    if len(key) < 5:
        return None
    index = lexicon.alias_index()
    best = process.extractOne(key, list(index), scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
    return index[best[0]] if best is not None else None


def branch_names(group: str) -> list[str]:
    """The branches of ``group`` in the gazetteer, and theirs, by name."""
    children: dict[str, list[str]] = {}
    for child, parent in group_parents().items():
        children.setdefault(parent, []).append(child)
    found: list[str] = []
    todo = list(children.get(group, ()))
    while todo:
        name = todo.pop()
        if name in found or name == group:
            continue
        found.append(name)
        todo.extend(children.get(name, ()))
    return sorted(found)


def has_branches(group: str) -> bool:
    return group in set(group_parents().values())
