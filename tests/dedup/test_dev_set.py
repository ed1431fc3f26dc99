"""The dedup stage on the workplace's labelled crawl variants: hard negatives stay alone, copies join."""
import json
from collections import Counter

from benchmarks.dedup_tools import as_articles
from newsmill.engine.memory import find_copies


def test_dev_set_negatives_stay_alone_and_copies_join(shared):
    path = shared / "bench" / "dedup" / "wikinews-crawlvariants" / "docs.jsonl"
    docs = [json.loads(line) for line in path.open(encoding="utf-8")]
    articles = as_articles([d["text"] for d in docs])
    find_copies(articles)
    by_id = {a.id: i for i, a in enumerate(articles)}
    group = [by_id[a.duplicate_of] if a.duplicate_of else i for i, a in enumerate(articles)]
    sizes = Counter(group)
    for doc, g in zip(docs, group):
        if doc["variant"].startswith("neg_") or doc["variant"] == "singleton":
            assert sizes[g] == 1, doc["id"]  # template briefs and roundups are copies of nothing
    # no group mixes two gold clusters
    clusters: dict[int, set[str]] = {}
    for doc, g in zip(docs, group):
        clusters.setdefault(g, set()).add(doc["cluster"])
    assert all(len(c) == 1 for c in clusters.values())
    linked = sum(1 for a in articles if a.duplicate_of)
    copies = sum(1 for d in docs if not d["variant"].startswith("neg_") and d["variant"] != "singleton")
    assert linked >= copies - len({d["cluster"] for d in docs if d["variant"] not in ("singleton",)}) - 10
    # the canonical is a whole article whenever the group has one, never a teaser or a lede-less body
    whole = {"full_page", "syndicated", "noisy_reformat"}
    for g, members in clusters.items():
        variants = {docs[i]["variant"] for i, x in enumerate(group) if x == g}
        if variants & whole:
            assert docs[g]["variant"] not in ("truncated_teaser", "lede_dropped"), (docs[g]["id"], variants)
    kinds = Counter(a.dup_kind for a in articles if a.dup_kind)
    assert set(kinds) <= {"exact", "near", "contained", "update"} and kinds["contained"] and kinds["update"]
