"""Golden files: one output of each kind from the fixed test site, compared
byte for byte. Regenerate with `pytest --update-golden` (make golden) and
review the diff in the commit that causes it."""
from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from tests.site.conftest import Built

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "site"
OUTPUTS = [
    "index.html", "page/2/index.html", "articles/zinsentscheid/index.html",
    "articles/snow-in-bern/index.html", "tags/geldpolitik/index.html",
    "entities/people/karin-keller-sutter/index.html", "tags/index.html", "entities/index.html",
    "editions/index.html", "editions/2026-02-12/index.html", "editions/2026-W07/index.html",
    "archive/index.html", "about/index.html", "search/index.html", "404.html",
    "feed.xml", "feed.json", "entities/places/bern/feed.xml", "editions/week.json",
    "sitemap.xml", "robots.txt",
]


@pytest.mark.parametrize("output", OUTPUTS)
def test_golden(built: Built, output: str, update_golden: bool) -> None:
    actual = (built.site / output).read_text(encoding="utf-8")
    expected_file = GOLDEN / output
    if update_golden:
        expected_file.parent.mkdir(parents=True, exist_ok=True)
        expected_file.write_text(actual, encoding="utf-8")
        return
    if not expected_file.is_file():
        pytest.fail(f"no golden file for {output}: run pytest --update-golden")
    expected = expected_file.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                            f"golden/{output}", f"site/{output}"))
        pytest.fail(f"{output} differs from its golden file (pytest --update-golden):\n{diff}")
