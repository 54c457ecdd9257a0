"""Command line: a thin Typer layer over ``pipeline`` and ``views``, printed by ``terminal``.

Heavy modules (spaCy, trafilatura, SQLAlchemy) are imported inside the commands so that
``incidex --help`` starts fast. Every ``IncidexError`` becomes one line on stderr and its exit code.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TextIO, TypeVar

import typer
from rich.console import Console

from incidex import terminal
from incidex.errors import IncidexError, InputError, StoreError, UsageError

if TYPE_CHECKING:
    from incidex.config import Settings
    from incidex.models import Skipped

app = typer.Typer(
    help="Incidex: news reports about terrorist attacks -> an evidence-backed incident database.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
# Tables keep a readable width when piped (Rich would fall back to 80 columns).
out = Console(soft_wrap=True, width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, soft_wrap=True)

T = TypeVar("T")

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db", help="Database file or SQLAlchemy URL (default: $INCIDEX_DB or ./incidex.db)."
    ),
]
PathsArg = Annotated[list[str], typer.Argument(help="Files, folders, or - for standard input.")]
TextColumn = Annotated[
    str | None, typer.Option("--text-column", help="CSV column holding the text.")
]


# The incidents filter (``store.filters.Filters``), shared by ``incidents`` and ``export``.
FILTER = "Filter (see README: Filters)"
CountryOpt = Annotated[
    str | None,
    typer.Option(
        rich_help_panel=FILTER,
        help="Country: any name or ISO code (Russia, Russian Federation, RU).",
    ),
]
RegionOpt = Annotated[
    str | None,
    typer.Option(
        rich_help_panel=FILTER, help="GTD region: name, code 1-12 or its start (middle east)."
    ),
]
GroupOpt = Annotated[
    str | None,
    typer.Option(
        rich_help_panel=FILTER,
        help="Group: any name or alias (ISIS-K, Daesh), with its branches; else part of a "
        "stored group name.",
    ),
]
BranchesOpt = Annotated[
    bool,
    typer.Option(
        "--branches/--no-branches", help="Include the group's branches.", rich_help_panel=FILTER
    ),
]
AttackOpt = Annotated[
    str | None,
    typer.Option(
        rich_help_panel=FILTER, help="GTD attack type: label, code or start of a word (bombing, 3)."
    ),
]
WeaponOpt = Annotated[
    str | None,
    typer.Option(
        rich_help_panel=FILTER, help="GTD weapon type: label, code or start of a word (firearms)."
    ),
]
TargetOpt = Annotated[
    str | None,
    typer.Option(
        rich_help_panel=FILTER, help="GTD target type: label, code or start of a word (police)."
    ),
]
SinceOpt = Annotated[
    str | None, typer.Option(rich_help_panel=FILTER, help="Earliest date, YYYY-MM-DD.")
]
UntilOpt = Annotated[
    str | None, typer.Option(rich_help_panel=FILTER, help="Latest date, YYYY-MM-DD.")
]
MinKilledOpt = Annotated[
    int | None,
    typer.Option("--min-killed", rich_help_panel=FILTER, min=0, help="At least this many killed."),
]
MinWoundedOpt = Annotated[
    int | None,
    typer.Option(
        "--min-wounded", rich_help_panel=FILTER, min=0, help="At least this many wounded."
    ),
]
QueryOpt = Annotated[
    str | None, typer.Option(rich_help_panel=FILTER, help="Text to find in values or articles.")
]


class ListFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class DocFormat(StrEnum):
    table = "table"
    json = "json"


class ExportFormat(StrEnum):
    gtd_csv = "gtd-csv"
    xlsx = "xlsx"  # the GTD columns as an Excel workbook
    jsonl = "jsonl"
    stix = "stix"


def _settings(db: str | None) -> Settings:
    from incidex.config import Settings

    return Settings.from_env(db)


def _run(job: Callable[[], T]) -> T:
    """Run a command body; user errors become one line and an exit code, never a traceback."""
    try:
        return job()
    except IncidexError as error:
        err.print(f"[bold red]error:[/] {error}", highlight=False)
        raise typer.Exit(error.exit_code) from None
    except KeyboardInterrupt:
        _interrupted()
    except BrokenPipeError:
        raise typer.Exit(0) from None
    except Exception as error:  # a defect: one line by default, the traceback on request
        if _during_interrupt(error):
            # Ctrl-C landed inside a database call and the clean-up then failed (a rollback on
            # the interrupted connection): still an interrupt, and the store is as committed
            _interrupted()
        if os.environ.get("INCIDEX_DEBUG"):
            raise
        err.print(
            f"[bold red]internal error:[/] {type(error).__name__}: {error}. "
            "Rerun with INCIDEX_DEBUG=1 for details and report it.",
            highlight=False,
        )
        raise typer.Exit(70) from None


def _interrupted() -> NoReturn:
    err.print("interrupted: what was stored is kept; run the same command again to finish.")
    raise typer.Exit(130) from None


def _during_interrupt(error: BaseException) -> bool:
    """Whether ``error`` was raised while a KeyboardInterrupt was being handled."""
    seen: set[int] = set()
    cause: BaseException | None = error
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, KeyboardInterrupt):
            return True
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
    return False


@contextmanager
def _progress(label: str) -> Iterator[_Advance]:
    """A Rich progress counter on stderr (shown only on a terminal, after a moment)."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    progress = Progress(
        SpinnerColumn(),
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )
    task = progress.add_task(label, total=None)
    with progress:
        yield _Advance(progress, task)


