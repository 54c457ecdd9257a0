"""Perpetrator group (GTD ``gname``) and whether it claimed the attack (``claimed``).

Groups are found by the one actor matcher (``names``: the ``incidex_gazetteer`` component's hits
with the lexicon's spelling variants and noisy spellings, "ISIS–-K") and, when nothing matched,
by fuzzy matching candidate ORG/NORP/PERSON entities against the aliases (rapidfuzz, "Boku
Haram"). Each group mention is then read in context: "X claimed responsibility" -> claimed 1;
"attributed the attack to X", "blamed X", "suspected X" -> claimed 0; a denial drops X. A group
whose branch is named elsewhere in the document is narrowed to the branch ("IS" + "the Afghan
branch of ISIS" -> ISKP).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz, process
from spacy.tokens import Span

from incidex.actor_gazetteer import actors, is_generic
from incidex.extract.actors.attribution import (
    BACKGROUND_PENALTY,
    BLAME,
    CLAIM,
    Role,
    about_many_attacks,
    claim_mode,
    cues,
    is_agency_or_state,
    is_background,
    nationality,
    read_role,
    regional_branch,
)
from incidex.extract.actors.names import document_groups
from incidex.extract.base import MentionContext, load_data
from incidex.extract.doc_index import (
    ents_at_chars,
    ents_overlapping,
    memo,
    sentence_number,
    sentences,
)
from incidex.models import FieldName, FieldValue, Frame, RoleKind
from incidex.text import prefilter
from incidex.vocab import group_parents

RAW_ATTRIB = re.compile(
    r"\b(?:attributed (?:the|that|this) (?:\w+ )?"
    r"(?:attack|attacks|incident|incidents|bombing|assault) to|"
    r"suspected the involvement of|blamed (?:the (?:\w+ )?(?:attack|incident) on)?)\s+(?:the\s+)?"
    r"(?P<name>[A-Z][^.;,]{2,80}?)(?=[.;,]| and | who | which | for | in | as |$)"
)
RAW_CLAIM = re.compile(r"(?:^|\.\s+)(?:The\s+)?(?P<name>[A-Z][^.;,]{2,80}?) claimed responsibility")
RAW_REJECT = re.compile(
    r"(?i)(?:the\s+)?(?:no|an?|unknown|members|supporters|residents|villagers|people|relatives)\b"
)
MIN_SCORE = 1.4  # a background claim still counts; a background blame or a bare mention not
STRICT_CLAIM = re.compile(
    r"\b(?:claimed|claims|took|taken|accepted|assumed|admitted)(?: \w+){0,3}? "
    r"(?:responsibility|credit)\b|\bconfessed to\b",
    re.I,
)


@dataclass(slots=True, frozen=True)
class Hit:
    """One group named in the text."""

    name: str
    start: int
    end: int


@cache
def canonical_names() -> frozenset[str]:
    """All GTD group names in the gazetteer."""
    return frozenset(g.name for g in actors().groups)


@cache
def _fuzzy_choices() -> dict[str, str]:
    out: dict[str, str] = {}
    for g in actors().groups:
        for alias in [g.name, *g.aliases]:
            if len(alias) >= 6 and not alias.isupper():
                out[alias.lower()] = g.name
    return out


def resolve_name(text: str) -> str | None:
    """GTD name for a group name written in text (exact alias, else fuzzy), if known."""
    key = text.strip().lower().removeprefix("the ")
    choices = _fuzzy_choices()
    if key in choices:
        return choices[key]
    if len(key) < 6 or is_generic(key, max_words=None):
        return None  # "National Liberation Front" is no misspelling of "Kuki National ..."
    best = process.extractOne(key, choices.keys(), scorer=fuzz.ratio, score_cutoff=88)
    return choices[best[0]] if best else None


def group_hits(ctx: MentionContext, start: int, end: int) -> list[Hit]:
    """Groups named between document characters ``start`` and ``end``.

    The document's groups (``names.document_groups``: a spelling variant or noisy spelling
    replaces the phrase-matcher hits it contains, "Tehreek-i-Taliban Pakistan" over "Taliban"),
    else a fuzzy match of an entity; a faction or wing named as "A (...) of B" is coded as B.
    """
    hits = [
        Hit(g.name, g.start, g.end)
        for g in document_groups(ctx.doc, ctx.text)
        if start <= g.start < end
    ]
    if not hits:
        for ent in ents_at_chars(ctx.doc, start, end):
            if ent.label_ in ("ORG", "NORP", "PERSON"):
                if is_agency_or_state(ent.text):
                    continue
                fuzzy = resolve_name(ent.text)
                if fuzzy:
                    hits.append(Hit(fuzzy, ent.start_char, ent.end_char))
    hits = [h for h in hits if not _affiliation().match(ctx.text, h.end)]
    hits.sort(key=lambda h: h.start)
    return _factions(ctx.text, hits)


@cache
def _affiliation() -> re.Pattern[str]:
    """ "al Qaeda-linked": the group named is an affiliation of the actor, not the actor."""
    return re.compile(str(load_data("attribution.yaml")["affiliation_suffix"]))


FACTION_GAP = re.compile(r"^[^.;]{0,90}?\bof\s+(?:the\s+)?$")
FACTION_WORD = re.compile(r"\)|\b(?:faction|wing)\b", re.I)


def _factions(text: str, hits: list[Hit]) -> list[Hit]:
    """ "The X faction (Y) of Z" -> Z, unless X is a known branch of Z (then X, more specific)."""
    out = list(hits)
    for i in range(len(out) - 1, -1, -1):
        a = out[i]
        for b in out[i + 1 :]:
            gap = text[a.end : b.start]
            if len(gap) > 90 or "." in gap or ";" in gap:
                break
            if b.name == a.name or not FACTION_GAP.match(gap):
                continue
            if FACTION_WORD.search(gap) and group_parents().get(a.name) != b.name:
                out[i] = Hit(b.name, a.start, a.end)
            break
    return out


def _narrow(name: str, doc_names: set[str], text: str) -> str:
    """A branch of ``name`` named elsewhere in the document, or the province where the text
    places the attack, replaces it."""
    children = [n for n in doc_names if group_parents().get(n) == name]
    if len(children) == 1:
        return children[0]
    return regional_branch(name, text) or name


@dataclass(slots=True)
class Candidate:
    """The best-supported role of one group in one mention."""

    hit: Hit
    role: Role
    rule: str


def _claim_subjects(sent: Span) -> list[tuple[int, int]]:
    """Character spans of the subjects of "claimed responsibility" verbs in ``sent``."""
    spans: list[tuple[int, int]] = []
    for m in cues().claim_any.finditer(sent.text):
        pos = sent.start_char + m.start()
        verb = next((t for t in sent if t.idx == pos), None)
        if verb is None:
            continue
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                sub = child.subtree
                toks = list(sub)
                spans.append((toks[0].idx, toks[-1].idx + len(toks[-1].text)))
    return spans


def _coordinated(text: str) -> bool:
    return (
        re.fullmatch(r"\s*(?:,|and|or|as well as|,\s*and)\s*(?:the\s+|an?\s+)?", text) is not None
    )


def _read_sentence(
    ctx: MentionContext, sent: Span, hits: list[Hit], penalize: bool
) -> list[Candidate]:
    """The role of every group named in one sentence."""
    text, off = sent.text, sent.start_char
    if penalize and about_many_attacks(text):
        return []  # the groups of other attacks
    bg = penalize and is_background(text)
    nc = prefilter.search(cues().no_claim, text)
    subjects = _claim_subjects(sent) if prefilter.search(cues().claim_any, text) else []
    out: list[Candidate] = []
    prev: Candidate | None = None
    for hit in hits:
        role = read_role(text, hit.start - off, hit.end - off, bg)
        rule = f"actors.{role.kind}"
        if role.kind != "claim" and any(s <= hit.start and hit.end <= e for s, e in subjects):
            role = Role("claim", CLAIM - (BACKGROUND_PENALTY if bg else 0.0), role.denied)
            rule = "actors.claim-subject"
        if role.kind == "claim" and nc and nc.start() >= hit.end - off - 1:
            role = Role("named", 0.0, role.denied)
            rule = "actors.named"
        if (
            role.kind == "named"
            and prev is not None
            and prev.role.kind != "named"
            and _coordinated(ctx.text[prev.hit.end : hit.start])
        ):
            role = Role(prev.role.kind, prev.role.score, role.denied)
            rule = prev.rule + "-coordinated"
        cand = Candidate(hit, role, rule)
        out.append(cand)
        prev = cand
    return out


def _anaphora(ctx: MentionContext, all_hits: list[Hit]) -> Candidate | None:
    """ "The group was responsible for ...": the group the article is about, named just before."""
    counts: dict[str, int] = {}
    for h in all_hits:
        counts[h.name] = counts.get(h.name, 0) + 1
    sents = sentences(ctx.doc)
    for sent in ctx.sentences:
        m = cues().anaphor.search(sent.text)
        if m is None:
            continue
        role = read_role(sent.text, m.start(), m.end(), False)
        if role.kind not in ("claim", "blame", "agent") and not m.group(0).lower().startswith(
            "its"
        ):
            continue
        idx = sentence_number(ctx.doc, sent.start)
        window = sents[max(0, idx - 2) : idx + 1]
        near = [
            h for h in all_hits if window[0].start_char <= h.start < sent.start_char + m.start()
        ]
        if not near:
            continue
        best = max(near, key=lambda h: (counts[h.name], h.start))
        kind = role.kind if role.kind != "named" else "blame"
        hit = Hit(best.name, sent.start_char + m.start(), sent.start_char + m.end())
        return Candidate(hit, Role(kind, BLAME), "actors.anaphora")
    return None


def _raw(ctx: MentionContext) -> Candidate | None:
    """An organisation the gazetteer does not know, named in a claim or attribution phrase."""
    for sent in ctx.sentences:
        for rx, kind in ((RAW_CLAIM, "claim"), (RAW_ATTRIB, "blame")):
            m = rx.search(sent.text)
            if m is None:
                continue
            s, e = sent.start_char + m.start("name"), sent.start_char + m.end("name")
            name = m["name"].strip()
            orgs = [x for x in ents_overlapping(ctx.doc, s, e) if x.label_ == "ORG"]
            if not orgs or RAW_REJECT.match(name) or is_agency_or_state(name):
                continue
            name = resolve_name(name) or name
            return Candidate(Hit(name, s, e), Role(kind, 0.4), f"actors.raw-{kind}")
    return None


def _choose(ctx: MentionContext, all_hits: list[Hit]) -> list[Candidate]:
    """Groups tied to this attack, best first (at most one per name)."""
    best: dict[str, Candidate] = {}
    denied: set[str] = set()
    supported: set[str] = set()
    for sent in ctx.sentences:
        hits = [h for h in all_hits if sent.start_char <= h.start < sent.end_char]
        for cand in _read_sentence(ctx, sent, hits, penalize=ctx.main):
            name = cand.hit.name
            if cand.role.kind in ("claim", "blame") and not cand.role.denied:
                supported.add(name)
            if cand.role.denied and cand.role.kind != "blame":
                denied.add(name)
                continue
            if cand.role.kind == "blame":
                supported.add(name)
            old = best.get(name)
            if old is None or cand.role.score > old.role.score:
                best[name] = cand
    ranked = [
        c
        for c in best.values()
        if c.role.score >= MIN_SCORE and (c.hit.name not in denied or c.hit.name in supported)
    ]
    ranked.sort(key=lambda c: (-c.role.score, c.hit.start))
    if not ranked:
        fallback = _anaphora(ctx, all_hits) or _raw(ctx)
        ranked = [fallback] if fallback else []
    return ranked


def extract_actor(ctx: MentionContext) -> list[FieldValue]:
    """``gname``, ``gname2``, ``claimed``, ``claimmode`` and ``nationality`` of one mention."""
    all_hits = list(memo(ctx.doc, "group_hits", lambda: group_hits(ctx, 0, len(ctx.text))))
    doc_names = {h.name for h in all_hits}
    # a regional branch by where the attack was, when that is known ("Kabul" in an article
    # about an attack in Orlando names no branch of the attack)
    mention_text = ctx.extra.get("place_text") or " ".join(s.text for s in ctx.sentences)
    ranked = _choose(ctx, all_hits)
    out: list[FieldValue] = []
    first: str | None = None
    for cand in ranked[:1]:
        hit = cand.hit
        name = (
            _narrow(hit.name, doc_names, mention_text)
            if hit.name in canonical_names()
            else hit.name
        )
        rule = cand.rule + ("-branch" if name != hit.name else "")
        conf = min(0.95, 0.3 + 0.2 * max(cand.role.score, 0.5))
        out.append(ctx.value(FieldName.GNAME, name, hit.start, hit.end, rule, conf))
        first = name
    for cand in ranked[1:]:
        name = cand.hit.name
        related = {group_parents().get(name), group_parents().get(first or "")}
        if first is None or name == first or first in related or name in related:
            continue
        if cand.role.score >= BLAME - 0.01:
            h = cand.hit
            out.append(ctx.value(FieldName.GNAME2, name, h.start, h.end, cand.rule, 0.6))
        break
    out.extend(_claim_values(ctx, ranked[0] if ranked else None))
    for sent in ctx.sentences:
        nat = nationality(sent.text)
        if nat:
            s = sent.start_char
            out.append(
                ctx.value(
                    FieldName.NATIONALITY, nat[0], s + nat[1], s + nat[2], "actors.nationality", 0.6
                )
            )
            break
    return out


# Frame rules that make a group the doer in the attack's own words.
DOER_RULES = frozenset(
    rule + suffix
    for rule in ("roles.agent", "roles.subject", "roles.noun-by", "roles.deed-agent")
    for suffix in ("", "-group")  # "<group> fighters stormed", "gunmen of <group> stormed"
)


def group_of_frame(ctx: MentionContext, frame: Frame) -> FieldValue | None:
    """``gname`` from the attack frame when no attribution phrase named one: a known group that
    the parse makes the attack's doer ("kidnapped by <group>", "<group> fighters stormed ...")."""
    hits = memo(ctx.doc, "group_hits", lambda: group_hits(ctx, 0, len(ctx.text)))
    for role in frame.of(RoleKind.PERPETRATOR_ORGANIZATIONS):
        ev = role.evidence
        if ev.rule not in DOER_RULES:
            continue  # an accusation or a pronoun's antecedent is for the attribution readers
        for hit in hits:
            if ev.start <= hit.start < ev.end and not is_agency_or_state(hit.name):
                return ctx.value(
                    FieldName.GNAME, hit.name, hit.start, hit.end, "actors.frame-perpetrator", 0.5
                )
    return None


