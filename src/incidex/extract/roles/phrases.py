"""What a noun phrase of an attack frame is (a name, attackers, a group, people, a thing, a
weapon) and the words of it that fill a role.

A filler is the phrase's head with the left modifiers its role keeps (``keep_left`` of
``data/roles.yaml``: "urban guerrillas", "two gunmen", "car bomb", "electric power substation"),
without determiners, quantifiers or rating adjectives ("a powerful bomb" -> "bomb"), plus an "of"
phrase after a relational head ("members of <group>", "offices of <company>"). A named person is
the name without titles ("Attorney General <Name>" -> "<Name>").
"""

from __future__ import annotations

from enum import StrEnum

from spacy.tokens import Span, Token

from incidex.extract.doc_index import actor_at, ent_at
from incidex.extract.roles.vocab import vocab
from incidex.models import RoleKind

NOT_FILLER_ENTS = frozenset(
    {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY", "GPE", "LOC"}
)
NAME_TAGS = frozenset({"NNP", "NNPS"})
QUANTITY_DEPS = frozenset({"nummod", "quantmod"})


class Sort(StrEnum):
    """What a noun phrase names, as far as the frame cares."""

    NAME = "name"  # a named person
    ATTACKERS = "attackers"  # "guerrillas", "two gunmen"
    GROUP = "group"  # an organization: an ORG name, an acronym, "the army"
    PEOPLE = "people"  # people who may be attacked or attack: "a man", "three peasants"
    THING = "thing"  # a building, vehicle, installation
    WEAPON = "weapon"
    NONE = "none"


def is_acronym(token: Token) -> bool:
    """An all-capital word of two or more letters ("FMLN"), not a title ("Col", "Gen")."""
    text = token.text.replace(".", "")
    return len(text) >= 2 and text.isalpha() and text.isupper() and not vocab().has("titles", token)


def is_weapon(head: Token) -> bool:
    """A weapon noun ("truck-bomb" by its last part); a weak one ("charge", "device", "fire")
    only with a weapon word beside it ("dynamite charge", "explosive device", "machinegun fire")."""
    v = vocab()
    if not v.has("weapon_nouns", head):
        last = head.lower_.rsplit("-", 1)[-1]
        return (
            last != head.lower_
            and v.has("weapon_nouns", last)
            and not v.has("weak_weapon_nouns", last)
        )
    if not v.has("weak_weapon_nouns", head):
        return True
    return any(
        c.dep_ in ("compound", "amod", "nmod")
        and (v.has("weapon_nouns", c) or c.lower_ == "explosive")
        for c in head.lefts
    )


def entity_of(token: Token) -> Span | None:
    """The named entity holding ``token``, if any."""
    if not token.ent_type_:
        return None
    return ent_at(token.doc, token.i)


def actor_of(token: Token) -> Span | None:
    """The gazetteer's armed-group name holding ``token`` ("the Shining Path"), if any."""
    return actor_at(token.doc, token.i)


def sort_of(head: Token) -> Sort:
    """What the phrase headed by ``head`` names."""
    v = vocab()
    if head.tag_ in ("PRP", "PRP$", "WP", "WDT", "DT", "EX", "CD") or head.like_num:
        return Sort.NONE
    if actor_of(head) is not None:
        return Sort.GROUP
    ent = head.ent_type_
    if ent == "PERSON":
        return Sort.NAME
    if ent in NOT_FILLER_ENTS or head.lower_ in v.sets["never"]:
        return Sort.NONE
    if ent in ("ORG", "NORP") and not v.has("perpetrator_nouns", head):
        if v.has("target_nouns", head) and not v.has("organization_nouns", head):
            return Sort.THING  # "the Central Bank"
        return Sort.GROUP if ent == "ORG" or v.has("organization_nouns", head) else Sort.NONE
    if is_acronym(head):
        return Sort.GROUP
    if is_weapon(head):
        return Sort.WEAPON
    if v.has("perpetrator_nouns", head):
        return Sort.ATTACKERS
    if v.has("organization_nouns", head):
        return Sort.GROUP
    if v.has("people_nouns", head) or v.has("victim_nouns", head):
        return Sort.PEOPLE
    if v.has("target_nouns", head):
        return Sort.THING
    if head.tag_ in NAME_TAGS and _named_compound(head):
        return Sort.NAME
    return Sort.NONE


def _named_compound(head: Token) -> bool:
    """A proper-noun run of two or more words with no entity type ("ronnie moffit" re-cased)."""
    return any(c.dep_ == "compound" and c.tag_ in NAME_TAGS for c in head.lefts)


def quantity_head(token: Token) -> Token:
    """The noun a quantity or collective heads ("one of the guards", "a group of 10 assassins"
    -> the guards, the assassins); the token itself otherwise."""
    if token.like_num or vocab().has("quantity_nouns", token):
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj
    return token


def _strip(doc_start: int, doc_end: int, head: Token) -> tuple[int, int]:
    """Trim punctuation, determiners and conjunctions from the edges of ``[start, end)``."""
    doc = head.doc
    start, end = doc_start, doc_end
    while start < head.i and (
        doc[start].is_punct or doc[start].dep_ in ("det", "predet", "cc", "case", "preconj")
    ):
        start += 1
    while end - 1 > head.i and (doc[end - 1].is_punct or doc[end - 1].dep_ in ("cc", "case")):
        end -= 1
    return start, end


def is_group_name(token: Token) -> bool:
    """A modifier that names an organization ("<ACRONYM> guerrillas", "<Group> militants")."""
    return actor_of(token) is not None or is_acronym(token) or token.ent_type_ == "ORG"


def _left_start(head: Token, kind: RoleKind) -> int:
    """Where the filler starts: the head's left modifiers its role keeps, nearest first, up to
    the first it does not keep (a determiner, a quantifier, a rating adjective, a date, a
    possessive pronoun; for attackers, the name of their group, which is a role of its own)."""
    v = vocab()
    keep = v.keep_left[kind]
    start = head.i
    for child in reversed(list(head.lefts)):
        if child.dep_ == "punct" and child.text in ("-", "/"):
            continue  # "truck-bomb"
        if (
            child.dep_ not in keep
            or v.has("rating_adjectives", child)
            or v.has(
                "rating_adjectives", "".join(t.text_with_ws for t in child.subtree).strip().lower()
            )
            or any(t.is_bracket for t in child.subtree)
            or child.tag_ == "PRP$"
            or any(t.ent_type_ in ("DATE", "TIME") for t in child.subtree)
        ):
            break
        if kind is RoleKind.PERPETRATOR_INDIVIDUALS and is_group_name(child):
            break
        if child.dep_ in QUANTITY_DEPS and any(
            v.has("rating_adjectives", t) for t in child.subtree
        ):
            break
        if child.right_edge.i < start - 1 and not all(
            t.is_punct for t in head.doc[child.right_edge.i + 1 : start]
        ):
            break
        start = child.left_edge.i
    return start


def _of_phrase_end(head: Token) -> int:
    """The end of an "of" phrase after a relational head ("members of the <Front>"), without its
    own clauses or asides; ``head.i + 1`` when there is none."""
    v = vocab()
    relational = v.has("of_heads", head)
    if not (relational or v.has("organization_nouns", head)):
        return head.i + 1
    prep = next((c for c in head.rights if c.dep_ == "prep" and c.lower_ == "of"), None)
    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep else None
    if pobj is None or not (relational or pobj.tag_ in NAME_TAGS):
        return head.i + 1  # "the Army of <Name>", not "the army of the country"
    end = pobj.i + 1
    for child in pobj.rights:  # "of the <Name> Front (<ACRONYM>)": keep the name, not the aside
        if child.dep_ in ("compound", "flat") or (child.dep_ == "prep" and child.lower_ == "of"):
            end = child.right_edge.i + 1
        else:
            break
    return end


def _common_word(token: Token) -> bool:
    """A word of the vocabulary (a person, thing, hostage or attacker noun), never a name."""
    v = vocab()
    return any(
        v.has(key, token)
        for key in (
            "people_nouns",
            "victim_nouns",
            "target_nouns",
            "perpetrator_nouns",
            "hostage_words",
            "titles",
        )
    )


def _name_top(head: Token) -> Token:
    """The last word of the name ``head`` is part of ("Hector" -> "<Surname>" when the parser
    made the first names compounds of it)."""
    top = head
    for _ in range(4):
        up = top.head
        if top.dep_ != "compound" or up.i != top.i + 1 or up.tag_ not in ("NNP", "NNPS", "NN"):
            break
        if up.ent_type_ not in ("", "PERSON") or _common_word(up):
            break
        top = up
    return top


def name_span(head: Token, titles: bool = False) -> Span:
    """A person's name around ``head``: its entity and the proper nouns compounded with it,
    without the titles before it (``titles``: keeping military ranks, "Col <Name>") or a
    possessive after it."""
    doc = head.doc
    v = vocab()
    top = _name_top(head)
    start = top.i
    while start > 0:  # the words compounded into the name, up to a title or another name
        word = doc[start - 1]
        if (
            word.dep_ not in ("compound", "flat")
            or not start - 1 < word.head.i <= top.i
            or word.ent_type_ not in ("", "PERSON")
            or v.has("people_nouns", word)
            or v.has("victim_nouns", word)
        ):
            break
        start -= 1
    end = top.i + 1
    ent = entity_of(head)
    if ent is not None and ent.label_ == "PERSON":
        start, end = min(start, ent.start), max(end, ent.end)
    while start < end - 1 and (
        (
            v.has("titles", doc[start].lower_.rstrip("."))
            and not (titles and v.has("ranks", doc[start]))
        )
        or doc[start].is_punct
    ):
        start += 1
    while end - 1 > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct):
        end -= 1
    return doc[start:end]


