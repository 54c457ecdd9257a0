"""Whether two reports tell the same attack: agreement and contradiction, report against report.

``compare`` weighs two mention profiles (``fuse.profile``). Some disagreements make one attack
impossible and veto the pair: another country; one document (its mentions are distinct attacks
by construction); day-precise dates more than ``MAX_DAYS_APART`` apart, or two stated calendar
dates that differ; two towns far apart (unless one report names the other's town); provinces
apart when neither names a town. Everything else adds or subtracts evidence, and the sum must
reach ``SAME_ATTACK``, with something specific shared (a town, a named site, rare names, or for
reports naming no place the same kind of target), for the pair to link. A clash of attack kind
or of named site marks the pair as conflicting: ``fuse.cluster`` never puts such reports in one
incident, even through other reports.

How the weights were set. Pairs were labelled on half of each development set, split by document
id (GTD 2021 Q1 rows: every row a distinct attack; news-dev, half of news-feed-dev and the
seeds: reports of one gold attack), and each signal's outcome counted among same-attack pairs
(50) and among distinct attacks in the same town within the date window (18, the hard case);
the other half (54 and 19) was read only as numbers. Date and town agree in nearly all of both,
so together they are the threshold; what separates the hard cases is contradiction: a named
site differs in 61% / 52% of the distinct pairs and in none of the same-attack pairs, the attack
kind in 33% / 26% and none, the weapon in 33% / 26% and 4% / 5%. Agreement on the target type
(34% / 25% of same-attack pairs, 38% / 42% of distinct ones), the target's words and the group
hardly separate the two, so they weigh little or nothing. ``make fusion-pairs`` (the script
``benchmarks/fusion_pairs.py``) counts them again.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from incidex.fuse.profile import Count, Profile

# A town and a place this close (km) can be one attack site (a capital and its airport town, a
# suburb). Of 76 distinct GTD pairs naming two towns under 100 km apart, 11 were under 25 km; the
# only same-attack pairs naming two towns named one town in two spellings (0 km).
NEAR_KM = 20.0
MAX_DAYS_APART = 3

# The evidence a pair needs to be one attack: the same day and the same town, or a day apart (or
# a coarser date) in the same town with one more agreement.
SAME_ATTACK = 2.0

# Dates (``profile.date_slack``: how far a date's source may be off).
SAME_DAY = 1.0
NEAR_DAY = 0.75  # within the slack of the two dates' sources
OTHER_DAY = -1.0  # per day beyond that slack
SAME_MONTH = 1.0  # a month that contains the other's day or month: no contradiction
SAME_YEAR = 0.5
# Places.
SAME_CITY = 1.0
NEAR_CITY = 0.5
CITY_IN_TEXT = 0.5  # one report names the other's town but gives none (or a far one) itself
SAME_PROVINCE = 0.5  # neither names a town; no anchor by itself
SAME_SITE = 0.5
OTHER_SITE = -1.5  # and a clash
# The attack (measured above).
SAME_ATTACK_TYPE = 0.5
OTHER_ATTACK_TYPE = -1.0  # and a clash
SAME_WEAPON = 0.25
OTHER_WEAPON = -0.5
SAME_TARGET_TYPE = 0.0
OTHER_TARGET_TYPE = 0.0
TARGET_WORDS = 0.5  # the target's words, or the same kind of target ("a doctor", "two doctors")
SAME_GROUP = 0.5
OTHER_GROUP = 0.0  # news reports often name a wrong or a second group
RIVAL_CLAIMS = -1.0  # each report has a different group claiming it
# Casualties: equal figures are evidence, up to SAME_TOLL at DISTINCT_TOLL people (log scale: a
# toll of one is common, of 37 is not); figures within TOLL_ROUNDING people or TOLL_SPREAD of the
# larger are one toll counted differently; further apart, OTHER_TOLL unless the later report has
# the larger figure (a growing toll).
SAME_TOLL = 1.0
DISTINCT_TOLL = 20
TOLL_ROUNDING = 1
TOLL_SPREAD = 0.25
OTHER_TOLL = -1.0
# Rare names both reports give beyond their places' names (each word weighs 0-5 by its rarity in
# English, ``profile.word_weight``): FULL_NAMES of weight count fully (two or three names no
# common word spells); NAME_ANCHOR of that anchors a pair with no common town.
SHARED_NAMES = 1.0
FULL_NAMES = 8.0
NAME_ANCHOR = 0.4


SAME_DOCUMENT = "same document"


@dataclass(frozen=True, slots=True)
class Verdict:
    """``veto``: why the two cannot be one attack (None if they can); ``score``: the evidence."""

    veto: str | None
    score: float
    reasons: tuple[str, ...] = ()
    clash: bool = False  # the two disagree on the place's site or the attack's kind
    # something they report disagrees (a date a day or two off, the commonest slip, does not)
    disagrees: bool = False
    anchored: bool = True  # they share something specific: a town, a named site, rare names

    @property
    def conflicts(self) -> bool:
        """The two cannot sit in one incident, even through other reports."""
        return self.veto is not None or self.clash

    @property
    def links(self) -> bool:
        return self.veto is None and self.anchored and self.score >= SAME_ATTACK


def _veto(reason: str) -> Verdict:
    return Verdict(reason, float("-inf"), (reason,), disagrees=True)


def km_apart(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _date(a: Profile, b: Profile) -> tuple[str | None, float]:
    """Day-precise dates within the slack their sources allow agree; a few days more cost
    evidence; beyond ``MAX_DAYS_APART`` they are two attacks. Coarser dates must contain the
    finer one and are weak evidence."""
    if a.date is None or b.date is None:
        return "date", 0.0
    gap = a.date.days_apart(b.date)
    if gap is None:
        return "date", 0.0
    if a.date.precision == "day" and b.date.precision == "day":
        if gap > MAX_DAYS_APART:
            return "date", 0.0
        slack = max(a.date_slack, b.date_slack)
        if gap == 0:
            return None, SAME_DAY
        if slack == 0:
            return "date", 0.0  # two stated calendar dates that differ
        if gap <= slack:
            return None, NEAR_DAY
        return None, OTHER_DAY * (gap - slack)
    if a.date.month and b.date.month:
        return None, SAME_MONTH
    return None, SAME_YEAR


def _near(a: Profile, b: Profile) -> bool:
    return a.coords is not None and b.coords is not None and km_apart(a.coords, b.coords) <= NEAR_KM


def _place(a: Profile, b: Profile) -> tuple[str | None, float, bool]:
    """Veto, evidence, and whether the two share a town (the same, a nearby one, or one report
    naming the other's town)."""
    named = any(  # one report names the other's town in its own sentences
        known.city and set(known.city.split()) <= other.names.keys()
        for known, other in ((a, b), (b, a))
    )
    if a.city and b.city:
        if a.city == b.city:
            return None, SAME_CITY, True
        if _near(a, b):
            return None, NEAR_CITY, True
        # Two towns far apart are two attacks, unless one report also names the other's town
        # (its own town is then a dateline or an aside, not a contradiction).
        return (None, 0.0, False) if named else ("place", 0.0, False)
    if named:
        return None, CITY_IN_TEXT, True
    if a.provstate and b.provstate:
        if a.provstate == b.provstate:
            return None, SAME_PROVINCE, False
        return (None, 0.0, False) if _near(a, b) else ("place", 0.0, False)
    return None, 0.0, False


def _shared_names(a: Profile, b: Profile) -> float:
    """The weight of the names both reports give, beyond their places' names, up to 1."""
    shared = (a.names.keys() & b.names.keys()) - a.place_words - b.place_words
    return min(1.0, sum(a.names[w] for w in shared) / FULL_NAMES)


def _agree(x: str | None, y: str | None, same: float, other: float) -> float:
    if x is None or y is None:
        return 0.0
    return same if x == y else other


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Overlap coefficient of two word sets (1.0 when the smaller is inside the other)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def _toll(a: Count | None, b: Count | None) -> float:
    """Agreement of two stated casualty figures.

    Equal figures are evidence, the more so the larger (a toll of one is common, of 37 is not);
    figures a little apart (outlets count differently) are neutral; figures far apart are a
    contradiction unless the later report has the larger one (a growing toll)."""
    if a is None or b is None or not (a.stated and b.stated):
        return 0.0
    a_high = a.high if a.high is not None else math.inf
    b_high = b.high if b.high is not None else math.inf
    if a.low <= b_high and b.low <= a_high:  # the ranges meet
        exact = a.low == a_high and b.low == b_high
        if not exact or a.low < 1:
            return 0.0
        return SAME_TOLL * min(1.0, math.log(a.low + 1) / math.log(DISTINCT_TOLL + 1))
    low, high = sorted((a.low, b.low))
    if low > 0 and high - low <= max(TOLL_ROUNDING, TOLL_SPREAD * high):
        return 0.0
    if a.reported and b.reported and a.reported != b.reported:
        later, earlier = (a, b) if a.reported > b.reported else (b, a)
        if later.low > earlier.low:
            return 0.0
    return OTHER_TOLL


def _sites_meet(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two reports' sites agree when one site is named in both (by a word of its name, so
    "Karada" meets "Karada district"); numbered sites ("police district 2") must be equal."""
    if a & b:
        return True
    named_a = {w for site in a if not site[-1].isdigit() for w in site.split()}
    return any(w in named_a for site in b if not site[-1].isdigit() for w in site.split())


def _anchored(a: Profile, b: Profile, parts: dict[str, float], town: bool) -> bool:
    """Something specific ties the two: the same (or a nearby) town, the same site, names the
    two reports share, or, when neither names a place below the country, the same kind of
    attack on the same kind of target."""
    unplaced = not (a.city or a.provstate or b.city or b.provstate)
    same_kind = unplaced and parts["attack type"] > 0 and _same_head(a, b)
    return (
        town
        or parts.get("site", 0.0) > 0
        or parts["names"] >= NAME_ANCHOR * SHARED_NAMES
        or same_kind
    )


def _same_head(a: Profile, b: Profile) -> bool:
    """The two targets are the same kind of thing or person ("an Austrian doctor", "two
    doctors"): the last word of each target, singular."""
    return a.target_head is not None and a.target_head == b.target_head


def compare(a: Profile, b: Profile) -> Verdict:
    """How strongly two reports (of different documents) tell the same attack."""
    if a.doc_id == b.doc_id:
        return _veto(SAME_DOCUMENT)  # one document's mentions are distinct attacks
    if a.country is None or a.country != b.country:
        return _veto("country")
    veto, date_score = _date(a, b)
    if veto:
        return _veto(veto)
    veto, place_score, town = _place(a, b)
    if veto:
        return _veto(veto)
    parts = {
        "date": date_score,
        "place": place_score,
        "group": _agree(
            a.group_family,
            b.group_family,
            SAME_GROUP,
            RIVAL_CLAIMS if a.claimed and b.claimed else OTHER_GROUP,
        ),
        "attack type": (
            (SAME_ATTACK_TYPE if a.attacktypes & b.attacktypes else OTHER_ATTACK_TYPE)
            if a.attacktypes and b.attacktypes
            else 0.0
        ),
        "weapon": _agree(a.weaptype, b.weaptype, SAME_WEAPON, OTHER_WEAPON),
        "target type": _agree(a.targtype, b.targtype, SAME_TARGET_TYPE, OTHER_TARGET_TYPE),
        "target": TARGET_WORDS * max(_overlap(a.target_words, b.target_words), _same_head(a, b)),
        "killed": _toll(a.killed, b.killed),
        "wounded": _toll(a.wounded, b.wounded),
        "names": SHARED_NAMES * _shared_names(a, b),
    }
    if a.sites and b.sites:
        parts["site"] = SAME_SITE if _sites_meet(a.sites, b.sites) else OTHER_SITE
    score = sum(parts.values())
    reasons = tuple(f"{k} {v:+.2f}" for k, v in parts.items() if v)
    clash = parts["attack type"] < 0 or parts.get("site", 0.0) < 0
    disagrees = clash or any(v < 0 for k, v in parts.items() if k != "date")
    if not _anchored(a, b, parts, town):
        return Verdict(None, score, ("no common place or name", *reasons), clash, disagrees, False)
    return Verdict(None, score, reasons, clash, disagrees)
