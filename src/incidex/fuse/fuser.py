"""Fusion: mentions in, one incident per attack out, the same whatever order they came in.

Reports are compared pairwise (``match``) and grouped (``cluster``); each incident records, for
every report, its strongest link within the incident (``Incident.links``: the analyst sees why).
Mentions are kept in a canonical order (day-precise main reports first, then coarser and
background mentions, ties by id); an incident's id is derived from its first mention in that
order. ``incidex extract`` fuses all mentions at once; the fusion service re-fuses the connected
component of each new mention with the same function (see ``fuse.service``), so ``incidex
ingest`` in any order gives the same incidents.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable

from incidex.dates import PartialDate
from incidex.fuse.cluster import cluster
from incidex.fuse.match import compare
from incidex.fuse.profile import Profile, build_profile
from incidex.fuse.reconcile import reconcile
from incidex.models import FieldName, FusionLink, Incident, Mention, content_hash

PRECISION_RANK = {"day": 0, "month": 1, "year": 2}


def block_key(mention: Mention) -> tuple[str, int] | None:
    """Candidates share a country and a year; a mention with neither is never merged."""
    country = mention.value(FieldName.COUNTRY)
    when = PartialDate.parse(mention.value(FieldName.DATE))
    if not country or when is None:
        return None
    return country.lower(), when.year


def canonical_key(mention: Mention) -> tuple[int, bool, str]:
    """Precise main reports found incidents; vaguer mentions then join the best one."""
    when = PartialDate.parse(mention.value(FieldName.DATE))
    rank = PRECISION_RANK[when.precision] if when else 3
    return rank, mention.background, mention.id


def incident_id(first: Mention) -> str:
    return content_hash("incident", first.id)


def singleton(mention: Mention) -> Incident:
    return reconcile(Incident(id=incident_id(mention), mentions=[mention]))


def fuse_mentions(
    mentions: Iterable[Mention], profile: Callable[[Mention], Profile] = build_profile
) -> list[Incident]:
    """One incident per attack (``cluster``); the result does not depend on the order of
    ``mentions``. Each incident's mentions are in canonical order, its id from the first.
    ``profile``: ``build_profile``, or a cache of it (the fusion service's)."""
    ordered = sorted(mentions, key=canonical_key)
    profiles = [profile(m) for m in ordered]
    incidents = []
    for group in sorted(cluster(profiles)):
        members = [ordered[i] for i in group]
        found = Incident(id=incident_id(members[0]), mentions=members)
        found.links = links([profiles[i] for i in group])
        incidents.append(reconcile(found))
    return incidents


def links(profiles: list[Profile]) -> dict[str, FusionLink]:
    """Each report's strongest link to another report of its group (reports that link none,
    such as a report alone, have none)."""
    found: dict[str, FusionLink] = {}
    for a, b in itertools.combinations(profiles, 2):
        verdict = compare(a, b)
        if not verdict.links:
            continue
        for mine, theirs in ((a, b), (b, a)):
            known = found.get(mine.mention_id)
            if known is None or (verdict.score, theirs.mention_id) > (
                known.score,
                known.mention_id,
            ):
                found[mine.mention_id] = FusionLink(
                    theirs.mention_id, round(verdict.score, 2), verdict.reasons
                )
    return found


def story_order(incidents: list[Incident]) -> list[Incident]:
    """The attacks the articles report, in the order their first report tells them, then the
    attacks only named in passing, likewise; the order does not depend on the input order."""

    def key(incident: Incident) -> tuple[bool, str, int]:
        first = min(incident.mentions, key=lambda m: (m.doc_id, m.index))
        return all(m.background for m in incident.mentions), first.doc_id, first.index

    return sorted(incidents, key=key)


def per_document(mentions: Iterable[Mention]) -> list[Incident]:
    """No fusion: each mention is its own incident (``extract --per-document``)."""
    return [singleton(m) for m in mentions]
