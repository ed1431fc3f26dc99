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
