"""Killed and wounded counts of one mention, with hedges, sums and GTD's zero/unknown rules.

``casualty_clauses`` finds the counts of each sentence; this module combines them. Within a
sentence the clauses are summed ("13 soldiers and 169 civilians were killed", "two were killed
and three others died"). Across sentences a later figure replaces an earlier one when it is
higher (updated tolls), but adds to it when the clause says so ("was also killed", "In
addition, ...") or when one sentence counts perpetrators and another their victims (GTD counts
dead attackers in nkill; "In addition to the assailant, ..." adds the attacker). "Succumbed to
his injuries" moves a victim from wounded to killed. A total given "across both attacks" of a
summary that says "This was one of N attacks" is split evenly, as GTD codes each incident.
GTD codes a count the text is silent about as 0 when the outcome is known, and leaves it empty
when the text says the outcome or the count is unknown or gives it only vaguely ("several").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from incidex.extract.base import MentionContext
from incidex.extract.casualty_clauses import Count, casualty_kind, sentence_counts
from incidex.extract.dates import gtd_prefix
from incidex.extract.numbers import Quantity, number_word, parse_quantity
from incidex.extract.victim_counts import np_count, pattern, pattern_list, vocab
from incidex.models import FieldName, FieldValue

KINDS = ("kill", "wound")
FLAG_PATTERNS = ("zero_both", "zero_kill", "zero_wound", "unknown_both", "unknown_kill")


@dataclass(slots=True)
class Tally:
    """A running total of one casualty kind, with its bounds and evidence span."""

    value: int = 0
    low: float | None = 0
    high: float | None = 0
    start: int | None = None
    end: int | None = None
    rule: str = ""
    confidence: float = 0.8
    found: bool = False
    parts: int = 0

    def add(self, q: Quantity, start: int, end: int, rule: str, confidence: float) -> None:
        """Add one count (parts of one statement, or an explicit addition)."""
        self.value += q.value or 0
        self.low = None if self.low is None or q.low is None else self.low + q.low
        self.high = None if self.high is None or q.high is None else self.high + q.high
        self.start = start if self.start is None else min(self.start, start)
        self.end = end if self.end is None else max(self.end, end)
        self.parts += 1
        self.rule = rule if self.parts == 1 else rule.removesuffix("-sum") + "-sum"
        self.confidence = min(self.confidence, confidence) if self.parts == 1 else 0.65
        self.found = True

    def merge_max(self, other: Tally) -> None:
        """Keep the higher of two statements of the same count (later reports raise tolls)."""
        if other.found and (not self.found or other.value > self.value):
            for name in ("value", "low", "high", "start", "end", "rule", "confidence", "parts"):
                setattr(self, name, getattr(other, name))
            self.found = True

    def merge_add(self, other: Tally) -> None:
        """Add another statement's total."""
        if other.found and other.start is not None and other.end is not None:
            q = Quantity(other.value, other.low, other.high)
            self.add(q, other.start, other.end, other.rule, other.confidence)


@dataclass(slots=True)
class KindState:
    """Victims and perpetrators of one kind, kept apart until the end."""

    victims: Tally = field(default_factory=Tally)
    perps: Tally = field(default_factory=Tally)
    vague: tuple[int, int] | None = None
    stale: Tally = field(default_factory=Tally)  # figures the text says were superseded
    hospital: Tally = field(default_factory=Tally)  # "N remain in hospital": wounded, at least
    breakdowns: list[int] = field(default_factory=list)  # victim totals summed from 2+ classes


def _split(q: Quantity, n: int) -> Quantity:
    """A total shared by ``n`` related incidents, rounded half up as GTD's per-incident share."""

    def part(x: float | None) -> float | None:
        return None if x is None else float(int(x / n + 0.5))

    value = int(q.value / n + 0.5) if q.value is not None else None
    return Quantity(value, part(q.low), part(q.high), q.hedge)


