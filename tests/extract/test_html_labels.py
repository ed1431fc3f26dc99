"""Pagers, ad labels and credits leave the body with their kinds; pages in scripts without spaces keep theirs."""
from __future__ import annotations

import pytest

import newsmill
from newsmill.extract.html_labels import block_label
from tests.helpers import ARTICLE_PARAGRAPHS


@pytest.mark.parametrize(("text", "label"), [
    ("1", "pager"), ("1 2 3 … 13", "pager"), ("« 1 | 2 »", "pager"), ("Werbung", "advertisement"),
    ("- Anzeige -", "advertisement"), ("ADVERTISEMENT", "advertisement"), ("Foto: dpa", "credit"),
    ("Photo: Getty Images", "credit"), ("© Reuters", "credit"),
    ("Subscribe to continue reading. Already a subscriber? Log in.", "paywall"),
    ("Dieser Artikel ist nur für Abonnenten verfügbar.", "paywall"),
    ("The paper said subscribers will get a new app next year, and it expects a strong growth in readers.", None),
    ("3:1", None), ("12.5", None), ("The 3 men", None), ("Photographie de la ville.", None),
])
def test_block_label(text, label):
    assert block_label(text) == label


def test_a_table_cell_is_never_a_pager():
    assert block_label("2", "td") is None


def test_labels_inside_the_article_leave_its_body_with_their_kinds():
    paragraphs = "".join(f"<p>{p}</p><p>Werbung</p>" for p in ARTICLE_PARAGRAPHS)
    html = (f"<html><head><title>Trams cross the river</title></head><body><article><h1>Trams cross the river</h1>"
            f"<p>Foto: dpa</p>{paragraphs}<div class='pages'><span>1</span> <span>2</span> <span>3</span></div>"
            f"</article></body></html>")
    article = newsmill.extract_html(html)
    assert article.body == ARTICLE_PARAGRAPHS
    kinds = {d.text: d.kind for d in article.dropped}
    assert kinds.get("Werbung") == "advertisement"
    assert "Foto: dpa" in article.captions or kinds.get("Foto: dpa")


CHINESE = ["新华社北京12月5日电 国务院总理主持召开国务院常务会议，部署进一步做好稳就业工作，确定支持小微企业发展的措施，"
           "会议指出，今年以来各地区各部门认真贯彻党中央决策部署，就业形势总体稳定。",
           "会议要求，要加大对重点群体就业的支持力度，落实好各项减税降费政策，帮助企业稳岗扩岗，"
           "同时加强职业技能培训，提高劳动者就业能力，促进高校毕业生等群体多渠道就业。",
           "会议还研究了其他事项。有关部门要抓紧制定实施细则，确保各项政策尽快落地见效，让市场主体和人民群众有更多获得感。"]


def test_a_chinese_article_keeps_its_paragraphs():
    html = ("<html><head><title>国务院召开常务会议_新华网</title></head><body><div class='nav'><a href='/'>首页</a>"
            "<a href='/a'>时政</a><a href='/b'>国际</a></div><div id='detail'><h1>国务院召开常务会议</h1>"
            + "".join(f"<p>{p}</p>" for p in CHINESE) + "</div><div class='foot'>版权所有 新华网</div></body></html>")
    article = newsmill.extract_html(html)
    assert article.body == CHINESE
    assert article.language == "zh"


def test_a_page_swallowed_by_an_unclosed_element_in_noscript_is_still_read():
    html = ("<!doctype html><html><head><title>Trams cross the river</title></head><body><noscript><div id='nojs'>"
            "</noscript><div id='main'><h1>Trams cross the river</h1>"
            + "".join(f"<p>{p}</p>" for p in ARTICLE_PARAGRAPHS) + "</div></body></html>")
    article = newsmill.extract_html(html)
    assert article.body == ARTICLE_PARAGRAPHS and article.title == "Trams cross the river"
