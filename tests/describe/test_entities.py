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


def test_odd_spacing_possessives_and_cues_give_the_same_entities():
    found = labels([
        "Officials said the Governor's aide Maria Lopez, 42, told reporters in   Lorca that Mr's office was closed.",
        "According to Lopez, police in the Valley of Fire moved toward Springfield; UAE's FBI and NASA agreed.",
        "xAbc Lopez's car went to Santa Monica.   Maria Lopez said it, Lopez noted.",
    ])
    # Pinned from the rules before the speed work: order, labels and counts must not move.
    assert list(found.items()) == [
        ("Lopez", ("PLACE", 3)), ("Maria Lopez", ("PERSON", 2)), ("Lorca", ("PLACE", 1)),
        ("Valley of Fire", ("PLACE", 1)), ("Springfield", ("PLACE", 1)), ("UAE", ("PLACE", 1)), ("FBI", ("ORG", 1)),
        ("NASA", ("ORG", 1)), ("Santa Monica", ("PLACE", 1)),
    ]
