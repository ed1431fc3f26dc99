"""Hand-written paragraphs for each language and each attribution pattern: who said it, as written and resolved."""
import pytest

from newsmill.article import Article
from newsmill.quotes import QuoteFinder, find_quotes


def said(paragraphs):
    return [(q.text, q.speaker) for q in find_quotes(paragraphs)]


@pytest.mark.parametrize("paragraphs, text, speaker, mention", [
    # speaker after the quote, inverted, apposition with an age
    (["“We waited too long,” said resident John Smith, 54."], "We waited too long", "John Smith",
     "resident John Smith"),
    (["“We are ready,” Lavrov told reporters after the talks."], "We are ready", "Lavrov", "Lavrov"),
    (["“Turkey must withdraw,” added Lavrov."], "Turkey must withdraw", "Lavrov", "Lavrov"),
    # role before the name, speaker before the quote
    (["Kremlin spokesman Dmitry Peskov said the agreement is “extremely important” for peace."],
     "extremely important", "Dmitry Peskov", "Kremlin spokesman Dmitry Peskov"),
    (["“The storm is moving east,” says CNN meteorologist Chad Myers."], "The storm is moving east", "Chad Myers",
     "CNN meteorologist Chad Myers"),
    (["And Ava Jones said: “This is not over.”"], "This is not over.", "Ava Jones", "Ava Jones"),
    (["Lavrov said that “In all the agreements, the parties agreed on a link.”"],
     "In all the agreements, the parties agreed on a link.", "Lavrov", "Lavrov"),
    # according to, in a statement, an apposition between speaker and verb, a party in brackets
    (["According to Lavrov, Moscow is “ready to help both sides.”"], "ready to help both sides.", "Lavrov", "Lavrov"),
    (["The Interior Ministry said in a statement that “order has been restored.”"], "order has been restored.",
     "Interior Ministry", "The Interior Ministry"),
    (["“It is an invasion,” Scott Pruitt, the attorney general of Oklahoma, said at an event."],
     "It is an invasion", "Scott Pruitt", "Scott Pruitt"),
    (["“This is a disgusting day,” said Rep. G.K. Butterfield (D-N.C.), head of the caucus."],
     "This is a disgusting day", "G.K. Butterfield", "Rep. G.K. Butterfield (D-N.C.)"),
    (["During a speech, Trump attacked Clinton on Iraq, saying, “She's trigger-happy.”"], "She's trigger-happy.",
     "Trump", "Trump"),
    (["“Why aren’t we ahead?” Clinton said."], "Why aren’t we ahead?", "Clinton", "Clinton"),
    (["“Vote for change.” ― Pamela Padilla."], "Vote for change.", "Pamela Padilla", "Pamela Padilla"),
])
def test_english_patterns(paragraphs, text, speaker, mention):
    quote = next(q for q in find_quotes(paragraphs) if q.text == text)
    assert (quote.speaker, quote.speaker_mention) == (speaker, mention)
    assert paragraphs[quote.paragraph][quote.start: quote.end] == text


@pytest.mark.parametrize("paragraphs, speaker", [
    (["„Wir stehen an der Seite der Ukraine“, sagte Bundeskanzler Olaf Scholz."], "Olaf Scholz"),
    (["Die Ministerin Annalena Baerbock reiste nach Paris. „Wir müssen reden“, sagte Baerbock."], "Annalena Baerbock"),
    (["« Nous avons attendu trop longtemps », a déclaré le maire Jean Dupont."], "Jean Dupont"),
    (["Le président Emmanuel Macron a dit : « La France ne cédera pas. »"], "Emmanuel Macron"),
    (["«No vamos a rendirnos», dijo el presidente Pedro Sánchez."], "Pedro Sánchez"),
    (["“Es un día histórico”, afirmó la ministra Yolanda Díaz."], "Yolanda Díaz"),
    (["«Siamo pronti a collaborare», ha detto il premier Mario Draghi."], "Mario Draghi"),
    (["“Vamos reconstruir a cidade”, disse o prefeito Eduardo Paes."], "Eduardo Paes"),
    (["«Мы долго ждали», — сказал Иван Петров."], "Иван Петров"),
    (["Министр Сергей Лавров провел переговоры. «Мы удовлетворены», — заявил Лавров."], "Сергей Лавров"),
])
def test_each_language(paragraphs, speaker):
    assert [q.speaker for q in find_quotes(paragraphs)] == [speaker]


