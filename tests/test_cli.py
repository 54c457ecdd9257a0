"""End-to-end: the commands as a user runs them, on the example corpus and on bad input."""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from incidex.cli import app

runner = CliRunner()


def run(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), input=input)


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("store") / "examples.db"
    examples = Path(__file__).resolve().parent.parent / "examples"
    result = run("ingest", str(examples), "--db", str(db))
    assert result.exit_code == 0, result.output
    return db


def _counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        return {
            table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("documents", "incidents", "mentions", "field_values", "incident_values")
        }


def test_ingest_stores_documents_and_incidents(ingested: Path) -> None:
    counts = _counts(ingested)
    assert counts["documents"] >= 14
    assert counts["incidents"] >= 4
    assert counts["field_values"] > counts["incidents"]


def test_examples_give_one_incident_per_real_attack(ingested: Path) -> None:
    """The example corpus reports four attacks; the negatives and asides add none."""
    result = run("incidents", "--db", str(ingested), "--format", "json")
    rows = json.loads(result.stdout)
    places = sorted(
        (r["country_txt"], f"{r['iyear']}-{int(r['imonth']):02}-{int(r['iday']):02}") for r in rows
    )
    assert places == [
        ("Afghanistan", "2021-08-26"),
        ("Iran", "2024-01-03"),
        ("Russia", "2024-03-22"),
        ("United Kingdom", "2017-05-22"),
    ]


def test_reingest_is_a_no_op(ingested: Path, examples_dir: Path) -> None:
    before = _counts(ingested)
    result = run("ingest", str(examples_dir), "--db", str(ingested))
    assert result.exit_code == 0
    assert "stored: 0" in result.output and "incidents new: 0" in result.output
    assert _counts(ingested) == before


def test_ingest_no_fuse_keeps_each_report_apart_then_and_later(
    examples_dir: Path, tmp_path: Path
) -> None:
    """Three reports of the Crocus attack: fused, one incident; two of them with --no-fuse,
    one incident per report, and the third, ingested later with fusion, joins neither."""
    crocus = sorted((examples_dir / "articles").glob("crocus_*"))
    assert len(crocus) == 3
    fused = tmp_path / "fused.db"
    assert run("ingest", *map(str, crocus), "--db", str(fused)).exit_code == 0
    russia = [r for r in _rows(fused) if r["country_txt"] == "Russia"]
    assert len(russia) == 1 and len(russia[0]["incidex_doc_ids"].split(";")) == 3

    apart = tmp_path / "apart.db"
    result = run("ingest", str(crocus[0]), str(crocus[1]), "--db", str(apart), "--no-fuse")
    assert result.exit_code == 0, result.output
    counts = _counts(apart)
    assert counts["incidents"] == counts["mentions"]  # one incident per report
    assert f"incidents new: {counts['mentions']}" in result.output
    result = run("ingest", str(crocus[2]), "--db", str(apart))
    assert result.exit_code == 0, result.output
    counts = _counts(apart)
    assert counts["incidents"] == counts["mentions"]
    russia = [r for r in _rows(apart) if r["country_txt"] == "Russia"]
    assert len(russia) == 3 and all(";" not in r["incidex_doc_ids"] for r in russia)
    with sqlite3.connect(apart) as conn:
        flags = dict(conn.execute("SELECT doc_id, min(fuse) FROM mentions GROUP BY doc_id"))
    assert flags == {crocus[0].name: 0, crocus[1].name: 0, crocus[2].name: 1}


def _rows(db: Path) -> list[dict[str, str]]:
    result = run("incidents", "--db", str(db), "--format", "json")
    assert result.exit_code == 0, result.output
    return list(json.loads(result.stdout))


def test_documents_json_gives_dates_and_block_counts(ingested: Path) -> None:
    result = run("documents", "--db", str(ingested), "--format", "json")
    docs = {d["id"]: d for d in json.loads(result.stdout)}
    manchester = docs["articles/manchester_2017-05-23_harbor.txt"]  # its path in the folder
    assert manchester["published"] == "2017-05-23"
    assert manchester["published_source"].startswith("text:")
    assert manchester["boilerplate_blocks"] >= 1 and manchester["body_blocks"] >= 1
    assert docs["nw-2024-0105-002"]["published"] == "2024-01-05"
    assert docs["nw-2024-0105-002"]["published_source"] == "metadata"
    for key in ("id", "title", "published", "published_source", "language"):
        assert key in manchester


