"""The actor knowledge base: known actors, aliases learned from text, relations, statements."""
