"""Find what an attack sentence is aimed at with the dependency parse, and type it in GTD's scheme.

The target is the object of an attack verb ("attacked <X>", "targeting <X>", "abducted <X>"), the
object of a preposition after a weapon verb ("opened fire on <X>", "detonated near <X>", "threw a
grenade at <X>"), or the passive subject ("<X> was targeted"). A container noun ("the vehicle of",
"the residence of", "members of") hands over to its owner. The noun and its left modifiers are typed
with the cue lists of ``data/taxonomy.yaml`` (leftmost cue wins, owner before container).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from spacy.tokens import Span, Token

from incidex.extract.base import cue_regex, load_data
from incidex.extract.casualties.clauses import state_toll
from incidex.extract.casualties.victim_counts import state_operation
from incidex.extract.doc_index import state_deed_roots
from incidex.extract.places.names import country_names
from incidex.extract.sentences import doc_text
from incidex.text import prefilter

PLACE_ENTS = frozenset({"GPE", "LOC"})
OBJ_DEPS = frozenset({"dobj", "obj", "nsubjpass", "attr"})
PREP_DEPS = frozenset({"prep", "agent"})


@dataclass(slots=True, frozen=True)
class Target:
    """The attacked noun phrase (container, and owner when there is one) of an attack sentence."""

    head: Token
    owner: Token | None = None

    def phrases(self) -> list[Span]:
        """Owner first, then container: the spans to type, each the noun with its left modifiers."""
        tokens = [self.owner, self.head] if self.owner is not None else [self.head]
        return [_left_span(t) for t in tokens]

    def span(self) -> Span:
        """The whole target phrase, from the container's first modifier to the owner's end."""
        doc = self.head.doc
        start = self.head.left_edge.i
        end = (self.owner.i if self.owner is not None else self.head.i) + 1
        return doc[min(start, end - 1) : max(end, self.head.i + 1)]


@cache
def _cfg() -> dict[str, Any]:
    data: dict[str, Any] = load_data("taxonomy.yaml")
    return data


@cache
def target_words(key: str) -> frozenset[str]:
    """A word list of ``taxonomy.yaml``'s ``target_parse``, lower-cased."""
    return frozenset(w.lower() for w in _cfg()["target_parse"][key])


@cache
def target_rx() -> re.Pattern[str]:
    """One alternation over all target-type cues, a named group per type."""
    parts = [f"(?P<t{i}>" + "|".join(c) + ")" for i, c in enumerate(_cfg()["target_cues"].values())]
    return cue_regex(parts)


@cache
def target_labels() -> list[str]:
    """The target types in the order of ``target_cues``."""
    return list(_cfg()["target_cues"])


@cache
def prominent_rx() -> re.Pattern[str]:
    """Roles that make an attacked individual a prominent one (GTD's assassination test)."""
    return cue_regex(_cfg()["prominent_roles"])


def _left_span(token: Token) -> Span:
    """The token with its left modifiers (determiners, adjectives, compounds)."""
    return token.doc[token.left_edge.i : token.i + 1]


def _whole(target: Target) -> Span:
    """The target noun with its modifiers, right ones included ("Base Chapman", "post of X") but
    not a place phrase after it ("in <district>")."""
    token = target.owner if target.owner is not None else target.head
    end = token.i
    for child in token.rights:
        if child.dep_ == "prep" and child.lower_ in target_words("place_preps"):
            break
        end = child.right_edge.i
    start = min(target.head.left_edge.i, token.left_edge.i)
    return token.doc[start : max(end, target.head.i) + 1]


@cache
def _dominant() -> list[tuple[str, re.Pattern[str]]]:
    return [(label, cue_regex(cues)) for label, cues in _cfg()["dominant_cues"].items()]


def _dominant_hit(text: str) -> tuple[str, int, int] | None:
    """A cue that types a phrase wherever it stands ("a municipal council candidate")."""
    for label, rx in _dominant():
        m = rx.search(text)
        if m:
            return label, m.start(), m.end()
    return None


