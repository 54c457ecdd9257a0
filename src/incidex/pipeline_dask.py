"""Distributed ingest on Dask: workers read and extract shards of the input, this process stores
and fuses what they found, so a run on N workers gives the incidents of a run in one process.

The input is cut into shards (``plan_shards``): a few small files together, or a window of
records of one JSONL/CSV/WARC/WET file (a worker streams the file and skips to its window, so no
process reads a whole file into memory). Each worker loads the spaCy model once (a cache keyed by
the settings, ``_extractor``), reads its shard with the ordinary readers, prepares and extracts
it, and sends back the prepared documents and their mentions. The client takes the results in
shard order, with a bounded number of shards in flight, and stores them through the same steps
as ``pipeline.ingest`` (unique ids, store dedup, one transaction per document, fusion).
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
from incidex.ingest.readers import STDIN, InputFile, input_files, read_input, unique_ids
from incidex.models import Document, IngestSummary, Mention, Skipped
from incidex.pipeline import (
    Progress,
    _extract_guarded,
    _new_documents,
    _noop,
    _not_extracted,
    _save,
)

if TYPE_CHECKING:
    from distributed import Client

log = logging.getLogger(__name__)

STREAM_KINDS = frozenset({".jsonl", ".csv", ".warc", ".wet"})  # many records a file
RECORDS_PER_SHARD = 200
FILES_PER_SHARD = 16
_COUNT_CHUNK = 1 << 20


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


_EXTRACTORS: dict[Settings, Extractor] = {}


def _extractor(settings: Settings) -> Extractor:
    """This worker's extractor for ``settings``: the spaCy model is loaded once a process."""
    extractor = _EXTRACTORS.get(settings)
    if extractor is None:
        extractor = _EXTRACTORS[settings] = Extractor(settings)
    return extractor


def warm_up(settings: Settings) -> int:
    """Load the model on this worker before the first shard comes; returns the process id."""
    _ = _extractor(settings).nlp
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


def process_shard(shard: Shard, settings: Settings, text_column: str | None) -> ShardResult:
    """Read, prepare and extract one shard (runs on a worker)."""
    started, cpu = time.perf_counter(), time.process_time()
    result = ShardResult(shard.index, pid=os.getpid())
    items, result.ended = read_shard(shard, text_column, Limits.from_settings(settings))
    result.items = [_prepared(item) for item in items]
    at = {id(item): i for i, item in enumerate(result.items)}
    english = [d for d in result.items if isinstance(d, Document) and d.is_english]
    skipped: list[Skipped] = []
    for doc, mentions in _extract_guarded(_extractor(settings), english, skipped):
        result.mentions[at[id(doc)]] = mentions
    by_source = {s.source: s for s in skipped}
    for doc in english:
        i = at[id(doc)]
        if i not in result.mentions:
            result.failed[i] = by_source.get(doc.source) or Skipped(doc.source, "not extracted")
    result.peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    result.seconds = time.perf_counter() - started
    result.cpu = time.process_time() - cpu
    return result


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
    scheduler is at ``scheduler``. The store is written by this process only; at most
    ``in_flight`` shards (default: twice the workers, plus two) are out at once, each of
    ``records`` records of a stream (default: ``INCIDEX_SHARD_RECORDS``, else 200)."""
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
    started = time.perf_counter()
    with _cluster(workers, scheduler) as client:
        count = len(client.scheduler_info().get("workers", {})) or (workers or 1)
        if records is None:
            records = _int_env("INCIDEX_SHARD_RECORDS", 0, 0) or shard_records(known, count)
        client.run(warm_up, settings)
        window = in_flight or 2 * count + 2
        run = DaskRun(IngestSummary(), workers=count, startup=time.perf_counter() - started)
        ended: set[str] = set()
        shards = plan_shards(
            files, records=records, files_per_shard=files_per_shard, finished=ended.__contains__
        )
        results = _ordered(client, shards, settings, text_column, window, ended)
        _store_results(results, settings, run, progress, fuse)
    return run


class _cluster:
    """A client of a new LocalCluster (closed after) or of a running scheduler."""

    def __init__(self, workers: int | None, scheduler: str | None) -> None:
        self.workers, self.scheduler = workers, scheduler
        self.cluster: Any = None
        self.client: Client | None = None

    def __enter__(self) -> Client:
        from distributed import Client, LocalCluster

        try:
            if self.scheduler is not None:
                self.client = Client(self.scheduler, timeout="20s")
            else:
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
    from distributed import KilledWorker

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
        future = pending.popleft()
        try:
            result: ShardResult = future.result()
        except KilledWorker as err:
            raise ClusterError(
                f"the workers died reading a shard ({err}); give each worker more memory, or "
                "lower INCIDEX_SHARD_RECORDS; what was stored is kept: run the command again"
            ) from None
        ended.update(result.ended)
        yield result


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
            run.peak_rss[result.pid] = max(run.peak_rss.get(result.pid, 0), result.peak_rss)
            run.busy[result.pid] = run.busy.get(result.pid, 0.0) + result.seconds
            run.cpu[result.pid] = run.cpu.get(result.pid, 0.0) + result.cpu
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
