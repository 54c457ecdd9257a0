"""The dependency rules of the attack frame: which noun of an attack clause plays which role.

Anchors are the attack words of the mention's sentences (``data/roles.yaml``):
- an attack verb ("attacked", "kidnapped", "dynamited"): its subject, or its agent "by <X>" in the
  passive, is the perpetrator (a weapon subject, "a bomb destroyed ...", is the weapon); its
  object, or its passive subject, is attacked: a person is a victim, a thing a target; "with <X>"
  is the weapon; a relative clause or participle hands its head noun over ("guerrillas who
  attacked", "a bomb placed by <X>");
- a weapon verb ("hurled", "planted", "detonated"): its object is the weapon, "at/on/in <X>" the
  target or victim; a blast verb ("exploded", "went off") makes its subject the weapon;
- an attack noun ("the murder of <X>", "an attack on <X>", "an attack by <X>", "a bomb attack",
  "the guerrillas' attack");
- a deed: "<X> carried out / claimed responsibility for the attack", "accused <X> of the crime",
  "<X> is responsible for".
Attackers are sorted into individuals and organizations ("members of the <Front>" gives both);
the group inside an attackers' phrase ("<ACRONYM> guerrillas") is the organization too.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Span, Token

from incidex.extract.roles.phrases import (
    Sort,
    antecedent_group,
    is_anaphoric_group,
    is_group_name,
    quantity_head,
    sort_of,
)
from incidex.extract.roles.vocab import vocab
from incidex.extract.triggers.modality import irrealis_reason
from incidex.models import RoleKind

RELATIVE = frozenset({"who", "that", "which", "whom"})
PERPETRATOR_OF = {
    Sort.ATTACKERS: RoleKind.PERPETRATOR_INDIVIDUALS,
    Sort.PEOPLE: RoleKind.PERPETRATOR_INDIVIDUALS,
    Sort.NAME: RoleKind.PERPETRATOR_INDIVIDUALS,
    Sort.GROUP: RoleKind.PERPETRATOR_ORGANIZATIONS,
}


@dataclass(frozen=True, slots=True)
class Slot:
    """A noun found in a role, with the rule that put it there."""

    kind: RoleKind
    head: Token
    rule: str


def _with_conjuncts(token: Token) -> list[Token]:
    """The token and those coordinated with it ("<X> and <Y>")."""
    return [token, *token.conjuncts]


def _pobj(prep: Token) -> Token | None:
    return next((c for c in prep.children if c.dep_ == "pobj"), None)


def _antecedent(token: Token) -> Token:
    """A relative pronoun's noun ("guerrillas who attacked": who -> guerrillas)."""
    verb = token.head
    if token.lower_ in RELATIVE and verb.dep_ == "relcl":
        return verb.head
    return token


def _subjects(verb: Token, depth: int = 0) -> list[Token]:
    """The active subjects of ``verb``, or of the verb it is coordinated with or controlled by
    ("attacked the post and burned ...", "tried to kill ...")."""
    found = [_antecedent(c) for c in verb.children if c.dep_ == "nsubj"]
    if found or depth > 3:
        return found
    head = verb.head
    if (
        verb.dep_ in ("conj", "xcomp", "advcl")
        and head.tag_.startswith("VB")
        and not _passive(head)
    ):
        if verb.dep_ == "xcomp" and any(c.dep_ in ("dobj", "obj") for c in head.children):
            return []  # "asked the government to carry out ...": the object acts
        return _subjects(head, depth + 1)
    return []


def _passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children) or (
        verb.dep_ == "acl" and verb.tag_ == "VBN"
    )


def _patients_passive(verb: Token) -> list[Token]:
    """What a passive verb attacked: its subject, or the noun its participle qualifies ("a bus
    attacked by <X>")."""
    found = [_antecedent(c) for c in verb.children if c.dep_ == "nsubjpass"]
    if not found and verb.dep_ == "acl" and verb.tag_ == "VBN":
        found = [verb.head]
    if not found and verb.dep_ == "conj" and _passive(verb.head):
        found = _patients_passive(verb.head)
    return found