class _Advance:
    """Advances a progress task by ``n``; ``total(n)`` sets its total, which adds an ETA."""

    def __init__(self, progress: Any, task: Any) -> None:
        self.progress, self.task = progress, task

    def __call__(self, n: int) -> None:
        self.progress.advance(self.task, n)

    def total(self, n: int) -> None:
        from rich.progress import TimeRemainingColumn

        self.progress.columns = (*self.progress.columns, TimeRemainingColumn())
        self.progress.update(self.task, total=n)


@contextmanager
def _output(path: Path | None) -> Iterator[TextIO]:
    if path is None:
        yield sys.stdout
        return
    try:
        handle = path.open("w", encoding="utf-8", newline="")
    except OSError as error:
        raise UsageError(
            f"cannot write {path}: {error.strerror}; choose another --output"
        ) from None
    with handle:
        yield handle


def _print_json(data: Any) -> None:
    """``data`` as indented JSON on standard output."""
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _print_skipped(skipped: list[Skipped]) -> None:
    for item in skipped:
        err.print(f"  skipped {item.source}: {item.reason}", highlight=False, markup=False)


def _nothing_used(read: int, skipped: list[Skipped]) -> str:
    """The one line of a run in which no input could be used (exit code 2)."""
    if not read and not skipped:
        return (
            "no input could be used: no documents found in the paths given (a folder is "
            "searched for .txt, .html, .jsonl, .json, .csv, .warc and .wet files)"
        )
    reasons = sorted({s.reason.split(";")[0].split(":")[0] for s in skipped})
    shown = "; ".join(reasons[:3]) + ("; ..." if len(reasons) > 3 else "")
    return (
        f"no input could be used ({len(skipped)} skipped: {shown}); give English text as "
        ".txt, .html, .jsonl, .json, .csv or a .warc/.wet archive"
    )


