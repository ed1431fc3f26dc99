"""Entities in any script: whole names with diacritics, possessives split off, German nouns and headlines
not taken for names, one canonical form per document."""
from newsmill.describe.entities import find_entities


def found(paragraphs):
    return {e.text: (e.label, e.count) for e in find_entities(paragraphs)}


def test_names_keep_their_letters_whatever_the_script():
    names = found(["Recep Tayyip Erdoğan met Spain's José Luis Rodríguez Zapatero in Ankara.",
                   "Иван Петров told reporters that Zoë Saldaña and Søren Kierkegaard were there.",
                   "The shop on Mariahilfer Straße closed."])
    assert names["Recep Tayyip Erdoğan"][0] == "PERSON"
    assert "José Luis Rodríguez Zapatero" in names and names["Spain"][0] == "PLACE"
    assert "Иван Петров" in names and "Zoë Saldaña" in names and "Søren Kierkegaard" in names
    assert names["Mariahilfer Straße"][0] == "PLACE"
    assert not any(name.endswith(("Erdo", "Jos", "Stra")) for name in names)


def test_german_sentence_words_and_nouns_are_not_entities():
    names = found(["Die Regierung sagte am Montag, dass die Polizei nicht mit der Stadt spricht.",
                   "Das ist eine Frage, und Es bleibt schwierig. Angela Merkel wird in Berlin sein, sagte Merkel."])
    assert "Das" not in names and "Die" not in names and "Es" not in names and "Regierung" not in names
    assert "Polizei" not in names and "Frage" not in names
    assert names["Angela Merkel"] == ("PERSON", 2) and names["Berlin"][0] == "PLACE"


def test_a_title_cased_headline_is_not_a_person():
    names = found(["Moscow ‘Satisfied’ With Karabakh Truce Implemenation",
                   "Russian Foreign Minister Sergei Lavrov said on Monday that Moscow is satisfied."])
    assert [name for name, (label, _) in names.items() if label == "PERSON"] == ["Sergei Lavrov"]


def test_one_canonical_form_per_document_and_initials_inside_names():
    names = found(["Russian Foreign Minister Sergei Lavrov met Ronald R. Fieldstone.",
                   "Lavrov said the talks went well. Fieldstone agreed, Lavrov added."])
    assert names["Sergei Lavrov"] == ("PERSON", 3) and "Lavrov" not in names
    assert "Ronald R. Fieldstone" in names


def test_an_organisation_keeps_the_words_that_look_like_titles():
    assert found(["The Interior Ministry said the roads were open."])["Interior Ministry"][0] == "ORG"