def test_incidents_formats_and_filters(ingested: Path) -> None:
    table = run("incidents", "--db", str(ingested))
    assert table.exit_code == 0 and "incidents" in table.stdout
    rows = json.loads(run("incidents", "--db", str(ingested), "--format", "json").stdout)
    assert rows and all(r["incidex_doc_ids"] for r in rows)
    russia = json.loads(
        run("incidents", "--db", str(ingested), "--format", "json", "--country", "Russia").stdout
    )
    assert russia and all(r["country_txt"] == "Russia" for r in russia)
    old = json.loads(
        run("incidents", "--db", str(ingested), "--format", "json", "--until", "2018-01-01").stdout
    )
    assert old and all(int(r["iyear"]) <= 2017 for r in old)
    found = json.loads(
        run("incidents", "--db", str(ingested), "--format", "json", "--query", "arena").stdout
    )
    assert found and len(found) < len(rows)
    as_csv = run("incidents", "--db", str(ingested), "--format", "csv").stdout
    assert len(list(csv.DictReader(io.StringIO(as_csv)))) == len(rows)


def test_show_gives_every_field_with_its_sentence(ingested: Path) -> None:
    rows = json.loads(run("incidents", "--db", str(ingested), "--format", "json").stdout)
    ident = rows[0]["incidex_id"]
    shown = run("show", ident[:8], "--db", str(ingested))
    assert shown.exit_code == 0 and "Supporting documents" in shown.stdout
    detail = json.loads(run("show", ident, "--db", str(ingested), "--format", "json").stdout)
    assert detail["id"] == ident
    for value in detail["values"].values():
        if value["evidence"]:
            assert value["evidence"]["sentence"]
    missing = run("show", "does-not-exist", "--db", str(ingested))
    assert missing.exit_code == 4 and "no incident" in missing.output


def test_show_takes_the_eventid_the_list_and_exports_give(ingested: Path) -> None:
    rows = json.loads(run("incidents", "--db", str(ingested), "--format", "json").stdout)
    eventid, ident = rows[-1]["eventid"], rows[-1]["incidex_id"]
    assert len(eventid) == 12 and eventid.isdigit()
    # the JSON list is typed as the API is: codes and years are numbers, unknown text is null
    assert isinstance(rows[-1]["iyear"], int) and isinstance(rows[-1]["country"], int)
    assert rows[-1]["resolution"] is None
    detail = json.loads(run("show", eventid, "--db", str(ingested), "--format", "json").stdout)
    assert detail["id"] == ident
    unknown = eventid[:8] + "9999"  # a day with no 9,999th incident
    assert run("show", unknown, "--db", str(ingested)).exit_code == 4


