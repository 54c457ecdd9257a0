"""Big name alternations ("Islamic State|Islamic Movement|...") compiled as a prefix tree.

Python's ``re`` tries the branches of an alternation one by one at every position where it may
start, so a regex of a thousand names costs a thousand attempts per word. Written as a tree of
shared prefixes (``Islamic(?:\\ State|\\ Movement)``), only the branches that share the text's
next character are tried. The tree keeps every branch's order among those that can match at one
position, so it matches exactly what the flat alternation matches (same spans, same branch
preferred); where that cannot be guaranteed (an optional first atom, characters whose case
classes overlap) the node stays a flat alternation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

Atoms = Sequence[str]
SEPARATOR = r"[\s\-\u2010-\u2015]+"  # one or more spaces or dashes between the words of a name
_SEPARATOR_CHARS = re.compile(SEPARATOR)


def literal_atoms(text: str) -> list[str]:
    """``text`` as atoms matching it literally, one per character (``re.escape`` works per
    character, so the atoms joined are ``re.escape(text)``)."""
    return [re.escape(c) for c in text]


def literal_pattern(names: Sequence[str], flags: int = 0) -> str:
    """A regex body matching any of ``names`` literally, equivalent to
    ``"|".join(re.escape(n) for n in names)`` (same order, same preferences) as a prefix tree."""
    return tree_pattern([literal_atoms(n) for n in names], flags)


def tree_pattern(alternatives: Sequence[Atoms], flags: int = 0) -> str:
    """A regex body equivalent to ``"|".join("".join(a) for a in alternatives)``, in that order,
    written as a prefix tree. Each alternative is a list of atoms: a character's
    ``re.escape`` (a literal), ``SEPARATOR``, or any other regex piece (never factored)."""
    return _node([(a, 0) for a in alternatives], flags)


def snippets_pattern(snippets: Sequence[str], flags: int = 0) -> str:
    """A regex body equivalent to ``"|".join(snippets)`` (regex snippets such as ``shoot\\w*``)
    as a prefix tree over the plain characters each alternative starts with."""
    return tree_pattern([_snippet_atoms(p) for s in snippets for p in _top_level(s)], flags)


def _top_level(snippet: str) -> list[str]:
    """``snippet`` split at its top-level ``|`` (outside groups and character classes)."""
    parts: list[str] = []
    depth, start, i, in_class = 0, 0, 0, False
    while i < len(snippet):
        c = snippet[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if snippet[i + 1 : i + 2] == "^":
                i += 1
            if snippet[i + 1 : i + 2] == "]":  # a leading "]" is a member
                i += 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(snippet[start:i])
            start = i + 1
        i += 1
    parts.append(snippet[start:])
    return parts


def _snippet_atoms(piece: str) -> list[str]:
    """The plain characters ``piece`` starts with (each one atom, none under a quantifier), then
    the rest as one opaque atom."""
    i = 0
    while i < len(piece) and piece[i] not in _SPECIAL and piece[i + 1 : i + 2] not in _QUANTIFIERS:
        i += 1
    return list(piece[:i]) + ([piece[i:]] if i < len(piece) else [])


_SPECIAL = frozenset(".^$*+?{}[]\\|()#")
_QUANTIFIERS = frozenset("*+?{")


def _key(atom: str, flags: int) -> str | None:
    """The grouping key of a factorable first atom, or None (optional or multi-character)."""
    if atom == SEPARATOR:
        return SEPARATOR
    if flags & re.VERBOSE:
        return None
    if len(atom) == 1 and atom not in _SPECIAL and not atom.isspace() or atom == " ":
        char = atom
    elif len(atom) == 2 and atom[0] == "\\" and re.escape(atom[1]) == atom:
        char = atom[1]
    else:
        return None
    return char.lower() if flags & re.IGNORECASE else char


def _disjoint(keys: list[str], flags: int) -> bool:
    """No character can match two of ``keys`` (ASCII case classes are disjoint by construction;
    a non-ASCII letter may share a class with another key under IGNORECASE, and a space or dash
    literal would overlap the separator)."""
    chars = [k for k in keys if k != SEPARATOR]
    if SEPARATOR in keys and any(_SEPARATOR_CHARS.fullmatch(c) for c in chars):
        return False
    odd = [c for c in chars if not c.isascii()]
    for c in odd:
        for other in chars:
            if other != c and (
                re.fullmatch(re.escape(c), other, flags) or re.fullmatch(re.escape(other), c, flags)
            ):
                return False
    return True


Branch = tuple[Sequence[str], int]  # an alternative's atoms and how many are already written


def _flat(alternatives: list[Branch]) -> str:
    return "|".join("".join(atoms[i:]) for atoms, i in alternatives)


def _node(alternatives: list[Branch], flags: int) -> str:
    """The alternation of the ``alternatives``' remaining atoms, shared first atoms factored."""
    if len(alternatives) <= 1:
        return _flat(alternatives)
    ends = sum(1 for atoms, i in alternatives if i == len(atoms))
    # an alternative that ends here matches before anything after it: only last is it harmless
    if ends and any(i == len(atoms) for atoms, i in alternatives[: len(alternatives) - ends]):
        return _flat(alternatives)
    groups: dict[str, list[Branch]] = {}
    heads: dict[str, str] = {}
    for atoms, i in alternatives:
        if i == len(atoms):
            continue
        key = _key(atoms[i], flags)
        if key is None:
            return _flat(alternatives)
        if key not in groups:
            heads[key] = atoms[i]
            groups[key] = []
        groups[key].append((atoms, i + 1))
    if not _disjoint(list(groups), flags):
        return _flat(alternatives)
    parts = []
    for key, rests in groups.items():
        inner = _node(rests, flags)
        parts.append(heads[key] + (f"(?:{inner})" if len(rests) > 1 else inner))
    parts.extend("" for _ in range(ends))
    return "|".join(parts)
