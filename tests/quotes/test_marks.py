"""Quoted spans for every mark convention of the crawl, unclosed quotes, and apostrophes that are not quotes."""
import pytest

from newsmill.quotes.marks import find_spans


def texts(paragraph):
    return [paragraph[s.start: s.end] for s in find_spans(paragraph)]


@pytest.mark.parametrize("paragraph, expected", [
    ("“We waited too long,” he said.", ["We waited too long"]),
    ('"We waited too long," he said.', ["We waited too long"]),
    ("„Wir haben zu lange gewartet“, sagte sie.", ["Wir haben zu lange gewartet"]),
    ("„Czekaliśmy zbyt długo” – powiedział.", ["Czekaliśmy zbyt długo"]),
    ("« Nous avons trop attendu », a-t-il dit.", ["Nous avons trop attendu"]),
    ("»Wir haben zu lange gewartet«, sagte er.", ["Wir haben zu lange gewartet"]),
    ("«Мы долго ждали», — сказал Иван Петров.", ["Мы долго ждали"]),
    ("‚Wir warten‘, sagte er.", ["Wir warten"]),
    ("‹Nous attendons›, dit-il.", ["Nous attendons"]),
    ("「準備はできている」と述べた。", ["準備はできている"]),
    ("『準備はできている』と述べた。", ["準備はできている"]),
    ("‘We waited too long,’ said resident John Smith.", ["We waited too long"]),
    ("'We waited,' he said.", ["We waited"]),
    ("“Immunity deals should stop,\" Chaffetz said.", ["Immunity deals should stop"]),
    ("“It's unusual,“ said Larry Noble.", ["It's unusual"]),
    ("He called it “abhorrent“ in a tweet.", ["abhorrent"]),
    ("ruling.\u00a0“This has to stop,” Husted said.", ["This has to stop"]),
])
def test_every_mark_convention(paragraph, expected):
    assert texts(paragraph) == expected


def test_apostrophes_are_not_quotes():
    assert texts("It wasn’t the first time Smith’s house flooded, the Joneses’ neighbours said.") == []
    assert texts("Rock 'n' roll isn't dead, he said.") == []


def test_an_unclosed_quote_runs_to_the_paragraph_end():
    spans = find_spans("“We are also ready to promote dialogue between the peoples.")
    assert len(spans) == 1 and spans[0].close_at is None
    assert "peoples." in texts("“We are also ready to promote dialogue between the peoples.")[0]


def test_a_closing_mark_used_as_an_opener_opens_nothing():
    assert texts("the Armenian side submitted these lists ”not all at once and not in full.”") == []


def test_offsets_point_into_the_paragraph_and_two_quotes_stay_apart():
    paragraph = "“There is progress,” he told reporters. “But we are interested in more.”"
    spans = find_spans(paragraph)
    assert [paragraph[s.start: s.end] for s in spans] == ["There is progress", "But we are interested in more."]
    assert paragraph[spans[0].open_at] == "“" and paragraph[spans[1].close_at] == "”"
