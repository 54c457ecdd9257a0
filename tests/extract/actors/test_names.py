"""The one actor matcher: the perpetrator group and the statements' actors read the same groups
of a document (invented sentences)."""

from __future__ import annotations

from incidex.extract.actors.actors import group_hits
from incidex.extract.actors.names import document_groups
from incidex.extract.actors.statement_actors import DocumentActors
from incidex.extract.components import ACTORS
from incidex.extract.pipeline import Extractor
from incidex.kb import lexicon
from incidex.kb.lexicon import GROUP, ActorRef
from tests.extract.conftest import one_mention

TEXT = (
    "Gunmen of the New People’s Army attacked a police post in Tarlac on Monday. "
    "Officials blamed the Houthi extremists (Ansar-Allah) for a separate raid."
)


def test_gname_and_statements_read_the_same_groups(extractor: Extractor) -> None:
    ctx = one_mention(extractor, TEXT)
    groups = document_groups(ctx.doc, ctx.text)
    names = [(g.name, ctx.text[g.start : g.end]) for g in groups]
    assert ("New People's Army (NPA)", "New People’s Army") in names  # a typographic apostrophe
    assert ("Houthi extremists (Ansar Allah)", "Houthi extremists (Ansar-Allah)") in names
    assert [(h.name, h.start, h.end) for h in group_hits(ctx, 0, len(ctx.text))] == [
        (g.name, g.start, g.end) for g in groups
    ]
    assert DocumentActors(ctx.document, ctx.doc).groups == groups


def test_a_find_replaces_the_token_hits_inside_it() -> None:
    hits = [ActorRef("A", GROUP, 0, 6), ActorRef("B", GROUP, 20, 25)]
    finds = [ActorRef("A", GROUP, 0, 15), ActorRef("C", GROUP, 22, 30), ActorRef("D", GROUP, 2, 4)]
    merged = lexicon.merge(hits, finds)
    assert [(r.name, r.start, r.end) for r in merged] == [("A", 0, 15), ("B", 20, 25)]


def test_the_component_and_the_lexicon_share_the_aliases(extractor: Extractor) -> None:
    exact, lower = lexicon.group_phrases()
    assert all(lexicon.is_acronym(a) for aliases in exact.values() for a in aliases[::2])
    assert not any(lexicon.is_acronym(a) for aliases in lower.values() for a in aliases)
    sdoc = extractor.nlp("The AQAP and the al-Qaeda in the Arabian Peninsula are one.")
    labels = {s.label_ for s in sdoc.spans[ACTORS]}
    found = {r.name for r in lexicon.find(sdoc.text, 0, frozenset({GROUP}))}
    assert labels == found == {"Al-Qaida in the Arabian Peninsula (AQAP)"}
