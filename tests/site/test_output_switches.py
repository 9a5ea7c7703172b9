"""A site may leave out the per-term feeds (two files for every tag and
entity) and the editions, as Hugo's disableKinds does: then nothing links
to them, and everything else is as before."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.site.conftest import Built
from tests.site.linkcheck import broken_links
from tests.site.sitedata import make_project


@pytest.fixture(scope="module")
def lean(tmp_path_factory: pytest.TempPathFactory) -> Built:
    folder = make_project(tmp_path_factory.mktemp("lean"))
    with (folder / "site.yaml").open("a", encoding="utf-8") as handle:
        handle.write("\nfeeds:\n  terms: false\neditions:\n  enabled: false\n")
    result = run_cli("build", cwd=folder)
    assert result.returncode == 0, result.stderr
    return Built(folder, "/")


def _pages(site: Path) -> list[Path]:
    return [p for p in site.rglob("*.html") if "pagefind" not in p.parts]


def test_no_term_feeds_but_the_site_feeds(lean: Built, built: Built) -> None:
    site = lean.site
    assert not [p for p in site.rglob("feed.*") if p.parent != site]
    assert (site / "feed.xml").is_file() and (site / "feed.json").is_file()
    # the same term pages as the full site
    terms = {p.relative_to(built.site) for p in built.site.glob("*/**/index.html")
             if p.parts[-3] in ("tags", "people", "places", "organisations")}
    assert terms and all((site / t).is_file() for t in terms)
    page = (site / "tags" / "geldpolitik" / "index.html").read_text(encoding="utf-8")
    assert 'rel="alternate"' not in page and "feed-links" not in page


def test_no_editions_and_no_link_to_them(lean: Built) -> None:
    site = lean.site
    assert not (site / "editions").exists()
    assert not [p for p in _pages(site) if "editions/" in p.read_text(encoding="utf-8")]
    assert "editions/" not in (site / "sitemap.xml").read_text(encoding="utf-8")


def test_every_link_resolves_and_check_agrees(lean: Built) -> None:
    assert broken_links(lean.site, "/") == []
    result = run_cli("check", cwd=lean.root)
    assert result.returncode == 0, result.stderr
