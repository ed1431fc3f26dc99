"""On real ECB+ topics (two events of one kind each), the grouper keeps the two events apart."""
import json
from collections import Counter, defaultdict

from newsmill.article import Article
from newsmill.describe import Describer
from newsmill.stage import CorpusContext
from newsmill.stories import StoryGrouper

TOPICS = {1, 3, 4, 7}  # rehab check-ins, jail deaths, beauty pageants / obituaries, boxing bouts


def test_same_kind_events_stay_apart(shared):
    records = []
    with open(shared / "bench" / "stories" / "ecbplus" / "dev.jsonl", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record["topic"] in TOPICS:
                records.append(record)
    describer = Describer()
    articles = []
    for n, record in enumerate(records):
        lines = [l for l in record["text"].split("\n") if l.strip()]
        articles.append(describer(Article(id=f"doc{n}", source_path="ecbplus", title=lines[0], body=lines[1:])))
    StoryGrouper().run(articles, CorpusContext())
    members = defaultdict(Counter)
    for article, record in zip(articles, records):
        members[article.story_id][record["story"]] += 1
    assert all(len(events) == 1 for events in members.values()), list(members.values())
    for event, size in Counter(r["story"] for r in records).items():
        largest = max(events[event] for events in members.values())
        assert largest >= size / 2, event
