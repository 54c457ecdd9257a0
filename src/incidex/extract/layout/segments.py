"""Cut sentences into the units attacks are grouped by, and prune clauses that tell other events.

Two sentence-internal patterns of news English are handled with the dependency parse:
- split: "In Strelsau, a man fired at a patrol, and a youth who threw a grenade at guards was also
  shot" reports two attacks; a clause coordinated by "and"/";" that has its own subject and is
  marked as a further report (fronted "in <place>," or "also") becomes a unit of its own;
- list: "its attacks include A that killed 8, B in May 2015 that killed 44, and C ..." names
  several attacks; each item that carries its own date or relative clause becomes a unit;
- prune: a relative or adverbial clause telling an earlier or state event inside a sentence about
  the attack ("..., who died in an army raid on Zenda two years ago") is cut out, so
  its place, date and counts reach no mention.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from spacy.tokens import Doc, Span, Token

from incidex.extract.base import is_verb, load_data
from incidex.extract.dates.dates import find_dates
from incidex.extract.doc_index import ents_between, ents_in, sentences, triggers_in
from incidex.vocab import country_codes

PRUNABLE = frozenset({"relcl", "acl", "advcl", "appos", "parataxis"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
FRONTED_PREPS = frozenset({"in", "at", "near", "outside"})


@cache
def _state_rx() -> re.Pattern[str]:
    cues = load_data("triggers.yaml")["modality"]["state"]
    return re.compile(r"\b(?:" + "|".join(cues) + r")\b", re.I)


def fronted_span(unit: Span) -> Span | None:
    """The fronted locative phrase of ``unit`` ("In the Strelsau suburb of Zenda"), if any.

    The preposition must head a real prepositional phrase: "at least 25" is no locative.
    """
    toks = [t for t in unit if not t.is_punct or t.text == ","]
    if not toks or toks[0].lower_ in ("and", "while", "but"):
        toks = toks[1:]
    if not toks or toks[0].lower_ not in FRONTED_PREPS:
        return None
    if not any(c.dep_ == "pobj" for c in toks[0].children):
        return None
    comma = next((i for i, t in enumerate(toks[:14]) if t.text == ","), None)
    if comma is None:
        return None
    return unit.doc[toks[0].i : toks[comma].i]


def fronted_clause_place(unit: Span) -> list[str]:
    """Places of a fronted temporal clause ("As shoppers ran toward the village of Zenda, ..."):
    the scene it sets is where the sentence's attack happens."""
    toks = [t for t in unit if not t.is_punct or t.text == ","]
    if len(toks) < 3 or toks[0].dep_ != "mark":
        return []
    if toks[0].lower_ not in _frames()["temporal_marks"]:
        return []
    comma = next((i for i, t in enumerate(toks[:16]) if t.text == ","), None)
    if comma is None:
        return []
    span = unit.doc[toks[0].i : toks[comma].i]
    found = [e.text for e in ents_in(span) if e.label_ in ("GPE", "LOC")]
    nouns = {str(n) for n in load_data("places.yaml")["place_nouns"]}
    for tok in span:
        if tok.lower_ in nouns and tok.i + 2 < span.end and unit.doc[tok.i + 1].lower_ == "of":
            names = [t.text for t in unit.doc[tok.i + 2 : span.end] if t.tag_ == "NNP"]
            found.extend(names[:1])
    return found


def fronted_place(unit: Span) -> list[str]:
    """GPE names of a fronted locative ("In the Strelsau suburb of Zenda, ...")."""
    span = fronted_span(unit)
    if span is None:
        return []
    lo, hi = span.start, span.end
    found = [e.text for e in ents_between(unit.doc, lo + 1, hi) if e.label_ in PLACE_LABELS]
    return found or [t.text for t in unit.doc[lo + 1 : hi] if t.tag_ == "NNP" and t.is_title]


def labelled_place(unit: Span) -> list[str]:
    """The place an item of a digest is labelled with ("Syria: A car bomb exploded ..."): a
    place name of a few words, then a colon, opening the unit."""
    toks = [t for t in unit if not t.is_space]
    colon = next((i for i, t in enumerate(toks[:5]) if t.text == ":"), None)
    if not colon:
        return []
    label = unit.doc[toks[0].i : toks[colon].i]
    if not all(t.is_title or t.is_upper or t.lower_ in ("and", "of", "the") for t in label):
        return []
    if label.text.lower() in country_codes() or any(
        e.label_ in PLACE_LABELS and e.start == label.start for e in ents_in(label)
    ):
        return [label.text]
    return []


