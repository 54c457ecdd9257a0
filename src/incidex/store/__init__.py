"""Persistence: SQLAlchemy models, Alembic migrations, transactional writes and queries."""
