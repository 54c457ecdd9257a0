"""Attack dates: absolute forms, the GTD "MM/DD/YYYY:" prefix and dates relative to publication.

Each hit keeps its precision in the value's length ("2024-01-03", "2024-09", "2014"). Relative
expressions ("on Wednesday", "yesterday", "four years ago") need ``Document.published``; without it
they are dropped. All patterns are precompiled regexes over sentence text (no dateparser on
whole texts: it is slow and over-eager).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from spacy.tokens import Span, Token

from incidex.extract.base import load_data
from incidex.text import prefilter

MONTHS: dict[str, int] = {}
for _i, _name in enumerate(calendar.month_name):
    if _i:
        MONTHS[_name.lower()] = _i
        MONTHS[_name[:3].lower()] = _i
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}

_MON = r"(?P<mon>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WD = "|".join(WEEKDAYS)

GTD_PREFIX = re.compile(r"^\s*(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4})\d?:")
ISO = re.compile(r"\b(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})-(?P<d>\d{2})\b")
SLASH = re.compile(r"\b(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>(?:19|20)\d{2})\b")
MDY = re.compile(
    rf"\b{_MON}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>(?:19|20)\d{{2}}))?", re.I
)
DMY = re.compile(
    rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON}\b(?:,?\s+(?P<y>(?:19|20)\d{{2}}))?",
    re.I,
)
MY = re.compile(
    rf"\b(?:(?P<part>early|mid|late|end of)[\s-]+)?{_MON}\s+(?:of\s+)?(?P<y>(?:19|20)\d{{2}})\b",
    re.I,
)
YEAR = re.compile(
    r"\b(?:in|since|during|of)\s+(?:(?:early|mid|late|the end of|the summer of|the spring of)\s+)?"
    r"(?P<y>(?:19|20)\d{2})\b",
    re.I,
)
# A month named alone after a preposition of time ("in January", "last March"): the latest such
# month up to publication. Capitalised full names only: "may" and "march" are also words.
_FULL_MONTHS = "|".join(calendar.month_name[1:])
MONTH_ALONE = re.compile(
    rf"\b(?P<prep>[Ii]n|[Ss]ince|[Dd]uring|[Ll]ast|[Uu]ntil|[Tt]hrough|[Bb]y)\s+"
    rf"(?:(?:early|mid|late)[\s-]+)?(?P<mon>{_FULL_MONTHS})\b(?![\s,]+\d)"
)
WEEKDAY = re.compile(
    rf"\b(?:(?:on|late|early|last|since|this)\s+)?(?P<wd>{_WD})(?:\s+(?:night|morning|evening|afternoon))?\b"
    rf"|\b(?P<wd2>{_WD})'s\b",
    re.I,
)
RELATIVE = re.compile(
    r"\b(?P<rel>yesterday|today|tonight|overnight|last night"
    r"|this morning|this evening|this afternoon"
    r"|earlier (?:this|last) (?:week|month|year)|last (?:week|month|year)|this (?:month|year)"
    r"|(?:a|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})"
    r" (?P<unit>day|week|month|year)s? ago)\b",
    re.I,
)
PREVIOUS_DAY = re.compile(
    r"\b(?:the previous (?:day|night|evening)|the day before|a day earlier|the night before)\b",
    re.I,
)
_NUMBERS: dict[str, int] = {k: int(v) for k, v in load_data("numbers.yaml")["words"].items()}


@dataclass(slots=True, frozen=True)
class DateHit:
    """One date expression: where it is, its value at its precision, the rule and a confidence."""

    start: int
    end: int
    value: str
    rule: str
    confidence: float
    relative: bool = False


def _fmt(year: int, month: int | None = None, day: int | None = None) -> str | None:
    try:
        if day and month:
            return date(year, month, day).isoformat()
        if month:
            return f"{year:04d}-{month:02d}"
        return f"{year:04d}"
    except ValueError:
        return None


def _infer_year(month: int, day: int | None, published: date | None) -> int | None:
    """A date without a year is the latest such date on or before publication."""
    if published is None:
        return None
    year = published.year
    try:
        if date(year, month, day or 1) > published:
            year -= 1
    except ValueError:
        return None
    return year


def month_year(month: int, published: date | None, last: bool = False) -> int | None:
    """The year of a month named without one: the latest such month up to publication ("last
    March" in March is a year back)."""
    year = _infer_year(month, None, published)
    if year is not None and last and published is not None and month == published.month:
        return year - 1
    return year


RANGE = re.compile(r"\bbetween\s+(?P<a>[^.;]{3,40}?)\s+and\s+(?P<b>[^.;]{3,40}?\d{4})", re.I)


def date_range(text: str, published: date | None = None) -> DateHit | None:
    """ "between January 3, 2021 and January 9, 2021": the middle day (GTD codes a date range
    by its midpoint), at day precision."""
    m = RANGE.search(text)
    if m is None:
        return None
    ends = [find_dates(m[g], published) for g in ("a", "b")]
    if not ends[0] or not ends[1]:
        return None
    first, last = ends[0][0].value, ends[1][0].value
    if len(first) != 10 or len(last) != 10:
        return None
    a, b = date.fromisoformat(first), date.fromisoformat(last)
    if b < a:
        return None
    middle = a + timedelta(days=(b - a).days // 2)
    return DateHit(m.start(), m.end(), middle.isoformat(), "dates.range-midpoint", 0.8)


def gtd_prefix(text: str) -> DateHit | None:
    """The "MM/DD/YYYY:" header that opens every GTD summary; a header without its day
    ("01/00/2021:") takes the midpoint of the summary's date range if it gives one."""
    m = GTD_PREFIX.match(text)
    if not m:
        return None
    if int(m["d"]) == 0:
        span = date_range(text[m.end() : m.end() + 200])
        if span is not None and span.value[:7] == f"{int(m['y']):04d}-{int(m['m']):02d}":
            return DateHit(m.start("m"), m.end("y"), span.value, span.rule, 0.9)
    value = _fmt(int(m["y"]), int(m["m"]), int(m["d"]))
    if value is None:
        return None
    return DateHit(m.start("m"), m.end("y"), value, "dates.gtd-prefix", 0.97)


def _absolute(text: str, offset: int, published: date | None) -> list[DateHit]:
    hits: list[DateHit] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, value: str | None, rule: str, conf: float) -> None:
        if value is None or any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        hits.append(DateHit(start + offset, end + offset, value, rule, conf))

    for m in prefilter.finditer(ISO, text):
        add(m.start(), m.end(), _fmt(int(m["y"]), int(m["m"]), int(m["d"])), "dates.iso", 0.9)
    for m in prefilter.finditer(SLASH, text):
        add(m.start(), m.end(), _fmt(int(m["y"]), int(m["m"]), int(m["d"])), "dates.slash-mdy", 0.7)
    for rx, rule in ((MDY, "dates.month-day"), (DMY, "dates.day-month")):
        for m in prefilter.finditer(rx, text):
            month, day = MONTHS[m["mon"].lower()], int(m["d"])
            if m["y"]:
                add(m.start(), m.end(), _fmt(int(m["y"]), month, day), rule + "-year", 0.9)
            else:
                year = _infer_year(month, day, published)
                if year is not None:
                    add(m.start(), m.end(), _fmt(year, month, day), rule, 0.75)
    for m in prefilter.finditer(MY, text):
        value = _fmt(int(m["y"]), MONTHS[m["mon"].lower()])
        add(m.start(), m.end(), value, "dates.month-year", 0.85)
    for m in prefilter.finditer(MONTH_ALONE, text):
        month = MONTHS[m["mon"].lower()]
        year = month_year(month, published, last=m["prep"].lower() == "last")
        if year is not None:
            add(m.start("mon"), m.end("mon"), _fmt(year, month), "dates.month", 0.6)
    for m in prefilter.finditer(YEAR, text):
        add(m.start("y"), m.end("y"), _fmt(int(m["y"])), "dates.year", 0.7)
    return hits


def _relative(text: str, offset: int, published: date) -> list[DateHit]:
    hits: list[DateHit] = []
    for m in WEEKDAY.finditer(text):
        wd = WEEKDAYS[(m["wd"] or m["wd2"]).lower()]
        back = (published.weekday() - wd) % 7
        if m.group(0).lower().startswith("last ") and back == 0:
            back = 7
        day = published - timedelta(days=back)
        hits.append(
            DateHit(
                m.start() + offset,
                m.end() + offset,
                day.isoformat(),
                "dates.relative-weekday",
                0.8,
                True,
            )
        )
    for m in RELATIVE.finditer(text):
        rel = m["rel"].lower()
        value: str | None
        conf = 0.7
        if rel in ("yesterday", "last night"):
            value, rule = (published - timedelta(days=1)).isoformat(), "dates.relative-yesterday"
        elif rel in (
            "today",
            "tonight",
            "overnight",
            "this morning",
            "this evening",
            "this afternoon",
        ):
            value, rule = published.isoformat(), "dates.relative-today"
        elif rel.endswith("ago"):
            n = rel.split()[0]
            count = int(n) if n.isdigit() else _NUMBERS.get(n, 1)
            unit = m["unit"].lower()
            rule = f"dates.relative-{unit}s-ago"
            if unit == "day":
                value = (published - timedelta(days=count)).isoformat()
            elif unit == "week":
                wback = published - timedelta(weeks=count)
                value = _fmt(wback.year, wback.month)
            elif unit == "month":
                months = published.year * 12 + published.month - 1 - count
                value = _fmt(months // 12, months % 12 + 1)
            elif count == 1:  # "a year ago": the same month a year back, to the month
                value = _fmt(published.year - 1, published.month)
            else:
                value = _fmt(published.year - count)
            conf = 0.6
        elif rel.endswith("week"):
            wback = published - timedelta(days=7 if rel.startswith("last") else 3)
            value, rule, conf = _fmt(wback.year, wback.month), "dates.relative-week", 0.5
        elif rel.endswith("month"):
            if "last" in rel:
                months = published.year * 12 + published.month - 2
                value = _fmt(months // 12, months % 12 + 1)
            else:
                value = _fmt(published.year, published.month)
            rule = "dates.relative-month"
        else:  # year
            year = published.year - (1 if "last" in rel else 0)
            value, rule = _fmt(year), "dates.relative-year"
        if value:
            hits.append(DateHit(m.start() + offset, m.end() + offset, value, rule, conf, True))
    return hits


def _previous_day(text: str, offset: int, hits: list[DateHit]) -> list[DateHit]:
    """ "the previous day", "the night before": the day before the sentence's own day ("the toll
    climbed on Monday from bombings the previous day" -> Sunday)."""
    days = [h for h in hits if len(h.value) == 10]
    if not days:
        return []
    ref = date.fromisoformat(days[0].value) - timedelta(days=1)
    return [
        DateHit(m.start() + offset, m.end() + offset, ref.isoformat(), "dates.previous-day", 0.7)
        for m in PREVIOUS_DAY.finditer(text)
    ]


def find_dates(text: str, published: date | None, offset: int = 0) -> list[DateHit]:
    """All date expressions in ``text`` (a sentence), in text order; ``offset`` shifts positions."""
    hits = _absolute(text, offset, published)
    if published is not None:
        taken = [(h.start, h.end) for h in hits]
        hits.extend(
            h
            for h in _relative(text, offset, published)
            if not any(s < h.end and h.start < e for s, e in taken)
        )
        base = hits or [DateHit(0, 0, published.isoformat(), "dates.published", 0.0)]
        hits.extend(_previous_day(text, offset, base))
    hits.sort(key=lambda h: h.start)
    return hits


def precision(value: str) -> str:
    """``day``, ``month`` or ``year`` from a date value's length."""
    return {10: "day", 7: "month"}.get(len(value), "year")


CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "conj", "ROOT"})


def clause_head(token: Token) -> Token:
    """The head of the clause that holds ``token`` (a verb of its own or the sentence root)."""
    while token.dep_ not in CLAUSE_DEPS and token.head.i != token.i:
        token = token.head
    return token


def _outside_relative(hit: DateHit, trigger: Span) -> bool:
    """The trigger sits in a relative clause ("forces retook the hotel on Saturday from gunmen
    who seized it in an assault") and the date belongs to the main clause, not to the attack."""
    clause = clause_head(trigger.root)
    if clause.dep_ not in ("relcl", "acl"):
        return False
    span = trigger.doc.char_span(hit.start, hit.end, alignment_mode="expand")
    if span is None:
        return False
    return not clause.left_edge.i <= span.root.i <= clause.right_edge.i


def tells_attack(head: Token) -> bool:
    """Whether a clause's verb tells an attack or its toll ("bombed", "killed", "wounded")."""
    from incidex.extract.components import TRIGGERS

    if head.lower_ in _casualty_words():
        return True
    return any(t.start <= head.i < t.end for t in head.doc.spans.get(TRIGGERS, []))


def _is_definite(noun: Token) -> bool:
    """A noun phrase that names a known attack: "the attack", "last week's bombing"."""
    definite = _grammar_words("definite_dets")
    return any(
        (c.dep_ == "det" and c.lower_ in definite) or c.dep_ == "poss" for c in noun.children
    )


def referred_elsewhere(trigger: Span) -> bool:
    """The trigger's clause refers to the attack without telling it: set before another event
    ("two weeks after a shooting shocked the town"), or a definite attack noun that is the
    argument of a verb that tells neither an attack nor a toll ("the Madrid attack showed")."""
    root = trigger.root
    clause = clause_head(root)
    marks = _grammar_words("reference_preps")
    if any(c.dep_ == "mark" and c.lower_ in marks for c in clause.children):
        # "... after a quarrel turned into gunfire": referred to, unless what it came before
        # is its own toll ("one man was killed on Friday after a quarrel turned into gunfire")
        return clause.head.i != clause.i and not tells_attack(clause_head(clause.head))
    if not root.tag_.startswith("NN") or clause.i == root.i or not _is_definite(root):
        return False
    told = any(
        c.dep_ in ("relcl", "acl") and tells_attack(c) for c in root.children
    )  # "the shootings that left one dead"
    return not told and not tells_attack(clause)


def referred_clause(trigger: Span) -> tuple[int, int] | None:
    """The characters of the trigger's clause when that clause refers to the attack from inside
    another event's sentence ("Pride parades drew crowds in <City>, two weeks after a shooting
    at a nightclub in <Town> shocked the country"): what lies outside it is the other event's."""
    if not referred_elsewhere(trigger):
        return None
    clause = clause_head(trigger.root)
    if clause.dep_ == "ROOT":
        return None
    return _phrase_chars(clause)


def _of_other_clause(hit: DateHit, trigger: Span) -> bool:
    """The date lies outside the trigger's clause, and that clause only refers to the attack
    ("told the panel on Tuesday that the Madrid attack showed ...")."""
    span = trigger.doc.char_span(hit.start, hit.end, alignment_mode="expand")
    if span is None:
        return False
    own, other = clause_head(trigger.root), clause_head(span.root)
    if own.i == other.i or own.is_ancestor(other) or tells_attack(other):
        return False  # "one man was killed on Friday after a quarrel turned into gunfire"
    return referred_elsewhere(trigger)


def _by_then(hit: DateHit) -> DateHit:
    """The date of an event that came after the attack: the attack happened by then, so only
    its month (at most) is told."""
    value = hit.value[:7]
    return DateHit(hit.start, hit.end, value, "dates.referred-by", 0.3, hit.relative)


YEAR_WORD = re.compile(r"(?:19|20)\d{2}")
INTERVAL_RULE = "dates.interval"
COUNT_WORDS = {
    w: n
    for n, w in enumerate(
        ["a", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"], start=1
    )
} | {"an": 1, "one": 1}
INTERVAL_UNITS = {"day": 1, "days": 1, "week": 7, "weeks": 7, "month": 30, "months": 30}


def _interval(trigger: Span) -> tuple[int, Token] | None:
    """ "<the main event>, a week after <the attack>" / "two days before <the attack>": the days
    from the attack to the main clause's event (positive: the attack came first) and the clause
    head, when the trigger's clause is set at a measured distance from the sentence's event."""
    clause = clause_head(trigger.root)
    mark = next((c.lower_ for c in clause.children if c.dep_ in ("mark", "prep")), None)
    if mark not in ("after", "before") or clause.head.i == clause.i:
        return None
    for child in clause.children:
        if child.dep_ != "npadvmod" or child.lower_ not in INTERVAL_UNITS:
            continue
        count = next((c for c in child.children if c.dep_ in ("nummod", "det")), None)
        if count is None:
            continue
        n = COUNT_WORDS.get(count.lower_) or (int(count.text) if count.text.isdigit() else None)
        if n is None:
            return None
        days = n * INTERVAL_UNITS[child.lower_]
        return (days if mark == "after" else -days), clause
    return None


def _shifted(hit: DateHit, days: int) -> DateHit | None:
    """A day-precise date of the main event moved back to the attack's (a month's distance leaves
    the month; anything coarser is not moved, so it is not the attack's)."""
    if len(hit.value) != 10:
        return None
    day = date.fromisoformat(hit.value) - timedelta(days=days)
    value = day.isoformat() if abs(days) < 28 else day.isoformat()[:7]
    return DateHit(hit.start, hit.end, value, INTERVAL_RULE, hit.confidence * 0.8, hit.relative)


def _measured(hits: list[DateHit], trigger: Span) -> list[DateHit]:
    """The sentence's dates, those of the main event moved by the interval to the attack."""
    found = _interval(trigger)
    if found is None:
        return hits
    days, clause = found
    doc = trigger.doc
    lo, hi = (
        doc[clause.left_edge.i].idx,
        doc[clause.right_edge.i].idx + len(doc[clause.right_edge.i]),
    )
    moved = []
    for hit in hits:
        if lo <= hit.start < hi:
            moved.append(hit)
        elif (shifted := _shifted(hit, days)) is not None:
            moved.append(shifted)
    return moved


def _year_of(trigger: Span) -> list[DateHit]:
    """A year modifying the event noun ("a survivor of the 2022 bombing")."""
    for child in trigger.root.children:
        if child.dep_ in ("nummod", "compound", "amod", "npadvmod") and YEAR_WORD.fullmatch(
            child.text
        ):
            end = child.idx + len(child.text)
            return [DateHit(child.idx, end, child.text, "dates.event-year", 0.7)]
    return []


def attack_date(units: list[Span], trigger: Span, published: date | None) -> DateHit | None:
    """The date of the attack a trigger opens: in the trigger's unit, the expression nearest the
    trigger that belongs to its clause, else the first unit of the mention that has one.

    In the trigger's unit, a date inside another event's phrase ("shot at a mosque after the
    November attacks in Paris") is that event's; when the trigger is an attack referred to
    (``referenced_scope``: "the Paris attacks suspect was caught on Friday"), only the dates of
    its own phrase are its, and the mention's other sentences only by an event noun's phrase."""
    own = [s for s in units if s.start <= trigger.start < s.end]
    outside: list[DateHit] = []
    scope = referenced_scope(trigger)
    others = _other_events(trigger)
    for unit in own + [s for s in units if s not in own]:
        hits = find_dates(unit.text, published, unit.start_char)
        if unit in own:
            hits = _measured(hits, trigger)
            hits = [h for h in hits if not any(a <= h.start < b for a, b in others)]
            hits = [
                _by_then(h) if h.rule != INTERVAL_RULE and _of_other_clause(h, trigger) else h
                for h in hits
            ]
            if scope is not None:
                hits = [h for h in hits if scope[0] <= h.start < scope[1]] or _year_of(trigger)
            outside = [h for h in hits if _outside_relative(h, trigger)]
            hits = [h for h in hits if h not in outside]
        elif scope is not None:
            # an attack referred to: the other sentences' dates are of what it is told with,
            # unless they date an event noun ("The May 9 bombing killed 14")
            events = event_phrases(unit)
            hits = [h for h in hits if any(a <= h.start < b for a, b in events)]
        if hits:
            # the nearest to the trigger (not a dateline opening the sentence)
            return min(hits, key=lambda h: abs(h.start - trigger.start_char))
    # only the main clause is dated: the attack it tells of is close to that date
    return min(outside, key=lambda h: abs(h.start - trigger.start_char)) if outside else None


def _phrase_chars(token: Token) -> tuple[int, int]:
    doc = token.doc
    last = doc[token.right_edge.i]
    return doc[token.left_edge.i].idx, last.idx + len(last)


def referenced_scope(trigger: Span) -> tuple[int, int] | None:
    """The characters of an event noun's own phrase when the sentence refers to the attack
    rather than tells it: the noun modifies another noun ("the Paris attacks suspect"), or sits
    in a phrase of time or relation ("ahead of the attacks", "since the bombings", "the suspect
    in last year's attacks"), or a passive state that began before ("a journalist being held
    hostage"). None when the sentence's dates may be the attack's."""
    root = trigger.root
    if root.tag_ == "VBN" and any(c.lower_ == "being" for c in root.children):
        return _phrase_chars(root)  # "a journalist being held hostage": a state, begun before
    if not root.tag_.startswith("NN"):
        return None
    if (
        root.dep_ == "compound"
        and root.head.tag_.startswith("NN")
        and not _event_noun().fullmatch(root.head.lower_)
    ):
        return _phrase_chars(root)
    if root.dep_ != "pobj" or root.head.dep_ != "prep":
        return None
    prep = root.head
    words = _grammar_words("reference_preps")
    if prep.lower_ in words or prep.head.lower_ in words:
        return _phrase_chars(root)
    if prep.head.tag_.startswith("NN") and prep.head.lower_ in _grammar_words("referring_nouns"):
        return _phrase_chars(root)
    if prep.head.tag_ == "VBN" and prep.head.lower_ in _grammar_words("referring_participles"):
        return _phrase_chars(root)  # "militants involved in the Paris attacks"
    return None


def event_phrases(unit: Span) -> list[tuple[int, int]]:
    """The phrases of the definite event nouns of ``unit`` ("the May 9 bombing", "Monday's
    attack"): descriptions of an attack already told, which date it."""
    from incidex.extract.doc_index import triggers_in

    return [
        _phrase_chars(t.root)
        for t in triggers_in(unit)
        if t.root.tag_.startswith("NN") and _is_definite(t.root)
    ]


def _other_events(trigger: Span) -> list[tuple[int, int]]:
    """The phrases of the other event nouns of the trigger's sentence that do not hold it."""
    from incidex.extract.doc_index import triggers_in

    sent = trigger.sent
    found: list[tuple[int, int]] = []
    for other in triggers_in(sent):
        if other.start == trigger.start:
            continue
        root = other.root
        if not root.tag_.startswith("NN"):
            continue
        a, b = _phrase_chars(root)
        if not a <= trigger.start_char < b:
            found.append((a, b))
    return found


@cache
def _event_noun() -> re.Pattern[str]:
    return re.compile(str(load_data("triggers.yaml")["event_nouns"]))


@cache
def _grammar_words(name: str) -> frozenset[str]:
    return frozenset(str(w).lower() for w in load_data("triggers.yaml")["grammar"][name])


@cache
def _casualty_words() -> frozenset[str]:
    """Words that tell deaths or injuries (``casualties.yaml``; read as data, the casualty stage
    comes after this one)."""
    data = load_data("casualties.yaml")
    keys = ("kill_words", "wound_words", "injury_verbs", "succumb_words")
    return frozenset(str(w).lower() for k in keys for w in data[k])