def gapped_clause(unit: Span) -> bool:
    """A gapped conjunct that repeats its sentence's verb for another count at another place
    ("... killed 11 in a raid in Strelsau and four at a church in Zenda"): a further attack.
    ``unit`` starts at the "and"; the words before it must name another place."""
    toks = [t for t in unit if not t.is_punct]
    if len(toks) < 4 or toks[0].lower_ != "and" or not toks[1].like_num:
        return False
    if toks[1].ent_type_ in ("DATE", "TIME") or re.fullmatch(r"\d{4}", toks[1].text):
        return False  # "in 2011 and 2016, and in ...": a list of years, not a count
    if any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in toks[1:]):
        return False  # a clause with a verb of its own is no gapping
    sent = unit.sent
    before = {e.text for e in ents_in(sent) if e.label_ in ("GPE", "LOC") and e.end <= unit.start}
    after = {e.text for e in ents_in(unit) if e.label_ in ("GPE", "LOC")}
    return bool(before) and bool(after - before)


def _strong_roots(sent: Span) -> set[int]:
    """Token indexes of the nominal roots of the sentence's strong (non-casualty) triggers."""
    weak = set(load_data("triggers.yaml").get("weak_kinds") or [])
    return {t.root.i for t in triggers_in(sent) if t.label_ not in weak and not is_verb(t.root)}


def _own_frame(piece: Span) -> bool:
    """A list item's words carry their own date or relative clause ("raids in May 2015 that
    killed 44"): it tells an attack of its own, not a part of a shared one. Read on the words,
    not the parse, which often hangs an item's modifiers on the first item."""
    return any(t.ent_type_ == "DATE" or (t.dep_ in ("relcl", "acl") and is_verb(t)) for t in piece)


def _list_points(sent: Span) -> dict[int, Span | None]:
    """Where each item of a list of attacks begins ("attacks include A that killed 8, B in May
    2015 that killed 44, and C in June 2020 ..."): items that each carry their own frame.
    Each maps to the list's lead-in ("Its deadliest attacks include"), which tells
    every item's actor."""
    roots = _strong_roots(sent)
    lists: dict[int, list[Token]] = {}
    for i in sorted(roots):
        tok = sent.doc[i]
        head = tok
        while head.dep_ == "conj" and head.head.i in roots:
            head = head.head
        lists.setdefault(head.i, []).append(tok)
    points: dict[int, Span | None] = {}
    for items in lists.values():
        if len(items) < 2:
            continue
        starts = []
        for item in items:
            start = item.left_edge.i
            while start - 1 > sent.start and sent.doc[start - 1].lower_ in (",", "and", ";", "or"):
                start -= 1
            starts.append(start)
        bounds = [*starts, sent.end]
        framed = [_own_frame(sent.doc[a:b]) for a, b in zip(bounds, bounds[1:], strict=False)]
        lead = sent.doc[sent.start : starts[0]] if starts[0] > sent.start else None
        for k in range(1, len(items)):
            if framed[k] and framed[k - 1] and starts[k] > sent.start:
                points[starts[k]] = lead
    return points


def _split_points(sent: Span) -> list[int]:
    """Token indexes where a coordinated clause reporting a further attack begins."""
    points: list[int] = []
    for tok in sent:
        nxt = tok.nbor(1) if tok.i + 1 < sent.end else None
        if (
            tok.i > sent.start
            and tok.lower_ in ("and", ";")
            and nxt is not None
            and nxt.lower_ in FRONTED_PREPS
            and fronted_place(sent.doc[tok.i : sent.end])
        ):
            points.append(tok.i)
            continue
        if tok.lower_ == "and" and nxt is not None and gapped_clause(sent.doc[tok.i : sent.end]):
            points.append(tok.i)
            continue
        if tok.dep_ != "conj" or not is_verb(tok) or tok.head.sent.start != sent.start:
            continue
        if not any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
            continue
        cc = next(
            (
                c
                for c in tok.head.children
                if c.dep_ == "cc" and c.i < tok.i and c.lower_ in ("and", "while")
            ),
            None,
        )
        start = cc.i if cc is not None else tok.left_edge.i
        if start <= sent.start:
            continue
        also = any(c.lower_ == "also" for c in tok.children)
        clause = sent.doc[start : tok.right_edge.i + 1]
        if also or fronted_place(clause):
            points.append(start)
    return sorted(set(points))


