"""The armed groups a parsed document names, found once per document by the one actor matcher.

The gazetteer component's token-level hits (``doc.spans["incidex_actors"]``, the spans the parse
rules read) merged with the lexicon's finds in the text (spelling variants such as "Al Qaida" for
"al-Qaida" or a typographic apostrophe, and the gazetteer's noisy spellings such as "ISIS–-K"),
a find replacing the hits inside it (``kb.lexicon.merge``). The perpetrator group (``actors``)
and the statements' actors (``statement_actors``) both read these.
"""

from __future__ import annotations

from spacy.tokens import Doc

from incidex.extract.components import ACTORS
from incidex.kb import lexicon
from incidex.kb.lexicon import GROUP, ActorRef

_KEY = "incidex_groups"


def document_groups(doc: Doc, text: str) -> list[ActorRef]:
    """The groups named in ``text`` (the text ``doc`` was made from), in order; computed once
    per document and kept in ``doc.user_data``."""
    kept = doc.user_data.get(_KEY)
    if kept is not None and kept[0] == text:
        return list(kept[1])
    spans = [ActorRef(s.label_, GROUP, s.start_char, s.end_char) for s in doc.spans.get(ACTORS, [])]
    groups = lexicon.merge(spans, lexicon.find(text, 0, frozenset({GROUP})))
    doc.user_data[_KEY] = (text, tuple(groups))
    return groups