@cache
def _owner_compound() -> re.Pattern[str]:
    """ "-run ", "-led ": the owner part of a compound adjective before the thing attacked."""
    return re.compile(r"-(?:" + "|".join(sorted(target_words("owner_participles"))) + r") \w")


def type_text(text: str) -> tuple[str, int, int] | None:
    """The target type of the leftmost cue in ``text`` (a modifier-only word such as "district"
    or "village" counts only when no word follows it), with its offsets in ``text``."""
    dominant = _dominant_hit(text)
    if dominant is not None:
        return dominant
    for m in prefilter.finditer(target_rx(), text):
        if m.group().lower() in target_words("modifier_only") and re.match(r" \w", text[m.end() :]):
            continue
        if m.group().lower() in target_words("adjective_ranks") and re.match(
            r" [a-z]", text[m.end() :]
        ):
            continue
        if _owner_compound().match(text, m.end()):
            continue  # "a Houthi-run mosque": the owner qualifies the thing attacked
        group = m.lastgroup or ""
        return target_labels()[int(group[1:])], m.start(), m.end()
    return None


def _noun(token: Token) -> Token:
    """Skip a numeric or quantity head ("two of the guards", "one of the watchtowers")."""
    if token.like_num or token.lower_ in target_words("quantity_heads"):
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj
    return token


def _owner(token: Token) -> Token | None:
    """The owner of a container noun: "vehicle of <X>", "bus carrying <X>", "members of <X>"."""
    if token.lower_ not in target_words("containers"):
        return None
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in ("of", "for"):
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj
        if child.dep_ in ("acl", "relcl") and child.lower_ in target_words("owner_verbs"):
            for grand in child.children:
                if grand.dep_ in ("dobj", "obj"):
                    return grand
                if grand.dep_ == "prep":
                    pobj = next((c for c in grand.children if c.dep_ == "pobj"), None)
                    if pobj is not None:
                        return pobj
    return None


def _prep_object(token: Token) -> Token | None:
    """The object of an aiming preposition under ``token`` ("fire on <X>", "at <X>")."""
    for child in token.children:
        if child.dep_ in PREP_DEPS and child.lower_ in target_words("aim_preps"):
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj
    return None


def _from_anchor(token: Token) -> Token | None:
    """The attacked noun under one anchor word: the object of an attack verb, else the object of
    an aiming preposition after a weapon verb or noun."""
    lower = token.lower_
    if lower in target_words("verbs"):
        for child in token.children:
            if child.dep_ in OBJ_DEPS and child.tag_ != "PRP":
                return child
        return _prep_object(token)
    if lower in target_words("weapon_verbs") or lower in target_words("attack_nouns"):
        found = _prep_object(token)
        if found is not None and found.lower_ in target_words("idiom_objects"):  # "set <X> on fire"
            return next((c for c in token.children if c.dep_ in ("dobj", "obj")), None)
        if found is not None:
            return found
        for child in token.children:
            if child.dep_ in ("dobj", "obj"):
                found = _prep_object(child)
                if found is not None and found.lower_ in target_words("idiom_objects"):
                    return child  # "set <X> on fire" with "on fire" parsed under <X>
                if found is not None:
                    return found
    if lower in target_words("attack_nouns"):  # "the market bombing": the noun names the target
        for child in token.children:
            if child.dep_ == "compound" and child.tag_ in ("NN", "NNS") and type_text(child.text):
                return child
    return None


NOT_TARGET_ENTS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})


def find_targets(sent: Span) -> Iterator[Target]:
    """The attacked nouns of an attack sentence in text order, each with its owner."""
    for token in sent:
        found = _from_anchor(token)
        if found is None or found.ent_type_ in NOT_TARGET_ENTS:
            continue
        if token.i in state_deed_roots(token.doc) or state_operation(token) or state_toll(token):
            continue  # "police raided a flat", "air strikes on hideouts": no target of an attack
        if found.lower_ in target_words("weapon_nouns"):  # "intercepted a drone targeting <X>"
            continue
        if _is_attacker(found):  # "a man who tried to stab <X> was shot": <X> is the target
            continue
        head = _noun(found)
        owner = _owner(head)
        for _ in range(2):  # "a vehicle carrying employees of the ministry": the ministry's
            further = _owner(owner) if owner is not None else None
            if further is None:
                break
            owner = further
        yield Target(head=head, owner=owner)


