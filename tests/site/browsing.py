"""Helpers for browser tests: a page in headless chromium that fails on
any console error or failed request."""
from __future__ import annotations

from typing import Any


def open_page(browser: Any, url: str) -> Any:
    page = browser.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.on("response", lambda res: page.errors.append(f"{res.status}: {res.url}") if res.status >= 400 else None)
    page.on("requestfailed", lambda req: page.errors.append(f"failed: {req.url}"))
    page.goto(url)
    return page


def search(page: Any, word: str) -> list[str]:
    """Type a word into the Pagefind UI; the result links, once they show."""
    page.wait_for_selector(".pagefind-ui__search-input", timeout=10_000)
    page.fill(".pagefind-ui__search-input", word)
    page.wait_for_selector(".pagefind-ui__result-link", timeout=10_000)
    return [a.get_attribute("href") for a in page.query_selector_all(".pagefind-ui__result-link")]
