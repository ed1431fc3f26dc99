"""Titles of HTML pages from the agreement of their signals, never a logo, a menu or a search box."""
from __future__ import annotations

import pytest

import newsmill
from newsmill.extract.html_title import AGREE, TitleSignals, choose_title, similarity, without_site_name
from tests.helpers import ARTICLE_PARAGRAPHS

BODY = "".join(f"<p>{p}</p>" for p in ARTICLE_PARAGRAPHS)


def page(head: str, before: str, headline: str = "") -> str:
    return (f"<html><head>{head}</head><body><header>{before}</header><main><article>{headline}{BODY}"
            f"</article></main></body></html>")


@pytest.mark.parametrize("logo", ["The Atlantic", "Menu", "Navigation und Service",
                                  "Keress receptre vagy hozzávalóra"])
def test_a_logo_menu_or_search_box_heading_is_never_the_title(logo):
    html = page('<title>Trams cross the river | City Post</title><meta property="og:site_name" content="City Post">'
                '<meta property="og:title" content="Trams cross the river">', f"<h1>{logo}</h1>",
                "<h1>Trams cross the river</h1>")
    assert newsmill.extract_html(html).title == "Trams cross the river"


def test_a_later_heading_the_document_title_backs_wins_without_metadata():
    html = page("<title>Council backs the tram plan - Daily Bugle</title>", "<h1>Daily Bugle</h1>",
                "<h1>Council backs the tram plan</h1>")
    assert newsmill.extract_html(html).title == "Council backs the tram plan"


def test_metadata_that_names_the_site_loses_to_the_heading_and_document_title():
    html = page('<title>Peking 2022: a chance for the sport</title><meta property="og:site_name" content="IBU">'
                '<meta property="og:title" content="IBU">', "", "<h1>Peking 2022: a chance for the sport</h1>")
    assert newsmill.extract_html(html).title == "Peking 2022: a chance for the sport"


def test_the_site_name_is_cut_from_the_metadata_title():
    html = page('<title>Trams cross the river | City Post</title><meta property="og:site_name" content="City Post">'
                '<meta property="og:title" content="Trams cross the river | City Post">', "")
    assert newsmill.extract_html(html).title == "Trams cross the river"


def test_a_page_with_only_a_heading_keeps_it():
    assert newsmill.extract_html(page("", "", "<h1>Trams cross the river</h1>")).title == "Trams cross the river"


def test_similarity_by_characters_holds_for_scripts_without_spaces():
    assert similarity("国务院召开常务会议", "国务院召开常务会议_新华网") == 1.0
    assert similarity("新华社北京电 国务院召开常务会议", "国务院召开常务会议_新华网") >= AGREE
    assert similarity("国务院召开常务会议", "足球比赛结果公布") < 0.3


def test_choose_title_prefers_metadata_a_heading_backs():
    title, index = choose_title(TitleSignals(("Kein Zutritt mehr mit Sparpreis-Tickets",), None,
                                             ("Menu", "DB Lounge: Kein Zugang mehr mit Sparpreis-Ticket"), None))
    assert title == "Kein Zutritt mehr mit Sparpreis-Tickets" and index == 1


def test_without_site_name_keeps_a_title_that_is_only_segments_of_its_own():
    assert without_site_name("Krach vor der Versammlung: Es knirscht", "Auto News") == \
        "Krach vor der Versammlung: Es knirscht"
    assert without_site_name("SimplyScience - Wie entsteht Erdöl?", "SimplyScience") == "Wie entsteht Erdöl?"


def test_a_section_name_as_metadata_loses_to_the_heading_the_document_title_backs():
    title, _ = choose_title(TitleSignals(("Pressemitteilungen",), "BDZV: Olafur Eliasson gestaltet Titelseite",
                                         ("Olafur Eliasson gestaltet Titelseite",), "BDZV"))
    assert title == "Olafur Eliasson gestaltet Titelseite"


def test_headline_shaped_metadata_stands_alone():
    title, _ = choose_title(TitleSignals(("Carrie Lam should study Tsai Ing-wen's playbook",), "Home", ("Menu",), None))
    assert title == "Carrie Lam should study Tsai Ing-wen's playbook"


def test_without_metadata_a_heading_beats_a_short_document_title_but_not_as_the_logo():
    assert choose_title(TitleSignals((), "Trams", ("Trams approved",), None))[0] == "Trams approved"
    assert choose_title(TitleSignals((), "Trams approved - Daily Bugle", ("Daily Bugle",), None))[0] == \
        "Trams approved - Daily Bugle"
