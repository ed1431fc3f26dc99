"""Explicit dates in the forms news pages print them, flattened-page artefacts included."""
from newsmill.describe.dates import find_dates, parse_date


def days(text: str) -> list[str]:
    return [value.isoformat() for _, value in find_dates(text)]


def test_written_and_iso_dates():
    assert days("Signed on December 7, 2020 and again on 7 Dec 2020.") == ["2020-12-07", "2020-12-07"]
    assert days("Nov. 20, 2019, 9:28 AM UTC") == ["2019-11-20"]
    assert days("2019-11-19T12:48:14Z") == ["2019-11-19"]
    assert parse_date("2020-12-07T10:00:00Z") == "2020-12-07"


def test_a_time_glued_to_the_year_by_flattening():
    assert days("Published Tue, Nov 19 20197:05 AM EST") == ["2019-11-19"]
    assert days("in 20195 cases") == []


def test_numeric_dates_only_when_the_numbers_say_which_is_the_day():
    assert days("5:45 AM PST 11/19/2019") == ["2019-11-19"]
    assert days("21/06/2014 Tony Carter") == ["2014-06-21"]
    assert days("11.14.2019 09:00 AM") == ["2019-11-14"]
    assert days("06/07/2019") == []          # June 7 or 6 July: not guessed
    assert days("release v1.2.2019") == []


def test_day_mentions_with_and_without_a_year():
    from newsmill.describe.dates import day_mentions, month_number

    found = day_mentions("Talks on November 10, 2020 and the 3rd of Jan. went on; Mayor Smith spoke at May 5:30.")
    assert [(m.month, m.day, m.year, m.colon) for m in found] == [(11, 10, 2020, False), (1, 3, None, False),
                                                                  (5, 5, None, True)]
    assert month_number("Sept.") == 9 and month_number("Mayor") is None


def test_one_dateline_pattern_for_every_stage():
    from newsmill.describe.dateline import find_dateline

    assert find_dateline("MOSCOW (AA) – Russia said on Monday ...") == ("MOSCOW", "AA")
    assert find_dateline("HONOLULU, Hawaii (HawaiiNewsNow) - NASA scientists said") == ("HONOLULU", "HawaiiNewsNow")
    assert find_dateline("DUBAI, United Arab Emirates — Emirates finalized a deal") == ("DUBAI", None)
    assert find_dateline("MOSCOW — ") == (None, None)      # a dateline with nothing after it is no article's
    assert find_dateline("Moscow — Russia said") == (None, None)


def test_an_input_records_date():
    from newsmill.describe.dates import metadata_date

    assert metadata_date("2021-03-04T08:00:00+05:00") == "2021-03-04"
    assert metadata_date("March 4, 2021") == "2021-03-04"
    assert metadata_date("soon") is None
