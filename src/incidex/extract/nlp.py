"""Load the configured spaCy model once, with unused components disabled, plus Incidex's own.

Kept: tok2vec, tagger (singular/plural of casualty nouns), parser (sentences and dependencies),
ner (GPE/ORG/PERSON/CARDINAL/DATE). Dropped: attribute_ruler and lemmatizer (no rule reads lemmas
or coarse POS; dropping them saves ~10% of pipeline time).
"""

from __future__ import annotations

import gc
import threading

import spacy
from spacy.language import Language

from incidex.errors import ModelError
from incidex.extract import components  # noqa: F401  (registers the factories)

DISABLED = ("attribute_ruler", "lemmatizer", "senter")
_LOCK = threading.Lock()
_CACHE: dict[str, Language] = {}


def load_nlp(model: str) -> Language:
    """The pipeline for ``model`` with Incidex's components; built once per process."""
    with _LOCK:
        nlp = _CACHE.get(model)
        if nlp is not None:
            return nlp
        try:
            nlp = spacy.load(model, exclude=[c for c in DISABLED])
        except OSError as err:
            raise ModelError(
                f"spaCy model {model} is not installed; pip install {model.replace('_', '-')} "
                "or set INCIDEX_SPACY_MODEL"
            ) from err
        if "parser" in nlp.pipe_names:
            nlp.add_pipe("incidex_paragraphs", before="parser")
        nlp.add_pipe("incidex_gazetteer", last=True)
        _CACHE[model] = nlp
        # the model's hundreds of thousands of objects live as long as the process: keep them out
        # of the garbage collector's full passes, which otherwise walk them again and again
        gc.freeze()
        return nlp
