"""Perpetrator group (GTD ``gname``) and whether it claimed the attack (``claimed``).

Groups are found by the ``incidex_gazetteer`` component (aliases from ``data/actors.yaml``), by a
few noise-tolerant regexes ("ISIS–-K") and, when nothing matched, by fuzzy matching candidate
ORG/NORP/PERSON entities against the aliases (rapidfuzz, "Boku Haram"). Each group mention is then
read in context: "X claimed responsibility" -> claimed 1; "attributed the attack to X",
"blamed X", "suspected X" -> claimed 0; a denial drops X. A group whose branch is named elsewhere
in the document is narrowed to the branch ("IS" + "the Afghan branch of ISIS" -> ISKP).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from rapidfuzz import fuzz, process

from incidex.extract.base import MentionContext, load_data
from incidex.extract.components import ACTORS
from incidex.models import FieldName, FieldValue

CLAIM = re.compile(
    r"\b(?:claimed|claims|claiming|claim of|claims of|took|takes|taken|accepted|assumed|admitted)"
    r"(?: \w+){0,3}? (?:responsibility|credit)\b|\bclaimed (?:the|that|it|its|to have|an?|this)\b"
    r"|\bclaimed (?:the )?(?:attack|bombing|assault|killing|blast|operation)s?\b"
    r"|\bclaimed\b(?=[^.]*\battack)",
    re.I,
)
CLAIM_BY = re.compile(r"\b(?:claimed by|responsibility was claimed by|claim by)\b", re.I)
NO_CLAIM = re.compile(
    r"\bno (?:\w+ )?(?:group|one|organization|organisation|party|faction)s? "
    r"(?:has |had |immediately )?"
    r"(?:claimed|taken|accepted)\b|\b(?:not|yet to be|been) claimed\b|\bunclaimed\b"
    r"|\bhas not claimed\b",
    re.I,
)
ATTRIB = re.compile(
    r"\b(?:attribut\w+|blam\w+|suspect\w*|accus\w+|believed to be|thought to be|linked to|"
    r"affiliated with|involvement of|carried out by|perpetrated by|committed by|by suspected|"
    r"responsible|behind|members of|militants from|fighters from|allegedly)\b",
    re.I,
)
DENIAL = re.compile(r"\bden(?:ied|ies|y)\b|\brejected\b", re.I)
RAW_ATTRIB = re.compile(
    r"\b(?:attributed (?:the|that|this) (?:\w+ )?"
    r"(?:attack|attacks|incident|incidents|bombing|assault) to|"
    r"suspected the involvement of|blamed (?:the (?:\w+ )?(?:attack|incident) on)?)\s+(?:the\s+)?"
    r"(?P<name>[A-Z][^.;,]{2,80}?)(?=[.;,]| and | who | for | in | as |$)"
)
RAW_CLAIM = re.compile(r"(?:^|\.\s+)(?:The\s+)?(?P<name>[A-Z][^.;,]{2,80}?) claimed responsibility")


@dataclass(slots=True, frozen=True)
class Hit:
    """One group named in the text."""

    name: str
    start: int
    end: int


@cache
def _actors() -> dict[str, Any]:
    data: dict[str, Any] = load_data("actors.yaml")
    return data


@cache
def parents() -> dict[str, str]:
    """Group name -> parent group name."""
    return {g["name"]: g["parent"] for g in _actors()["groups"] if g.get("parent")}


@cache
def canonical_names() -> frozenset[str]:
    """All GTD group names in the gazetteer."""
    return frozenset(g["name"] for g in _actors()["groups"])


@cache
def _noise_patterns() -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(p), name) for p, name in (_actors().get("regex") or {}).items()]


@cache
def _fuzzy_choices() -> dict[str, str]:
    out: dict[str, str] = {}
    for g in _actors()["groups"]:
        for alias in [g["name"], *(g.get("aliases") or [])]:
            if len(str(alias)) >= 6 and not str(alias).isupper():
                out[str(alias).lower()] = g["name"]
    return out


def resolve_name(text: str) -> str | None:
    """GTD name for a group name written in text (exact alias, else fuzzy), if known."""
    key = text.strip().lower().removeprefix("the ")
    choices = _fuzzy_choices()
    if key in choices:
        return choices[key]
    if len(key) < 6:
        return None
    best = process.extractOne(key, choices.keys(), scorer=fuzz.ratio, score_cutoff=88)
    return choices[best[0]] if best else None


def group_hits(ctx: MentionContext, start: int, end: int) -> list[Hit]:
    """Groups named between document characters ``start`` and ``end``."""
    hits = [
        Hit(s.label_, s.start_char, s.end_char)
        for s in ctx.doc.spans.get(ACTORS, [])
        if start <= s.start_char < end
    ]
    chunk = ctx.text[start:end]
    for rx, name in _noise_patterns():
        for m in rx.finditer(chunk):
            s, e = start + m.start(), start + m.end()
            if not any(h.start <= s < h.end or s <= h.start < e for h in hits):
                hits.append(Hit(name, s, e))
    if not hits:
        for ent in ctx.doc.ents:
            if start <= ent.start_char < end and ent.label_ in ("ORG", "NORP", "PERSON"):
                fuzzy = resolve_name(ent.text)
                if fuzzy:
                    hits.append(Hit(fuzzy, ent.start_char, ent.end_char))
    return sorted(hits, key=lambda h: h.start)


def _narrow(name: str, doc_names: set[str]) -> str:
    """A branch of ``name`` named elsewhere in the document replaces it."""
    children = [n for n in doc_names if parents().get(n) == name]
    return children[0] if len(children) == 1 else name


def extract_actor(ctx: MentionContext) -> list[FieldValue]:
    """``gname`` and ``claimed`` of one mention."""
    doc_names = {s.label_ for s in ctx.doc.spans.get(ACTORS, [])}
    doc_names |= {h.name for h in group_hits(ctx, 0, len(ctx.text))}
    claimed: tuple[Hit, str, float] | None = None
    attributed: tuple[Hit, str, float] | None = None
    named: tuple[Hit, str, float] | None = None
    no_claim: tuple[int, int] | None = None
    for sent in ctx.sentences:
        text, off = sent.text, sent.start_char
        nc = NO_CLAIM.search(text)
        if nc and no_claim is None:
            no_claim = (off + nc.start(), off + nc.end())
        hits = group_hits(ctx, sent.start_char, sent.end_char)
        claim = CLAIM.search(text)
        claim_by = CLAIM_BY.search(text)
        for hit in hits:
            rel_s, rel_e = hit.start - off, hit.end - off
            after = text[rel_e : rel_e + 60]
            before = text[max(0, rel_s - 80) : rel_s]
            if DENIAL.search(after[:40]):
                continue
            if claim and not nc and claim.start() >= rel_e - 1 and claim.start() - rel_e < 80:
                if claimed is None:
                    claimed = (hit, "actors.claimed", 0.9)
            elif claim_by and claim_by.end() <= rel_s and not nc:
                if claimed is None:
                    claimed = (hit, "actors.claimed-by", 0.85)
            elif ATTRIB.search(before) or ATTRIB.search(after[:30]):
                if attributed is None:
                    attributed = (hit, "actors.attributed", 0.75)
            elif named is None:
                named = (hit, "actors.named", 0.4)
        if not hits:
            m = RAW_ATTRIB.search(text)
            if m and attributed is None:
                attributed = (
                    Hit(m["name"].strip(), off + m.start("name"), off + m.end("name")),
                    "actors.raw-attribution",
                    0.4,
                )
            m2 = RAW_CLAIM.search(text)
            if m2 and claimed is None and not nc and not re.match(r"(?i)no\b", m2["name"]):
                claimed = (
                    Hit(m2["name"].strip(), off + m2.start("name"), off + m2.end("name")),
                    "actors.raw-claim",
                    0.4,
                )
    choice = claimed or attributed or named
    out: list[FieldValue] = []
    if choice is not None:
        hit, rule, conf = choice
        name = _narrow(hit.name, doc_names) if hit.name in canonical_names() else hit.name
        if name != hit.name:
            rule += "-branch"
        out.append(ctx.value(FieldName.GNAME, name, hit.start, hit.end, rule, conf))
    if claimed is not None:
        hit = claimed[0]
        out.append(ctx.value(FieldName.CLAIMED, "1", hit.start, hit.end, claimed[1], claimed[2]))
    elif no_claim is not None:
        out.append(
            ctx.value(FieldName.CLAIMED, "0", no_claim[0], no_claim[1], "actors.no-claim", 0.85)
        )
    elif ctx.sentences:
        s = ctx.sentences[0]
        out.append(
            ctx.value(
                FieldName.CLAIMED, "0", s.start_char, s.end_char, "actors.no-claim-stated", 0.3
            )
        )
    return out