def _related(ctx: MentionContext) -> int | None:
    """N of "This was one of N related attacks", if the mention says so."""
    for sent in ctx.sentences:
        m = pattern("one_of").search(sent.text)
        if m:
            n = number_word(m["n"])
            if n and n > 1:
                return n
    return None


def _split_count(sent: Span, count: Count, n: int | None) -> Quantity:
    """Split a count when the next scope marker after it is "across the attacks"."""
    if n is None:
        text = sent.text.lower()
        n = 2 if pattern("both").search(text) else None
        if n is None:
            return count.quantity
    offset = count.end - sent.start_char
    across = pattern("across").search(sent.text, offset)
    if across is None:
        return count.quantity
    this = pattern("this_attack").search(sent.text, offset)
    if this is not None and this.start() < across.start():
        return count.quantity
    return _split(count.quantity, n)


def _clause_kind(verb: Token) -> str | None:
    """The kind of the first casualty word coordinated with a clause's verb."""
    for tok in (verb, *verb.conjuncts):
        kind = casualty_kind(tok)
        if kind is not None:
            return kind
    return None


def _addition(sent: Span) -> list[Count]:
    """'In addition to the assailant(s), ...': the perpetrators GTD adds to the count of the
    clause's casualty word (killed or wounded)."""
    out: list[Count] = []
    v = vocab()
    for tok in sent:
        if tok.lower_ != "addition" or tok.head.lower_ != "in":
            continue
        kind = casualty_kind(tok.head.head) or _clause_kind(tok.head.head) or "kill"
        for prep in tok.children:
            if prep.lower_ != "to":
                continue
            for obj in prep.children:
                if obj.dep_ != "pobj" or obj.lower_ not in v.perps:
                    continue
                q, _ = np_count(obj)
                if q is not None and q.value is not None:
                    span = sent.doc[tok.head.i : obj.i + 1]
                    rule = "casualties.in-addition-to"
                    out.append(Count(q, span.start_char, span.end_char, rule, 0.7, kind, True))
    return out


def _regex_counts(sent: Span) -> list[Count]:
    """Tolls, bodies found and people in hospital, read by pattern."""
    out: list[Count] = []
    if pattern("speculative").search(sent.text):
        return out
    for name in ("toll", "bodies", "hospital"):
        for m in (m for rx in pattern_list(name) for m in rx.finditer(sent.text)):
            if name == "toll" and pattern("aggregate_toll").search(
                sent.text, max(0, m.start() - 40), m.end()
            ):
                continue  # "the day's overall death toll": several attacks together
            text = m["q"]
            update = pattern("toll_update").search(text)
            if name == "toll" and update is not None:
                text = text[update.end() :]  # "rose from 59 to 73": the new figure
            elif name == "toll" and pattern("toll_old").search(text):
                continue  # "rose from the toll of 59": the old figure only
            q = parse_quantity(text, first=True)
            if q is None and name == "bodies" and "body" in m.group(0).lower():
                q = Quantity(1, 1, 1)
            if q is not None and q.value is not None:
                s, e = sent.start_char + m.start(), sent.start_char + m.end()
                kind = "wound" if name == "hospital" else "kill"
                out.append(Count(q, s, e, f"casualties.{name}", 0.75, kind))
    return out


def _flags(ctx: MentionContext) -> dict[str, tuple[int, int]]:
    """First span of each zero/unknown statement in the mention."""
    found: dict[str, tuple[int, int]] = {}
    for sent in ctx.sentences:
        for name in (*FLAG_PATTERNS, "unknown_wound"):
            if name in found:
                continue
            m = pattern(name).search(sent.text)
            if m:
                found[name] = (sent.start_char + m.start(), sent.start_char + m.end())
    return found


