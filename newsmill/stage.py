"""The small base classes every stage derives from, one per stage kind.

- `Extractor`: a Document (raw page) becomes an Article.
- `DocumentStage`: an Article in, the same Article enriched out; runs per document,
  in any process, so it holds no corpus state.
- `CorpusStage`: needs every article at once (dedup, stories); reads earlier runs'
  state from the store so `--append` works without recomputing the corpus.

A stage that cannot handle its input raises `StageError` with a reason; the engine
quarantines that document and carries on.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from .article import Article
    from .readers.document import Document
    from .store.sqlite import Store


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


@dataclass
class CorpusContext:
    """What a corpus stage may use besides the new articles: the store of earlier runs.

    A stage that changes an article stored by an earlier run (a new copy becomes
    canonical, say) puts it in `updated` so the engine writes it back.
    """

    store: "Store | None" = None
    updated: dict[str, "Article"] = field(default_factory=dict)


class CorpusStage(ABC):
    name: ClassVar[str] = "corpus-stage"

    @abstractmethod
    def run(self, articles: list["Article"], context: CorpusContext) -> None:
        """Annotate `articles` (in input order) in place."""
