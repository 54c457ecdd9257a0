"""Distributed ingest on Dask: workers read and extract shards of the input, and the store gets
the documents and incidents a run in one process gives.

The input is cut into shards (``plan_shards``): a few small files together, or a window of
records of one JSONL/CSV/WARC/WET file (a worker streams the file and skips to its window, so no
process reads a whole file into memory). Each worker loads the spaCy model once (a cache keyed by
the settings, ``_extractor``), reads its shard with the ordinary readers, prepares and extracts
it. Who writes the store depends on the store (``workers_write``):

- **A database server** (PostgreSQL: every worker can reach it): the workers write. A worker
  keeps what it extracted (a Dask future's value) and sends the client only each document's id,
  content hash and source (``Claims``). The client takes the claims in shard order and decides,
  as ``pipeline.ingest`` does in input order, which documents of the run are refused (an id
  taken by an earlier document of the run) or are the same content as an earlier one; it then
  sends the shard's admitted documents back to the worker holding them (``store_shard``), which
  stores them through the steps of ``pipeline.ingest`` (store dedup, one transaction per
  document, fusion; its engine opened once, ``_store``). Writers interleave (saves about
  different countries side by side, about one country in turn: ``store.database``'s locks);
  fusion does not depend on the order documents are saved in (``fuse.service``), and the
  run-level choices were made by the client in input order, so the incidents are those of a
  run in one process. The client only plans shards, keeps a bounded
  number in flight (being extracted or stored) and adds up the workers' summaries. A worker also
  looks its documents up in the store before extracting them: a document stored unchanged (a
  rerun) is not extracted again.
- **An SQLite file** (the workers may not share it; SQLite has one writer anyway): the client
  takes the workers' results (documents and mentions) in shard order and stores and fuses them
  itself, through the same steps as ``pipeline.ingest``.
"""

from __future__ import annotations

import itertools
import logging
import os
import resource
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from incidex.config import Settings, _int_env
from incidex.errors import ClusterError, UsageError
from incidex.extract.pipeline import Extractor
from incidex.ingest import Limits, prepare
from incidex.ingest.readers import STDIN, InputFile, RunIds, input_files, read_input, unique_ids
from incidex.models import Document, IngestSummary, Mention, Skipped
from incidex.pipeline import (
    Progress,
    _extract_guarded,
    _new_documents,
    _noop,
    _not_extracted,
    _same_content,
    _save,
)

if TYPE_CHECKING:
    from distributed import Client, Future

    from incidex.store.database import Store

log = logging.getLogger(__name__)

STREAM_KINDS = frozenset({".jsonl", ".csv", ".warc", ".wet"})  # many records a file
RECORDS_PER_SHARD = 200
FILES_PER_SHARD = 16
_COUNT_CHUNK = 1 << 20
PROFILER = "distributed.worker.profile.enabled"  # Dask's setting, off on the local cluster


# --- shards ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Part:
    """Items ``start`` to ``stop`` (None: to the end) of one input file, as its reader yields
    them (documents and skips alike)."""

    file: InputFile
    start: int = 0
    stop: int | None = None


@dataclass(frozen=True, slots=True)
class Shard:
    """The unit of work a worker reads and extracts: consecutive parts of the input."""

    index: int
    parts: tuple[Part, ...]


def plan_shards(
    files: Sequence[InputFile],
    *,
    records: int = RECORDS_PER_SHARD,
    files_per_shard: int = FILES_PER_SHARD,
    finished: Callable[[str], bool] = lambda _: False,
) -> Iterator[Shard]:
    """Shards covering ``files`` in order: up to ``files_per_shard`` single-document files
    together, and a file of many records (JSONL, CSV, WARC, WET) in windows of ``records``
    items, window after window until ``finished(path)`` says its end was read (the length of
    a stream is not known before it is read; a window past the end comes back empty)."""
    index = itertools.count()
    group: list[Part] = []
    for file in files:
        if file.kind not in STREAM_KINDS:
            group.append(Part(file))
            if len(group) >= files_per_shard:
                yield Shard(next(index), tuple(group))
                group = []
            continue
        if group:
            yield Shard(next(index), tuple(group))
            group = []
        for start in itertools.count(0, records):
            if finished(file.path):
                break
            yield Shard(next(index), (Part(file, start, start + records),))
    if group:
        yield Shard(next(index), tuple(group))


