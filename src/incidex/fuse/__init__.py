"""Fusion: mentions from many documents -> one ``Incident`` per attack."""
