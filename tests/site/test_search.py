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


def test_search_finds_the_shipped_seed_by_a_body_word(browser, tmp_path) -> None:  # noqa: ANN001
    """The project's own article (ingested from the shipped seed): a word that
    stands only in its body, and a stemmed form of one."""
    import shutil

    from tests.conftest import ROOT, run_cli
    from tests.site.conftest import serve
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copy(ROOT / "site.yaml", tmp_path / "site.yaml")
    assert run_cli("build", cwd=tmp_path).returncode == 0
    (article,) = (tmp_path / "content" / "articles").glob("*.md")
    for site in serve(tmp_path / "site", "/"):
        page = open_page(browser, site.url + "search/")
        links = search(page, "Raketenbeschuss")          # the page, then its section anchors
        assert links[0] == f"/articles/{article.stem}/"
        assert all(link.startswith(f"/articles/{article.stem}/") for link in links)
        page.close()
        page = open_page(browser, site.url + "search/")
        assert f"/articles/{article.stem}/" in search(page, "Verhandlung")   # body: 'Verhandlungen'
        assert page.errors == []
        page.close()
