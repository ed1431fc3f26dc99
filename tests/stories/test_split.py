"""The who-did-what split: a story whose articles lead with two rival people becomes two stories."""
from collections import Counter, defaultdict

from newsmill.article import Article
from newsmill.steps import CorpusContext
from newsmill.stories import StoryGrouper
from newsmill.stories.grouper import Grouping, StoryState, story_id_for
from newsmill.stories.signals import signals_for
from newsmill.stories.split import lead_people, rival_leads, split_mixed_stories
from newsmill.engine.memory import run_step

from .test_ecbplus import ecbplus_articles


def forced_into_one_story(articles) -> Grouping:
    """A grouping whose single pass put every article into one story (join threshold far below any score)."""
    grouper = StoryGrouper(threshold=-100.0).grouping()
    signals = [signals_for(a) for a in articles]
    for item in signals:
        grouper.df.add(item.terms)
    for article, item in zip(articles, signals):
        grouper.place(article, item)
    assert {item.story for item in grouper.placed} == {0}
    return grouper


def test_a_mixed_story_splits_along_its_two_events(shared):
    records, articles = ecbplus_articles(shared, {25})   # Saints put Reggie Bush, then Pierre Thomas, on IR
    grouper = forced_into_one_story(articles)
    assert rival_leads(grouper.placed) == ("bush", "thomas")
    assert split_mixed_stories(grouper, grouper.placed, 0, story_id_for) == 1
    events = defaultdict(Counter)
    for item, record in zip(grouper.placed, records):
        events[item.story][record["story"]] += 1
    assert len(events) == 2
    purity = sum(max(c.values()) for c in events.values()) / len(records)
    assert purity >= 0.9, dict(events)
    assert (0, 1) in grouper.apart and grouper._split(1, 0)
    assert sorted(s.size for s in grouper.stories) == sorted(sum(c.values()) for c in events.values())


def test_one_event_led_by_the_same_people_is_not_split(shared):
    records, articles = ecbplus_articles(shared, {1})   # 1a: Tara Reid's rehab check-in only
    articles = [a for a, r in zip(articles, records) if r["story"] == "1a"]
    grouper = forced_into_one_story(articles)
    assert rival_leads(grouper.placed) is None
    assert split_mixed_stories(grouper, grouper.placed, 0, story_id_for) == 0 and len(grouper.stories) == 1


def test_lead_people_are_those_named_in_the_headline_or_first_sentence():
    article = Article(id="x", source_path="x", title="Chargers' Jamal Williams arrested on DUI suspicion",
                      body=["San Diego defensive tackle Jamal Williams was arrested early Sunday.",
                            "Coach Norv Turner said the team was aware of the arrest."])
    grouper = forced_into_one_story([article])
    assert "turner" in grouper.placed[0].signals.people
    assert lead_people(grouper.placed[0]) == {"williams"}


def test_split_stories_stay_apart_through_the_whole_run(shared):
    records, articles = ecbplus_articles(shared, {7, 25, 35})   # one cast, two events, in each topic
    run_step(StoryGrouper(), articles, CorpusContext())
    members = defaultdict(Counter)
    for article, record in zip(articles, records):
        members[article.story_id][record["story"]] += 1
    mixed = [dict(c) for c in members.values() if len(c) > 1 and min(c.values()) > 1]
    assert not mixed
    for event, size in Counter(r["story"] for r in records).items():
        assert max(c[event] for c in members.values()) >= 0.8 * size, event


def test_split_pairs_survive_the_stored_state(shared):
    """--append loads the grouper's state: the halves of a split must still never be merged."""
    _, articles = ecbplus_articles(shared, {35})   # Vincent Jackson's and Jamal Williams's DUI arrests
    grouper = forced_into_one_story(articles)
    assert split_mixed_stories(grouper, grouper.placed, 0, story_id_for) >= 1
    grouper.state.flush()
    stored = StoryState.from_bytes(grouper.state.to_bytes())
    stored.attach(grouper.state.stories.parts)
    reloaded = StoryGrouper().grouping(stored)
    assert reloaded.apart == grouper.apart and reloaded._split(1, 0)
    assert [s.size for s in reloaded.stories] == [s.size for s in grouper.stories]


def test_fragment_merging_never_rejoins_split_halves(shared):
    from dataclasses import replace

    _, articles = ecbplus_articles(shared, {7})   # Klitschko against Rahman, then against Thompson
    grouper = forced_into_one_story(articles)
    assert split_mixed_stories(grouper, grouper.placed, 0, story_id_for) == 1
    grouper.model = replace(grouper.model, merge_threshold=0.0)   # any two alike stories would merge
    grouper.merge_fragments(0)
    assert not grouper.merged
    grouper.apart.clear()
    grouper.merge_fragments(0)
    assert grouper.merged == {1: 0}
