"""Shared fixtures: the spaCy pipeline and an Extractor, loaded once per test session."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

import pytest

from incidex.config import Settings
from incidex.extract.base import MentionContext
from incidex.extract.components import TRIGGERS
from incidex.extract.pipeline import Extractor
from incidex.extract.taxonomy.taxonomy import extract_taxonomy
from incidex.models import Document, FieldName, Mention


def one_mention(extractor: Extractor, text: str) -> MentionContext:
    """``text`` parsed and read as one mention: all its sentences, its first trigger."""
    sdoc = extractor.nlp(text)
    triggers = list(sdoc.spans.get(TRIGGERS, []))
    return MentionContext(
        document=Document(id="t", source="test", text=text),
        doc=sdoc,
        sentences=list(sdoc.sents),
        trigger=triggers[0] if triggers else None,
    )


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    """One Extractor (and one spaCy model load) for the whole session, keeping every realis
    attack report (``Settings.qualify`` off): the field tests read invented attacks that need
    not qualify as terrorism. ``qualifying`` is the extractor as shipped."""
    ex = Extractor(replace(Settings.from_env(), qualify=False))
    ex.nlp  # noqa: B018  (load now, once)
    return ex


@pytest.fixture(scope="session")
def qualifying() -> Extractor:
    """The extractor as shipped: documents gated, only reports that qualify as incidents."""
    ex = Extractor(Settings.from_env())
    ex.nlp  # noqa: B018
    return ex


@pytest.fixture(scope="session")
def run(extractor: Extractor) -> Callable[..., list[Mention]]:
    """Extract the mentions of one invented text."""

    def _run(text: str, published: date | None = None, doc_id: str = "t1") -> list[Mention]:
        doc = Document(id=doc_id, source="test", text=text, published=published)
        return next(iter(extractor.extract([doc])))[1]

    return _run


@pytest.fixture(scope="session")
def tax(extractor: Extractor) -> Callable[[str], dict[FieldName, str]]:
    """The taxonomy values of one invented text read as one mention, as ``{field: value}``."""

    def _tax(text: str) -> dict[FieldName, str]:
        out: dict[FieldName, str] = {}
        for value in extract_taxonomy(one_mention(extractor, text)):
            out.setdefault(value.name, value.value)
        return out

    return _tax
