"""axe-core in headless chromium: no serious or critical accessibility
violation on the front page, an article, an entity page and search.

axe-core (MPL-2.0) comes from the PyPI package axe-playwright-python
(MIT), a test dependency; only its bundled axe.min.js is used."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.site.browsing import open_page
from tests.site.conftest import Server

pytestmark = pytest.mark.e2e
PAGES = ["", "articles/zinsentscheid/", "entities/people/karin-keller-sutter/", "search/",
         "editions/2026-W07/", "tags/", "archive/"]


def _axe_script() -> Path:
    axe = pytest.importorskip("axe_playwright_python")
    return Path(axe.__file__).parent / "axe.min.js"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_no_serious_violations(browser, server: Server, path: str, scheme: str) -> None:
    page = open_page(browser, server.url + path)
    page.emulate_media(color_scheme=scheme)
    if path == "search/":          # check the search box and its results too
        page.wait_for_selector(".pagefind-ui__search-input")
        page.fill(".pagefind-ui__search-input", "Franken")
        page.wait_for_selector(".pagefind-ui__result-link")
    page.add_script_tag(path=str(_axe_script()))
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    serious = [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
               for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []
    page.close()


def test_keyboard_reaches_the_skip_link_first(browser, server: Server) -> None:
    page = open_page(browser, server.url + "articles/zinsentscheid/")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => [document.activeElement.className, getComputedStyle(document.activeElement).left]")
    assert focused[0] == "skip-link" and focused[1] != "-999px"     # visible when focused
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    page.close()
