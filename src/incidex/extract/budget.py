"""A time budget per document, checked between the stages of its extraction.

No input may hold a run up: past ``INCIDEX_DOC_TIME_BUDGET`` seconds the extraction of a document
stops at the next check (after its grouping, between its attacks, between the fields of one
attack, before its statements) by raising ``OverBudget``, which the per-document guard records
as the document's skip reason. Nothing is killed from outside: a stage runs to its end, and every
stage is linear in the document's length, which ``INCIDEX_MAX_CHARS`` bounds.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from incidex.errors import OverBudget


class Deadline:
    """The time left for one document; ``seconds`` of ``None`` or 0 means no budget."""

    def __init__(
        self,
        doc_id: str,
        seconds: float | None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.doc_id = doc_id
        self.seconds = seconds or None
        self.clock = clock
        self.started = clock()
        self.checks = 0  # how often it was asked (the tests count them)

    def check(self, stage: str) -> None:
        """Raise ``OverBudget`` if the budget is spent (``stage``: where extraction stopped)."""
        self.checks += 1
        if self.seconds is None:
            return
        spent = self.clock() - self.started
        if spent > self.seconds:
            raise OverBudget(
                self.doc_id,
                f"extraction stopped after {spent:.2f} s, over the budget of {self.seconds:g} s "
                f"a document (INCIDEX_DOC_TIME_BUDGET), at {stage}; not extracted",
            )