@app.command()
def ingest(
    paths: PathsArg,
    db: DbOption = None,
    text_column: TextColumn = None,
    no_fuse: Annotated[
        bool,
        typer.Option(
            "--no-fuse",
            help="Each report becomes its own incident, never merged with others by later "
            "ingests (an analyst can still merge it).",
        ),
    ] = False,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            min=1,
            help="Read and extract on a local Dask cluster of N worker processes (one thread "
            "each). Into PostgreSQL (a --db server URL) the workers also store and fuse what "
            "they extract; into an SQLite file this process stores and fuses.",
        ),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="Read and extract on the running Dask cluster whose scheduler is at this "
            "address (tcp://host:8786); its workers store and fuse too when --db is a "
            "PostgreSQL URL they can all reach. See README: Running on a cluster.",
        ),
    ] = None,
) -> None:
    """Read documents, extract their incidents and merge them into the store."""

    def job() -> None:
        settings = _settings(db)
        with _progress("ingesting") as advance:
            if workers is None and scheduler is None:
                from incidex.pipeline import ingest as run_ingest

                summary = run_ingest(
                    paths, settings, text_column=text_column, progress=advance, fuse=not no_fuse
                )
            else:
                from incidex.pipeline_dask import ingest_distributed

                summary = ingest_distributed(
                    paths,
                    settings,
                    workers=workers,
                    scheduler=scheduler,
                    text_column=text_column,
                    progress=advance,
                    total=advance.total,
                    fuse=not no_fuse,
                ).summary
        err.print(
            f"documents read: {summary.read}, stored: {summary.stored} "
            f"(updated {summary.updated}), unchanged: {summary.unchanged}, "
            f"skipped: {len(summary.skipped)}"
            + (f", failed: {len(summary.failed)}" if summary.failed else "")
            + f"; incidents new: {summary.incidents_new}, "
            f"updated: {summary.incidents_updated}",
            highlight=False,
        )
        _print_skipped(summary.skipped)
        if summary.failed:
            _print_skipped(summary.failed)
            raise StoreError(
                f"{len(summary.failed)} document(s) could not be written (listed above; the "
                "others were stored); run the same command again to retry them"
            )
        if not summary.used:
            raise InputError(_nothing_used(summary.read, summary.skipped))

    _run(job)


def _parse_day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{option} {value!r} is not a date; use YYYY-MM-DD") from None


def _filter(limit: int | None = None, **criteria: Any) -> Any:
    """The ``IncidentFilter`` of the filter options; a bad value is one ``UsageError``."""
    from pydantic import ValidationError

    from incidex.store.filters import IncidentFilter

    criteria["since"] = _parse_day(criteria.get("since"), "--since")
    criteria["until"] = _parse_day(criteria.get("until"), "--until")
    try:
        return IncidentFilter(**criteria, limit=limit)
    except ValidationError as error:
        first = error.errors()[0]
        name = "--" + str(first["loc"][0]).replace("_", "-")
        raise UsageError(f"{name}: {first['msg']}") from None