def shard_records(known: int | None, workers: int) -> int:
    """Records a shard of a stream: eight shards a worker for a short input (the last shards
    then balance the workers), at most ``RECORDS_PER_SHARD``, unless that would make more than
    about a thousand shards (each shard passes over the records before its own)."""
    if known is None:
        return RECORDS_PER_SHARD
    balanced = -(-known // (8 * workers))
    return max(16, min(balanced, max(RECORDS_PER_SHARD, -(-known // 1000))))


def count_documents(files: Sequence[InputFile]) -> int | None:
    """How many documents ``files`` hold, when that is known without parsing them: one a
    single-document file, one a line of a plain JSONL file (counted by streaming its bytes);
    None when some file is a stream whose records cannot be counted so (CSV, archives, gzip)."""
    total = 0
    for file in files:
        if file.kind not in STREAM_KINDS:
            total += 1
        elif file.kind == ".jsonl" and not file.path.endswith(".gz"):
            total += _count_lines(file.path)
        else:
            return None
    return total


def _count_lines(path: str) -> int:
    lines, last = 0, b"\n"
    with open(path, "rb") as handle:
        while chunk := handle.read(_COUNT_CHUNK):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    return lines + (last != b"\n")


# --- on a worker -------------------------------------------------------------------------------


@dataclass(slots=True)
class ShardResult:
    """What a worker sends back for a shard: the prepared items in input order, the mentions
    of each extracted document (by its position in ``items``), the documents whose extraction
    failed (position -> the skip), the files whose end the shard reached, and the worker's
    process id and peak resident memory (bytes)."""

    index: int
    items: list[Document | Skipped] = field(default_factory=list)
    mentions: dict[int, list[Mention]] = field(default_factory=dict)
    failed: dict[int, Skipped] = field(default_factory=dict)
    ended: list[str] = field(default_factory=list)
    pid: int = 0
    peak_rss: int = 0
    seconds: float = 0.0
    cpu: float = 0.0
    stored: set[int] = field(default_factory=set)  # found in the store: not extracted


_EXTRACTORS: dict[Settings, Extractor] = {}


def _extractor(settings: Settings) -> Extractor:
    """This worker's extractor for ``settings``: the spaCy model is loaded once a process."""
    extractor = _EXTRACTORS.get(settings)
    if extractor is None:
        extractor = _EXTRACTORS[settings] = Extractor(settings)
    return extractor


_STORES: dict[str, Store] = {}


def _store(url: str) -> Store:
    """This worker's store at ``url``: its engine (and connection pool) opened once a process."""
    from incidex.store.database import Store

    store = _STORES.get(url)
    if store is None:
        store = _STORES[url] = Store(url)
    return store


def close_stores() -> int:
    """Close the stores this worker opened (at the end of a run); returns the process id."""
    while _STORES:
        _STORES.popitem()[1].close()
    return os.getpid()


def warm_up(settings: Settings, writes: bool = False) -> int:
    """Load the model on this worker before the first shard comes, and open the store when the
    workers write it; returns the process id."""
    _ = _extractor(settings).nlp
    if writes:
        _store(settings.db_url)
    return os.getpid()


def _read_part(
    part: Part, text_column: str | None, limits: Limits
) -> tuple[list[Document | Skipped], bool]:
    items = read_input(part.file, text_column, limits, skip=part.start)
    size = None if part.stop is None else part.stop - part.start
    window = list(itertools.islice(items, size))
    ended = part.stop is None or len(window) < part.stop - part.start
    if not ended:  # exactly a full window: the file ends here if nothing follows
        ended = next(items, None) is None
    return window, ended


def _prepared(item: Document | Skipped) -> Document | Skipped:
    if isinstance(item, Skipped):
        return item
    try:
        return prepare(item)
    except Exception as err:  # noqa: BLE001 - as ingest._prepare_all: one bad document is skipped
        reason = f"could not prepare ({type(err).__name__}: {err}); report it as a bug"
        return Skipped(item.source, reason)


def read_shard(
    shard: Shard, text_column: str | None, limits: Limits
) -> tuple[list[Document | Skipped], list[str]]:
    """The items of a shard as the readers yield them (not prepared), and the files whose end
    the shard reached."""
    items: list[Document | Skipped] = []
    ended: list[str] = []
    for part in shard.parts:
        window, end = _read_part(part, text_column, limits)
        items.extend(window)
        if end:
            ended.append(part.file.path)
    return items, ended


def process_shard(
    shard: Shard, settings: Settings, text_column: str | None, look_up: bool = False
) -> ShardResult:
    """Read, prepare and extract one shard (runs on a worker). ``look_up`` (the workers write
    the store): a document the store holds already, by id or by content, is not extracted."""
    started, cpu = time.perf_counter(), time.process_time()
    result = ShardResult(shard.index, pid=os.getpid())
    items, result.ended = read_shard(shard, text_column, Limits.from_settings(settings))
    result.items = [_prepared(item) for item in items]
    at = {id(item): i for i, item in enumerate(result.items)}
    english = [d for d in result.items if isinstance(d, Document) and d.is_english]
    if look_up and english:
        result.stored = _already_stored(_store(settings.db_url), result.items)
        english = [d for d in english if at[id(d)] not in result.stored]
    skipped: list[Skipped] = []
    for doc, mentions in _extract_guarded(_extractor(settings), english, skipped):
        result.mentions[at[id(doc)]] = mentions
    by_source = {s.source: s for s in skipped}
    for doc in english:
        i = at[id(doc)]
        if i not in result.mentions:
            result.failed[i] = by_source.get(doc.source) or Skipped(doc.source, "not extracted")
    result.peak_rss = peak_rss()
    result.seconds = time.perf_counter() - started
    result.cpu = time.process_time() - cpu
    return result


def _already_stored(store: Store, items: Sequence[Document | Skipped]) -> set[int]:
    """Positions of the documents among ``items`` that the store holds unchanged or under
    another id (they need no extraction, whatever the client decides about them)."""
    from incidex.store.repository import DocStatus, documents_status

    at = [i for i, item in enumerate(items) if isinstance(item, Document)]
    docs = [item for item in items if isinstance(item, Document)]
    with store.snapshot() as session:
        statuses = documents_status(session, docs)
    stored = (DocStatus.UNCHANGED, DocStatus.DUPLICATE)
    return {i for i, (status, _) in zip(at, statuses, strict=True) if status in stored}


@dataclass(frozen=True, slots=True)
class Claim:
    """What the client needs of a document a worker holds to decide about it in input order."""

    position: int  # in the shard's items
    id: str
    hash: str
    source: str
    english: bool


@dataclass(slots=True)
class Claims:
    """A shard's items as the client sees them while the worker keeps the documents: a claim
    for each document, the reader's skips as they are, in input order."""

    index: int
    items: list[Claim | Skipped]
    ended: list[str]
    pid: int
    peak_rss: int
    seconds: float
    cpu: float


def claims(result: ShardResult) -> Claims:
    """The claims of an extracted shard (a small task on the worker that holds it)."""
    items: list[Claim | Skipped] = [
        Claim(i, item.id, item.hash, item.source, item.is_english)
        if isinstance(item, Document)
        else item
        for i, item in enumerate(result.items)
    ]
    return Claims(
        result.index,
        items,
        result.ended,
        result.pid,
        result.peak_rss,
        result.seconds,
        result.cpu,
    )


@dataclass(slots=True)
class StoreReport:
    """What a worker did storing a shard: the run's summary for its documents, and where the
    time went (seconds of wall clock and CPU, of which waiting for the write lock)."""

    summary: IngestSummary
    pid: int
    peak_rss: int
    seconds: float
    cpu: float
    lock_wait: float
    transactions: int


def store_shard(
    result: ShardResult, admitted: dict[int, str | None], settings: Settings, fuse: bool
) -> StoreReport:
    """Store the documents of an extracted shard that the client admitted (position -> the id
    of an earlier document of the run with the same content, or None) as ``pipeline.ingest``
    stores them: those the store holds unchanged are counted, those with the content of a
    stored document (or of an earlier one of the run) skipped, the others saved one transaction
    each and fused (runs on the worker holding ``result``)."""
    from incidex.store.database import LockClock
    from incidex.store.repository import DocStatus, documents_status

    started, cpu = time.perf_counter(), time.process_time()
    waited, taken = LockClock.waited, LockClock.taken
    store = _store(settings.db_url)
    summary = IngestSummary()
    foreign: list[Document] = []
    docs = [item for i in admitted if isinstance(item := result.items[i], Document)]
    with store.snapshot() as session:  # a read: each save checks again under its lock
        statuses = documents_status(session, docs)
    for (i, earlier), doc, (status, other) in zip(admitted.items(), docs, statuses, strict=True):
        if status == DocStatus.UNCHANGED:
            summary.unchanged += 1
            summary.used += doc.is_english
            continue
        if status == DocStatus.DUPLICATE or earlier is not None:
            summary.skipped.append(Skipped(doc.source, _same_content(other or earlier)))
            summary.used += doc.is_english
            continue
        if status == DocStatus.CHANGED:
            summary.updated += 1
        if not doc.is_english:
            foreign.append(doc)
            continue
        mentions = result.mentions.get(i)
        if mentions is None and i in result.stored:  # stored when read, gone since: extract it
            found = list(_extract_guarded(_extractor(settings), [doc], summary.skipped))
            mentions = found[0][1] if found else None
        elif mentions is None:
            summary.skipped.append(result.failed.get(i) or Skipped(doc.source, "not extracted"))
        if mentions is None:
            continue
        _save(store, doc, mentions, summary, fuse)
        summary.used += 1
    for doc in foreign:  # stored, flagged by their language, but not extracted
        _save(store, doc, [], summary, fuse)
        summary.skipped.append(_not_extracted(doc))
    return StoreReport(
        summary,
        os.getpid(),
        peak_rss(),
        time.perf_counter() - started,
        time.process_time() - cpu,
        LockClock.waited - waited,
        LockClock.taken - taken,
    )


def peak_rss() -> int:
    """This process's peak resident memory, bytes: the kernel's high-water mark of its own memory
    (``VmHWM``). Not ``ru_maxrss``: a worker spawned by fork and exec keeps the peak of the
    process it was forked from (the client, which may hold hundreds of MB), so every worker of a
    run would show the client's size."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def process_cpu() -> tuple[int, float]:
    """This worker's process id and the CPU seconds it has used (the benchmarks' accounting)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return os.getpid(), usage.ru_utime + usage.ru_stime


def workers_write(url: str) -> bool:
    """Whether the workers write the store at ``url`` themselves: a database server (every
    worker can reach it, and it takes several writers), not an SQLite file."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).get_backend_name() != "sqlite"
    except Exception:  # noqa: BLE001 - not a URL: a file path, which is SQLite
        return False


# --- on the client -----------------------------------------------------------------------------


@dataclass(slots=True)
class DaskRun:
    """A distributed ingest: the summary ``pipeline.ingest`` gives, and per worker process its
    peak memory (bytes) and the seconds (wall clock, CPU) it spent on shards."""

    summary: IngestSummary
    workers: int = 0
    peak_rss: dict[int, int] = field(default_factory=dict)
    busy: dict[int, float] = field(default_factory=dict)
    cpu: dict[int, float] = field(default_factory=dict)
    shards: int = 0
    startup: float = 0.0  # seconds to start (or reach) the cluster and load the model on it
    writers: str = "client"  # who stored and fused: "client" or "workers"
    # the workers' storing (when they write): seconds of wall clock and CPU, of which waiting
    # for the store's write lock, and the write transactions
    store_busy: dict[int, float] = field(default_factory=dict)
    store_cpu: dict[int, float] = field(default_factory=dict)
    lock_wait: dict[int, float] = field(default_factory=dict)
    transactions: int = 0
    process_cpu: dict[int, float] = field(default_factory=dict)  # each worker's, at the end

    def worker_report(self, pid: int, peak_rss: int, seconds: float, cpu: float) -> None:
        """Add a worker's peak memory and the time it spent extracting a shard."""
        self.peak_rss[pid] = max(self.peak_rss.get(pid, 0), peak_rss)
        self.busy[pid] = self.busy.get(pid, 0.0) + seconds
        self.cpu[pid] = self.cpu.get(pid, 0.0) + cpu

    def store_report(self, report: StoreReport) -> None:
        """Add what a worker did storing a shard."""
        pid = report.pid
        self.peak_rss[pid] = max(self.peak_rss.get(pid, 0), report.peak_rss)
        self.store_busy[pid] = self.store_busy.get(pid, 0.0) + report.seconds
        self.store_cpu[pid] = self.store_cpu.get(pid, 0.0) + report.cpu
        self.lock_wait[pid] = self.lock_wait.get(pid, 0.0) + report.lock_wait
        self.transactions += report.transactions
        _add(self.summary, report.summary)


def _add(total: IngestSummary, part: IngestSummary) -> None:
    total.read += part.read
    total.stored += part.stored
    total.unchanged += part.unchanged
    total.updated += part.updated
    total.skipped.extend(part.skipped)
    total.cut.extend(part.cut)
    total.failed.extend(part.failed)
    total.incidents_new += part.incidents_new
    total.incidents_updated += part.incidents_updated
    total.used += part.used


def ingest_distributed(
    paths: Sequence[str],
    settings: Settings,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    text_column: str | None = None,
    progress: Progress = _noop,
    total: Callable[[int], None] = _noop,
    fuse: bool = True,
    records: int | None = None,
    files_per_shard: int = FILES_PER_SHARD,
    in_flight: int | None = None,
) -> DaskRun:
    """``pipeline.ingest`` with reading and extraction spread over Dask workers: a
    ``LocalCluster`` of ``workers`` processes (one thread each), or the running cluster whose
    scheduler is at ``scheduler``. The workers store and fuse too when the store is a database
    server (``workers_write``), else this process does. At most ``in_flight`` shards (default:
    twice the workers, plus two) are out at once, each of ``records`` records of a stream
    (default: ``INCIDEX_SHARD_RECORDS``, else 200)."""
    if STDIN in paths:
        raise UsageError("--workers and --scheduler read files and folders, not standard input")
    if (workers is None) == (scheduler is None):
        raise UsageError("give either --workers N or --scheduler ADDRESS")
    if workers is not None and workers < 1:
        raise UsageError("--workers must be at least 1")
    files = input_files(paths)
    known = count_documents(files)
    if known is not None:
        total(known)
    writes = workers_write(settings.db_url)
    started = time.perf_counter()
    if writes:
        from incidex.store.database import Store

        Store(settings.db_url).close()  # migrated once, here, before the workers open it
    with _cluster(workers, scheduler) as client:
        count = len(client.scheduler_info().get("workers", {})) or (workers or 1)
        if records is None:
            records = _int_env("INCIDEX_SHARD_RECORDS", 0, 0) or shard_records(known, count)
        client.run(warm_up, settings, writes)
        window = in_flight or 2 * count + 2
        run = DaskRun(IngestSummary(), workers=count, startup=time.perf_counter() - started)
        ended: set[str] = set()
        shards = plan_shards(
            files, records=records, files_per_shard=files_per_shard, finished=ended.__contains__
        )
        if writes:
            run.writers = "workers"
            try:
                _workers_store(
                    client, shards, settings, text_column, window, ended, run, progress, fuse
                )
            finally:
                client.run(close_stores)
        else:
            results = _ordered(client, shards, settings, text_column, window, ended)
            _store_results(results, settings, run, progress, fuse)
        run.process_cpu = dict(client.run(process_cpu).values())
    return run


class _cluster:
    """A client of a new LocalCluster (closed after) or of a running scheduler."""

    def __init__(self, workers: int | None, scheduler: str | None) -> None:
        self.workers, self.scheduler = workers, scheduler
        self.cluster: Any = None
        self.client: Client | None = None

    def __enter__(self) -> Client:
        import dask
        from distributed import Client, LocalCluster

        try:
            if self.scheduler is not None:
                self.client = Client(self.scheduler, timeout="20s")
            else:
                # Dask's statistical profiler off: it keeps an hour of stack samples a worker,
                # which grew a worker by about 26 MB every 1,000 short documents (and its
                # sampling costs CPU); the workers get the setting with their configuration
                with dask.config.set({PROFILER: False}):
                    self.cluster = LocalCluster(
                        n_workers=self.workers,
                        threads_per_worker=1,
                        processes=True,
                        dashboard_address=None,
                        silence_logs=logging.ERROR,
                    )
                self.client = Client(self.cluster)
        except (OSError, TimeoutError, RuntimeError) as err:
            self.__exit__()
            if self.scheduler is not None:
                raise ClusterError(
                    f"cannot reach the Dask scheduler at {self.scheduler} ({err}); start it "
                    "(dask scheduler) or check the address"
                ) from None
            raise ClusterError(
                f"cannot start a local Dask cluster of {self.workers} workers ({err})"
            ) from None
        return self.client

    def __exit__(self, *_: object) -> None:
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def _ordered(
    client: Client,
    shards: Iterable[Shard],
    settings: Settings,
    text_column: str | None,
    window: int,
    ended: set[str],
) -> Iterator[ShardResult]:
    """The results of ``shards`` in shard order, ``window`` shards in flight at most (taking
    them in order keeps a run's first-come choices, among documents of the same content, those
    of a run in one process)."""
    pending: deque[Any] = deque()
    source = iter(shards)
    while True:
        while len(pending) < window:
            shard = next(source, None)
            if shard is None:
                break
            pending.append(client.submit(process_shard, shard, settings, text_column, pure=False))
        if not pending:
            return
        result: ShardResult = _result(pending.popleft())
        ended.update(result.ended)
        yield result


def _result(future: Future) -> Any:
    """A future's value; a worker that died is one ``ClusterError``."""
    from distributed import KilledWorker

    try:
        return future.result()
    except KilledWorker as err:
        raise ClusterError(
            f"the workers died reading a shard ({err}); give each worker more memory, or "
            "lower INCIDEX_SHARD_RECORDS; what was stored is kept: run the command again"
        ) from None


class _Admission:
    """The client's decisions about a run's documents, claim by claim in input order, as
    ``pipeline._new_documents`` makes them: an id taken by an earlier document of the run is
    refused (a skip); a document with the content of an earlier one is admitted with that one's
    id (the worker skips it, naming the stored document if the store has one)."""

    def __init__(self, summary: IngestSummary, progress: Progress) -> None:
        self.summary = summary
        self.progress = progress
        self.ids = RunIds()
        self.first: dict[str, str] = {}  # content hash -> id of the run's first document with it

    def admit(self, items: Iterable[Claim | Skipped]) -> dict[int, str | None]:
        admitted: dict[int, str | None] = {}
        for item in items:
            self.progress(1)
            if isinstance(item, Skipped):
                self.summary.skipped.append(item)
                continue
            refusal = self.ids.refusal(item.id, item.hash, item.source)
            if refusal is not None:  # not counted as read, as ``unique_ids`` makes it a skip
                self.summary.skipped.append(Skipped(item.source, refusal))
                continue
            self.summary.read += 1
            first = self.first.setdefault(item.hash, item.id)
            admitted[item.position] = None if first == item.id else first
        return admitted


def _workers_store(
    client: Client,
    shards: Iterable[Shard],
    settings: Settings,
    text_column: str | None,
    window: int,
    ended: set[str],
    run: DaskRun,
    progress: Progress,
    fuse: bool,
) -> None:
    """The workers extract and store: at most ``window`` shards in flight (extracting, waiting
    for the client's decision, or storing); the claims are decided in shard order, the stores
    run as they come (see the module docstring)."""
    from distributed import wait

    admission = _Admission(run.summary, progress)
    extracting: deque[tuple[Future, Future]] = deque()  # (the shard's result, its claims)
    storing: set[Future] = set()
    source = iter(shards)
    while True:
        while len(extracting) + len(storing) < window:
            shard = next(source, None)
            if shard is None:
                break
            result = client.submit(process_shard, shard, settings, text_column, True, pure=False)
            extracting.append((result, client.submit(claims, result, pure=False, priority=2)))
        if not extracting and not storing:
            return
        waiting = [extracting[0][1]] if extracting else []
        wait([*waiting, *storing], return_when="FIRST_COMPLETED")
        while extracting and extracting[0][1].done():
            result, claimed = extracting.popleft()
            shard_claims: Claims = _result(claimed)
            ended.update(shard_claims.ended)
            run.shards += 1
            run.worker_report(
                shard_claims.pid, shard_claims.peak_rss, shard_claims.seconds, shard_claims.cpu
            )
            admitted = admission.admit(shard_claims.items)
            storing.add(
                client.submit(store_shard, result, admitted, settings, fuse, pure=False, priority=1)
            )
        for done in [f for f in storing if f.done()]:
            storing.discard(done)
            run.store_report(_result(done))


def _store_results(
    results: Iterable[ShardResult],
    settings: Settings,
    run: DaskRun,
    progress: Progress,
    fuse: bool,
) -> None:
    """Store the documents and mentions of ``results`` as ``pipeline.ingest`` stores those it
    extracts itself: the same skips, store dedup, per-document transactions and fusion."""
    from incidex.store.database import Store

    summary = run.summary
    current: dict[int, tuple[list[Mention] | None, Skipped | None]] = {}

    def items() -> Iterator[Document | Skipped]:
        for result in results:
            run.shards += 1
            run.worker_report(result.pid, result.peak_rss, result.seconds, result.cpu)
            current.clear()
            for i, item in enumerate(result.items):
                if isinstance(item, Document):
                    current[id(item)] = (result.mentions.get(i), result.failed.get(i))
            yield from result.items

    store = Store(settings.db_url)
    try:
        foreign: list[Document] = []
        for doc in _new_documents(unique_ids(items()), store, summary, progress):
            if not doc.is_english:
                foreign.append(doc)
                continue
            mentions, failed = current.get(id(doc), (None, None))
            if mentions is None:
                summary.skipped.append(failed or Skipped(doc.source, "not extracted"))
                continue
            _save(store, doc, mentions, summary, fuse)
            summary.used += 1
        for doc in foreign:  # stored, flagged by their language, but not extracted
            _save(store, doc, [], summary, fuse)
            summary.skipped.append(_not_extracted(doc))
    finally:
        store.close()
