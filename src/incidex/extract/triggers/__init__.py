"""Triggers and factuality: which attacks a document reports, and which of them are incidents.

Entry point of the stage. ``gate`` (the document gate, before the parse), ``events`` (attack
triggers grouped into reports, with ``event_cues`` and ``other_attack``), ``modality`` (whether
a trigger's clause tells an attack that happened), ``qualification`` (whether a report is an
incident, with its grounds; vocabulary in ``realis``).
"""

from __future__ import annotations

from incidex.extract.triggers.event_cues import grammar_words
from incidex.extract.triggers.events import Group, group_sentences
from incidex.extract.triggers.gate import Relevance, relevance
from incidex.extract.triggers.modality import irrealis_reason, tells_no_attack
from incidex.extract.triggers.qualification import Report, document_frame, qualify, trigger_veto

__all__ = [
    "Group",
    "Relevance",
    "Report",
    "document_frame",
    "grammar_words",
    "group_sentences",
    "irrealis_reason",
    "qualify",
    "relevance",
    "tells_no_attack",
    "trigger_veto",
]
