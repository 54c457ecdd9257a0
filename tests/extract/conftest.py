"""Shared fixtures: the spaCy pipeline and an Extractor, loaded once per test session."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from incidex.config import Settings
from incidex.extract.pipeline import Extractor
from incidex.models import Document, Mention


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    """One Extractor (and one spaCy model load) for the whole session."""
    ex = Extractor(Settings.from_env())
    ex.nlp  # noqa: B018  (load now, once)
    return ex


@pytest.fixture(scope="session")
def run(extractor: Extractor) -> Callable[..., list[Mention]]:
    """Extract the mentions of one invented text."""

    def _run(text: str, published: date | None = None, doc_id: str = "t1") -> list[Mention]:
        doc = Document(id=doc_id, source="test", text=text, published=published)
        return next(iter(extractor.extract([doc])))[1]

    return _run
