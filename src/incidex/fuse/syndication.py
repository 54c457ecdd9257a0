"""Syndicated copies: the same wire story run by several outlets counts as one source.

Two reports of an incident are copies when the sentences they tell it with are nearly the same
text: at least ``COPY_OVERLAP`` of the word trigrams of the shorter one also occur in the other
(an outlet trims a lede, adds a dateline or a byline; it does not rewrite). Copies are grouped
transitively; each group's original is its earliest report (then the smallest document id), and
every other document of the group maps to it. Reconciliation then counts a group once when it
weighs figures and statements, and the casualty history shows a copied figure once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from incidex.fuse.profile import mention_sentences
from incidex.models import Mention

COPY_OVERLAP = 0.8
# Fewer trigrams than this (a sentence of a few words) is too little text to call two reports
# copies: short standard phrasings recur across independent reports.
MIN_SHINGLES = 12

_WORD = re.compile(r"\w+")


def shingles(mention: Mention) -> frozenset[tuple[str, str, str]]:
    """The word trigrams of the mention's own sentences, lower-cased."""
    found: set[tuple[str, str, str]] = set()
    for sentence in mention_sentences(mention):
        words = _WORD.findall(sentence.lower())
        found.update(zip(words, words[1:], words[2:], strict=False))
    return frozenset(found)


def are_copies(a: frozenset[tuple[str, str, str]], b: frozenset[tuple[str, str, str]]) -> bool:
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    if len(small) < MIN_SHINGLES:
        return False
    return len(small & large) >= COPY_OVERLAP * len(small)


def _reported(mention: Mention) -> date:
    dates = [v.reported for v in mention.values if v.reported]
    return min(dates) if dates else date.max


def find_copies(mentions: Sequence[Mention]) -> dict[str, str]:
    """Document id of each copy -> document id of the report it copies (originals are absent)."""
    texts = [shingles(m) for m in mentions]
    parent = list(range(len(mentions)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(mentions)):
        for j in range(i + 1, len(mentions)):
            if mentions[i].doc_id != mentions[j].doc_id and are_copies(texts[i], texts[j]):
                parent[find(j)] = find(i)
    groups: dict[int, list[Mention]] = {}
    for i, mention in enumerate(mentions):
        groups.setdefault(find(i), []).append(mention)
    copies: dict[str, str] = {}
    for members in groups.values():
        original = min(members, key=lambda m: (_reported(m), m.doc_id))
        for mention in members:
            if mention.doc_id != original.doc_id:
                copies[mention.doc_id] = original.doc_id
    return copies
