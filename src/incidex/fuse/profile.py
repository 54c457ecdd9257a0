"""What fusion compares of one report: a mention's place, date, kind, group, toll and words.

A ``Profile`` is computed once per mention and fusion run, so that the pairwise decision in
``match`` reads plain attributes. Every part is normalised the same way for every report:
lower-case names, a partial date with the slack its source allows, the taxonomy values the text
states (not defaults), the stated casualty figures as ranges, the named sites of the town, and
the capitalised words of the mention's own sentences weighted by how rare they are in English
(``wordfreq``), so "Karada" weighs more than "Monday".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache

from incidex.dates import PartialDate
from incidex.kb.attribution import family
from incidex.models import FieldName, FieldValue, Mention, doubted
from incidex.vocab import load_data

UNKNOWN = frozenset({"", "unknown"})

# Days two day-precise dates may differ and still be one attack, by how the date was found. A
# full calendar date is exact; a stated day and month without a year are exact in the attack's
# own sentence, but found elsewhere in the article may date something else (a day of mourning);
# a date resolved from "on Tuesday", "yesterday" or a story's date can be a day off (a night
# attack, a time zone, a late edition); a date that only falls back on the publication day can
# trail the attack by a few days.
EXACT_DATE_RULES = frozenset(
    {
        "dates.gtd-prefix",
        "dates.iso",
        "dates.slash-mdy",
        "dates.month-day-year",
        "dates.day-month-year",
        "reference:catalogue",
    }
)
DAY_MONTH_RULES = frozenset({"dates.month-day", "dates.day-month"})
FALLBACK_DATE_RULES = frozenset({"dates.published-fallback", "dates.published"})
# "two weeks after the attack": a day counted back from another event's, a day or two off
APPROXIMATE_DATE_RULES = frozenset({"dates.interval"})
RELATIVE_DATE_SLACK = 1
ASIDE_DATE_SLACK = 2
FALLBACK_DATE_SLACK = 3

# Taxonomy values that are a default or follow from another field, not from the text.
DERIVED_RULES = frozenset(
    {"taxonomy.target-default", "taxonomy.weapon-by-attack", "taxonomy.attack-by-target"}
)
# Casualty values inferred from a report's silence (it says nothing of the dead), not stated.
INFERRED_COUNT_RULES = frozenset({"casualties.silence-zero"})

WORD = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*")
# A capitalised word that does not open a sentence: part of a name.
NAME_WORD = re.compile(r"(?<![.!?:]\s)(?<![.!?:]\s\s)(?<!^)(?<![\"'\u201c])\b[A-Z][\w'\u2019-]+")
# English words at least this frequent (Zipf scale, log10 of uses per billion words: 5 is once in
# 10,000 words) carry no weight as evidence that two reports tell one attack; rarer ones weigh
# COMMON_ZIPF minus their Zipf value (a word used once in a million words weighs 2).
COMMON_ZIPF = 5.0
# Capitalised words before a site word that do not name the site ("The", "A", "In").
SITE_REACH = 60  # characters before the town a site name can start
SITE_NOISE = frozenset({"the", "a", "an", "in", "at", "on", "near", "of", "its", "this", "that"})


@dataclass(frozen=True, slots=True)
class Count:
    """A casualty figure as a range: exact (low == high), "at least" (high None) or "about"."""

    low: float
    high: float | None
    stated: bool  # False when inferred from silence
    reported: date | None


@dataclass(frozen=True, slots=True)
class Profile:
    """The comparable facts of one mention."""

    mention_id: str
    doc_id: str
    background: bool
    country: str | None
    date: PartialDate | None
    date_slack: int
    provstate: str | None
    city: str | None
    coords: tuple[float, float] | None
    attacktypes: frozenset[str]
    weaptype: str | None
    targtype: str | None
    target_words: frozenset[str]
    target_head: str | None
    group: str | None
    group_family: str | None
    claimed: bool
    killed: Count | None
    wounded: Count | None
    names: dict[str, float]  # rare capitalised words of its sentences, by weight
    place_words: frozenset[str]  # the words of its city and province
    sites: frozenset[str]


def _known(value: str | None) -> str | None:
    if value is None or value.strip().lower() in UNKNOWN:
        return None
    return value.strip().lower()


def _read(mention: Mention, name: FieldName) -> str | None:
    """A field's value as the text states it: None for unknowns, defaults and values derived
    from another field (a weapon type read off the attack type), which are no evidence."""
    value = mention.get(name)
    if value is None or (value.evidence and value.evidence.rule in DERIVED_RULES):
        return None
    return _known(value.value)


def _count(value: FieldValue | None) -> Count | None:
    if value is None or value.number is None or doubted(value):
        return None
    low = value.low if value.low is not None else value.number
    high = value.high if value.low is not None or value.high is not None else value.number
    stated = not (value.evidence and value.evidence.rule in INFERRED_COUNT_RULES)
    return Count(low, high, stated, value.reported)


def _coords(mention: Mention) -> tuple[float, float] | None:
    """The town's own point (GTD specificity 1): a province's or district's centroid stands for
    no town, and two villages placed at one centroid are not 0 km apart."""
    lat, lon = mention.get(FieldName.LATITUDE), mention.get(FieldName.LONGITUDE)
    spec = mention.get(FieldName.SPECIFICITY)
    if spec is not None and spec.value.strip() != "1":
        return None
    if lat is None or lon is None or lat.number is None or lon.number is None:
        return None
    return lat.number, lon.number


def _date_slack(value: FieldValue | None, trigger: str) -> int:
    ev = value.evidence if value else None
    rule = ev.rule if ev else ""
    if rule in EXACT_DATE_RULES:
        return 0
    if rule in DAY_MONTH_RULES:
        return 0 if ev and ev.sentence == trigger else ASIDE_DATE_SLACK
    if rule in FALLBACK_DATE_RULES:
        return FALLBACK_DATE_SLACK
    if rule in APPROXIMATE_DATE_RULES:
        return ASIDE_DATE_SLACK
    return RELATIVE_DATE_SLACK


@lru_cache(maxsize=200_000)
def word_weight(word: str) -> float:
    """How specific a lower-case word is: 0 for common English, up to ~5 for a rare name."""
    from wordfreq import zipf_frequency

    return max(0.0, COMMON_ZIPF - zipf_frequency(word, "en"))


def mention_sentences(mention: Mention) -> list[str]:
    """The mention's own sentences: its trigger's and those its values came from, each once."""
    seen = dict.fromkeys([mention.trigger.sentence])
    for value in mention.values:
        if value.evidence is not None:
            seen.setdefault(value.evidence.sentence)
    return list(seen)


def _words(
    texts: list[str], rx: re.Pattern[str] = WORD, skip: frozenset[str] = frozenset()
) -> dict[str, float]:
    out: dict[str, float] = {}
    for text in texts:
        for token in rx.findall(text):
            word = token.lower()
            if len(word) > 2 and word not in out and word not in skip:
                weight = word_weight(word)
                if weight > 0:
                    out[word] = weight
    return out


@cache
def _site_regex() -> re.Pattern[str]:
    """A named site ending just before its town: "Karada neighborhood", "Al-Nidal street",
    "Police District 2" (the site words are the place chain's, ``places.yaml``)."""
    kinds = sorted(load_data("places.yaml")["sublocal_suffixes"], key=len, reverse=True)
    words = "|".join(re.escape(k) for k in kinds)
    name = r"(?:(?:[Aa][lnrsdt]|[Ee]l|[Aa]sh)-)?[A-Z0-9][\w'\u2019-]*"
    return re.compile(
        rf"\b(?P<name>{name}(?:\s+{name}){{0,2}})\s+(?i:{words})\s*$"
        rf"|\b(?P<kind>(?i:{words}))\s+(?P<num>(?:no\.?\s*)?\d+)\s*$"
    )


def _sites(texts: list[str], city: str | None) -> frozenset[str]:
    """The sites a report places the attack at: a named site followed by its town ("in Karada
    neighborhood, Baghdad", "the Hodan district of Mogadishu"), as lower-case name words."""
    if not city:
        return frozenset()
    town = re.compile(rf"\s*(?:,|\bof\b|\bin\b)\s+(?:the\s+)?{re.escape(city)}\b", re.I)
    found: set[str] = set()
    for text in texts:
        for at in town.finditer(text):
            m = _site_regex().search(text, max(0, at.start() - SITE_REACH), at.start())
            if m is None:
                continue
            if m["name"]:
                words = [w.lower() for w in m["name"].split()]
                words = [w for w in words if w not in SITE_NOISE]
                if words:
                    found.add(" ".join(words))
            else:
                found.add(f"{m['kind'].lower()} {m['num'].lower()}")
    return frozenset(found)


def _head(target: str, skip: frozenset[str]) -> str | None:
    """The last word of a target's text, singular ("two doctors" -> "doctor")."""
    words = [w.lower() for w in WORD.findall(target)]
    if not words or words[-1] in skip or len(words[-1]) < 3:
        return None
    word = words[-1]
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _block_words(mention: Mention) -> frozenset[str]:
    """The words of the country's and the group's names, compared as fields, not as names."""
    named = (mention.value(FieldName.COUNTRY) or "") + " " + (mention.value(FieldName.GNAME) or "")
    return frozenset(w.lower() for w in WORD.findall(named))


def build_profile(mention: Mention) -> Profile:
    date_value = mention.get(FieldName.DATE)
    group = _known(mention.value(FieldName.GNAME))
    attacktypes = {
        v for n in (FieldName.ATTACKTYPE, FieldName.ATTACKTYPE2) if (v := _read(mention, n))
    }
    target = mention.value(FieldName.TARGET) or ""
    sentences = mention_sentences(mention)
    return Profile(
        mention_id=mention.id,
        doc_id=mention.doc_id,
        background=mention.background,
        country=_known(mention.value(FieldName.COUNTRY)),
        date=PartialDate.parse(mention.value(FieldName.DATE)),
        date_slack=_date_slack(date_value, mention.trigger.sentence),
        provstate=_known(mention.value(FieldName.PROVSTATE)),
        city=_known(mention.value(FieldName.CITY)),
        coords=_coords(mention),
        attacktypes=frozenset(attacktypes),
        weaptype=_read(mention, FieldName.WEAPTYPE),
        targtype=_read(mention, FieldName.TARGTYPE),
        target_words=frozenset(_words([target])),
        target_head=_head(target, _block_words(mention)),
        group=group,
        group_family=family(mention.value(FieldName.GNAME) or "").lower() if group else None,
        claimed=mention.value(FieldName.CLAIMED) == "1",
        killed=_count(mention.get(FieldName.NKILL)),
        wounded=_count(mention.get(FieldName.NWOUND)),
        names=_words(sentences, NAME_WORD, _block_words(mention)),
        place_words=frozenset(
            w.lower()
            for n in (FieldName.CITY, FieldName.PROVSTATE)
            for w in WORD.findall(mention.value(n) or "")
        ),
        sites=_sites(sentences, mention.value(FieldName.CITY)),
    )
