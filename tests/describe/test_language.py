"""Language codes: ISO 639-1 where one exists, None when the text is too short to tell."""
from __future__ import annotations

import re

import pytest

from newsmill.describe.language import detect_language, iso_639_1, plainly_english



def test_a_headline_alone_is_too_short_to_tell():
    assert detect_language("Council backs the tram plan") is None
    assert detect_language("") is None


@pytest.mark.parametrize(("text", "code"), [
    ("The city council voted on Tuesday to expand the tram network across the river, officials said.", "en"),
    ("Der Stadtrat hat am Dienstag beschlossen, das Straßenbahnnetz über den Fluss hinaus zu erweitern.", "de"),
    ("国务院总理主持召开国务院常务会议，部署进一步做好稳就业工作，确定支持小微企业发展的措施。", "zh"),
])
def test_enough_text_names_its_language(text, code):
    assert detect_language(text) == code


def test_codes_outside_iso_639_1_map_to_their_language_or_none():
    assert iso_639_1("wuu") == "zh" and iso_639_1("arz") == "ar" and iso_639_1("uzs") == "uz"
    assert iso_639_1("pcm") is None and iso_639_1("zxx") is None and iso_639_1("ace") is None
    assert iso_639_1("en") == "en"


def test_every_code_py3langid_can_give_is_two_letters_or_none():
    import py3langid.langid as langid
    identifier = langid._get_identifier()  # noqa: SLF001 - the shipped model's label set
    for code in identifier.nb_classes:
        mapped = iso_639_1(code)
        assert mapped is None or re.fullmatch(r"[a-z]{2}", mapped), code


ENGLISH = ("South Dakota governor doubles down on the anti-drug campaign. The state said on Monday that it would keep "
           "the slogan, which was criticised by many who saw the ads, and that the campaign had done what it was for.")


def test_plain_english_is_named_by_its_stop_words_where_py3langid_guesses_another_language():
    import py3langid
    assert plainly_english(ENGLISH[:300]) and detect_language(ENGLISH) == "en"
    page = ("South Dakota governor doubles down on 'meth, we're on it' anti-drug campaign\nSouth Dakota Gov. Kristi "
            "NoemKristi Lynn NoemSouth Dakota governor doubles down on 'meth, we're on it' anti-drug campaign South "
            "Dakota drops pipeline protest laws after lawsuit New South Dakota law requiring 'In God We Trust' signs "
            "in schools")   # a page of the extraction benchmark, as extracted
    assert py3langid.classify(page[:300])[0] == "pcm"   # the model alone: Nigerian Pidgin (no ISO 639-1 code)
    assert detect_language(page) == "en"


@pytest.mark.parametrize("text", [
    # Dutch and Afrikaans share English words ("in", "is", "die"): their own lists outnumber them
    "De gemeenteraad heeft op dinsdag gezegd dat het nieuwe tramnetwerk wordt goedgekeurd, dat de binnenstad met de "
    "luchthaven en de haven zal verbinden, volgens ambtenaren die met verslaggevers spraken over het plan.",
    "Die stadsraad het op Dinsdag gesê dat die nuwe tremnetwerk goedgekeur is en dat dit die middestad met die "
    "lughawe en die hawe sal verbind, volgens amptenare wat met verslaggewers gepraat het oor die plan.",
    # English words with accented letters: left to the model
    "The café on the corner said on Tuesday that it would reopen after the works, and that the owners were "
    "pleased with the new façade, which the council had paid for and which was finished in the spring.",
    "Too few words to tell from stop words alone, even if they are the and of a to in.",
])
def test_other_languages_accents_and_short_samples_are_left_to_the_model(text):
    assert not plainly_english(text[:300])
