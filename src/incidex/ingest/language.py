"""Detect a document's language (ISO 639-1) with py3langid so non-English articles can be set aside.

Words in a minority script (a site name in Bengali on an English page, Latin acronyms in an Arabic
article) are dropped before classifying, so page furniture cannot flip the answer.

A character model misreads short English: one sentence about Nigeria reads as Nigerian Pidgin, a
list of place names as Hausa or Bikol. So a text the model calls foreign is still English when
its words are English words (``reads_as_english``): a document is never set aside as foreign
while it reads as English.
"""

from __future__ import annotations

import lzma
import os
import re
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from py3langid import modelio
from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

SAMPLE_CHARS = 2000
MIN_LETTERS = 20
MINORITY_SHARE = 0.1  # a script with fewer letters than this share is treated as noise
ENGLISH_WORDS = 50_000  # the most frequent English words (wordfreq) that count as known
ENGLISH_SHARE = 0.75  # this share of known words reads as English (French news: about 0.6)
ENGLISH_MIN_WORDS = 3
_WORD = re.compile(r"\S+")
_LETTERS = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_JOINER = re.compile(r"[-'’]")


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    """Load the model once, on first use. py3langid ships it LZMA-compressed, 0.7 CPU s to unpack
    on every run; an unpacked copy kept in the user's cache directory loads in 0.15 s."""
    arrays = _unpacked_model()
    if arrays is None:
        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ptc, pc, classes, nextmove, row, output = arrays
    return LanguageIdentifier(
        np.asarray(ptc), np.asarray(pc), classes, nextmove, output, norm_probs=True, tk_row=row
    )


def _unpacked_model() -> tuple[Any, ...] | None:
    """The model's arrays as ``py3langid.modelio.load_model`` returns them, read from (or first
    written to) ``$XDG_CACHE_HOME/incidex``; None when no cache directory can be used."""
    source = MODEL_DIR / MODEL_FILE
    try:
        stat = source.stat()
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "incidex"
        cached = base / f"langid-{stat.st_size}-{stat.st_mtime_ns}.npz"
        if not cached.exists():
            base.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=base, suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as out, lzma.open(source) as packed:
                    shutil.copyfileobj(packed, out, length=1 << 20)
                os.replace(tmp, cached)  # atomic: a concurrent run reads no half-written file
            finally:
                Path(tmp).unlink(missing_ok=True)
        with np.load(cached, allow_pickle=False) as npz:
            return (
                npz["ptc"],
                npz["pc"],
                npz["classes"].tolist(),
                modelio._to_array(npz["nextmove"]),
                modelio._to_array(npz["nextmove_row"]),
                npz["out_feat"].tolist(),
            )
    except (OSError, KeyError, ValueError, AttributeError):  # no cache, or py3langid changed
        return None


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of ``text``'s main language, or None when there are under 20 letters.

    "en" whenever the text reads as English, whatever the character model says."""
    sample = _majority_script(text[:SAMPLE_CHARS])
    if sum(map(str.isalpha, sample)) < MIN_LETTERS:
        return None
    language, _confidence = _identifier().classify(sample)
    if language != "en" and reads_as_english(sample):
        return "en"
    return str(language)


@lru_cache(maxsize=1)
def _english_words() -> frozenset[str]:
    from wordfreq import top_n_list  # 0.4 s to import: only when the model says "not English"

    return frozenset(top_n_list("en", ENGLISH_WORDS))


def english_share(text: str) -> tuple[float, int]:
    """The share of ``text``'s words that are common English words, and how many words count.

    A capitalised word the list does not know is a name ("Zamfara", "Kaduna") and counts
    neither way; a hyphenated word is known when each part is."""
    known = _english_words()
    hits = counted = 0
    for word in _LETTERS.findall(text):
        lowered = word.lower().replace("’", "'")
        found = lowered in known or all(p in known for p in _JOINER.split(lowered) if p)
        if found:
            hits += 1
            counted += 1
        elif not any(c.isupper() for c in word):
            counted += 1
    return (hits / counted if counted else 0.0), counted


def reads_as_english(text: str) -> bool:
    """Whether most of ``text``'s words (names aside) are common English words."""
    share, counted = english_share(text)
    return counted >= ENGLISH_MIN_WORDS and share >= ENGLISH_SHARE


def _is_latin(char: str) -> bool:
    return ord(char) < 0x250 or 0x1E00 <= ord(char) <= 0x1EFF


def _majority_script(text: str) -> str:
    """Drop words written in a script (Latin or not) that holds under 10% of the letters."""
    if text.isascii():  # every letter Latin (the common case, decided without a loop)
        return " ".join(_WORD.findall(text)) if any(map(str.isalpha, text)) else text
    letters = list(filter(str.isalpha, text))
    if not letters:
        return text
    latin = sum(map(_is_latin, letters)) / len(letters)
    if MINORITY_SHARE <= latin <= 1 - MINORITY_SHARE:
        return text
    keep_latin = latin > 0.5
    kept = [
        word
        for word in _WORD.findall(text)
        if not any(c.isalpha() for c in word)
        or all(_is_latin(c) == keep_latin for c in word if c.isalpha())
    ]
    return " ".join(kept)