def _claim_values(ctx: MentionContext, top: Candidate | None) -> list[FieldValue]:
    """``claimed`` (and ``claimmode`` when the text says how): a group or anyone claimed."""
    claim: tuple[int, int, str, float] | None = None
    if top is not None and top.role.kind == "claim" and top.role.score >= CLAIM - 0.01:
        claim = (top.hit.start, top.hit.end, top.rule, 0.9)
    no_claim: tuple[int, int] | None = None
    for sent in ctx.sentences:
        nc = prefilter.search(cues().no_claim, sent.text)
        if nc and no_claim is None:
            no_claim = (sent.start_char + nc.start(), sent.start_char + nc.end())
        if claim is None and not nc and not (ctx.main and is_background(sent.text)):
            m = prefilter.search(STRICT_CLAIM, sent.text)
            if m and not re.search(
                r"(?i)\b(?:no|nobody|not)\b[^.;]{0,30}$", sent.text[: m.start()]
            ):
                claim = (
                    sent.start_char + m.start(),
                    sent.start_char + m.end(),
                    "actors.claim-unnamed",
                    0.7,
                )
    if claim is not None:
        out = [ctx.value(FieldName.CLAIMED, "1", claim[0], claim[1], claim[2], claim[3])]
        sent = ctx.sentence_of(claim[0])
        mode = claim_mode(sent.text)
        if mode:
            out.append(
                ctx.value(
                    FieldName.CLAIMMODE,
                    mode,
                    sent.start_char,
                    sent.end_char,
                    "actors.claimmode",
                    0.6,
                )
            )
        return out
    if no_claim is not None:
        return [
            ctx.value(FieldName.CLAIMED, "0", no_claim[0], no_claim[1], "actors.no-claim", 0.85)
        ]
    if ctx.sentences:
        s = ctx.sentences[0]
        return [
            ctx.value(
                FieldName.CLAIMED, "0", s.start_char, s.end_char, "actors.no-claim-stated", 0.3
            )
        ]
    return []