@app.command()
def incidents(
    db: DbOption = None,
    country: CountryOpt = None,
    region: RegionOpt = None,
    group: GroupOpt = None,
    branches: BranchesOpt = True,
    attack: AttackOpt = None,
    weapon: WeaponOpt = None,
    target: TargetOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    min_killed: MinKilledOpt = None,
    min_wounded: MinWoundedOpt = None,
    query: QueryOpt = None,
    limit: Annotated[int | None, typer.Option(min=1, help="At most this many.")] = None,
    fmt: Annotated[ListFormat, typer.Option("--format", help="Output format.")] = ListFormat.table,
) -> None:
    """List stored incidents, newest first. An unknown group, country, region or type is an
    error (exit code 2), not an empty list."""

    def job() -> None:
        from incidex.export.gtd_csv import COLUMNS, gtd_row, gtd_values
        from incidex.store.eventids import EventIds
        from incidex.views import incidents as load

        filters = _filter(
            limit, country=country, region=region, group=group, branches=branches,
            attack=attack, weapon=weapon, target=target, since=since, until=until,
            min_killed=min_killed, min_wounded=min_wounded, query=query,
        )  # fmt: skip
        view = load(_settings(db), filters)
        ids = EventIds(view.dates)  # the eventids the export gives
        rows = [gtd_row(i, view.documents, ids) for i in view.incidents]
        if fmt == ListFormat.json:  # typed, as the API gives them: numbers, null for unknown
            _print_json([gtd_values(i, view.documents, ids) for i in view.incidents])
        elif fmt == ListFormat.csv:
            writer = csv.DictWriter(sys.stdout, fieldnames=COLUMNS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        else:
            terminal.incident_table(out, rows)

    _run(job)


@app.command()
def show(
    ident: Annotated[
        str, typer.Argument(metavar="ID", help="Incident id (or a unique prefix), or eventid.")
    ],
    db: DbOption = None,
    fmt: Annotated[DocFormat, typer.Option("--format", help="Output format.")] = DocFormat.table,
) -> None:
    """One incident: every field with the sentence that supports it and its source."""

    def job() -> None:
        from incidex.export.jsonl import incident_json
        from incidex.views import incident as load

        view = load(_settings(db), ident)
        found = view.incidents[0]
        if fmt == DocFormat.json:
            from incidex.store.eventids import EventIds

            _print_json(incident_json(found, view.documents, EventIds(view.dates)))
            return
        terminal.incident_detail(out, found, view.documents)
        terminal.roles_table(out, found)
        terminal.qualification(out, found)
        terminal.casualty_table(out, found)
        terminal.statements(out, found)

    _run(job)


@app.command()
def documents(
    db: DbOption = None,
    fmt: Annotated[DocFormat, typer.Option("--format", help="Output format.")] = DocFormat.table,
) -> None:
    """The stored documents with their publication dates and block counts."""

    def job() -> None:
        from incidex.views import documents as load

        docs = load(_settings(db))
        if fmt == DocFormat.json:
            _print_json([d.as_json() for d in docs])
            return
        terminal.documents_table(out, docs)

    _run(job)


@app.command()
def actors(
    db: DbOption = None,
    kind: Annotated[
        str | None, typer.Option(help="Only this kind: group, state, agency, person, organization.")
    ] = None,
    everyone: Annotated[
        bool, typer.Option("--all", help="Every known actor, not only those the documents name.")
    ] = False,
    fmt: Annotated[DocFormat, typer.Option("--format", help="Output format.")] = DocFormat.table,
) -> None:
    """The actor knowledge base: groups, states, agencies and people, with their counts."""

    def job() -> None:
        from incidex.views import actors as load

        found = load(_settings(db), kind, everyone)
        if fmt == DocFormat.json:
            _print_json([a.as_json() for a in found])
            return
        terminal.actors_table(out, found)

    _run(job)


@app.command()
def actor(
    name: Annotated[str, typer.Argument(metavar="NAME", help="Any name or alias of the actor.")],
    db: DbOption = None,
    fmt: Annotated[DocFormat, typer.Option("--format", help="Output format.")] = DocFormat.table,
) -> None:
    """One actor: canonical name, aliases, parent and branches, incidents, relations, statements."""

    def job() -> None:
        from incidex.views import actor as load

        detail = load(_settings(db), name)
        if fmt == DocFormat.json:
            _print_json(detail.as_json())
            return
        terminal.actor_detail(out, detail)

    _run(job)


def _write(
    fmt: ExportFormat,
    view_incidents: list[Any],
    docs: dict[str, Any],
    handle: TextIO,
    dates: list[tuple[str, str | None]] | None = None,
) -> int:
    from incidex.export.gtd_csv import event_ids_of, write_gtd_csv
    from incidex.export.jsonl import write_jsonl
    from incidex.store.eventids import EventIds

    ids = EventIds(dates) if dates else event_ids_of(view_incidents)
    if fmt == ExportFormat.jsonl:
        return write_jsonl(view_incidents, docs, handle, ids)
    if fmt == ExportFormat.stix:
        from incidex.export.stix import write_stix

        return write_stix(view_incidents, docs, handle)
    if fmt == ExportFormat.xlsx:
        from incidex.export.xlsx import write_gtd_xlsx

        binary = getattr(handle, "buffer", None)
        if binary is None or (handle is sys.stdout and sys.stdout.isatty()):
            raise UsageError("an XLSX workbook is binary: give --out FILE")
        handle.flush()
        return write_gtd_xlsx(view_incidents, docs, binary, ids)
    return write_gtd_csv(view_incidents, docs, handle, ids)


@app.command()
def export(
    fmt: Annotated[
        ExportFormat, typer.Option("--format", help="Export format.")
    ] = ExportFormat.gtd_csv,
    output: Annotated[
        Path | None, typer.Option("--output", "--out", "-o", help="File (default: stdout).")
    ] = None,
    db: DbOption = None,
    country: CountryOpt = None,
    region: RegionOpt = None,
    group: GroupOpt = None,
    branches: BranchesOpt = True,
    attack: AttackOpt = None,
    weapon: WeaponOpt = None,
    target: TargetOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    min_killed: MinKilledOpt = None,
    min_wounded: MinWoundedOpt = None,
    query: QueryOpt = None,
) -> None:
    """Write the stored incidents (those the filter options select; all by default) as GTD CSV
    or XLSX (the codebook's columns), JSONL or a STIX 2.1 bundle."""

    def job() -> None:
        from incidex.views import incidents as load

        filters = _filter(
            country=country, region=region, group=group, branches=branches, attack=attack,
            weapon=weapon, target=target, since=since, until=until, min_killed=min_killed,
            min_wounded=min_wounded, query=query,
        )  # fmt: skip
        view = load(_settings(db), filters)
        with _output(output) as handle:
            count = _write(fmt, view.incidents, view.documents, handle, view.dates)
        if output is not None:
            err.print(f"wrote {count} incidents to {output}", highlight=False)

    _run(job)


@app.command()
def extract(
    paths: PathsArg,
    fmt: Annotated[
        ExportFormat, typer.Option("--format", help="Output format.")
    ] = ExportFormat.gtd_csv,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File (default: stdout).")
    ] = None,
    per_document: Annotated[
        bool, typer.Option("--per-document", help="No fusion: each document's incidents as found.")
    ] = False,
    text_column: TextColumn = None,
) -> None:
    """Read, extract and fuse with no database; write the incidents."""

    def job() -> None:
        from incidex.pipeline import extract as run_extract

        settings = _settings(None)
        with _progress("extracting") as advance:
            result = run_extract(
                paths, settings, per_doc=per_document, text_column=text_column, progress=advance
            )
        with _output(output) as handle:
            count = _write(fmt, result.incidents, result.documents, handle)
        err.print(
            f"documents: {len(result.documents)}, incidents: {count}, "
            f"skipped: {len(result.skipped)}",
            highlight=False,
        )
        _print_skipped(result.skipped)
        if not result.used:
            raise InputError(_nothing_used(len(result.documents), result.skipped))

    _run(job)


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
) -> None:
    """Serve the analyst workbench (/) and the REST API (/api, OpenAPI docs at /docs).

    Review changes need a token: $INCIDEX_TOKEN, else a random one printed here.
    """

    def job() -> None:
        import uvicorn

        from incidex.actor_gazetteer import actors
        from incidex.api.app import create_app

        actors()  # a malformed gazetteer stops start-up here, not at the first request
        application = create_app(_settings(db))
        shown = host if host not in ("0.0.0.0", "::") else "127.0.0.1"
        origin = f"http://{shown}:{port}"
        token = (
            "from $INCIDEX_TOKEN" if os.environ.get("INCIDEX_TOKEN") else application.state.token
        )
        out.print(f"Incidex workbench: {origin}/", highlight=False, markup=False)
        out.print(f"API: {origin}/api (docs: {origin}/docs)", highlight=False, markup=False)
        out.print(f"Review token: {token}", highlight=False, markup=False)
        out.print("Ctrl-C stops it.", highlight=False, markup=False)
        sys.stdout.flush()
        uvicorn.run(application, host=host, port=port, log_level="warning")

    _run(job)


def main() -> None:
    app()
