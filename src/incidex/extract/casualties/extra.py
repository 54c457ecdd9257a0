"""Casualty counts beyond the clause parse: tolls and hospital counts read by pattern, "in
addition to the assailant", and totals split over the related attacks of a GTD summary.

A total given "across both attacks" of a summary that says "This was one of N attacks" is split
evenly, as GTD codes each incident. A toll "of the day" or "of the week" covers several attacks
and is no count of this one. Patterns are in ``data/casualties.yaml``.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from incidex.extract.base import MentionContext
from incidex.extract.casualties.clauses import Count
from incidex.extract.casualties.numbers import Quantity, number_word, parse_quantity
from incidex.extract.casualties.victim_counts import np_count, pattern, pattern_list, vocab
from incidex.extract.casualties.words import casualty_kind
from incidex.text import prefilter


def split_share(q: Quantity, n: int) -> Quantity:
    """A total shared by ``n`` related incidents, rounded half up as GTD's per-incident share."""

    def part(x: float | None) -> float | None:
        return None if x is None else float(int(x / n + 0.5))

    value = int(q.value / n + 0.5) if q.value is not None else None
    return Quantity(value, part(q.low), part(q.high), q.hedge)


def related_count(ctx: MentionContext) -> int | None:
    """N of "This was one of N related attacks", if the mention says so."""
    for sent in ctx.sentences:
        m = prefilter.search(pattern("one_of"), sent.text)
        if m:
            n = number_word(m["n"])
            if n and n > 1:
                return n
    return None


def split_count(sent: Span, count: Count, n: int | None) -> Quantity:
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
    return split_share(count.quantity, n)


def _clause_kind(verb: Token) -> str | None:
    """The kind of the first casualty word coordinated with a clause's verb."""
    for tok in (verb, *verb.conjuncts):
        kind = casualty_kind(tok)
        if kind is not None:
            return kind
    return None


def addition(sent: Span) -> list[Count]:
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


def regex_counts(sent: Span) -> list[Count]:
    """Tolls, bodies found and people in hospital, read by pattern."""
    out: list[Count] = []
    if prefilter.search(pattern("speculative"), sent.text):
        return out
    for name in ("toll", "bodies", "hospital"):
        for m in (m for rx in pattern_list(name) for m in prefilter.finditer(rx, sent.text)):
            if name == "toll" and pattern("aggregate_toll").search(
                sent.text, max(0, m.start() - 40), m.end()
            ):
                continue  # "the day's overall death toll": several attacks together
            text = m["q"]
            if pattern("replaced").search(sent.text, max(0, m.start("q") - 60), m.start("q")):
                continue  # "rather than the figure of 100": the figure set aside
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
