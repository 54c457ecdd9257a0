"""Rich renderings for the terminal: the incidents table, one incident's fields with the
sentences behind them, its casualty history and attribution statements, and an actor's page.
The CLI passes its console; nothing here reads options or exits."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from incidex.models import Document, Incident


def incident_table(console: Console, rows: list[dict[str, str]]) -> None:
    table = Table(title=f"{len(rows)} incidents", show_lines=False)
    for column in ("id", "date", "country", "city", "attack", "group", "killed", "wounded", "docs"):
        table.add_column(column, overflow="fold", no_wrap=column in ("id", "date"))
    for row in rows:
        parts = [row["iyear"], row["imonth"].zfill(2), row["iday"].zfill(2)]
        day = "-".join(p for p in parts if p and p.strip("0"))
        table.add_row(
            row["incidex_id"][:8],
            day,
            row["country_txt"],
            row["city"],
            row["attacktype1_txt"],
            row["gname"],
            row["nkill"],
            row["nwound"],
            str(len(row["incidex_doc_ids"].split(";"))),
        )
    console.print(table)


def incident_detail(console: Console, found: Incident, documents: dict[str, Document]) -> None:
    from rich.text import Text

    console.print(f"[bold]Incident {found.id}[/]", highlight=False)
    table = Table(show_lines=True)
    table.add_column("field")
    table.add_column("value")
    table.add_column("evidence", ratio=3)
    table.add_column("source")
    for name, value in sorted(found.values.items(), key=lambda kv: kv[0]):
        ev = value.evidence
        shown = value.value
        if value.low is not None or value.high is not None:
            shown += f" ({_num(value.low)}–{_num(value.high)})"
        sentence = Text(" ".join(ev.sentence.split()) if ev else "")
        if ev:
            doc = documents.get(ev.doc_id)
            span = doc.text[ev.start : ev.end] if doc else ""
            if span:
                sentence.highlight_words([" ".join(span.split())], style="bold yellow")
            source = f"{ev.doc_id}\n{ev.rule}"
        else:
            source = ""
        table.add_row(str(name), shown, sentence, source)
    console.print(table)
    console.print("[bold]Supporting documents[/]")
    for doc_id in found.doc_ids:
        doc = documents.get(doc_id)
        title = doc.title if doc and doc.title else ""
        when = doc.published.isoformat() if doc and doc.published else "date unknown"
        console.print(f"  {doc_id}  {when}  {title}", highlight=False, markup=False)


def roles_table(console: Console, found: Incident) -> None:
    """The attack frame: who did it, with what, to whom and to what, each filler with the
    sentence it was read from (the words highlighted), its document and rule."""
    from rich.text import Text

    from incidex.models import RoleKind

    frame = found.roles
    if not frame:
        return
    table = Table(title="Roles", show_lines=True)
    for column in ("role", "text", "evidence", "source"):
        table.add_column(column, overflow="fold", ratio=3 if column == "evidence" else None)
    for kind in RoleKind:
        for role in frame.of(kind):
            ev = role.evidence
            sentence = Text(" ".join(ev.sentence.split()))
            sentence.highlight_words([" ".join(role.text.split())], style="bold yellow")
            table.add_row(kind.label, role.text, sentence, f"{ev.doc_id}\n{ev.rule}")
    console.print(table)


def qualification(console: Console, found: Incident) -> None:
    """Why the incident is one: its confidence and the grounds of its reports (the trigger and
    why it is realis, then what makes it terrorism), strongest first."""
    qual = found.qualification
    if qual is None:
        return
    console.print(
        f"[bold]Why it is an incident[/] (confidence {qual.confidence:.2f})", highlight=False
    )
    for ground in qual.grounds:
        weight = f" ({ground.weight:.2f})" if ground.weight and ground.rule != "trigger" else ""
        console.print(f"  {ground.rule}{weight}: {ground.detail}", highlight=False, markup=False)


def casualty_table(console: Console, found: Incident) -> None:
    """Every killed/wounded figure reported, by report date, with its source and sentence."""
    from incidex.export.jsonl import casualty_history

    rows = casualty_history(found)
    if not rows:
        return
    table = Table(title="Casualty history", show_lines=True)
    for column in ("field", "value", "reported", "document", "evidence"):
        table.add_column(column, overflow="fold", ratio=3 if column == "evidence" else None)
    for r in rows:
        shown = r["value"]
        if r["low"] is not None or r["high"] is not None:
            shown += f" ({_num(r['low'])}–{_num(r['high'])})"
        document = r["doc_id"] or ""
        if r["copies"]:  # a syndicated story: one source, run by several outlets
            document += " (copies: " + ", ".join(r["copies"]) + ")"
        table.add_row(r["field"], shown, r["reported"] or "", document, r["sentence"] or "")
    console.print(table)


def statements(console: Console, found: Incident) -> None:
    """The attribution statements, grouped by stance, and whether the attribution is contested."""
    from incidex.kb.attribution import by_stance, contested

    grouped = by_stance(found.statements)
    if not grouped:
        return
    flag = " (contested)" if contested(found.statements) else ""
    console.print(f"[bold]Attribution statements{flag}[/]", highlight=False)
    for stance, statements in grouped.items():
        console.print(f"  [bold]{stance}[/]", highlight=False)
        for st in statements:
            target = f" -> {st.target}" if st.target else ""
            console.print(
                f"    {st.source}{target}  [{st.evidence.doc_id}] "
                f"{' '.join(st.evidence.sentence.split())}",
                highlight=False,
                markup=False,
            )


def _num(value: float | None) -> str:
    if value is None:
        return "?"
    return str(int(value)) if float(value).is_integer() else str(value)


def actor_detail(console: Console, detail: Any) -> None:
    def line(text: str) -> None:
        console.print(text, highlight=False, markup=False)

    console.print(f"[bold]{detail.name}[/] ({detail.kind})", highlight=False)
    if detail.parent:
        line(f"branch of: {detail.parent}")
    if detail.branches:
        line(f"branches: {'; '.join(detail.branches)}")
    table = Table(title="Aliases", show_lines=False)
    for column in ("alias", "source", "document", "evidence"):
        table.add_column(column, overflow="fold")
    for a in detail.aliases:
        sentence = " ".join((a.sentence or "").split())
        table.add_row(a.alias, a.source, a.doc_id or "", sentence)
    console.print(table)
    if detail.incidents:
        console.print("[bold]Incidents[/]")
        for i in detail.incidents:
            flag = " contested" if i["contested"] else ""
            place = ", ".join(p for p in (i["city"], i["country"]) if p)
            line(f"  {i['id'][:8]}  {i['date'] or ''}  {place}  {i['gname'] or ''}{flag}")
    if detail.relations:
        console.print("[bold]Relations[/]")
        for r in detail.relations:
            arrow = "->" if r.direction == "out" else "<-"
            when = r.when.isoformat() if r.when else "date unknown"
            line(
                f"  {r.kind} {arrow} {r.other}  [{r.doc_id}, {when}] {' '.join(r.sentence.split())}"
            )
    if detail.statements:
        console.print("[bold]Statements[/]")
        for st in detail.statements:
            target = f" {st.target}" if st.target else ""
            line(f"  {st.source} {st.stance}{target}  [{st.evidence.doc_id}]")


def documents_table(console: Console, docs: list[Any]) -> None:
    """The stored documents: publication date and how it was found, language, block counts."""
    table = Table(title=f"{len(docs)} documents")
    for column in ("id", "published", "found by", "lang", "body", "boilerplate", "title"):
        table.add_column(column, overflow="fold")
    for d in docs:
        table.add_row(
            d.id,
            d.published.isoformat() if d.published else "",
            d.published_source or "",
            d.language or "",
            str(d.body_blocks),
            str(d.boilerplate_blocks),
            d.title or "",
        )
    console.print(table)


def actors_table(console: Console, found: list[Any]) -> None:
    """The actor knowledge base, one row per actor with its counts."""
    table = Table(title=f"{len(found)} actors")
    for column in ("name", "kind", "parent", "aliases", "incidents", "statements", "relations"):
        table.add_column(column, overflow="fold")
    for a in found:
        table.add_row(
            a.name,
            a.kind,
            a.parent or "",
            str(a.aliases),
            str(a.incidents),
            str(a.statements),
            str(a.relations),
        )
    console.print(table)
