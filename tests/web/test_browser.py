"""A real browser: Debian's chromium driven by playwright against `newsmill serve` on a loopback port.

Loads home, searches, applies a facet (an htmx swap), opens a story, an article and a speaker page,
saves a screenshot of each under tests/artifacts/ and checks what a reader would see.
"""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(store_dir):
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "newsmill", "serve", str(store_dir), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                if httpx.get(base + "/static/app.js", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
            if proc.poll() is not None:
                pytest.fail(f"newsmill serve exited: {proc.stderr.read().decode()}")
        else:
            pytest.fail("newsmill serve did not answer within 15 s")
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def page(server):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} missing (make test installs it with apt-get)")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(viewport={"width": 1100, "height": 760}, base_url=server)
        tab = context.new_page()
        tab.set_default_timeout(30_000)
        errors: list[str] = []
        tab.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        tab.on("pageerror", lambda exc: errors.append(str(exc)))
        yield tab
        browser.close()
    assert not errors, errors  # no script error, no CSP violation


def _shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"web-{name}.png"))
    assert (ARTIFACTS / f"web-{name}.png").stat().st_size > 5_000


def test_a_reader_follows_the_storyline(page, server):
    page.goto("/")
    assert page.locator("h1").inner_text() == "Threads"
    assert page.locator("ol.stories > li").count() == 4 and page.locator("svg circle").count() >= 3
    _shot(page, "home")

    page.keyboard.press("/")  # the "/" key focuses search
    assert page.evaluate("document.activeElement.id") == "q-top"
    page.keyboard.type("Lavrov")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search\?q=Lavrov"))
    assert "matching articles for" in page.locator("#result-status").inner_text()
    assert page.locator("ol.hits mark").first.inner_text().lower() == "lavrov"

    page.fill("#q", '"prisoners of war"')  # an htmx search: the results swap in place, the URL follows
    page.locator("#q").press("Enter")
    page.wait_for_url(re.compile(r"q=%22prisoners\+of\+war%22"))
    page.wait_for_function("document.querySelector('#result-status').textContent.includes('prisoners of war')")
    assert {m.lower() for m in page.locator("ol.hits mark").all_inner_texts()} == {"prisoners of war"}
    _shot(page, "search")

    facet = page.locator("#facet-month + ul a").first  # apply a facet
    month, count = facet.inner_text(), int(facet.locator("xpath=following-sibling::span").inner_text())
    facet.click()
    page.wait_for_url(re.compile(rf"month={month}"))
    page.wait_for_function(f"document.querySelector('#result-status').textContent.startsWith('{count} matching article')")
    assert page.locator("ol.hits > li.hit").count() == count
    assert page.locator(f'#facet-month + p.active:has-text("{month}")').count() == 1
    _shot(page, "search-facet")

    page.locator("ol.hits > li.hit").first.get_by_role("link", name="story").click()
    page.wait_for_url(re.compile(r"/stories/s-"))
    assert page.locator("h2#quotes-h").is_visible() and page.locator("svg").count() == 1
    _shot(page, "story")

    page.goto("/articles/001_98a7db490f32b566.txt")
    canonical = page.locator('a[rel="canonical"]')
    assert canonical.get_attribute("href") == "/articles/000_01ee59e59d659b5a.txt"
    canonical.click()
    page.wait_for_url(re.compile(r"/articles/000_"))
    assert page.locator("ol.audit-lines li.dropped").count() >= 1
    assert "removed: accessibility" in page.locator("ol.audit-lines").text_content()
    _shot(page, "article")

    page.locator("ul.quotes a[href^='/speakers/']").first.click()
    page.wait_for_url(re.compile(r"/speakers/"))
    assert page.locator("ol.quotes blockquote").count() >= 1
    _shot(page, "speaker")

    page.goto("/duplicates/001_98a7db490f32b566.txt")
    assert page.locator("ol.diff li").count() >= 1
    _shot(page, "duplicates")

    page.goto("/search?q=%3Cscript%3Ealert(1)%3C/script%3E")
    assert page.locator("#q").input_value() == "<script>alert(1)</script>"  # shown as text, never run
