"""Incidex: news reports about terrorist attacks -> an evidence-backed incident database."""

__version__ = "0.1.0"