def _is_attacker(token: Token) -> bool:
    """A person whose active relative clause makes them the attacker ("a woman who tried to stab
    ..."), not a victim ("a man who was killed", "a man who survived an attack") nor a place
    ("a hotel, which left 22 dead")."""
    attack = target_words("verbs") | target_words("weapon_verbs")
    for child in token.children:
        if child.dep_ != "relcl" or not any(
            c.dep_ == "nsubj" and c.lower_ == "who" for c in child.children
        ):
            continue
        if any(t.lower_ in attack and t.tag_.startswith("VB") for t in child.subtree):
            return True
    return False


def find_target(sent: Span) -> Target | None:
    """The first attacked noun of an attack sentence, with its owner, or None."""
    return next(find_targets(sent), None)


def _cue_matches(span: Span) -> list[tuple[str, int, int]]:
    """Every target cue of ``span``: label and document character range."""
    out = []
    for m in prefilter.finditer(target_rx(), span.text):
        label = target_labels()[int((m.lastgroup or "t0")[1:])]
        out.append((label, span.start_char + m.start(), span.start_char + m.end()))
    return out


def _adjective_rank(span: Span, hit: tuple[str, int, int]) -> bool:
    """A rank word used as an adjective ("a major city", "the general public") is no officer."""
    token = span.doc.char_span(hit[1], hit[2])
    return (
        token is not None
        and len(token) == 1
        and token[0].tag_ == "JJ"
        and token[0].lower_ in target_words("adjective_ranks")
    )


def _cued(span: Span) -> tuple[str, Span] | None:
    """The cue that types a noun phrase: its leftmost cue, as the modifiers name whose the head
    is ("a police vehicle", "a council guard"), except that a head of an institution type names
    itself ("a government school"), and a modifier-only word never types a later noun ("a
    village councilor", "a road construction site"); a leader of a typed body takes its type."""
    head = span.root
    end = span.end_char
    text = doc_text(span.doc)
    hits = [
        h
        for h in _cue_matches(span)
        if not (
            text[h[1] : h[2]].lower() in target_words("modifier_only")
            and re.match(r" \w", text[h[2] : end])
        )
        and not _adjective_rank(span, h)
    ]
    dominant = _dominant_hit(span.text)
    if dominant is not None:
        hits = [(dominant[0], span.start_char + dominant[1], span.start_char + dominant[2])]
    if not hits:
        return None
    on_head = [h for h in hits if h[1] <= head.idx < h[2]]
    heads = set(_cfg()["target_parse"]["head_types"])
    chosen = on_head[0] if on_head and on_head[0][0] in heads else hits[0]
    if text[chosen[1] : chosen[2]].lower() in target_words("leader_words"):
        led = [
            h
            for h in hits
            if h[1] > chosen[2]
            and text[chosen[2] : h[1]].startswith(" of ")
            and text[h[1] : h[2]].lower() not in target_words("modifier_only")
        ]
        chosen = led[0] if led else chosen  # "the chief of the army": the army's type
    label, start, end = chosen
    found = span.doc.char_span(start, end, alignment_mode="expand")
    return label, found or span


def classify(target: Target, sentences: list[Span] | None = None) -> tuple[str, Span] | None:
    """The target type of a found target and the span whose cue decided it: the owner, a role
    the text gives a named owner or target, the container, then the whole phrase."""
    owner = [_left_span(target.owner)] if target.owner is not None else []
    role = appositive_type(target, sentences) if sentences is not None else None
    for span in owner:
        found = _cued(span)
        if found is not None and not (role is not None and _title(found[1])):
            return found
    if role is not None:
        return role
    for span in [_left_span(target.head), _whole(target)]:
        found = _cued(span)
        if found is not None:
            return found
    return None