def _collect(ctx: MentionContext) -> dict[str, KindState]:
    states = {k: KindState() for k in KINDS}
    related = _related(ctx)
    succumbed = Tally()
    for sent in ctx.sentences:
        stale = pattern("superseded").search(sent.text) is not None
        counts = sentence_counts(sent) + _addition(sent) + _regex_counts(sent)
        per: dict[tuple[str, bool, bool, bool], Tally] = {}
        for c in counts:
            if c.quantity.value is None:
                state = states[c.kind]
                state.vague = state.vague or (c.start, c.end)
                continue
            q = _split_count(sent, c, related)
            if c.succumb and not c.perp:
                succumbed.add(q, c.start, c.end, c.rule, c.confidence)
                continue
            key = (c.kind, c.perp, c.also, c.rule == "casualties.hospital")
            per.setdefault(key, Tally()).add(q, c.start, c.end, c.rule, c.confidence)
        for (kind, perp, also, hospital), tally in per.items():
            state = states[kind]
            if hospital:
                state.hospital.merge_max(tally)
                continue
            target = state.perps if perp else state.stale if stale else state.victims
            if also:
                target.merge_add(tally)
            else:
                target.merge_max(tally)
                if not perp and not stale and tally.parts > 1:
                    state.breakdowns.append(tally.value)
    for state in states.values():
        if not state.victims.found:  # an earlier figure, when it is the only one
            state.victims.merge_max(state.stale)
        if not state.victims.found and not state.perps.found:
            state.victims.merge_max(state.hospital)
    if succumbed.found:
        states["kill"].victims.merge_add(succumbed)
        wound = states["wound"].victims
        if wound.found:
            wound.value = max(0, wound.value - succumbed.value)
            wound.low = None if wound.low is None else max(0, wound.low - succumbed.value)
            wound.high = None if wound.high is None else max(0, wound.high - succumbed.value)
        elif not states["wound"].perps.found:
            wound.found, wound.start, wound.end = True, succumbed.start, succumbed.end
            wound.rule, wound.confidence, wound.value = "casualties.succumbed", 0.6, 0
    return states


def _includes_perps(state: KindState) -> bool:
    """A total whose breakdown by victim class elsewhere ("7 civilians and 10 soldiers"), plus
    the dead perpetrators, adds up to it exactly already counts the perpetrators: not added."""
    victims, perps = state.victims, state.perps
    if not (victims.found and perps.found):
        return False
    return any(s < victims.value and s + perps.value == victims.value for s in state.breakdowns)


def _stated(states: dict[str, KindState], kind: str) -> bool:
    state = states[kind]
    return state.victims.found or state.perps.found


def extract_casualties(ctx: MentionContext) -> list[FieldValue]:
    """``nkill`` and ``nwound`` of one mention."""
    states = _collect(ctx)
    flags = _flags(ctx)
    out: list[FieldValue] = []
    for name, kind in ((FieldName.NKILL, "kill"), (FieldName.NWOUND, "wound")):
        state = states[kind]
        total = Tally()
        total.merge_add(state.victims)
        if not _includes_perps(state):
            total.merge_add(state.perps)
        if total.found and total.start is not None and total.end is not None:
            out.append(
                ctx.value(
                    name,
                    str(total.value),
                    total.start,
                    total.end,
                    total.rule,
                    total.confidence,
                    low=total.low,
                    high=total.high,
                )
            )
            continue
        zero = flags.get(f"zero_{kind}") or flags.get("zero_both")
        if zero is not None:
            out.append(
                ctx.value(name, "0", zero[0], zero[1], "casualties.none-reported", 0.8, 0, 0)
            )
            continue
        if state.vague or flags.get(f"unknown_{kind}") or flags.get("unknown_both"):
            continue  # GTD: the count is unknown, not zero
        other = "wound" if kind == "kill" else "kill"
        known = gtd_prefix(ctx.text) is not None or _stated(states, other)
        if ctx.main and ctx.sentences and known:
            # GTD codes a silent count as 0 when the outcome is known: always in its summaries,
            # in an article when it gives the other count; otherwise silence proves nothing.
            first = ctx.trigger if ctx.trigger is not None else ctx.sentences[0]
            out.append(
                ctx.value(
                    name,
                    "0",
                    first.start_char,
                    first.end_char,
                    "casualties.silence-zero",
                    0.3,
                    0,
                    0,
                )
            )
    return out
