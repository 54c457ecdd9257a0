"""Killed and wounded counts of one mention, with hedges, sums and GTD's zero/unknown rules.

``casualty_clauses`` finds the counts of each sentence; this module combines them. Within a
sentence the clauses are summed ("13 soldiers and 169 civilians were killed", "two were killed
and three others died"). Across sentences a later figure replaces an earlier one when it is
higher (updated tolls), but adds to it when the clause says so ("was also killed", "In
addition, ...") or when one sentence counts perpetrators and another their victims (GTD counts
dead attackers in nkill; "In addition to the assailant, ..." adds the attacker). "Succumbed to
his injuries" moves a victim from wounded to killed. Some figures are only fallbacks, used when
no other is given: a superseded one, people in hospital (wounded), victims of "stabbed"
(wounded), and the attackers' own claim (``casualty_voice``). Tolls read by pattern and splits
over related attacks are in ``casualty_extra``. GTD codes a count the text is silent about as 0
when the outcome is known, and leaves it empty when the text says the outcome or the count is
unknown or gives it only vaguely ("several"), or an article speaks of wounded with no figure.
"""

from __future__ import annotations

from spacy.tokens import Span

from incidex.extract.base import MentionContext
from incidex.extract.casualties.clauses import Count, sentence_counts
from incidex.extract.casualties.extra import addition, regex_counts, related_count, split_count
from incidex.extract.casualties.tally import KindState, Tally
from incidex.extract.casualties.victim_counts import pattern, single_count, vocab
from incidex.extract.casualties.words import INJURY_RULE
from incidex.extract.dates.dates import gtd_prefix
from incidex.extract.layout.segments import gapped_clause
from incidex.models import FieldName, FieldValue
from incidex.text import prefilter

KINDS = ("kill", "wound")
# Counts kept apart as fallbacks (``KindState`` field), by rule.
# Parse roles of a casualty word used of people, not as a clause's verb ("the wounded").
NOMINAL = frozenset({"pobj", "nsubj", "nsubjpass", "dobj", "amod", "conj", "appos"})
ROLES = {"casualties.hospital": "hospital", INJURY_RULE: "injured"}
FLAG_PATTERNS = ("zero_both", "zero_kill", "zero_wound", "unknown_both", "unknown_kill")


def _flags(ctx: MentionContext) -> dict[str, tuple[int, int]]:
    """First span of each zero/unknown statement in the mention."""
    found: dict[str, tuple[int, int]] = {}
    for sent in ctx.sentences:
        for name in (*FLAG_PATTERNS, "unknown_wound"):
            if name in found:
                continue
            m = prefilter.search(pattern(name), sent.text)
            if m:
                found[name] = (sent.start_char + m.start(), sent.start_char + m.end())
    return found


def _counts_by_sentence(ctx: MentionContext) -> list[tuple[Span, list[Count]]]:
    """Every count of each sentence. A gapped item of a list ("killed 15 in A and seven at B",
    the mention of B) counts only its own number, of the kind its sentence's verb gives."""
    gapped = next((s for s in ctx.sentences if gapped_clause(s)), None)
    if gapped is None:
        return [
            (sent, sentence_counts(sent) + addition(sent) + regex_counts(sent))
            for sent in ctx.sentences
        ]
    number = next(t for t in gapped if not t.is_punct and t.lower_ != "and")
    quantity = single_count(number)
    if quantity is None:
        return []
    scope = [c for s in ctx.sentences if s != gapped for c in sentence_counts(s)]
    kind = scope[0].kind if scope else "kill"
    span = (number.idx, number.idx + len(number.text))
    return [(gapped, [Count(quantity, *span, "casualties.gapped-item", 0.7, kind)])]


def _collect(ctx: MentionContext) -> dict[str, KindState]:
    states = {k: KindState() for k in KINDS}
    related = related_count(ctx)
    succumbed = Tally()
    for sent, counts in _counts_by_sentence(ctx):
        stale = prefilter.search(pattern("superseded"), sent.text) is not None
        per: dict[tuple[str, bool, bool, str], Tally] = {}
        for c in counts:
            if c.quantity.value is None:
                state = states[c.kind]
                state.vague = state.vague or (c.start, c.end)
                continue
            q = split_count(sent, c, related)
            if c.succumb and not c.perp:
                succumbed.add(q, c.start, c.end, c.rule, c.confidence)
                continue
            role = ROLES.get(c.rule, "claimed" if c.claimed else "")
            key = (c.kind, c.perp, c.also, role)
            per.setdefault(key, Tally()).add(q, c.start, c.end, c.rule, c.confidence)
        for (kind, perp, also, role), tally in per.items():
            state = states[kind]
            if role:
                getattr(state, role).merge_max(tally)
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
        if not state.victims.found:  # the attackers' own figure, when no one else gives one
            state.victims.merge_max(state.claimed)
        if not state.victims.found and not state.perps.found:
            state.victims.merge_max(state.hospital)
    hurt = states["wound"]
    if not (hurt.victims.found or hurt.perps.found or states["kill"].victims.found):
        hurt.victims.merge_max(hurt.injured)  # "stabbed a man": wounded, when nothing else
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


def _speaks_of_wounded(ctx: MentionContext, kind: str) -> bool:
    """An article that speaks of wounded people without a figure ("the critically wounded",
    "wounded people"): there were wounded, so silence about their number is no zero."""
    if kind != "wound":
        return False
    words = vocab().wound
    return any(
        tok.lower_ in words and tok.tag_ in ("JJ", "VBN") and tok.dep_ in NOMINAL
        for sent in ctx.sentences
        for tok in sent
    )


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
        summary = gtd_prefix(ctx.text) is not None
        known = summary or (_stated(states, other) and not _speaks_of_wounded(ctx, kind))
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
