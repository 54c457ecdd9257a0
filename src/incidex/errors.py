"""One error family for everything a user can get wrong; each message says the cause and the fix.

The CLI maps each class to an exit code (``exit_code``); nothing here imports Typer.
"""

from __future__ import annotations


class IncidexError(Exception):
    """Base of all user-facing errors. ``str(err)`` is the one line shown to the user."""

    exit_code = 1


class InputError(IncidexError):
    """A path or record given by the user cannot be read as a document."""

    exit_code = 2


class DocumentSkipped(InputError):
    """One document in a batch could not be used; the batch goes on and the reason is reported."""


class OverBudget(DocumentSkipped):
    """Extracting one document took longer than its time budget (``INCIDEX_DOC_TIME_BUDGET``):
    it is skipped with this reason and the run goes on with the next document."""

    def __init__(self, doc_id: str, message: str) -> None:
        super().__init__(message)
        self.doc_id = doc_id


class UsageError(IncidexError):
    """An option or argument value is invalid."""

    exit_code = 2


class StoreError(IncidexError):
    """The database cannot be opened, migrated or written."""

    exit_code = 3


class NotFoundError(IncidexError):
    """A requested incident, document or actor does not exist."""

    exit_code = 4


class ModelError(IncidexError):
    """The configured spaCy model is not installed."""

    exit_code = 5


class DataError(IncidexError):
    """A data file shipped with the package (a vocabulary, the actor gazetteer) is malformed."""

    exit_code = 6


class ClusterError(IncidexError):
    """The Dask scheduler cannot be reached, or a local cluster cannot start."""

    exit_code = 7
