"""The jobs behind the commands, as plain functions: ingest into a store, or extract to a file.

Each takes and returns typed models; the CLI only parses options and prints.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, BinaryIO

from incidex.config import Settings
from incidex.errors import IncidexError, OverBudget
from incidex.extract.pipeline import Extractor
from incidex.fuse.fuser import fuse_mentions, per_document, story_order
from incidex.ingest import Limits, load_documents
from incidex.models import Document, Incident, IngestSummary, Mention, Skipped

if TYPE_CHECKING:  # the store (SQLAlchemy, Alembic) is imported by the jobs that use it only
    from incidex.store.database import Store

log = logging.getLogger(__name__)

Progress = Callable[[int], None]


def _noop(_: int) -> None:
    return None


def _english_only(docs: Iterable[Document], foreign: list[Document]) -> Iterator[Document]:
    """Yield English documents; set the others aside (the English model cannot read them)."""
    for doc in docs:
        if doc.is_english:
            yield doc
        else:
            foreign.append(doc)


def qualified(incident: Incident) -> bool:
    """Whether some report qualifies the incident (reports stored before qualifications were
    kept count as qualified)."""
    qual = incident.qualification
    return qual is None or qual.qualified


def _not_extracted(doc: Document) -> Skipped:
    return Skipped(doc.source, f"language {doc.language!r} is not English: not extracted")


class _Feed:
    """The documents handed to an extractor, remembering those it holds (read, not yet given
    back). An error of the input itself is kept apart from the extractor's."""

    def __init__(self, source: Iterator[Document]) -> None:
        self._source = source
        self.held: deque[Document] = deque()
        self.input_error: BaseException | None = None

    def __iter__(self) -> _Feed:
        return self

    def __next__(self) -> Document:
        try:
            doc = next(self._source)
        except StopIteration:
            raise
        except BaseException as err:
            self.input_error = err
            raise
        self.held.append(doc)
        return doc

    def done(self, doc: Document) -> None:
        while self.held:
            if self.held.popleft() is doc:
                return


def _extract_guarded(
    extractor: Extractor, docs: Iterable[Document], skipped: list[Skipped]
) -> Iterator[tuple[Document, list[Mention]]]:
    """``extractor.extract`` that no document can stop: when the extractor fails for a whole
    batch (spaCy raises inside ``nlp.pipe``, E088 on an over-long text), each document of the
    batch is extracted again alone; one that fails again is skipped with the reason, and the
    run goes on with the next documents. A document over its time budget (``OverBudget``) is
    skipped with that reason at once; the rest of its batch is extracted alone."""
    source = iter(docs)
    while True:
        feed = _Feed(source)
        try:
            for doc, mentions in extractor.extract(feed):
                feed.done(doc)
                yield doc, mentions
            return
        except OverBudget as err:
            _skip_over_budget(feed, err, skipped)
        except IncidexError:
            raise  # the model is missing, ...: no document's fault
        except Exception:
            if feed.input_error is not None or not feed.held:
                raise
            log.warning("extraction failed for a batch; retrying its documents one by one")
        for doc in list(feed.held):
            try:
                alone = list(extractor.extract([doc]))
            except OverBudget as err:
                log.warning("%s: %s", doc.source, err)
                skipped.append(Skipped(doc.source, str(err)))
                continue
            except IncidexError:
                raise
            except Exception as err:  # noqa: BLE001 - skip this document, keep the run going
                log.warning("extraction failed for document %s", doc.id, exc_info=True)
                reason = f"not extracted ({type(err).__name__}: {err}); please report this"
                skipped.append(Skipped(doc.source, reason))
                continue
            yield from alone


def _skip_over_budget(feed: _Feed, err: OverBudget, skipped: list[Skipped]) -> None:
    """Record the document that went over its time budget as skipped, and take it from the
    documents the feed holds (the others of its batch are extracted again, alone)."""
    doc = next((d for d in feed.held if d.id == err.doc_id), None)
    if doc is not None:
        feed.held.remove(doc)
    source = doc.source if doc is not None else err.doc_id
    log.warning("%s: %s", source, err)
    skipped.append(Skipped(source, str(err)))


def _note_cut(doc: Document, notes: list[Skipped]) -> None:
    if doc.cut:
        notes.append(Skipped(doc.source, doc.cut))
        log.warning("%s: %s", doc.source, doc.cut)


def ingest(
    paths: Sequence[str],
    settings: Settings,
    *,
    text_column: str | None = None,
    stdin: BinaryIO | None = None,
    progress: Progress = _noop,
    extractor: Extractor | None = None,
    fuse: bool = True,
) -> IngestSummary:
    """Read, extract and merge documents into the store, one transaction per document.

    Documents already stored with the same content are skipped before any NLP runs, so a rerun
    after a crash or Ctrl-C finishes the job without duplicates. ``fuse=False`` (``--no-fuse``):
    each report becomes its own incident and is never fused with others later.
    """
    from incidex.store.database import Store

    store = Store(settings.db_url)
    summary = IngestSummary()
    try:
        extractor = extractor or Extractor(settings)
        limits = Limits.from_settings(settings)
        read = load_documents(paths, text_column=text_column, stdin=stdin, limits=limits)
        pending = _new_documents(read, store, summary, progress)
        foreign: list[Document] = []
        english = _english_only(pending, foreign)
        for doc, mentions in _extract_guarded(extractor, english, summary.skipped):
            _save(store, doc, mentions, summary, fuse)
            summary.used += 1
        for doc in foreign:  # stored, flagged by their language, but not extracted
            _save(store, doc, [], summary, fuse)
            summary.skipped.append(_not_extracted(doc))
    finally:
        store.close()
    return summary


