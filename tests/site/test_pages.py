"""What each kind of page shows: front page, editions, articles, tag and
entity pages, indexes, archive, about, search, 404; languages and metadata."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.site.conftest import Built


def read(built: Built, path: str) -> str:
    return (built.site / path).read_text(encoding="utf-8")


def jsonld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match
    return json.loads(match.group(1))


def test_front_page_groups_days_newest_first_and_paginates(built: Built) -> None:
    first = read(built, "index.html")
    headings = re.findall(r'<h2 class="day-heading"[^>]*><time datetime="([^"]+)">([^<]+)</time>', first)
    assert headings == [("2026-02-12", "12. Februar 2026"), ("2026-02-10", "10. Februar 2026")]
    titles = re.findall(r'class="story-title"><a href="([^"]+)"', first)
    assert titles == ["/articles/budget-debatte/", "/articles/zinsentscheid/", "/articles/franken-stark/"]
    assert '<link rel="next" href="/page/2/">' in first and 'rel="prev"' not in first.split("</head>")[0]
    second = read(built, "page/2/index.html")
    assert '<link rel="prev" href="/">' in second and '<link rel="next" href="/page/3/">' in second
    assert (built.site / "page/3/index.html").is_file() and not (built.site / "page/4").exists()


def test_stories_show_summary_entities_and_tags(built: Built) -> None:
    first = read(built, "index.html")
    assert "Viertelprozentpunkt" in first                       # summary
    assert 'href="/entities/people/karin-keller-sutter/"' in first
    assert 'href="/tags/geldpolitik/">#Geldpolitik' in first
    assert "Die Märkte reagierten gelassen" not in first       # never a body


def test_article_page(built: Built) -> None:
    html = read(built, "articles/zinsentscheid/index.html")
    assert '<html lang="de">' in html
    assert "<h1>Nationalbank senkt den Leitzins</h1>" in html
    assert "1 Min. Lesezeit" in html
    assert '<figure class="caption">' in html and "Das Bundeshaus in Bern am Morgen." in html
    assert '<aside class="related-teaser">' in html
    assert '<article class="article" data-pagefind-body>' in html
    assert '<link rel="canonical" href="https://example.org/articles/zinsentscheid/">' in html
    assert '<meta property="og:title" content="Nationalbank senkt den Leitzins">' in html
    assert '<meta name="twitter:card" content="summary">' in html
    data = jsonld(html)
    assert data["@type"] == "NewsArticle" and data["headline"] == "Nationalbank senkt den Leitzins"
    assert data["datePublished"] == "2026-02-12T09:30:00+01:00" and data["inLanguage"] == "de"
    assert {"@type": "Person", "name": "Karin Keller-Sutter",
            "url": "https://example.org/entities/people/karin-keller-sutter/"} in data["mentions"]
    # entities grouped by type, then topics
    groups = re.findall(r"<dt>([^<]+)</dt>", html.split('class="in-this-story"')[1])
    assert groups == ["Personen", "Orte", "Organisationen", "Themen"]
    # previous / next story
    assert 'rel="prev" href="/articles/franken-stark/"' in html
    assert 'rel="next" href="/articles/budget-debatte/"' in html


def test_related_stories_ranked_and_capped(built: Built) -> None:
    html = read(built, "articles/zinsentscheid/index.html")
    aside = html.split('<aside class="related-stories"')[1].split("</aside>")[0]
    links = re.findall(r'href="/articles/([^/]+)/"', aside)
    assert len(links) == 5
    assert links[0] == "budget-debatte"            # shares a person, a place and nothing else recent
    assert "berlin-coalition" not in links and "zinsentscheid" not in links


def test_unrelated_article_has_no_related_section(built: Built) -> None:
    html = read(built, "articles/berlin-coalition/index.html")
    assert '<html lang="en">' in html
    assert "related-stories" not in html
    assert "1 min read" in html


def test_json_ld_cannot_close_its_script(tmp_path: Path) -> None:
    from generator.render import _json_filter
    text = str(_json_filter({"headline": "</script><!--"}))
    assert "</" not in text and "<!--" not in text


def test_json_filter_round_trips_page_values() -> None:
    """Compact JSON with sorted keys: what json.loads reads back is the
    value (a Card is a dict, a tuple a list), whatever its characters."""
    import json

    from generator.job import Card
    from generator.render import _json_filter
    value = {"z": Card({"title": "Zürich & <Bern>", "tags": ("a", "ß")}), "a": [1, 2.5, None, True], "ü": "\u2028"}
    text = str(_json_filter(value))
    assert json.loads(text) == {"z": {"title": "Zürich & <Bern>", "tags": ["a", "ß"]}, "a": [1, 2.5, None, True],
                                "ü": "\u2028"}
    assert text.startswith('{"a":[1,2.5,null,true],"z":{"tags":["a","ß"],') and "&" not in text


def test_entity_page(built: Built) -> None:
    html = read(built, "entities/people/karin-keller-sutter/index.html")
    assert "Schweizer Bundesrätin" in html                                   # registry description
    assert "Keller-Sutter, KKS" in html                                      # aliases
    assert '<time datetime="2026-01-01T12:00:00+01:00">1. Januar 2026</time>' in html   # first mention
    assert '<time datetime="2026-02-12T15:00:00+01:00">12. Februar 2026</time>' in html  # last mention
    svg = html.split("<svg")[1].split("</svg>")[0]
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert svg.count('<rect class="bar"') == 2                               # January, February
    co = html.split('id="co-mentioned"')[1].split("</ul>")[0]
    assert re.findall(r">([^<]+)</a>", co) == ["Bern", "Schweizerische Nationalbank"]
    assert "<script" not in html                                            # no JavaScript


def test_tag_page_paginates_newest_first(built: Built) -> None:
    html = read(built, "tags/geldpolitik/index.html")
    assert re.findall(r'class="story-title"><a href="/articles/([^/]+)/"', html) == [
        "zinsentscheid", "franken-stark", "teuerung-januar"]
    assert "3 Artikel" in html


def test_indexes_with_counts(built: Built) -> None:
    tags = read(built, "tags/index.html")
    assert re.search(r'href="/tags/geldpolitik/">Geldpolitik</a> <span class="count">3</span>', tags)
    entities = read(built, "entities/index.html")
    sections = re.findall(r'<h2 id="group-(\w+)">', entities)
    assert sections == ["people", "places", "organisations"]
    places = entities.split('id="group-places"')[1].split("</section>")[0]
    assert re.findall(r">([^<]+)</a>", places) == ["Bern", "Berlin"]      # by mentions


def test_editions(built: Built) -> None:
    day = read(built, "editions/2026-02-12/index.html")
    assert "<h1>12. Februar 2026</h1>" in day and "2 Artikel" in day
    top = day.split('class="edition-top"')[1].split("</section>")[0]
    assert re.findall(r">([^<]+)</a> <span class=\"count\">2</span>", top)[:2] == ["Bern", "Karin Keller-Sutter"]
    week = read(built, "editions/2026-W07/index.html")
    assert "<h1>KW 7/2026</h1>" in week and "3 Artikel" in week
    index = read(built, "editions/index.html")
    assert 'href="/editions/2026-02-12/"' in index and 'href="/editions/2025-W50/"' in index


def test_archive_about_search_404(built: Built) -> None:
    archive = read(built, "archive/index.html")
    assert re.findall(r'<h2 id="m-([\d-]+)">', archive) == ["2026-02", "2026-01", "2025-12"]
    about = read(built, "about/index.html")
    assert "<h1>Über diese Seite</h1>" in about and "verknüpft Personen" in about
    assert 'href="/about/"' in read(built, "index.html")
    search = read(built, "search/index.html")
    assert 'src="/pagefind/pagefind-ui.js"' in search and '"baseUrl":"/"' in search
    assert "Seite nicht gefunden" in read(built, "404.html")


@pytest.mark.parametrize("path", ["index.html", "tags/index.html", "editions/index.html", "404.html"])
def test_site_pages_use_the_site_language(built: Built, path: str) -> None:
    assert read(built, path).startswith('<!DOCTYPE html>\n<html lang="de">')


def test_every_html_page_has_lang_and_a_skip_link(built: Built) -> None:
    pages = [p for p in built.site.rglob("*.html") if "pagefind" not in p.parts]
    assert len(pages) >= 30
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert re.search(r'<html lang="(de|en)">', html), page
        assert '<a class="skip-link" href="#main">' in html and '<main id="main"' in html, page


def test_subpath_search_page_knows_its_base(built_subpath: Built) -> None:
    search = read(built_subpath, "search/index.html")
    assert '"baseUrl":"/repo/"' in search and 'src="/repo/pagefind/pagefind-ui.js"' in search