def full_name(name: Span) -> Span:
    """The longest name of the document that the (title-less) name ``name`` begins or ends
    ("<Surname>", "<First> <Middle>" -> "<First> <Middle> <Surname>"), else ``name`` itself."""
    words = [t.lower_ for t in name]
    if not words:
        return name
    best = name
    for ent in name.doc.ents:
        if ent.label_ != "PERSON":
            continue
        other = name_span(ent.root)
        theirs = [t.lower_ for t in other]
        if len(theirs) > len(best) and (
            theirs[-len(words) :] == words or theirs[: len(words)] == words
        ):
            best = other
    return best


def antecedent_group(token: Token) -> Token | None:
    """The group a bare "the group" / "the movement" points back to: the organization named last
    before it (an acronym, an ORG name, a gazetteer name)."""
    doc = token.doc
    for i in range(token.i - 1, -1, -1):
        cand = doc[i]
        if not is_group_name(cand) or vocab().has("titles", cand):
            continue
        while cand.dep_ == "compound" and cand.head.i > cand.i and is_group_name(cand.head):
            cand = cand.head
        while (  # "the Armed Forces of <Name>": the whole name
            cand.dep_ == "pobj"
            and cand.head.lower_ == "of"
            and vocab().has("organization_nouns", cand.head.head)
        ):
            cand = cand.head.head
        if sort_of(cand) is Sort.GROUP:
            return cand
    return None


