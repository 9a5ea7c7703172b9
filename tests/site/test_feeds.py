"""Atom and JSON Feed 1.1 for the site, every tag, every entity and both
edition types: parseable, complete, absolute URLs, stable ids."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest

from tests.site.conftest import Built

BASE = "https://example.org/"


def _feeds(site: Path, suffix: str) -> list[Path]:
    found = sorted(p for p in site.rglob(f"*.{suffix}") if not p.is_relative_to(site / "pagefind"))
    return [p for p in found if p.name.startswith("feed.") or p.parent.name == "editions"]


def test_every_listing_has_both_feeds(built: Built) -> None:
    site = built.site
    for listing in ("", "tags/geldpolitik/", "entities/people/karin-keller-sutter/",
                    "entities/places/bern/", "entities/organisations/schweizerische-nationalbank/"):
        assert (site / listing / "feed.xml").is_file(), listing
        assert (site / listing / "feed.json").is_file(), listing
    for period in ("day", "week"):
        assert (site / "editions" / f"{period}.xml").is_file()
        assert (site / "editions" / f"{period}.json").is_file()


def test_atom_feeds_are_valid(built: Built) -> None:
    feeds = _feeds(built.site, "xml")
    assert len(feeds) >= 10
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.version == "atom10", path
        assert parsed.feed.id.startswith("urn:newsdigest:feed:")
        assert parsed.feed.title and parsed.feed.updated and parsed.feed.author
        assert any(link.rel == "self" and link.href.startswith(BASE) for link in parsed.feed.links)
        assert parsed.entries, path
        for entry in parsed.entries:
            assert entry.id.startswith("urn:newsdigest:"), entry
            assert entry.title and entry.updated and entry.summary
            assert entry.link.startswith(BASE), entry.link
        ids = [e.id for e in parsed.entries]
        assert len(ids) == len(set(ids))


def test_json_feeds_are_valid(built: Built) -> None:
    feeds = _feeds(built.site, "json")
    assert len(feeds) >= 10
    for path in feeds:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["version"] == "https://jsonfeed.org/version/1.1"
        assert data["title"] and data["home_page_url"].startswith(BASE)
        assert data["feed_url"] == BASE + path.relative_to(built.site).as_posix()
        # feedparser 6.0 reads no JSON Feed: check the 1.1 spec's required fields here
        assert isinstance(data["items"], list) and data["items"], path
        assert data["language"] in {"de", "en"}
        for item in data["items"]:
            assert isinstance(item["id"], str) and item["id"] and item["url"].startswith(BASE)
            assert "content_text" in item or "content_html" in item
            assert item["date_published"][:4] in {"2025", "2026"}


def test_site_feed_is_newest_first_with_stable_ids(built: Built) -> None:
    data = json.loads((built.site / "feed.json").read_text(encoding="utf-8"))
    dates = [item["date_published"] for item in data["items"]]
    assert dates == sorted(dates, reverse=True)
    assert data["items"][0]["id"] == "urn:newsdigest:article:budget-debatte"
    assert data["items"][0]["url"] == BASE + "articles/budget-debatte/"


def test_feeds_under_a_subpath_use_its_urls(built_subpath: Built) -> None:
    parsed = feedparser.parse((built_subpath.site / "feed.xml").read_bytes())
    assert parsed.entries[0].link.startswith("https://example.org/repo/articles/")
    # ids do not depend on where the site is published
    assert parsed.entries[0].id == "urn:newsdigest:article:budget-debatte"


def test_sitemap_robots_nojekyll(built: Built) -> None:
    site = built.site
    tree = ET.parse(site / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [e.text for e in tree.getroot().findall("s:url/s:loc", ns)]
    assert BASE in locs and BASE + "articles/zinsentscheid/" in locs and BASE + "editions/2026-W07/" in locs
    assert all(loc and loc.startswith(BASE) for loc in locs)
    assert not any(loc.endswith("404.html") for loc in locs if loc)
    assert "Sitemap: https://example.org/sitemap.xml" in (site / "robots.txt").read_text(encoding="utf-8")
    assert (site / ".nojekyll").is_file()


@pytest.mark.parametrize("name", ["feed.xml", "feed.json"])
def test_feeds_carry_summaries_not_bodies(built: Built, name: str) -> None:
    text = (built.site / name).read_text(encoding="utf-8")
    assert "Viertelprozentpunkt" in text                      # in the summary
    assert "Die Märkte reagierten gelassen" not in text     # only in the body
