"""Per-document extraction: spaCy pipeline -> ``Mention`` records with evidence."""
