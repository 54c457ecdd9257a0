"""REST API over the store (FastAPI): incidents, documents, search and exports under ``/api``."""
