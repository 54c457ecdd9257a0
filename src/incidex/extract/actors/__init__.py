"""Actors: the perpetrator group, its claim, perpetrator counts and attribution statements.

Entry point of the stage. ``actors`` (GTD ``gname`` and ``claimed``, with ``attribution``:
how the text ties a group to the attack), ``perps`` (nperps, nperpcap), ``statements`` (who
claims, blames or denies, with the actors of ``statement_actors``).
"""

from __future__ import annotations

from incidex.extract.actors.actors import extract_actor, group_of_frame
from incidex.extract.actors.perps import extract_perps
from incidex.extract.actors.statements import attach_statements, document_statements

__all__ = [
    "attach_statements",
    "document_statements",
    "extract_actor",
    "extract_perps",
    "group_of_frame",
]
