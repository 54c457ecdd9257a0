"""Taxonomy: GTD attack, weapon and target types, target text, suicide and multiple flags.

Entry point of the stage (``extract_taxonomy``). ``taxonomy`` types the attack and weapon,
``targets`` finds and types what the attack was aimed at, ``flags`` sets suicide and multiple.
"""

from __future__ import annotations

from incidex.extract.taxonomy.taxonomy import extract_taxonomy

__all__ = ["extract_taxonomy"]