def sentence_units(doc: Doc) -> tuple[list[Span], dict[int, Span | None]]:
    """Every sentence of ``doc``, split where a coordinated clause reports a further attack.

    Also returns, for each split-off clause's start token, what of its sentence scopes over it:
    the fronted locative ("In Jerusalem, A ..., and B was also shot") or a list's lead-in, or
    ``None``.
    """
    units: list[Span] = []
    splits: dict[int, Span | None] = {}
    for sent in sentences(doc):
        items = _list_points(sent)
        cuts = sorted({p for p in [*_split_points(sent), *items] if sent.start < p < sent.end})
        scope = fronted_span(sent)
        for cut in cuts:
            splits[cut] = items.get(cut, scope) if cut in items else scope
            if sent.root.i < cut and gapped_clause(doc[cut : sent.end]):
                # the gapped conjunct shares its sentence's subject and verb ("Bombers killed")
                splits[cut] = doc[sent.start : sent.root.i + 1]
        bounds = [sent.start, *cuts, sent.end]
        units.extend(doc[a:b] for a, b in zip(bounds, bounds[1:], strict=False) if b > a)
    return units, splits


def _other_time(clause: str, offset: int, published: date | None, ref: str | None) -> bool:
    for hit in find_dates(clause, published, offset):
        if ref is None:
            return hit.rule.endswith("-ago")
        if hit.value[:4] != ref[:4] or hit.rule.endswith("years-ago"):
            return True
    return False


@cache
def _event_noun_rx() -> re.Pattern[str]:
    return re.compile(str(load_data("triggers.yaml")["event_nouns"]), re.I)


@cache
def _frames() -> dict[str, frozenset[str]]:
    data = load_data("triggers.yaml")["prune_frames"]
    return {k: frozenset(str(w).lower() for w in v) for k, v in data.items()}


def _aside(tok: Token) -> bool:
    """A clause that tells no part of the attack: the speaker's own setting ("Speaking in London,
    ..."), a fronted contrast ("While the country has been spared ..., a bomb ..."), or where an
    actor comes from ("Militants trained in camps in Libya carried out ...", "a bomber thought to
    be from Syria"). A trailing "while" clause tells more of the same event."""
    if tok.dep_ in ("acl", "relcl") and tok.head.dep_ in ("nsubj", "nsubjpass"):
        if _event_noun_rx().fullmatch(tok.head.lower_):  # "an attack claimed ... in Homs"
            return False
        if tok.head.like_num:  # "Over 60 killed in Moscow ...": victims counted, no actor
            return False
        return any(t.ent_type_ in ("GPE", "LOC") for t in tok.subtree)
    if tok.dep_ != "advcl":
        return False
    frames = _frames()
    if tok.tag_ == "VBG" and tok.lower_ in frames["speaker_verbs"]:
        return True
    if tok.i > tok.head.i:  # "... died overnight while 112 remain in hospital": same event
        return False
    return any(c.dep_ == "mark" and c.lower_ in frames["concessive_marks"] for c in tok.children)


def _prunable(tok: Token, keep: set[int], published: date | None, ref: str | None) -> bool:
    if tok.dep_ not in PRUNABLE or not is_verb(tok):
        return False
    sub = list(tok.subtree)
    if any(t.i in keep for t in sub):
        return False
    if _aside(tok):
        return True
    text = "".join(t.text_with_ws for t in sub)
    return bool(_state_rx().search(text)) or _other_time(text, sub[0].idx, published, ref)


def prune(unit: Span, keep: Span | None, published: date | None, ref: str | None) -> list[Span]:
    """``unit`` without the nested clauses that tell a state action or an event of another time.

    ``keep`` (the mention's trigger) is never cut; ``ref`` is the mention's date, if known.
    """
    keep_ids = {t.i for t in keep} if keep is not None else set()
    cut: set[int] = set()
    for tok in unit:
        if tok.i in cut:
            continue
        if _prunable(tok, keep_ids, published, ref):
            lo, hi = tok.left_edge.i, tok.right_edge.i
            if lo > unit.start and unit.doc[lo - 1].text == ",":
                lo -= 1
            cut.update(range(lo, hi + 1))
    if not cut:
        return [unit]
    pieces: list[Span] = []
    start: int | None = None
    for i in range(unit.start, unit.end + 1):
        inside = i < unit.end and i not in cut
        if inside and start is None:
            start = i
        elif not inside and start is not None:
            pieces.append(unit.doc[start:i])
            start = None
    return [p for p in pieces if p.text.strip(" ,.;")]
