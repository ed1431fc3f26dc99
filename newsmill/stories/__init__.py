"""Stories (one event) and threads (a storyline) over the deduplicated corpus."""
from __future__ import annotations

from .grouper import StoryGrouper
from .singleton import SingletonStories

__all__ = ["SingletonStories", "StoryGrouper"]