def _title(span: Span) -> bool:
    """The cue is a title before a name ("Colonel <Name>"), which a role given to the person
    elsewhere overrides."""
    return span.text.lower() in target_words("title_words")


def is_place(target: Target) -> bool:
    """The target is a named place ("attacked <Town>"), i.e. its people and property: a proper
    noun the tagger does not call a person or group, or one followed by its province or country
    ("attacked <Town>, <Province>, <Country>"), whatever the tagger calls it."""
    token = target.owner if target.owner is not None else target.head
    if token.tag_ != "NNP":
        return False
    if token.ent_type_ not in ("PERSON", "ORG", "NORP"):
        return True
    return any(t.ent_type_ in PLACE_ENTS for t in _place_chain(token)) or _listed_in(token)


def _listed_in(token: Token) -> bool:
    """The name is followed by a comma list of names that ends in a country ("<Town>, <Province>,
    <Country>"), however the parser attached the list."""
    doc, i = token.doc, token.i + 1
    names = country_names()
    for _ in range(3):
        if i >= len(doc) or doc[i].text != ",":
            return False
        j = i + 1
        while j < len(doc) and doc[j].tag_ == "NNP":
            j += 1
        if j == i + 1:
            return False
        ends = j == len(doc) or doc[j].text in (",", ".", ";") or doc[j].tag_ == "IN"
        if ends and doc[i + 1 : j].text in names:
            return True
        i = j
    return False


def _place_chain(token: Token) -> Iterator[Token]:
    """The names listed after a name ("<Town>, <Province>, <Country>"), however the parser nests
    them (each a conj or appos of the one before, or all of the first)."""
    for child in token.children:
        if child.dep_ in ("conj", "appos") and child.tag_ == "NNP":
            yield child
            yield from _place_chain(child)


def appositive_type(target: Target, sentences: list[Span]) -> tuple[str, Span] | None:
    """Type a named target from the role given to the name elsewhere in the mention
    ("the vehicle of <Name> ..." + "<Name>, the head of the provincial council, was killed")."""
    named = next(
        (t for t in (target.owner, target.head) if t is not None and t.tag_ == "NNP"), None
    )
    if named is None:
        return None
    surname = named.text
    for sent in sentences:
        for token in sent:
            if token.text != surname:
                continue
            for span in _appositions(token):
                typed = _cued(span)
                if typed is not None:
                    return typed[0], span
    return None


def _appositions(token: Token) -> list[Span]:
    """Role phrases set beside a name: parsed appositives, else the comma-delimited phrase right
    after it ("<Name>, the head of the council, was killed"), which the parser often misattaches."""
    doc = token.doc
    out = [doc[c.left_edge.i : c.right_edge.i + 1] for c in token.children if c.dep_ == "appos"]
    nxt = token.i + 1
    if not out and nxt < len(doc) - 1 and doc[nxt].text == ",":
        end = nxt + 1
        while end < len(doc) and doc[end].text not in (",", ".", ";") and doc[end].pos_ != "VERB":
            end += 1
        if end < len(doc) and doc[end].text == "," and end > nxt + 1:
            out.append(doc[nxt + 1 : end])
    return out


def is_prominent(target: Target, sentences: list[Span] | None = None) -> bool:
    """The target is a prominent person: a role cue ("a district governor", "the vehicle of a
    judge"), a role set beside the name here or elsewhere in the mention ("<Name>, a member of
    parliament"), or a named owner ("the residence of <PERSON>")."""
    if prominent_rx().search(target.span().text):
        return True
    for token in (target.owner, target.head):
        if token is None:
            continue
        if any(prominent_rx().search(span.text) for span in _appositions(token)):
            return True
        if token.tag_ != "NNP":
            continue
        for sent in sentences or []:
            for other in sent:
                same = other.text == token.text and other.i != token.i
                if same and any(prominent_rx().search(x.text) for x in _appositions(other)):
                    return True
    owner = target.owner
    return owner is not None and owner.ent_type_ == "PERSON"