def _agents(verb: Token) -> list[Token]:
    return [p for c in verb.children if c.dep_ == "agent" if (p := _pobj(c)) is not None]


def _objects(verb: Token) -> list[Token]:
    found = [_antecedent(c) for c in verb.children if c.dep_ in ("dobj", "obj")]
    # "the bus the guerrillas attacked": the relative clause's object is its head
    if (
        not found
        and verb.dep_ == "relcl"
        and not any(c.dep_ in ("nsubjpass", "dobj") for c in verb.children)
        and any(c.dep_ == "nsubj" and c.lower_ not in RELATIVE for c in verb.children)
    ):
        found = [verb.head]
    return found


def perpetrators(head: Token, rule: str) -> Iterator[Slot]:
    """The attackers (or weapon) a subject or agent noun names, and the group inside them."""
    for token in _with_conjuncts(head):
        token = _called(quantity_head(token))
        sort = sort_of(token)
        if sort is Sort.WEAPON:
            yield Slot(RoleKind.WEAPONS, token, rule + "-weapon")
            continue
        kind = PERPETRATOR_OF.get(sort)
        if kind is None:
            continue
        if sort is Sort.GROUP and _described_as_people(token):
            # "<Name> and <Name>, the drug lords,": people, their names whole
            yield Slot(RoleKind.PERPETRATOR_INDIVIDUALS, token, rule + "-described")
            continue
        if sort is Sort.GROUP and is_anaphoric_group(token):
            named = antecedent_group(token)
            if named is None:
                continue
            token, rule = named, rule + "-antecedent"
        yield Slot(kind, token, rule)
        if kind is RoleKind.PERPETRATOR_INDIVIDUALS:
            yield from _groups_within(token, rule)


def _called(token: Token) -> Token:
    """The name a generic noun introduces ("a group called <Name>", "a faction known as
    <Name>"): the name, not the noun, fills the role."""
    for child in token.children:
        if child.dep_ != "acl" or not vocab().has("naming_verbs", child):
            continue
        for c in child.children:
            if c.dep_ in ("oprd", "attr", "dobj"):
                return c
            if c.dep_ == "prep" and c.lower_ == "as" and (p := _pobj(c)) is not None:
                return p
    return token


def _described_as_people(token: Token) -> bool:
    """A name the parser or tagger took for a group that an apposition describes as people."""
    heads = [token, *token.conjuncts]
    return any(
        c.dep_ == "appos" and sort_of(quantity_head(c)) in (Sort.ATTACKERS, Sort.PEOPLE)
        for h in heads
        for c in h.children
    )


def _groups_within(token: Token, rule: str) -> Iterator[Slot]:
    """The organization named inside an attackers' phrase: "<ACRONYM> guerrillas", "members of
    the <Front>", "guerrillas of the <Army>"."""
    for child in token.children:
        if child.dep_ in ("compound", "nmod", "amod") and child.i < token.i:
            if sort_of(child) is Sort.GROUP and is_group_name(child):
                yield Slot(RoleKind.PERPETRATOR_ORGANIZATIONS, child, rule + "-group")
        elif child.dep_ == "prep" and child.lower_ in ("of", "from"):
            pobj = _pobj(child)
            pobj = _called(pobj) if pobj is not None else None
            if pobj is not None and sort_of(pobj) is Sort.GROUP:
                yield Slot(RoleKind.PERPETRATOR_ORGANIZATIONS, pobj, rule + "-group")


def _whole(token: Token) -> Token:
    """The thing a part belongs to ("the windows (and facade) of the consulate")."""
    if not vocab().has("part_nouns", token):
        return token
    for part in [token, *token.conjuncts]:
        for child in part.children:
            if child.dep_ == "prep" and child.lower_ == "of" and (p := _pobj(child)) is not None:
                return p
    return token


def _names_beside(token: Token) -> list[Token]:
    """Names set beside a description ("the two engineers, <Name> and <Name>,", "the attorney
    general, <Name>,")."""
    return [
        n
        for c in token.children
        if c.dep_ == "appos"
        for n in _with_conjuncts(c)
        if sort_of(n) is Sort.NAME
    ]


