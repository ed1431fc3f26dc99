"""On real ECB+ topics (two events of one kind each), the grouper keeps the two events apart."""
import json
from collections import Counter, defaultdict

from newsmill.article import Article
from newsmill.describe import Describer
from newsmill.steps import CorpusContext
from newsmill.stories import StoryGrouper
from newsmill.engine.memory import run_step

TOPICS = {1, 3, 4, 7}  # rehab check-ins, jail deaths, beauty pageants / obituaries, boxing bouts


def ecbplus_articles(shared, topics) -> tuple[list[dict], list[Article]]:
    """The ECB+ records of `topics` and their described articles (first line = title)."""
    records = []
    with open(shared / "bench" / "stories" / "ecbplus" / "dev.jsonl", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record["topic"] in topics:
                records.append(record)
    describer = Describer()
    articles = []
    for n, record in enumerate(records):
        lines = [l for l in record["text"].split("\n") if l.strip()]
        articles.append(describer(Article(id=f"doc{n}", source_path="ecbplus", title=lines[0], body=lines[1:])))
    return records, articles


def test_same_kind_events_stay_apart(shared):
    records, articles = ecbplus_articles(shared, TOPICS)
    run_step(StoryGrouper(), articles, CorpusContext())
    members = defaultdict(Counter)
    for article, record in zip(articles, records):
        members[article.story_id][record["story"]] += 1
    assert all(len(events) == 1 for events in members.values()), list(members.values())
    for event, size in Counter(r["story"] for r in records).items():
        largest = max(events[event] for events in members.values())
        assert largest >= size / 2, event


def test_second_look_never_moves_stored_articles(shared, tmp_path):
    """With --append, the end-of-run second look moves only this run's articles among this run's stories."""
    from newsmill.stories.signals import signals_for
    from newsmill.stories.refine import reassign
    from newsmill.store import Store

    _, articles = ecbplus_articles(shared, (9, 10))   # two topics whose events share their cast: articles do move
    whole = StoryGrouper().grouping()
    copies = [Article.from_dict(a.to_dict()) for a in articles]
    signals = [signals_for(a) for a in copies]
    for item in signals:
        whole.df.add(item.terms)
    for article, item in zip(copies, signals):
        whole.place(article, item)
    whole.reattach_singles(whole.singles)
    assert reassign(whole, whole.placed, 0) > 0       # on these topics the second look does move articles
    first, second = articles[::2], articles[1::2]
    with Store(tmp_path / "s.sqlite") as store:
        state = run_step(StoryGrouper(), first, CorpusContext(store=store))
        stored = {a.id: a.story_id for a in first}
        sizes = {s.story_id: s.size for n, s in enumerate(state.stories) if n not in state.merged}
        later = StoryGrouper().grouping(run_step(StoryGrouper(), second, CorpusContext(store=store)))
    numbers = {story_id: n for n, story_id in enumerate(later.stories.story_ids())}
    assert all(later.stories[numbers[sid]].size >= size for sid, size in sizes.items())
    assert all(a.story_id for a in second) and stored == {a.id: a.story_id for a in first}
    assert reassign(later, [], len(later.stories)) == 0
