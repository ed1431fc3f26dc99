"""Where the dedup stage keeps its index between runs: `stage_state` rows, and group queries on `articles`."""
from __future__ import annotations

import json

from ..dedup.index import SketchIndex
from ..dedup.templates import SiteTemplates
from .sqlite import Store

STAGE = "dedup"


def load_dedup_state(store: Store) -> tuple[SketchIndex, SiteTemplates]:
    """The stored index and site templates, or empty ones for a new store."""
    blob, ids, templates = (store.get_state(STAGE, key) for key in ("index", "ids", "templates"))
    if blob is None or ids is None:
        return SketchIndex(), SiteTemplates()
    index = SketchIndex.from_bytes(bytes(blob), json.loads(bytes(ids).decode("utf-8")))
    return index, SiteTemplates.from_json(bytes(templates).decode("utf-8")) if templates else SiteTemplates()


def save_dedup_state(store: Store, index: SketchIndex, templates: SiteTemplates) -> None:
    store.set_state(STAGE, "index", index.to_bytes())
    store.set_state(STAGE, "ids", json.dumps(index.ids, ensure_ascii=False).encode("utf-8"))
    store.set_state(STAGE, "templates", templates.to_json().encode("utf-8"))


def stored_canonical(store: Store, article_id: str) -> str | None:
    """The canonical a stored article points to (None: it is a canonical or not stored)."""
    row = store.db.execute("SELECT duplicate_of FROM articles WHERE id = ?", (article_id,)).fetchone()
    return row[0] if row else None


def stored_copies(store: Store, canonical_id: str) -> list[str]:
    """Ids of the stored articles whose canonical is `canonical_id`."""
    return [r[0] for r in store.db.execute("SELECT id FROM articles WHERE duplicate_of = ? ORDER BY seq",
                                           (canonical_id,))]
