"""Every migration on PostgreSQL: a store of 0003 with rows is upgraded to the head (the
backfills of 0005, 0008 and 0009 run on its rows, 0004 makes the trigram indexes), the text
filter finds the old rows, then every downgrade runs down to an empty database and back up."""

from __future__ import annotations

from alembic import command
from sqlalchemy import create_engine, inspect, text

from incidex.store.database import Store, _alembic_config
from incidex.store.repository import IncidentFilter, list_incidents
from tests.postgres import PostgresServer

OLD_ROWS = (
    "INSERT INTO documents (id, source, title, text, content_hash, n_body_blocks, "
    "n_boilerplate_blocks, ingested_at) VALUES ('d', 'd.txt', 'Harbour blast', "
    "'A boat exploded beside the Kessel quay.', 'h', 1, 0, '2024-01-01')",
    'INSERT INTO incidents (id, country, nkill, "primary", created_at, updated_at) '
    "VALUES ('old', 'Freedonia', 3, false, '2024-01-01', '2024-01-01')",
    "INSERT INTO incident_documents VALUES ('old', 'd')",
    "INSERT INTO incident_values (incident_id, field, value) "
    "VALUES ('old', 'gname', 'Violet Circle')",
)


def _names(url: str) -> tuple[set[str], set[str]]:
    """The tables and the indexes of the database."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            indexes = set(conn.execute(text("SELECT indexname FROM pg_indexes")).scalars())
        tables = set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
    return tables, indexes


def test_every_migration_runs_up_and_down_on_postgresql(postgres_server: PostgresServer) -> None:
    url = postgres_server.fresh_url()
    config = _alembic_config()
    config.set_main_option("sqlalchemy.url", url)
    command.upgrade(config, "0003")
    engine = create_engine(url)
    with engine.begin() as conn:
        for statement in OLD_ROWS:
            conn.execute(text(statement))
    engine.dispose()
    store = Store(url)  # upgraded to the head on open
    try:
        with store.session() as s:
            for query in ("kessel quay", "harbour bl", "violet circ", "Kessel"):
                found = list_incidents(s, IncidentFilter(query=query), reports=False)
                assert [i.id for i in found] == ["old"], query
            assert list_incidents(s, IncidentFilter(query="nowhere")) == []
            view = s.execute(text("SELECT id, dismissed FROM active_incidents")).all()
            assert [tuple(row) for row in view] == [("old", False)]
    finally:
        store.close()
    tables, indexes = _names(url)
    assert {"incidents", "mention_roles", "incident_extracted_values"} <= tables
    assert {"ix_incidents_country_lower", "ix_incidents_gname_lower"} <= indexes
    assert len({i for i in indexes if i.startswith("ix_incidents_sort_")}) == 10
    assert {i for i in indexes if i.endswith("_trgm")} == {
        "ix_documents_title_trgm",
        "ix_documents_text_trgm",
        "ix_incident_values_value_trgm",
    }
    command.downgrade(config, "base")
    tables, indexes = _names(url)
    assert tables == {"alembic_version"}
    command.upgrade(config, "head")
    tables, _ = _names(url)
    assert "active_incidents" not in tables and "incidents" in tables
    postgres_server.drop(url)
