"""Search over a sharded index in a real browser: the test site built with
NEWSDIGEST_SHARD_PAGES=4 (4 bundles); the search page merges every shard
and each of its languages, at the root and under a subpath."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from generator import search as search_module
from tests.conftest import run_cli
from tests.site.browsing import open_page, search
from tests.site.conftest import Server, serve
from tests.site.sitedata import make_project

pytestmark = pytest.mark.e2e


def _sharded(folder: Path, base_url: str | None) -> Path:
    make_project(folder, base_url)
    result = run_cli("build", cwd=folder, env={"NEWSDIGEST_SHARD_PAGES": "4"})
    assert result.returncode == 0, result.stderr
    assert (folder / "site" / "pagefind" / "shard-03" / "pagefind-entry.json").is_file()
    return folder / "site"


@pytest.fixture(scope="module")
def sharded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    yield from serve(_sharded(tmp_path_factory.mktemp("shards"), None), "/")


@pytest.fixture(scope="module")
def sharded_subpath(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    yield from serve(_sharded(tmp_path_factory.mktemp("shards-sub"), "https://example.org/repo/"), "/repo/")


@pytest.mark.parametrize(("word", "article", "shard"), [
    ("Waisenhausplatz", "weihnachtsmarkt", 0),       # the primary bundle
    ("gelassen", "zinsentscheid", 1),
    ("reagiert", "zinsentscheid", 1),                # stemmed German: 'reagierten'
    ("ploughs", "snow-in-bern", 3),                  # English, from a merged shard
])
def test_search_finds_articles_in_every_shard(browser, sharded: Server, word: str, article: str,  # noqa: ANN001
                                              shard: int) -> None:
    assert search_module.shard_of(f"articles/{article}/index.html", 4) == shard
    page = open_page(browser, sharded.url + "search/")
    links = search(page, word)
    assert links[0] == f"/articles/{article}/"
    pages = [link for link in links if "#" not in link]
    assert len(pages) == len(set(pages)), "a shard asked for a language it lacks answers twice"
    assert page.errors == []
    page.close()


def test_sharded_search_works_under_a_subpath(browser, sharded_subpath: Server) -> None:  # noqa: ANN001
    page = open_page(browser, sharded_subpath.url + "search/")
    assert search(page, "ploughs")[0] == "/repo/articles/snow-in-bern/"
    page.close()
    page = open_page(browser, sharded_subpath.url + "search/")
    assert search(page, "Waisenhausplatz")[0] == "/repo/articles/weihnachtsmarkt/"
    page.click(".pagefind-ui__result-link")
    page.wait_for_url("**/repo/articles/weihnachtsmarkt/")
    assert page.errors == []
    page.close()


def test_a_query_in_the_address_searches_every_shard(browser, sharded: Server) -> None:  # noqa: ANN001
    page = open_page(browser, sharded.url + "search/?q=ploughs")
    page.wait_for_selector(".pagefind-ui__result-link", timeout=10_000)
    assert page.query_selector(".pagefind-ui__result-link").get_attribute("href") == "/articles/snow-in-bern/"
    assert page.get_attribute(".pagefind-ui__search-input", "aria-labelledby") == "search-title"
    page.close()
