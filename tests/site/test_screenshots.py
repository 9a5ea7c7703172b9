"""Screenshots for the README, taken by the suite's own browser: the front
page, an article, an entity page and search (with results), light and dark."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.site.browsing import open_page, search
from tests.site.conftest import Server

pytestmark = pytest.mark.e2e
SHOTS = Path(__file__).resolve().parent.parent.parent / "docs" / "screenshots"
PAGES = {"front-page": "", "article": "articles/zinsentscheid/",
         "entity": "entities/people/karin-keller-sutter/", "search": "search/"}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_screenshot(browser, server: Server, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for scheme, suffix in (("light", ""), ("dark", "-dark")):
        page = open_page(browser, server.url + PAGES[name])
        page.set_viewport_size({"width": 1024, "height": 900})
        page.emulate_media(color_scheme=scheme)
        if name == "search":
            search(page, "Franken")
        target = SHOTS / f"{name}{suffix}.png"
        page.screenshot(path=str(target), full_page=False)
        assert target.stat().st_size > 5_000
        page.close()
