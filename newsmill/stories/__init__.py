"""Stories (one event) and threads (a storyline) over the deduplicated corpus."""
from __future__ import annotations

from .grouper import StoryGrouper

__all__ = ["StoryGrouper"]