def attacked(head: Token, rule: str) -> Iterator[Slot]:
    """The victims (named people) and targets (things) an object noun names; described people
    ("three peasants") are what the casualty counts count, not listed."""
    for token in _with_conjuncts(head):
        token = _whole(quantity_head(token))
        named = _names_beside(token)
        if named:
            for name in named:
                yield Slot(RoleKind.VICTIMS, name, rule + "-apposition")
            continue
        sort = sort_of(token)
        if sort is Sort.NAME:
            yield Slot(RoleKind.VICTIMS, token, rule)
        elif sort is Sort.THING:
            yield Slot(RoleKind.TARGETS, token, rule)


def weapons(head: Token, rule: str) -> Iterator[Slot]:
    for token in _with_conjuncts(head):
        token = quantity_head(token)
        if sort_of(token) is Sort.WEAPON:
            yield Slot(RoleKind.WEAPONS, token, rule)


def _real(token: Token) -> bool:
    """The anchor reports something that happened (not a threat, plan, denial or hypothesis)."""
    return irrealis_reason(token.doc[token.i : token.i + 1]) is None


def _fire_idiom(verb: Token) -> Iterator[Slot]:
    """ "set fire to <X>", "set <X> on fire", "set <X> ablaze"."""
    v = vocab()
    objects = _objects(verb)
    if any(v.has("fire_words", o) for o in objects):
        for prep in verb.children:
            if prep.dep_ == "prep" and prep.lower_ == "to" and (p := _pobj(prep)) is not None:
                yield from attacked(p, "roles.set-fire-to")
        for subj in _subjects(verb):
            yield from perpetrators(subj, "roles.set-fire-subject")
        return
    lit = any(
        (c.dep_ == "prep" and (p := _pobj(c)) is not None and v.has("fire_words", p))
        or v.has("fire_words", c)
        for c in verb.children
    )
    if lit:
        for obj in objects:
            yield from attacked(obj, "roles.set-on-fire")
        for subj in _subjects(verb):
            yield from perpetrators(subj, "roles.set-on-fire-subject")


def _hostage_idiom(verb: Token) -> bool:
    """ "took <X> hostage", "<X> were taken hostage", "held <X> captive"."""
    v = vocab()
    if not v.has("hostage_verbs", verb):
        return False
    near = [g for c in verb.children for g in _with_conjuncts(c)]
    return any(
        v.has("hostage_words", c)
        and c.dep_ in ("dobj", "oprd", "attr", "advmod", "xcomp", "ccomp", "conj")
        or (
            c.dep_ == "prep"
            and c.lower_ == "as"
            and any(v.has("hostage_words", g) for g in c.children)
        )
        for c in near
    )


def _held(obj: Token) -> Token:
    """The people an idiom's hostage word stands for ("took <Name> hostage", parsed with the
    name as a compound of "hostage")."""
    if not vocab().has("hostage_words", obj):
        return obj
    return next((c for c in reversed(list(obj.lefts)) if c.dep_ in ("compound", "nmod")), obj)


def _phrasal(verb: Token, key: str) -> bool:
    """A verb and its particle listed in ``key`` ("set off" a mine, "carried out" the attack)."""
    v = vocab()
    return any(
        c.dep_ == "prt" and any(f"{b} {c.lower_}" in v.sets[key] for b in v.bases(verb))
        for c in verb.children
    )


def _habitual(verb: Token) -> bool:
    """A relative clause in the simple present tells a habit, not an attack ("the militias who
    attack military posts", "the groups that carry out such actions")."""
    return (
        verb.dep_ == "relcl"
        and verb.tag_ in ("VBP", "VBZ")
        and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)
    )


def verb_slots(verb: Token) -> Iterator[Slot]:
    """The roles around an attack, weapon or blast verb that reports something that happened."""
    found = list(_verb_slots(verb))
    if found and _real(verb):
        yield from found


