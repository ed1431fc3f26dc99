"""The per-document step kinds: an extractor (Document -> Article) and a document stage (Article -> Article).

A `DocumentStage` runs per document, in any process, and holds no corpus state. Steps that need the
corpus are `CorpusStep`s (newsmill/steps.py: features per document, learn centrally, apply per document).
A stage that cannot handle its input raises `StageError` with a reason; the engine quarantines that
document (or, after the first corpus step, keeps it without that stage) and carries on.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from .article import Article
    from .readers.document import Document


class StageError(Exception):
    """A document this stage cannot process; the message is the quarantine reason."""


class Extractor(ABC):
    name: ClassVar[str] = "extract"

    @abstractmethod
    def __call__(self, doc: "Document") -> "Article":
        """Extract the article from one document."""


class DocumentStage(ABC):
    name: ClassVar[str] = "document-stage"

    @abstractmethod
    def __call__(self, article: "Article") -> "Article":
        """Enrich one article (in place is fine) and return it."""
