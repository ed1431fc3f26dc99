"""The step contract every engine runs: per-document steps, and corpus steps split into features/learn/apply.

- A `DocumentStage` (stage.py) maps one Article to one Article and holds no corpus state.
- A `CorpusStep` needs the corpus. It is three pure functions around a typed, versioned `State`:
  `features(states, articles)` — compact per-document features (runs per document, in any worker);
  `learn(state, features, recall)` — the new state from the run's features (runs once, centrally);
  `apply(state, article)` — the article annotated from the learned state (runs per document, anywhere).
  The step object holds configuration only (models, thresholds): nothing survives on it between runs.
- Engines load and save every state through one store API (`StateStore`); no step touches a store.
  A large state is a `PartedState`: a head plus parts the store reads on demand and writes when changed.

`features` takes a list only so numpy work can be batched; its result for one article never depends
on the others in the list. Ties inside `learn` are broken canonically (input order of the run, then
document number), never by the order in which workers finished.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, ClassVar, Generic, Mapping, MutableMapping, Protocol, TypeVar

if TYPE_CHECKING:
    from .article import Article


class State(ABC):
    """A corpus step's learned state: typed, versioned, serialisable."""

    NAME: ClassVar[str]
    VERSION: ClassVar[int]

    @abstractmethod
    def to_bytes(self) -> bytes:
        """The state as stored by the engine."""

    @classmethod
    @abstractmethod
    def from_bytes(cls, blob: bytes) -> "State":
        """The state back from `to_bytes` (same VERSION only; the engine checks)."""


class PartedState(State):
    """A state too large to read or write whole: a small head (`to_bytes`) plus parts by number.

    The parts live in a mapping the engine attaches (the store's, read on demand and written as they
    change), so a run reads the parts it looks at and writes the parts it changed, not the whole state.
    """

    @abstractmethod
    def attach(self, parts: MutableMapping[int, bytes]) -> None:
        """Keep parts in `parts` from now on (the state's own in-memory parts move there)."""

    @abstractmethod
    def detach(self) -> None:
        """Let go of the attached mapping without reading it (a forked copy of the state must not use its
        parent's store); parts already held in memory are kept, and `attach` gives a new home."""

    @abstractmethod
    def flush(self) -> None:
        """Write every changed part to the attached mapping (before the head is saved)."""


S = TypeVar("S", bound=State)
F = TypeVar("F")

# Features of stored articles by id, recomputed by the engine from the store (a corpus step's second look).
Recall = Callable[[list[str]], dict[str, F]]


@dataclass
class Touched:
    """Stored articles whose `apply` result may have changed with the new state: by id, or all of some sites."""

    ids: set[str] = field(default_factory=set)
    sites: set[str] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.ids or self.sites)

    def update(self, other: "Touched") -> None:
        self.ids |= other.ids
        self.sites |= other.sites


@dataclass
class Learned(Generic[S]):
    """What `learn` returns: the new state, and which stored articles it may change."""

    state: S
    touched: Touched = field(default_factory=Touched)


class CorpusStep(ABC, Generic[S, F]):
    """A step that learns from the whole corpus; see the module docstring for the contract."""

    name: ClassVar[str]
    state_type: ClassVar[type[State]]
    # `apply` sets only `story_id`, `thread_id` and `extra`, never the text or its parts: an engine may store the
    # article before this step's state is learned and annotate it after (engine/outputs.py, `RunOutputs.prewrite`)
    keeps_text: ClassVar[bool] = False

    @abstractmethod
    def new_state(self) -> S:
        """The state of an empty corpus."""

    @abstractmethod
    def features(self, states: Mapping[str, State], articles: list["Article"], recalled: bool = False) -> list[F]:
        """Compact features of each article (None for one the step ignores); may read earlier steps' states.

        `recalled`: the features a second look needs for articles `learn` asks for by id (may be fuller)."""

    @abstractmethod
    def learn(self, state: S, features: list[F], recall: Recall) -> Learned[S]:
        """The state after this run's features (in run order); never mutates the articles."""

    @abstractmethod
    def apply(self, state: S, article: "Article") -> "Article":
        """Annotate one article from the learned state (idempotent: applying twice changes nothing more)."""


class StateStore(Protocol):
    """Where an engine keeps states between runs (the SQLite store implements it)."""

    def load_state(self, state_type: type[S]) -> S | None: ...

    def save_state(self, state: State) -> None: ...

    def state_parts(self, name: str, *, fresh: bool) -> MutableMapping[int, bytes]: ...


@dataclass
class CorpusContext:
    """States for an in-memory run: loaded from and saved to `store` when one is given."""

    store: "object | None" = None
    states: dict[str, State] = field(default_factory=dict)


def load_states(steps: list[CorpusStep], store: StateStore | None) -> tuple[dict[str, State], list[CorpusStep]]:
    """Each step's stored state, and the steps that had none (or one of another version): they start empty."""
    states: dict[str, State] = {}
    missing: list[CorpusStep] = []
    for step in steps:
        loaded = store.load_state(step.state_type) if store is not None else None
        if loaded is None:
            missing.append(step)
        state = states[step.name] = loaded if loaded is not None else step.new_state()
        if isinstance(state, PartedState) and store is not None:
            state.attach(store.state_parts(state.NAME, fresh=loaded is None))
    return states, missing