def test_export_gtd_csv_and_jsonl(ingested: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    result = run("export", "--format", "gtd-csv", "--output", str(target), "--db", str(ingested))
    assert result.exit_code == 0
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert rows and {"eventid", "gname", "nkill", "incidex_doc_ids"} <= set(rows[0])
    lines = run("export", "--format", "jsonl", "--db", str(ingested)).stdout.splitlines()
    assert len(lines) == len(rows)
    assert all("mentions" in json.loads(line) for line in lines)
    bundle = json.loads(run("export", "--format", "stix", "--db", str(ingested)).stdout)
    assert bundle["type"] == "bundle"
    assert sum(o["type"] == "incident" for o in bundle["objects"]) == len(rows)


def test_extract_without_a_database(examples_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    result = run(
        "extract",
        str(examples_dir / "feeds" / "summaries.csv"),
        "--per-document",
        "--output",
        str(out),
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    primaries = [r for r in rows if r["incidex_primary"] == "1"]
    assert {r["incidex_doc_ids"] for r in primaries} == {
        "201705220001",
        "202108260001",
        "202401030001",
        "202403220001",
    }
    assert not list(tmp_path.glob("*.db"))


def test_extract_reads_standard_input() -> None:
    text = "A car bomb exploded in Kabul, Afghanistan on 2020-05-04, killing five people."
    result = run("extract", "-", "--format", "jsonl", input=text)
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert records and records[0]["gtd"]["country_txt"] == "Afghanistan"


# --- bad input: one clear line and an exit code, never a traceback -------------------------


def test_missing_path(tmp_path: Path) -> None:
    result = run("ingest", str(tmp_path / "nope.txt"), "--db", str(tmp_path / "a.db"))
    assert result.exit_code == 2
    assert "no such file" in result.output and "Traceback" not in result.output


def test_bad_documents_are_skipped_and_the_batch_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(
        "Gunmen attacked a police post in Quetta, Pakistan, killing two officers.",
        encoding="utf-8",
    )
    (folder / "empty.txt").write_text("   \n", encoding="utf-8")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "latin.txt").write_bytes(
        "Une bombe a explosé près du café à Paris; the café owner was injured.".encode("latin-1")
    )
    (folder / "feed.jsonl").write_text(
        '{"id": "ok-1", "text": "A grenade was thrown at a market in Kabul."}\n'
        "{not json at all\n"
        '{"id": "ok-2", "text": "Two soldiers were shot dead in Mosul, Iraq."}\n',
        encoding="utf-8",
    )
    (folder / "notext.csv").write_text("id,headline\n1,Nothing here\n", encoding="utf-8")
    with gzip.open(folder / "packed.txt.gz", "wt", encoding="utf-8") as handle:
        handle.write("A suicide bomber struck a mosque in Peshawar, Pakistan.")
    db = tmp_path / "bad.db"
    result = run("ingest", str(folder), "--db", str(db))
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert "empty" in result.output
    assert "binary" in result.output
    assert "line 2" in result.output
    assert "--text-column" in result.output
    ids = {
        d["id"] for d in json.loads(run("documents", "--db", str(db), "--format", "json").stdout)
    }
    assert {"good.txt", "latin.txt", "ok-1", "ok-2", "packed.txt.gz"} <= ids or {
        "good.txt",
        "latin.txt",
        "ok-1",
        "ok-2",
        "packed.txt",
    } <= ids


def _docx(path: Path) -> None:
    """A minimal Word file (a zip holding the document part), made here."""
    import zipfile

    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document>Gunmen attacked a bank.</w:document>")


UNUSABLE = {
    "empty.txt": lambda p: p.write_text("  \n\n", encoding="utf-8"),
    "noise.bin": lambda p: p.write_bytes(bytes(range(256)) * 8),
    "noise.txt": lambda p: p.write_bytes(bytes(range(256)) * 8),
    "report.docx": _docx,
    "report.pdf": lambda p: p.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\nendobj\n"),
    "bericht.txt": lambda p: p.write_text(
        "Am Dienstag regnete es in der ganzen Stadt, und die Kinder blieben nach der Schule "
        "zu Hause, weil der Wind sehr kalt war und die Busse nicht fuhren.",
        encoding="utf-8",
    ),
}


@pytest.mark.parametrize("name", sorted(UNUSABLE))
def test_a_run_with_no_usable_input_exits_2_with_one_line_saying_why(
    tmp_path: Path, name: str
) -> None:
    """Empty, binary, Word, PDF or non-English input alone: nothing could be used, so scripts
    see exit code 2 and one error line (after the summary and the skipped list)."""
    path = tmp_path / name
    UNUSABLE[name](path)
    result = run("ingest", str(path), "--db", str(tmp_path / "u.db"))
    assert result.exit_code == 2, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "no input could be used" in errors[0]
    assert f"{name}: " in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("name", ["empty.txt", "report.pdf", "bericht.txt"])
def test_extract_with_no_usable_input_exits_2_too(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    UNUSABLE[name](path)
    result = run("extract", str(path), "--format", "jsonl")
    assert result.exit_code == 2, result.output
    assert "no input could be used" in result.output and "Traceback" not in result.output


def test_a_run_with_some_usable_input_exits_0_and_lists_what_was_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    for name, make in UNUSABLE.items():
        make(folder / name)
    (folder / "good.txt").write_text(
        "Gunmen attacked a police post in Quetta, Pakistan, killing two officers.",
        encoding="utf-8",
    )
    files = [str(folder / name) for name in [*UNUSABLE, "good.txt"]]
    result = run("ingest", *files, "--db", str(tmp_path / "m.db"))
    assert result.exit_code == 0, result.output
    assert "error:" not in result.output
    for name in UNUSABLE:
        assert f"{name}: " in result.output
    again = run("ingest", str(folder / "good.txt"), "--db", str(tmp_path / "m.db"))
    assert again.exit_code == 0, again.output  # already stored: a rerun is no failure


def test_a_folder_without_documents_is_no_usable_input(tmp_path: Path) -> None:
    """A folder is searched for the supported formats only: one holding a PDF has none."""
    (tmp_path / "nothing").mkdir()
    UNUSABLE["report.pdf"](tmp_path / "nothing" / "report.pdf")
    result = run("ingest", str(tmp_path / "nothing"), "--db", str(tmp_path / "e.db"))
    assert result.exit_code == 2 and "no documents found" in result.output


def test_csv_text_column_option(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text('id,story\nr1,"A bomb exploded in Mogadishu, Somalia."\n', encoding="utf-8")
    plain = run("extract", str(path), "--format", "jsonl")
    assert "--text-column" in plain.output
    named = run("extract", str(path), "--format", "jsonl", "--text-column", "story")
    assert named.exit_code == 0 and '"r1"' in named.stdout


def test_database_that_cannot_be_opened(tmp_path: Path) -> None:
    result = run("incidents", "--db", str(tmp_path / "no" / "such" / "dir.db"))
    assert result.exit_code == 3 and "cannot open database" in result.output
    junk = tmp_path / "junk.db"
    junk.write_text("not a database " * 100)
    result = run("documents", "--db", str(junk))
    assert result.exit_code == 3 and "Traceback" not in result.output
    result = run("documents", "--db", "weird://x")
    assert result.exit_code == 3


def test_bad_option_values(tmp_path: Path) -> None:
    result = run("incidents", "--db", str(tmp_path / "a.db"), "--since", "last tuesday")
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output
    result = run("export", "--format", "pdf", "--db", str(tmp_path / "a.db"))
    assert result.exit_code == 2


# --- crashes: a kill or Ctrl-C mid-ingest, then a rerun -----------------------------------


def _ingest_process(source: Path, db: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, INCIDEX_BATCH_SIZE="8")
    return subprocess.Popen(
        [sys.executable, "-m", "incidex", "ingest", str(source), "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )


def _wait_for_documents(db: Path, at_least: int, proc: subprocess.Popen[bytes]) -> int:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if db.exists():
            try:
                with sqlite3.connect(db, timeout=1) as conn:
                    count = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
            except sqlite3.OperationalError:
                count = 0
            if count >= at_least:
                return int(count)
        time.sleep(0.02)
    raise AssertionError("ingest finished or stalled before it could be interrupted")


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT])
def test_interrupted_ingest_then_rerun_gives_the_clean_result(
    sig: signal.Signals, many_reports: Path, tmp_path: Path
) -> None:
    clean_db, crash_db = tmp_path / "clean.db", tmp_path / "crash.db"
    assert run("ingest", str(many_reports), "--db", str(clean_db)).exit_code == 0
    proc = _ingest_process(many_reports, crash_db)
    stored = _wait_for_documents(crash_db, 10, proc)
    proc.send_signal(sig)
    _, stderr = proc.communicate(timeout=60)
    if sig == signal.SIGINT:
        assert proc.returncode == 130 and b"interrupted" in stderr, stderr.decode()[-2000:]
        assert b"Traceback" not in stderr
    else:
        assert proc.returncode == -signal.SIGKILL
    partial = _counts(crash_db)
    assert stored <= partial["documents"] < 200
    rerun = run("ingest", str(many_reports), "--db", str(crash_db))
    assert rerun.exit_code == 0
    assert _counts(crash_db) == _counts(clean_db)
    with sqlite3.connect(crash_db) as a, sqlite3.connect(clean_db) as b:
        query = "SELECT id, date, country, nkill FROM incidents ORDER BY id"
        assert a.execute(query).fetchall() == b.execute(query).fetchall()


WIRE_STORY = (
    "A bomb hidden in a fuel truck exploded at a checkpoint on the edge of Tikrit on Monday, "
    "killing 17 people and wounding 40, police said. No group has claimed the bombing, the "
    "deadliest in the province this year."
)


def test_a_wire_story_run_by_two_outlets_is_one_source(tmp_path: Path) -> None:
    """Ingest of the same wire text in two outlets and an independent report of the attack: one
    incident, and the wire's figures listed once, with the copy named."""
    feed = tmp_path / "feed.jsonl"
    records = [
        {"id": "wire-1", "title": "Truck bomb kills 17 in Tikrit", "published": "2023-09-11",
         "text": WIRE_STORY},
        {"id": "paper-1", "title": "Tikrit truck bomb", "published": "2023-09-12",
         "text": "TIKRIT, Iraq - " + WIRE_STORY},
        {"id": "radio-1", "title": "Tikrit mourns", "published": "2023-09-12",
         "text": "Funerals were held in Tikrit on Tuesday for victims of Monday's truck bombing "
                 "at a checkpoint, which killed 17 people, hospital officials said."},
    ]  # fmt: skip
    feed.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    db = tmp_path / "wire.db"
    assert run("ingest", str(feed), "--db", str(db)).exit_code == 0
    exported = run("export", "--format", "jsonl", "--db", str(db))
    incidents = [json.loads(line) for line in exported.stdout.splitlines() if line.strip()]
    (attack,) = [i for i in incidents if i["gtd"]["iday"] == "11"]  # (asides are their own)
    assert sorted(attack["gtd"]["incidex_doc_ids"].split(";")) == ["paper-1", "radio-1", "wire-1"]
    killed = [r for r in attack["casualty_history"] if r["field"] == "nkill"]
    assert sorted((r["doc_id"], r["copies"]) for r in killed) == [
        ("radio-1", []),
        ("wire-1", ["paper-1"]),
    ]
    fused = {m["doc_id"]: m["fused_with"] for m in attack["mentions"]}
    assert fused["paper-1"]["doc_id"] == "wire-1" and "place +1.00" in fused["paper-1"]["because"]
    assert {m["doc_id"]: m["copy_of"] for m in attack["mentions"]}["paper-1"] == "wire-1"
    shown = run("show", attack["id"], "--db", str(db))
    assert "copies: paper-1" in shown.stdout


FEED = [
    {"id": "attack-1", "title": "Bomb kills nine at Strelsau market", "published": "2023-05-09",
     "text": "A suicide bomber killed nine people at a market in Strelsau on Monday, police said. "
             "Al-Shabaab claimed responsibility for the bombing."},
    {"id": "crime-1", "title": "Jeweller shot dead in robbery", "published": "2023-05-09",
     "text": "Two robbers shot a jeweller dead during a robbery in Zenda on Monday, police said."},
    {"id": "park-1", "title": "Council approves new park", "published": "2023-05-09",
     "text": "The Zenda council approved a new park on Monday after a long debate."},
    {"id": "strike-1", "title": "Jets strike rebels", "published": "2023-05-09",
     "text": "Ruritanian warplanes bombed rebel positions near Zenda on Sunday, the army said."},
]  # fmt: skip


def test_a_news_feed_yields_only_qualified_incidents_with_their_reasons(tmp_path: Path) -> None:
    """End to end: of an attack, a robbery, a council story and an air strike, only the attack
    is an incident; its confidence and reasons are exported in JSONL and shown by `show`."""
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(r) for r in FEED) + "\n", encoding="utf-8")
    out = tmp_path / "feed.out.jsonl"
    assert run("extract", str(feed), "--format", "jsonl", "--output", str(out)).exit_code == 0
    incidents = [json.loads(line) for line in out.read_text().splitlines() if line.strip()]
    assert [i["gtd"]["incidex_doc_ids"] for i in incidents] == ["attack-1"]
    qual = incidents[0]["qualification"]
    assert qual["qualified"] and qual["confidence"] >= 0.9
    assert qual["reasons"][0].startswith("trigger: events.trigger-")
    assert any(r.startswith("claimed: claimed by Al-Shabaab") for r in qual["reasons"])
    assert incidents[0]["mentions"][0]["qualification"]["grounds"][0]["rule"] == "trigger"
    db = tmp_path / "feed.db"
    assert run("ingest", str(feed), "--db", str(db)).exit_code == 0
    shown = run("show", incidents[0]["id"][:8], "--db", str(db))
    assert shown.exit_code == 0
    assert "Why it is an incident" in shown.stdout and "claimed by Al-Shabaab" in shown.stdout


def test_qualification_off_keeps_every_realis_report(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(r) for r in FEED) + "\n", encoding="utf-8")
    env = {**os.environ, "INCIDEX_QUALIFY": "0"}
    out = tmp_path / "all.jsonl"
    done = subprocess.run(
        [sys.executable, "-m", "incidex", "extract", str(feed), "--format", "jsonl",
         "--output", str(out)],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    incidents = [json.loads(line) for line in out.read_text().splitlines() if line.strip()]
    verdicts = {i["gtd"]["incidex_doc_ids"]: i["qualification"]["qualified"] for i in incidents}
    assert verdicts["attack-1"] and not verdicts["crime-1"] and not verdicts["strike-1"]


def test_a_failure_while_ctrl_c_is_handled_is_still_an_interrupt() -> None:
    """Ctrl-C inside a database call can make the clean-up fail (a rollback on the interrupted
    connection): the user interrupted, so it is exit 130, not an internal error (70)."""
    import typer

    from incidex.cli import _run

    def interrupted_then_cleanup_fails() -> None:
        try:
            raise KeyboardInterrupt
        finally:
            raise RuntimeError("rollback on an interrupted connection failed")

    def plain_defect() -> None:
        raise RuntimeError("a defect")

    with pytest.raises(typer.Exit) as interrupted:
        _run(interrupted_then_cleanup_fails)
    assert interrupted.value.exit_code == 130
    with pytest.raises(typer.Exit) as defect:
        _run(plain_defect)
    assert defect.value.exit_code == 70
