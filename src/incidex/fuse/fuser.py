"""In-memory fusion for ``incidex extract``: mentions in, one incident per attack out.

The store runs the same ``best_match`` and ``reconcile`` incrementally for ``incidex ingest``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from incidex.fuse.match import best_match
from incidex.fuse.reconcile import reconcile
from incidex.models import FieldName, Incident, Mention, content_hash


def block_key(mention: Mention) -> tuple[str, str] | None:
    """Candidates share a country and a year; a mention with neither is never merged."""
    country, when = mention.value(FieldName.COUNTRY), mention.value(FieldName.DATE)
    if not country or not when:
        return None
    return country.lower(), when[:4]


def incident_id(mention: Mention) -> str:
    return content_hash("incident", mention.id)


def singleton(mention: Mention) -> Incident:
    return reconcile(Incident(id=incident_id(mention), mentions=[mention]))


class Fuser:
    """Adds mentions one by one, attaching each to the best matching incident or a new one."""

    def __init__(self) -> None:
        self.incidents: list[Incident] = []
        self._blocks: dict[tuple[str, str], list[Incident]] = defaultdict(list)

    def add(self, mention: Mention) -> Incident:
        key = block_key(mention)
        found = best_match(mention, self._blocks[key]) if key else None
        if found is None:
            found = singleton(mention)
            self.incidents.append(found)
            if key:
                self._blocks[key].append(found)
            return found
        found.mentions.append(mention)
        return reconcile(found)


def fuse_mentions(mentions: Iterable[Mention]) -> list[Incident]:
    fuser = Fuser()
    for mention in mentions:
        fuser.add(mention)
    return fuser.incidents


def per_document(mentions: Iterable[Mention]) -> list[Incident]:
    """No fusion: each mention is its own incident (``extract --per-document``)."""
    return [singleton(m) for m in mentions]
