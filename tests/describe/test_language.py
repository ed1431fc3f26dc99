"""Language codes: ISO 639-1 where one exists, None when the text is too short to tell."""
from __future__ import annotations

import re

import pytest

from newsmill.describe.language import detect_language, iso_639_1



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
