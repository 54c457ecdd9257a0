"""Fusion: mentions from many documents -> one ``Incident`` per attack.

``match``, ``profile``, ``cluster``, ``fuser`` and ``reconcile`` are pure (no database);
``service`` runs them over a store (ingest and review write through it), ``decisions`` replays
the analyst's decisions, ``review`` carries out the review actions.
"""
