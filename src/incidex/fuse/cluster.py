"""Group reports into attacks: constrained agglomerative clustering over pairwise verdicts.

Every pair of reports that could be one attack (same country, dates within the match window) is
compared once (``match.compare``). Linking pairs are then taken main reports first (two reports
of the attack, then a report and a mention in passing, then two mentions in passing: the details
of a main report are the surer guide), strongest first within each tier; a pair joins the two
groups its reports are in unless
- any report of one group conflicts with any report of the other (``Verdict.conflicts``: a veto,
  or a clash of place or attack kind), so a group never holds two reports that contradict; or
- one of the two reports fits a report of a third group about as well (within
  ``AMBIGUOUS_MARGIN``), and that report and the other of the pair are different attacks (they
  conflict, or they do not link and disagree on something): a report that fits two distinct
  attacks equally stays apart.

Nothing depends on the order the reports came in: pairs are sorted by score, then by the reports'
ids. Groups only ever grow along links, so the grouping of a connected set of linked reports is
independent of every report outside it; the store relies on this to re-fuse one neighbourhood.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from incidex.fuse.match import MAX_DAYS_APART, SAME_DOCUMENT, Verdict, compare
from incidex.fuse.profile import Profile

# A report whose best link to one group is within this much of its link to another group that
# is a different attack stays apart from both.
AMBIGUOUS_MARGIN = 0.5

Pair = tuple[int, int]


def comparable_pairs(profiles: Sequence[Profile]) -> list[Pair]:
    """Index pairs that may be one attack: same country, and day-precise dates at most
    ``MAX_DAYS_APART`` apart or a coarser date of the same year (``compare`` decides the rest)."""
    by_country: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(profiles):
        if p.country and p.date:
            by_country[p.country].append(i)
    pairs: list[Pair] = []
    for members in by_country.values():
        days: list[tuple[int, int]] = []
        coarse: list[int] = []
        for i in members:
            when = profiles[i].date
            day = when.as_date() if when else None
            if isinstance(day, date):
                days.append((day.toordinal(), i))
            else:
                coarse.append(i)
        days.sort()
        for n, (ordinal, i) in enumerate(days):
            for other, j in days[n + 1 :]:
                if other - ordinal > MAX_DAYS_APART:
                    break
                pairs.append((min(i, j), max(i, j)))
        for n, i in enumerate(coarse):
            for j in [k for _, k in days] + coarse[n + 1 :]:
                mine, theirs = profiles[i].date, profiles[j].date
                if mine and theirs and mine.year == theirs.year:
                    pairs.append((min(i, j), max(i, j)))
    return pairs


class _Groups:
    """Union-find over report indices, with each group's members."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))
        self.members: dict[int, list[int]] = {i: [i] for i in range(n)}

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int) -> None:
        keep, gone = min(a, b), max(a, b)
        self.parent[gone] = keep
        self.members[keep].extend(self.members.pop(gone))


def cluster(profiles: Sequence[Profile]) -> list[list[int]]:
    """Groups of indices into ``profiles``, one per attack (see the module docstring)."""
    verdicts: dict[Pair, Verdict] = {}
    for i, j in comparable_pairs(profiles):
        verdicts[(i, j)] = compare(profiles[i], profiles[j])
    links: dict[int, list[tuple[float, int]]] = defaultdict(list)
    edges: list[tuple[int, float, str, str, int, int]] = []
    for (i, j), verdict in verdicts.items():
        if verdict.links:
            links[i].append((verdict.score, j))
            links[j].append((verdict.score, i))
            first, second = sorted((profiles[i].mention_id, profiles[j].mention_id))
            told_in_passing = profiles[i].background + profiles[j].background
            edges.append((told_in_passing, -verdict.score, first, second, i, j))
    edges.sort()
    groups = _Groups(len(profiles))

    def conflict(a: int, b: int, facts_only: bool = False) -> bool:
        """Whether group ``a`` holds a report that cannot be one attack with one of group ``b``;
        ``facts_only``: on what the two report, not because one document tells both."""
        for i in groups.members[a]:
            for j in groups.members[b]:
                verdict = verdicts.get((min(i, j), max(i, j)))
                if verdict is None:
                    return True
                if verdict.conflicts and not (facts_only and verdict.veto == SAME_DOCUMENT):
                    return True
        return False

    def distinct(j: int, k: int) -> bool:
        """Reports ``j`` and ``k`` tell different attacks: they conflict, or they do not link and
        something they report disagrees (not merely too little agrees, and not only that one
        document tells both)."""
        verdict = verdicts.get((min(j, k), max(j, k)))
        if verdict is None:
            return True
        if verdict.veto == SAME_DOCUMENT:
            return False  # one document may tell one attack twice; no evidence either way
        return verdict.conflicts or verdict.disagrees and not verdict.links

    def ambiguous(i: int, j: int, score: float) -> bool:
        """Report ``i`` fits a report of another group, a different attack from ``j``, about as
        well as it fits ``j``."""
        home = groups.find(j)
        for other_score, k in links[i]:
            if groups.find(k) in (home, groups.find(i)) or other_score < score - AMBIGUOUS_MARGIN:
                continue
            if distinct(j, k):
                return True
        return False

    for _, negative, _, _, i, j in edges:
        a, b = groups.find(i), groups.find(j)
        if a == b or conflict(a, b):
            continue
        if ambiguous(i, j, -negative) or ambiguous(j, i, -negative):
            continue
        groups.join(a, b)
    return sorted(sorted(members) for members in groups.members.values())
