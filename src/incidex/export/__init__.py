"""Views of incidents for other tools: GTD-compatible CSV and JSONL."""