def _verb_slots(verb: Token) -> Iterator[Slot]:
    v = vocab()
    if _habitual(verb):
        return
    if v.has("fire_verbs", verb):
        yield from _fire_idiom(verb)
        return
    is_attack = v.has("attack_verbs", verb) or _hostage_idiom(verb)
    is_weapon = v.has("weapon_verbs", verb) or _phrasal(verb, "weapon_phrasals")
    is_blast = v.has("blast_verbs", verb)
    if verb.dep_ == "amod" and verb.tag_ == "VBN" and is_attack:  # "the assassinated <Name>"
        yield from attacked(verb.head, "roles.attacked-modifier")
        return
    if verb.dep_ == "acl" and verb.tag_ == "VBN" and sort_of(verb.head) is Sort.WEAPON:
        for agent in _agents(verb):  # "a device abandoned by <X>", "a bomb placed by <X>"
            yield from perpetrators(agent, "roles.weapon-agent")
    if not (is_attack or is_weapon or is_blast):
        return
    if not _passive(verb):
        armed = is_attack or any(sort_of(quantity_head(o)) is Sort.WEAPON for o in _objects(verb))
        for subj in _subjects(verb):
            if sort_of(quantity_head(subj)) is Sort.WEAPON:
                yield from weapons(subj, "roles.weapon-subject")
            elif armed:
                yield from perpetrators(subj, "roles.subject")
        for obj in _objects(verb):
            if is_weapon and sort_of(quantity_head(obj)) is Sort.WEAPON:
                yield from weapons(obj, "roles.weapon-object")
            elif is_attack:
                for held in [obj, *obj.conjuncts]:
                    yield from attacked(_held(held), "roles.object")
    else:
        for pat in _patients_passive(verb):
            if sort_of(quantity_head(pat)) is Sort.WEAPON:
                if is_weapon:
                    yield from weapons(pat, "roles.weapon-passive")
            elif is_attack:
                yield from attacked(pat, "roles.passive-subject")
        for agent in _agents(verb):
            if is_attack or is_weapon or is_blast:
                yield from perpetrators(agent, "roles.agent")
    for prep in verb.children:
        if prep.dep_ != "prep" or (pobj := _pobj(prep)) is None:
            continue
        if prep.lower_ in v.sets["instrument_preps"]:
            yield from weapons(pobj, "roles.instrument")
        elif (
            prep.lower_ in v.sets["aim_preps"]
            and is_weapon
            or prep.lower_ == "against"
            and is_attack
        ):
            yield from attacked(pobj, "roles.aimed-at")


def noun_slots(noun: Token) -> Iterator[Slot]:
    """The roles around an attack noun: "the murder of <X>", "an attack on <X> by <Y> with
    <Z>", "a <weapon> attack", "the <group> attack", "<X>'s murder"; none when the noun tells
    no attack that happened ("a threat of attacks on <X>")."""
    found = list(_noun_slots(noun))
    if found and _real(noun):
        yield from found


def _noun_slots(noun: Token) -> Iterator[Slot]:
    v = vocab()
    for child in noun.children:
        if child.dep_ == "prep" and (pobj := _pobj(child)) is not None:
            word = child.lower_
            if word == "by":
                yield from perpetrators(pobj, "roles.noun-by")
            elif word in v.sets["instrument_preps"]:
                yield from weapons(pobj, "roles.noun-with")
            elif word == "of":
                if sort_of(quantity_head(pobj)) in (Sort.ATTACKERS, Sort.GROUP):
                    yield from perpetrators(pobj, "roles.noun-of-attackers")
                else:
                    yield from attacked(pobj, "roles.noun-of")
            elif word in v.sets["noun_aim_preps"]:
                yield from attacked(pobj, "roles.noun-on")
        elif child.dep_ == "poss":
            if v.has("possessor_attacked", noun):
                yield from attacked(child, "roles.noun-possessor")
            elif sort_of(child) in (Sort.ATTACKERS, Sort.GROUP):
                yield from perpetrators(child, "roles.noun-possessor")
        elif child.dep_ in ("compound", "nmod", "amod") and child.i < noun.i:
            sort = sort_of(child)
            if sort is Sort.WEAPON:
                yield Slot(RoleKind.WEAPONS, child, "roles.noun-weapon")
            elif sort is Sort.GROUP:
                yield Slot(RoleKind.PERPETRATOR_ORGANIZATIONS, child, "roles.noun-group")


