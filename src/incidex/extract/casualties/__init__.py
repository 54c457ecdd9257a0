"""Casualties: killed and wounded counts of one mention, with their hedges and evidence.

Entry point of the stage (``extract_casualties``). ``casualties`` combines the counts of
``clauses`` (the parse of each casualty clause, with ``words``, ``surface`` and ``voice``),
``extra`` (patterns beyond the parse) and ``tally`` (running totals); ``victim_counts`` reads a
noun phrase's count and ``numbers`` a hedged number ("at least 16").
"""

from __future__ import annotations

from incidex.extract.casualties.casualties import extract_casualties

__all__ = ["extract_casualties"]
