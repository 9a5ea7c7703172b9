"""Search in a real browser: serve site/ over HTTP (at the root and under a
subpath), type a word that is only in an article's body, find the article."""
from __future__ import annotations

import pytest

from tests.site.browsing import open_page, search
from tests.site.conftest import Built, Server

pytestmark = pytest.mark.e2e


def test_search_finds_a_word_from_an_article_body(browser, server: Server) -> None:
    page = open_page(browser, server.url + "search/")
    links = search(page, "gelassen")                 # only in the body of zinsentscheid
    assert links[0] == "/articles/zinsentscheid/"
    assert page.errors == []
    page.close()


def test_search_stems_german(browser, server: Server) -> None:
    page = open_page(browser, server.url + "search/")
    assert "/articles/zinsentscheid/" in search(page, "reagiert")      # body says 'reagierten'
    page.close()


def test_search_finds_english_stories_too(browser, server: Server) -> None:
    page = open_page(browser, server.url + "search/")
    assert "/articles/snow-in-bern/" in search(page, "ploughs")
    page.close()


def test_search_works_under_a_subpath(browser, server_subpath: Server, built_subpath: Built) -> None:
    page = open_page(browser, server_subpath.url + "search/")
    links = search(page, "gelassen")
    assert links[0] == "/repo/articles/zinsentscheid/"
    page.click(".pagefind-ui__result-link")
    page.wait_for_url("**/repo/articles/zinsentscheid/")
    assert page.errors == []
    page.close()
