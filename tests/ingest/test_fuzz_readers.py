"""Issue 12: generated and mutated inputs of every format never stop the readers.

Hypothesis writes text, HTML, JSONL, CSV and gzip files (well-formed ones, then cut, flipped and
padded), and every item the readers give back must be a document or a skip with a reason: no
exception, no NUL or lone surrogate in a text, no text over the length limit, no two documents
with one id. Derandomized and bounded (``max_examples``), so it runs the same in a few seconds.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from tempfile import TemporaryDirectory

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incidex.ingest import Limits, load_documents
from incidex.models import Document, Skipped

LIMITS = Limits(max_chars=2_000, max_decompressed_bytes=1 << 16, max_record_chars=1 << 13)
FUZZ = settings(
    max_examples=80,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

WORDS = [
    "A", "bomb", "exploded", "near", "the", "market", "in", "Eastvale", "killing", "12",
    "people", "gunmen", "attacked", "police", "post", "\n\n", "<p>", "</p>", '"', ",", ";",
    "\x00", "\ufffd", "1e308", "wounded", "Northreach", "said", ".", "\t", "\r\n", "&amp;",
]  # fmt: skip

prose = st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join)
any_text = st.one_of(prose, st.text(max_size=300))
json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | any_text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)
record = st.fixed_dictionaries(
    {"text": any_text},
    optional={"id": st.text(max_size=20), "title": any_text, "published": st.text(max_size=12)},
)


def encode(text: str) -> bytes:
    """Text as UTF-8, a lone surrogate kept as its bytes would be written by a broken tool."""
    return text.encode("utf-8", "surrogatepass")


def jsonl(records: list[dict[str, object]], junk: list[object]) -> bytes:
    lines = [json.dumps(r) for r in records] + [json.dumps(j) for j in junk]
    return encode("\n".join(lines))


def csv_file(rows: list[tuple[str, str]]) -> bytes:
    body = "".join(f'{i},"{t.replace(chr(34), chr(34) * 2)}"\n' for i, t in rows)
    return encode("id,text\n" + body)


def html(parts: list[str]) -> bytes:
    return encode("<html><head><title>T</title></head><body>" + "".join(parts) + "</body></html>")


@st.composite
def mutated(draw: st.DrawFn, content: bytes) -> bytes:
    """``content`` cut, with bytes flipped, or padded with random bytes (or as it is)."""
    how = draw(st.sampled_from(["keep", "cut", "flip", "pad"]))
    if how == "cut" and content:
        return content[: draw(st.integers(0, len(content)))]
    if how == "flip" and content:
        data = bytearray(content)
        for _ in range(draw(st.integers(1, 8))):
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
        return bytes(data)
    if how == "pad":
        return content + draw(st.binary(max_size=200))
    return content


FILES = st.one_of(
    st.tuples(st.just(".txt"), any_text.map(encode)),
    st.tuples(st.just(".txt"), st.binary(max_size=400)),
    st.tuples(st.just(".html"), st.lists(any_text, max_size=6).map(html)),
    st.tuples(
        st.just(".jsonl"),
        st.builds(jsonl, st.lists(record, max_size=5), st.lists(json_value, max_size=3)),
    ),
    st.tuples(st.just(".json"), json_value.map(lambda v: encode(json.dumps(v)))),
    st.tuples(
        st.just(".csv"),
        st.lists(st.tuples(st.text(max_size=6), any_text), max_size=5).map(csv_file),
    ),
)


def check(path: Path) -> list[Document | Skipped]:
    """Read ``path``; every item must be a usable document or a skip with a reason."""
    items = list(load_documents([str(path)], limits=LIMITS))
    ids = [i.id for i in items if isinstance(i, Document)]
    assert len(ids) == len(set(ids))
    for item in items:
        assert isinstance(item, Document | Skipped)
        if isinstance(item, Skipped):
            assert item.reason
            continue
        assert "\x00" not in item.text and len(item.text) <= LIMITS.max_chars
        item.text.encode("utf-8")  # no lone surrogate
        (item.title or "").encode("utf-8")
    return items


@FUZZ
@given(FILES.flatmap(lambda f: st.tuples(st.just(f[0]), mutated(f[1]))))
def test_any_file_of_any_format_reads_to_documents_or_skips(case: tuple[str, bytes]) -> None:
    suffix, content = case
    with TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(content)
        check(path)


@FUZZ
@given(FILES.flatmap(lambda f: st.tuples(st.just(f[0]), mutated(gzip.compress(f[1])))))
def test_any_gzip_input_reads_to_documents_or_skips(case: tuple[str, bytes]) -> None:
    suffix, content = case
    with TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{suffix}.gz"
        path.write_bytes(content)
        check(path)
