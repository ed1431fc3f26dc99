"""Engines run the same pipeline locally (process pool) or, later, on Ray."""
from __future__ import annotations

from .local import OutputError, RunSummary, extract_documents, run
from .pipeline import Pipeline, default_pipeline, process_document

__all__ = ["run", "extract_documents", "RunSummary", "OutputError", "Pipeline", "default_pipeline", "process_document"]