def is_anaphoric_group(token: Token) -> bool:
    """ "the group", "the movement": an organization noun with no name of its own."""
    return (
        vocab().has("anaphoric_groups", token)
        and not token.ent_type_
        and actor_of(token) is None
        and not any(c.dep_ in ("compound", "amod", "nmod", "appos", "poss") for c in token.children)
    )


def filler_span(head: Token, kind: RoleKind) -> Span:
    """The words of the phrase headed by ``head`` that fill role ``kind``."""
    doc = head.doc
    if sort_of(head) is Sort.NAME:
        return name_span(head, titles=kind is not RoleKind.VICTIMS)
    actor = actor_of(head)
    if actor is not None:
        start, end = actor.start, actor.end
        # "the <Name> (<ACRONYM>)": the name is one filler; its acronym in brackets repeats it
        bracket = next((t.i for t in actor if t.text == "(" and t.i > start), None)
        if bracket is not None and head.i < bracket:
            end = bracket
        start, end = _strip(start, end, head)
        return doc[start:end]
    if kind is RoleKind.PERPETRATOR_INDIVIDUALS and sort_of(head) is Sort.GROUP:
        kind = RoleKind.PERPETRATOR_ORGANIZATIONS  # a name taken for a group's: keep it whole
    start = _left_start(head, kind)
    end = _of_phrase_end(head)
    start, end = _strip(start, end, head)
    return doc[start:end]
