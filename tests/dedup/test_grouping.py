"""Grouping: contained copies join their best container, hub pages chain nothing, kinds."""
from newsmill.dedup.grouping import Pair, group_pairs, relation


def test_contained_copies_join_their_container():
    uf = group_pairs([Pair(0, 1, 0.5, 1.0, 0.5), Pair(1, 2, 0.95, 0.97, 0.97)])
    assert uf.find(0) == uf.find(1) == uf.find(2)


def test_roundup_holding_two_unrelated_texts_is_a_hub():
    # 3 holds all of 0 and all of 1; 0 and 1 share nothing: 3 must not join them
    uf = group_pairs([Pair(0, 3, 0.3, 1.0, 0.3), Pair(1, 3, 0.3, 1.0, 0.3)])
    assert len({uf.find(0), uf.find(1), uf.find(3)}) == 3


def test_text_in_two_containers_joins_only_the_better_one():
    uf = group_pairs([Pair(0, 1, 0.6, 0.95, 0.6), Pair(0, 2, 0.2, 0.8, 0.2)])
    assert uf.find(0) == uf.find(1) and uf.find(2) != uf.find(0)


def test_relation_kinds():
    assert relation(0.92, 1.0, 0.92)[0] == "contained"
    assert relation(0.97, 0.98, 0.99)[0] == "near"
    assert relation(0.6, 0.75, 0.76)[0] == "update"
    assert relation(0.3, 0.8, 0.3) == ("contained", 0.8)


def test_an_article_holding_its_teaser_and_its_body_without_lede_is_no_hub():
    # 0 = teaser (first paragraphs), 1 = body without lede: they barely overlap, both inside the full page 2
    uf = group_pairs([Pair(0, 2, 0.4, 0.95, 0.6), Pair(1, 2, 0.6, 1.0, 0.6)], overlap_of=lambda a, b: (0.05, 0.1, 0.1))
    assert uf.find(0) == uf.find(1) == uf.find(2)


def test_roundup_whose_parts_stand_in_other_pages_joins_nothing():
    # 4 is a roundup holding 0 (inside article page 2) and 1 (inside article page 3), each most of the roundup
    pairs = [Pair(0, 4, 0.55, 1.0, 0.55), Pair(1, 4, 0.5, 1.0, 0.5), Pair(0, 2, 0.3, 1.0, 0.3), Pair(1, 3, 0.3, 1.0, 0.3)]
    uf = group_pairs(pairs, overlap_of=lambda a, b: (0.0, 0.0, 0.0))
    assert uf.find(0) == uf.find(2) and uf.find(1) == uf.find(3) and uf.find(0) != uf.find(1)
    assert uf.find(4) not in (uf.find(0), uf.find(1))
