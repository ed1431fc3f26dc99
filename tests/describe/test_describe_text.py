"""Metadata from the text itself: anniversaries, weekdays against explicit dates, datelines, sources, language."""
from __future__ import annotations

from newsmill.article import Article, Dropped
from newsmill.describe import Describer
from newsmill.describe.language import detect_language
from newsmill.describe.published import infer_published
from newsmill.describe.source import source_from_furniture


def test_anniversary_of_a_dated_event():
    body = ["On the second anniversary of the treaty, both governments issued statements.",
            "The treaty was signed on March 3, 2019, after long talks."]
    assert infer_published(body, []) == "2021-03-03"


def test_weekday_resolved_against_the_latest_explicit_date():
    body = ["The minister said on Friday that talks would resume.", "Earlier talks ended on May 2, 2022."]
    captions = ["The minister arrives in Geneva, May 12, 2022"]  # a Thursday: Friday is the 13th
    assert infer_published(body, captions) == "2022-05-13"


def test_a_date_stamp_dates_the_article_a_date_it_recounts_does_not():
    stamped = ["Page dies at 85", "December 12, 2008", "Bettie Page, the pin-up model, died on Thursday.",
               "She was born on April 22, 1923, in Nashville."]
    assert infer_published(stamped, []) == "2008-12-12"
    recounted = ["Bettie Page, the pin-up model of the 1950s, died on Thursday at 85.", "Her agent confirmed it.",
                 "Fans gathered outside the hospital.", "She was born on April 22, 1923, in Nashville."]
    assert infer_published(recounted, []) is None
    injured = ["The Saints placed Pierre Thomas on injured reserve.", "He first hurt the ankle on October 3, 2010."]
    assert infer_published(injured, [], title="Jan 05, 2011") == "2011-01-05"   # a stamp taken as the headline


def test_the_page_stamp_is_the_first_line_that_is_mostly_a_date():
    from newsmill.describe.published import stamp_date

    lines = ["Home | World | Business",
             "Read more: Floods hit the north on November 2, 2019 as rivers burst their banks",
             "Published Nov 19, 2019 | Updated Nov 20, 2019"]
    assert stamp_date(lines) == "2019-11-19"   # published, not updated; the teaser's date is not the page's
    assert stamp_date(lines[:2]) is None
    assert stamp_date(["By Chris Davies - Nov 19, 2019, 10:31 pm CST"]) == "2019-11-19"
    article = Article(id="s", source_path="s", body=["Rivers rose on Monday.", "Floods began on March 3, 2015."],
                      dropped=[Dropped("By Ann Lee - Nov 18, 2019, 10:31 pm CST", "byline")])
    assert Describer()(article).published == "2019-11-18"


def test_no_explicit_date_means_no_date():
    assert infer_published(["Officials met on Monday to discuss the plan for November 10."], []) is None


def test_dateline_agency_and_site_name():
    article = Article(id="a", source_path="a", body=["ANKARA (AA) - Turkey said on Monday it would act."])
    Describer()(article)
    assert article.dateline == "ANKARA" and article.source_name == "Anadolu Agency (AA)"
    dropped = [Dropped("Get the latest news from Harbor Times.", "newsletter"),
               Dropped("© 2020 Harbor Times Media. All rights reserved.", "footer")]
    assert source_from_furniture(dropped) == "Harbor Times"
    assert source_from_furniture([Dropped("© 2020 All rights reserved", "footer")]) is None


def test_authors_come_from_byline_lines_only():
    article = Article(id="a", source_path="a", body=["Some text here that is long enough to be body."],
                      dropped=[Dropped("By Ann Lee and Bo Chan", "related-articles"), Dropped("By Mia Roe", "byline")])
    assert Describer()(article).authors == ["Mia Roe"]


def test_language_from_a_short_sample():
    assert detect_language("Die Regierung hat am Montag mitgeteilt, dass die Gespräche weitergehen. " * 40) == "de"
    assert detect_language("...") is None


def test_byline_names_stop_at_outlet_role_and_date():
    from newsmill.describe.authors import authors_from_byline

    assert authors_from_byline("By Bill Hoppe | Special to the Pioneer Press") == ["Bill Hoppe"]
    assert authors_from_byline("By DANICA KIRKA and JILL LAWLESS") == ["Danica Kirka", "Jill Lawless"]
    assert authors_from_byline("By Justine Coleman - 11/18/19 11:04 PM EST") == ["Justine Coleman"]
    assert authors_from_byline("Posted by Michael David Smith on November 19, 2019, 6:21 AM EST") == ["Michael David Smith"]
    assert authors_from_byline("Written by Rachael Link, MS, RD on November 14, 2019") == ["Rachael Link"]
    assert authors_from_byline("By Reuters") == [] and authors_from_byline("By HNN Staff | Nov 18") == []
    assert authors_from_byline("By using our site, you acknowledge that you have read our policy") == []