def _is_deed(token: Token) -> bool:
    v = vocab()
    return (
        v.has("attack_nouns", token) or v.has("deed_nouns", token) or v.has("deed_objects", token)
    )


def deed_slots(verb: Token) -> Iterator[Slot]:
    """ "<X> carried out the attack", "the attack was perpetrated by <X>", "<X> claimed
    responsibility", "accused <X> of the crime", "blamed <X> for the attack"."""
    v = vocab()
    if _habitual(verb):
        return
    if v.has("agent_verbs", verb) or _phrasal(verb, "agent_phrasals"):
        if not _passive(verb):
            if any(_is_deed(o) for o in _objects(verb)):
                for subj in _subjects(verb):
                    yield from perpetrators(subj, "roles.deed-subject")
        elif any(_is_deed(p) for p in _patients_passive(verb)):
            for agent in _agents(verb):
                yield from perpetrators(agent, "roles.deed-agent")
    if v.has("accuse_verbs", verb):
        accused = _patients_passive(verb) if _passive(verb) else _objects(verb)
        # "accused <X> of the crime": the deed's phrase hangs on the verb or on <X>
        if any(_names_deed(c) for t in [verb, *accused] for c in t.children) or any(
            v.has("responsible_words", c) for c in verb.children
        ):
            for who in accused:
                yield from perpetrators(who, "roles.accused")


def _names_deed(prep: Token) -> bool:
    """ "of the crime", "for the attack": a preposition whose object is a deed."""
    return (
        prep.dep_ == "prep"
        and prep.lower_ in ("of", "for")
        and (p := _pobj(prep)) is not None
        and _is_deed(p)
    )


def responsible_slots(word: Token) -> Iterator[Slot]:
    """ "<X> is responsible for ...", "<X> was responsible", "<X> are behind the attack"."""
    if vocab().has("responsible_preps", word):
        if not (word.dep_ == "prep" and (p := _pobj(word)) is not None and _is_deed(p)):
            return
    elif word.dep_ not in ("acomp", "attr"):
        return
    if word.head.tag_.startswith("VB"):
        for subj in _subjects(word.head):
            yield from perpetrators(subj, "roles.responsible")


def complement_slots(noun: Token) -> Iterator[Slot]:
    """ "the victims were <X> and <Y>", "the victims were identified as <X>", "the target was
    <X>", "<X> was the target of ...": a copula (or "identified as") between a role word and
    the named participant."""
    v = vocab()
    verb = noun.head
    if not verb.tag_.startswith("VB"):
        return
    if noun.dep_ in ("nsubj", "nsubjpass"):
        others = [c for c in verb.children if c.dep_ in ("attr", "oprd")]
        others += [
            p
            for c in verb.children
            if c.dep_ == "prep" and c.lower_ == "as" and (p := _pobj(c)) is not None
        ]
    elif noun.dep_ == "attr":
        others = [c for c in verb.children if c.dep_ == "nsubj"]
    else:
        return
    for other in others:
        if v.has("victim_words", noun):
            for token in _with_conjuncts(other):
                if sort_of(token) is Sort.NAME:
                    yield Slot(RoleKind.VICTIMS, token, "roles.victim-complement")
        else:
            yield from attacked(other, "roles.target-complement")


def sentence_slots(sent: Span, skip: frozenset[int] = frozenset()) -> Iterator[Slot]:
    """Every role slot anchored in one sentence (or sentence piece) of an attack; ``skip``:
    anchors (token indices) that tell another deed."""
    v = vocab()
    for token in sent:
        if token.lower_ not in v.anchors and token.dep_ != "acl":  # "a bomb left by <X>"
            continue
        if token.i in skip:
            continue
        tag = token.tag_
        if tag.startswith("VB"):
            yield from verb_slots(token)
            yield from deed_slots(token)
        elif tag.startswith("NN") and v.has("attack_nouns", token):
            yield from noun_slots(token)
        elif tag.startswith("NN") and (
            v.has("victim_words", token) or v.has("target_words", token)
        ):
            yield from complement_slots(token)
        elif v.has("responsible_words", token) or v.has("responsible_preps", token):
            yield from responsible_slots(token)
