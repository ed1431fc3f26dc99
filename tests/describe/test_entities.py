"""Entity rules on real sentences: titles, gazetteer places, organisations, surnames linked to full names."""
from newsmill.describe.entities import find_entities


def labels(paragraphs):
    return {e.text: (e.label, e.count) for e in find_entities(paragraphs)}


def test_titles_gazetteer_and_surnames():
    found = labels([
        "Russian Foreign Minister Sergei Lavrov said on Monday that Moscow will help Armenia and Azerbaijan.",
        "Lavrov spoke after talks in Yerevan with the Armenian Foreign Ministry.",
        "The OSCE Minsk Group has resumed contacts, Lavrov said.",
    ])
    assert found["Sergei Lavrov"] == ("PERSON", 3)
    assert found["Moscow"][0] == found["Armenia"][0] == found["Yerevan"][0] == "PLACE"
    assert found["Armenian Foreign Ministry"][0] == "ORG"
    assert "Monday" not in found and "Lavrov" not in found


def test_people_places_and_organisations_from_an_ecb_like_story():
    found = labels([
        "Actress Lindsay Lohan has checked into the Betty Ford Center in Rancho Mirage, her lawyer Shawn Holley said.",
        "A judge in Santa Monica ordered the stay in May.",
    ])
    assert found["Lindsay Lohan"][0] == "PERSON" and found["Shawn Holley"][0] == "PERSON"
    assert found["Betty Ford Center"][0] == "ORG"
    assert found["Rancho Mirage"][0] == "PLACE" and found["Santa Monica"][0] == "PLACE"
    assert "May" not in found
