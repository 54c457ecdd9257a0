"""Detect a document's language (ISO 639-1) with py3langid so non-English articles can be set aside.

Words in a minority script (a site name in Bengali on an English page, Latin acronyms in an Arabic
article) are dropped before classifying, so page furniture cannot flip the answer.
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
_WORD = re.compile(r"\S+")


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
    """ISO 639-1 code of ``text``'s main language, or None when there are under 20 letters."""
    sample = _majority_script(text[:SAMPLE_CHARS])
    if sum(map(str.isalpha, sample)) < MIN_LETTERS:
        return None
    language, _confidence = _identifier().classify(sample)
    return str(language)


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
