"""`make bench-scale` part 1: does storing and fusing stay near-linear up to 10,000 documents?

Extracts a synthetic corpus (``synthetic.py``) once, then saves the documents into a fresh SQLite
store in chunks of 1,000 through the fusion service's ``save_document`` that ``incidex ingest``
calls (one transaction per document; the component of the new reports found through the
mentions' blocking columns: country and a date window), timing
each chunk. Prints milliseconds per document for every chunk and the ratio of the last chunk to
the first; near-linear means that ratio stays at most 1.3. Keeps the database for
``api_latency.py``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import write  # noqa: E402

from incidex.config import Settings  # noqa: E402
from incidex.extract.pipeline import Extractor  # noqa: E402
from incidex.fuse.service import FusionService  # noqa: E402
from incidex.ingest import load_documents  # noqa: E402
from incidex.models import Document, Mention  # noqa: E402
from incidex.store.database import Store  # noqa: E402
from incidex.store.repository import count_rows  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--chunk", type=int, default=1_000)
    parser.add_argument("--db", type=Path, default=Path("out/scale.db"))
    args = parser.parse_args()
    args.db.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{args.db}{suffix}").unlink(missing_ok=True)

    with tempfile.TemporaryDirectory() as tmp:
        corpus = write(Path(tmp) / "synthetic.jsonl", args.docs)
        docs = [d for d in load_documents([str(corpus)]) if isinstance(d, Document)]
    settings = Settings.from_env()
    start = time.perf_counter()
    extracted: list[tuple[Document, list[Mention]]] = list(Extractor(settings).extract(docs))
    seconds = time.perf_counter() - start
    print(
        f"extracted {len(extracted)} documents in {seconds:.1f} s "
        f"({len(extracted) / seconds:.1f} docs/s)"
    )

    store = Store(f"sqlite:///{args.db}")
    per_doc: list[float] = []
    try:
        for first in range(0, len(extracted), args.chunk):
            chunk = extracted[first : first + args.chunk]
            start = time.perf_counter()
            for doc, mentions in chunk:
                with store.session() as session:
                    FusionService(session).save_document(doc, mentions)
            ms = 1000 * (time.perf_counter() - start) / len(chunk)
            per_doc.append(ms)
            print(f"documents {first + 1:>6}-{first + len(chunk):<6} {ms:7.2f} ms/document")
        with store.session() as session:
            rows = count_rows(session)
    finally:
        store.close()
    print(f"stored: {rows}")
    print(f"last chunk / first chunk: {per_doc[-1] / per_doc[0]:.2f}x (the bar: at most 1.3x)")
    print(f"database kept at {args.db}")


if __name__ == "__main__":
    main()