def _new_documents(
    items: Iterable[Document | Skipped],
    store: Store,
    summary: IngestSummary,
    progress: Progress,
) -> Iterator[Document]:
    from incidex.store.repository import DocStatus, document_status

    this_run: dict[str, str] = {}  # content hash -> id of the document of this run that has it
    for item in items:
        if isinstance(item, Skipped):
            summary.skipped.append(item)
            progress(1)
            continue
        summary.read += 1
        progress(1)
        with store.snapshot() as session:  # a read: the save checks again under its lock
            status, other = document_status(session, item)
        if status == DocStatus.UNCHANGED:
            summary.unchanged += 1
            summary.used += item.is_english
            continue
        # Earlier documents of this run may still wait in the extraction batch, unstored: the
        # same content is a duplicate whatever the batching.
        earlier = this_run.get(item.hash)
        if status == DocStatus.DUPLICATE or (earlier is not None and earlier != item.id):
            summary.skipped.append(Skipped(item.source, _same_content(other or earlier)))
            summary.used += item.is_english
            continue
        this_run.setdefault(item.hash, item.id)
        if status == DocStatus.CHANGED:
            summary.updated += 1
        yield item


def _same_content(other: str | None) -> str:
    return f"same content as stored document {other!r}"


def _save(
    store: Store, doc: Document, mentions: list[Mention], summary: IngestSummary, fuse: bool
) -> None:
    """Write one document in its own transaction (the fusion service stores it and re-fuses
    its reports' component); on PostgreSQL under the locks of the document and its reports'
    countries, so saves about other countries run beside it (``store.database``). A write the
    database refuses (a constraint) is rolled back whole and noted in ``summary.failed``: the
    run goes on with the next document and the command exits non-zero; a rerun tries it
    again. A store that cannot be written at all raises."""
    from sqlalchemy.exc import IntegrityError

    from incidex.blocking import mention_key
    from incidex.fuse.service import FusionService
    from incidex.store.database import WholeStoreNeeded, save_locks

    countries = {key.country for m in mentions if (key := mention_key(m)) is not None}
    locks = save_locks((doc.id, doc.hash), countries)
    try:
        try:  # on PostgreSQL, the locks of this document and its countries only
            with store.session(locks) as session:
                result = FusionService(session).save_document(doc, mentions, fuse=fuse)
        except WholeStoreNeeded:
            with store.session() as session:
                result = FusionService(session).save_document(doc, mentions, fuse=fuse)
    except IntegrityError as error:  # a defect, not the user's: report it, keep the batch going
        log.exception("could not store %s", doc.id)
        reason = str(error.orig).splitlines()[0]
        summary.failed.append(Skipped(doc.source, f"not stored ({reason}); please report this"))
        return
    summary.stored += 1
    _note_cut(doc, summary.cut)
    summary.incidents_new += len(result.incidents_new)
    summary.incidents_updated += len(result.incidents_updated)


@dataclass(slots=True)
class Extraction:
    """What ``extract`` produced: incidents, the documents behind them, what was skipped."""

    incidents: list[Incident] = field(default_factory=list)
    documents: dict[str, Document] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)
    cut: list[Skipped] = field(default_factory=list)  # read, but cut to the length limit
    used: int = 0  # documents extracted (English and read); none: no input could be used


def extract(
    paths: Sequence[str],
    settings: Settings,
    *,
    per_doc: bool = False,
    text_column: str | None = None,
    stdin: BinaryIO | None = None,
    progress: Progress = _noop,
    extractor: Extractor | None = None,
) -> Extraction:
    """The same pipeline with no database: read, extract, fuse (unless ``per_doc``)."""
    result = Extraction()
    extractor = extractor or Extractor(settings)

    limits = Limits.from_settings(settings)

    def documents() -> Iterator[Document]:
        for item in load_documents(paths, text_column=text_column, stdin=stdin, limits=limits):
            progress(1)
            if isinstance(item, Skipped):
                result.skipped.append(item)
            elif item.id in result.documents:
                result.skipped.append(Skipped(item.source, f"duplicate document id {item.id!r}"))
            else:
                result.documents[item.id] = item
                _note_cut(item, result.cut)
                yield item

    mentions: list[Mention] = []
    foreign: list[Document] = []
    english = _english_only(documents(), foreign)
    for doc, found in _extract_guarded(extractor, english, result.skipped):
        for mention in found:
            for value in mention.values:
                value.reported = value.reported or doc.published
        mentions.extend(found)
    result.skipped.extend(_not_extracted(doc) for doc in foreign)
    result.used = len(result.documents) - len(foreign)
    incidents = per_document(mentions) if per_doc else story_order(fuse_mentions(mentions))
    # An incident needs a report that qualifies it (the others only tell the same attack).
    result.incidents = [i for i in incidents if qualified(i) or not settings.qualify]
    return result