def test_pronouns_follow_the_subject_not_the_last_name_mentioned():
    found = said([
        "“We are satisfied,” Sergei Lavrov said after talks with his visiting counterpart, Ara Ayvazian.",
        "“There is progress,” he told reporters.",
        "Ayvazian also stressed the importance of the exchange. “We hope there will be no obstacles,” he said.",
        "Angela Merkel met workers in Berlin.",
        "“This is a good day,” she said.",
    ])
    assert [speaker for _, speaker in found] == ["Sergei Lavrov", "Sergei Lavrov", "Ara Ayvazian", "Angela Merkel"]


def test_a_pronoun_skips_a_person_whose_pronouns_differ():
    found = said(["Hillary Clinton said she would win. Her rival Donald Trump said he would win.",
                  "“I am ready for the debate,” she said."])
    assert found == [("I am ready for the debate", "Hillary Clinton")]


def test_roles_resolve_to_the_person_named_with_them():
    found = said([
        "Mayor Jane Doe and Russian Foreign Minister Sergei Lavrov met in Moscow.",
        "“We will rebuild,” the mayor said.",
        "“The ceasefire holds,” the Russian Foreign Minister said.",
        "“We are fine,” a source said.",
    ])
    assert found == [("We will rebuild", "Jane Doe"), ("The ceasefire holds", "Sergei Lavrov"), ("We are fine", None)]


def test_it_and_the_ministry_resolve_to_the_organisation():
    found = said([
        "The agreement is being implemented, said a Russian Foreign Ministry statement.",
        "Peacekeepers are making “a significant contribution to stability,” the statement added.",
        "“We continue to make efforts,” it said.",
        "“We are ready to help,” the ministry said.",
    ])
    assert {speaker for _, speaker in found} == {"Russian Foreign Ministry"}
    assert len(found) == 3


def test_a_quote_over_several_paragraphs_takes_the_speaker_of_its_end():
    found = said(["“We are ready to talk with everyone who wants peace in the region.",
                  "“But we will not accept threats,” Peskov said."])
    assert found == [("We are ready to talk with everyone who wants peace in the region.", "Peskov"),
                     ("But we will not accept threats", "Peskov")]


def test_a_second_quote_without_a_cue_keeps_the_speaker():
    found = said(["“There is progress,” Lavrov told reporters. “But more must be done.”"])
    assert found == [("There is progress", "Lavrov"), ("But more must be done.", "Lavrov")]


def test_names_titles_and_scare_quotes_are_not_quotes():
    assert said(["Azerbaijan launched an operation, later dubbed “Iron Fist,” which ended the war."]) == []
    assert said(["He told Fox's “Fox and Friends” that the plan works."]) == []
    assert said(["Critics say the so-called “reform” changes nothing."]) == []


def test_kinds():
    quotes = find_quotes(["Lavrov said Moscow would seek a “quick completion” of the exchange.",
                          "“We are satisfied,” Lavrov said."])
    assert [q.kind for q in quotes] == ["partial", "direct"]


def test_the_stage_reads_the_body_only():
    article = Article(id="a", source_path="a", body=["“We waited too long,” said resident John Smith."],
                      captions=["“Help us,” said a sign held by Jane Roe."],
                      comments=["“Great article,” wrote reader Max Mustermann."])
    assert [q.speaker for q in QuoteFinder()(article).quotes] == ["John Smith"]


def test_german_nouns_are_not_speakers():
    found = said(["Die Gedenkfeier fand am Montag statt, und die Schüler hörten der Frau mit großer Spannung zu.",
                  "„Ich habe die grauenhafte Zeit erlebt“, sagte die Holocaust-Überlebende Inge Auerbacher.",
                  "„Das ist nicht vorbei“, sagte der Oberst."])
    assert found == [("Ich habe die grauenhafte Zeit erlebt", "Inge Auerbacher"), ("Das ist nicht vorbei", None)]
