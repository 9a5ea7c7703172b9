"""generator.check over hand-made file maps: a sound site passes, and each
kind of planted problem is reported once, on the file that has it."""
from __future__ import annotations

import gzip
import json

import pytest

from generator.check import check_files

BASE = "https://user.github.io/repo/"


def html(body: str = "", head: str = "", canonical: str | None = None) -> bytes:
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return (f'<!DOCTYPE html><html><head>{link}<link rel="stylesheet" href="/repo/static/style.css">'
            f'{head}</head><body id="top-of-page">{body}</body></html>').encode()


def atom(entries: str = "", feed_extra: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f'<id>urn:x:feed</id><title>T</title><updated>2025-05-02T00:00:00+00:00</updated>'
            f'<link rel="self" href="{BASE}feed.xml"/><author><name>A</name></author>{feed_extra}'
            f'{entries}</feed>').encode()


ENTRY = (f'<entry><id>urn:x:a</id><title>A</title><updated>2025-05-02T00:00:00Z</updated>'
         f'<link href="{BASE}articles/a/"/></entry>')


def jsonfeed(**changes: object) -> bytes:
    feed: dict[str, object] = {"version": "https://jsonfeed.org/version/1.1", "title": "T",
                               "feed_url": f"{BASE}feed.json", "home_page_url": BASE,
                               "items": [{"id": "urn:x:a", "url": f"{BASE}articles/a/",
                                          "content_text": "x"}]}
    feed.update(changes)
    return json.dumps(feed).encode()


def sitemap(*paths: str) -> bytes:
    urls = "".join(f"<url><loc>{BASE}{p}</loc></url>" for p in paths)
    return ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"{urls}</urlset>").encode()


def fragment(url: str) -> bytes:
    return gzip.compress(b"pagefind_dcd" + json.dumps({"url": url, "content": "x"}).encode())


def good_site() -> dict[str, bytes]:
    jsonld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle",
                         "@id": f"{BASE}articles/a/#article", "url": f"{BASE}articles/a/",
                         "publisher": {"@type": "Organization", "url": BASE}})
    return {
        "index.html": html('<a href="/repo/articles/a/">A</a> <a href="articles/a/#body">body</a>'
                           '<a href="#top-of-page">top</a><a href="https://elsewhere.org/x">out</a>'
                           '<a href="mailto:a@b.c">mail</a>',
                           head='<link rel="alternate" type="application/atom+xml" href="/repo/feed.xml">'
                                '<link rel="alternate" type="application/feed+json" href="/repo/feed.json">',
                           canonical=BASE),
        "articles/a/index.html": html('<div id="body"><a href="../../">home</a>'
                                      '<img src="../../static/logo.png" srcset="/repo/static/logo.png 2x">'
                                      '</div><a href="/repo/search/">search</a>',
                                      head=f'<script type="application/ld+json">{jsonld}</script>'
                                           f'<meta property="og:url" content="{BASE}articles/a/">',
                                      canonical=f"{BASE}articles/a/"),
        "search/index.html": html('<div data-options=\'{"baseUrl": "/repo/"}\'></div>',
                                  canonical=f"{BASE}search/"),
        "404.html": html('<a href="/repo/">home</a>', head='<meta name="robots" content="noindex">'),
        "static/style.css": b"body { background: url('logo.png'); }",
        "static/logo.png": b"\x89PNG",
        "feed.xml": atom(ENTRY),
        "feed.json": jsonfeed(),
        "sitemap.xml": sitemap("", "articles/a/", "search/"),
        "robots.txt": f"User-agent: *\nSitemap: {BASE}sitemap.xml\n".encode(),
        "pagefind/fragment/en_1.pf_fragment": fragment("/articles/a/"),
    }


def messages(files: dict[str, bytes], base: str = BASE) -> list[str]:
    return [f"{p.path}: {p.message}" for p in check_files(files, base).problems]


def test_a_sound_site_has_no_problems() -> None:
    report = check_files(good_site(), BASE)
    assert report.problems == ()
    assert report.references > 20
    assert report.summary().startswith("No problems")


@pytest.mark.parametrize(("path", "change", "expected"), [
    ("index.html", b'<a href="/repo/articles/gone/">x</a>',
     "index.html: broken link /repo/articles/gone/ (no file articles/gone/index.html in the site)"),
    ("index.html", b'<a href="/repo/articles/a/#nowhere">x</a>',
     "index.html: broken anchor /repo/articles/a/#nowhere (no id 'nowhere' in articles/a/index.html)"),
    ("index.html", b'<a href="#missing">x</a>',
     "index.html: broken anchor #missing (no id 'missing' in index.html)"),
    ("index.html", b'<img src="/repo/static/missing.png">',
     "index.html: missing asset /repo/static/missing.png (no file static/missing.png in the site)"),
    ("index.html", b'<a href="/articles/a/">x</a>',
     "index.html: broken link /articles/a/ (root-absolute link outside the base path /repo/)"),
    ("index.html", b'<a href="https://user.github.io/articles/a/">x</a>',
     "index.html: broken link https://user.github.io/articles/a/ (not under base_url " + BASE + ")"),
    ("index.html", b'<a href="http://user.github.io/repo/">x</a>',
     "index.html: broken link http://user.github.io/repo/ (not under base_url " + BASE + ")"),
    ("index.html", b'<a href="http://localhost:8000/articles/a/">x</a>',
     "index.html: broken link http://localhost:8000/articles/a/ (points at a local development server)"),
    ("index.html", b'<a href="../up/">x</a>',
     "index.html: broken link ../up/ (climbs above the site root)"),
    ("404.html", b'<a href="articles/a/">x</a>',
     ("404.html: broken link articles/a/ (relative link in 404.html, which is served at any missing "
     "address: use a root-absolute link)")),
    ("index.html", b'<div data-x="{"a": 1}"></div>',
     "index.html: malformed HTML attribute <div a\":> (an unescaped quote in a value?)"),
])
def test_planted_page_problems_are_reported(path: str, change: bytes, expected: str) -> None:
    files = good_site()
    files[path] = files[path].replace(b"</body>", change + b"</body>")
    assert messages(files) == [expected]


def test_a_missing_stylesheet_is_reported_on_every_page() -> None:
    files = good_site()
    del files["static/style.css"]
    found = messages(files)
    assert "index.html: missing asset /repo/static/style.css (no file static/style.css in the site)" in found
    assert len(found) == 4          # index, article, search, 404


def test_a_missing_css_asset_is_reported_on_the_stylesheet() -> None:
    files = good_site()
    files["static/style.css"] = b"@import 'fonts.css'; body { background: url(logo.png) }"
    assert messages(files) == ["static/style.css: missing asset fonts.css (no file static/fonts.css in the site)"]


def test_a_page_missing_from_the_sitemap() -> None:
    files = good_site()
    files["sitemap.xml"] = sitemap("", "articles/a/")
    assert messages(files) == ["search/index.html: missing from sitemap.xml (list it, or mark the page noindex)"]


def test_sitemap_entries_must_exist_and_be_absolute() -> None:
    files = good_site()
    files["sitemap.xml"] = files["sitemap.xml"].replace(b"</urlset>", b"<url><loc>/repo/gone/</loc></url></urlset>")
    assert messages(files) == [
        "sitemap.xml: broken sitemap entry /repo/gone/ (must be an absolute URL under " + BASE + ")",
        "sitemap.xml: broken sitemap entry /repo/gone/ (no file gone/index.html in the site)"]


def test_a_sitemap_for_another_base_is_caught() -> None:
    files = good_site()
    files["sitemap.xml"] = files["sitemap.xml"].replace(b"/repo/", b"/")
    found = messages(files)
    assert "sitemap.xml: broken sitemap entry https://user.github.io/articles/a/ (not under base_url " \
           + BASE + ")" in found


@pytest.mark.parametrize(("feed", "expected"), [
    (atom(ENTRY)[:-10], "feed.xml: not well-formed XML ("),
    (atom(ENTRY.replace("<title>A</title>", "")), "feed.xml: Atom entry 1: missing <title>"),
    (atom(ENTRY.replace("2025-05-02T00:00:00Z", "2 May 2025")),
     "feed.xml: Atom entry 1: <updated> is not an RFC 3339 date: '2 May 2025'"),
    (atom(ENTRY + ENTRY), "feed.xml: Atom entry 2: duplicate id urn:x:a"),
    (atom(ENTRY.replace(BASE, "/repo/")),
     "feed.xml: broken feed URL /repo/articles/a/ (must be an absolute URL under " + BASE + ")"),
    (atom(ENTRY.replace("articles/a/", "articles/b/")),
     "feed.xml: broken feed URL " + BASE + "articles/b/ (no file articles/b/index.html in the site)"),
])
def test_bad_atom_feeds(feed: bytes, expected: str) -> None:
    files = good_site()
    files["feed.xml"] = feed
    found = messages(files)
    assert any(m.startswith(expected) for m in found), found


@pytest.mark.parametrize(("changes", "expected"), [
    ({"items": None}, "feed.json: JSON Feed: 'items' must be a list"),
    ({"title": ""}, "feed.json: JSON Feed: missing 'title'"),
    ({"items": [{"url": BASE, "content_text": "x"}]}, "feed.json: JSON Feed item 1: 'id' must be a non-empty string"),
    ({"items": [{"id": "a"}]}, "feed.json: JSON Feed item 1: needs 'content_html' or 'content_text'"),
    ({"items": [{"id": "a", "content_text": "x", "date_published": "yesterday"}]},
     "feed.json: JSON Feed item 1: 'date_published' is not an RFC 3339 date: 'yesterday'"),
    ({"home_page_url": "https://user.github.io/"},
     "feed.json: broken feed URL https://user.github.io/ (not under base_url " + BASE + ")"),
])
def test_bad_json_feeds(changes: dict[str, object], expected: str) -> None:
    files = good_site()
    files["feed.json"] = jsonfeed(**changes)
    assert expected in messages(files)


def test_a_feed_link_to_something_that_is_not_that_feed() -> None:
    files = good_site()
    files["feed.json"] = b'{"title": "no version"}'
    assert messages(files) == ["index.html: feed link /repo/feed.json (feed.json is not a valid JSON Feed feed)"]


def test_invalid_json_is_reported() -> None:
    files = good_site()
    files["feed.json"] = b"{"
    assert messages(files)[0].startswith("feed.json: not valid JSON")


def test_json_ld_urls_follow_the_base() -> None:
    files = good_site()
    page = files["articles/a/index.html"]
    files["articles/a/index.html"] = page.replace(f'"url": "{BASE}articles/a/"'.encode(),
                                                   b'"url": "/articles/a/"')
    assert messages(files) == [("articles/a/index.html: broken JSON-LD URL /articles/a/ "
                               "(root-absolute link outside the base path /repo/)")]
    files["articles/a/index.html"] = page.replace(b'"@context"', b'"@context" "')
    assert messages(files)[0].startswith("articles/a/index.html: invalid JSON-LD (")


def test_canonical_must_be_absolute_on_an_absolute_base() -> None:
    files = good_site()
    files["search/index.html"] = files["search/index.html"].replace(
        f'href="{BASE}search/"'.encode(), b'href="/repo/search/"')
    assert messages(files) == ["search/index.html: broken canonical URL /repo/search/ "
                               "(must be an absolute URL under " + BASE + ")"]


def test_search_results_need_pagefind_told_the_base_path() -> None:
    files = good_site()
    files["search/index.html"] = html("<p>no options</p>", canonical=f"{BASE}search/")
    assert messages(files) == [("pagefind/fragment/en_1.pf_fragment: broken search result URL /articles/a/ "
                               "(root-absolute link outside the base path /repo/)")]


def test_search_results_must_exist() -> None:
    files = good_site()
    files["pagefind/fragment/en_2.pf_fragment"] = fragment("/articles/gone/")
    assert messages(files) == [("pagefind/fragment/en_2.pf_fragment: broken search result URL "
                               "/repo/articles/gone/ (no file articles/gone/index.html in the site)")]


def test_a_site_at_the_root_accepts_root_absolute_links() -> None:
    files = {"index.html": b'<a href="/a/">a</a><a href="https://example.org/a/#x">a</a>',
             "a/index.html": b'<h2 id="x">x</h2><a href="/">home</a>'}
    assert messages(files, "https://example.org/") == []
    assert messages(files, "/") == []
    assert messages(files, "https://example.org/sub/") == [
        "a/index.html: broken link / (root-absolute link outside the base path /sub/)",
        "index.html: broken link /a/ (root-absolute link outside the base path /sub/)",
        "index.html: broken link https://example.org/a/#x (not under base_url https://example.org/sub/)"]


def test_problems_are_sorted_and_counted() -> None:
    files = good_site()
    files["index.html"] += b'<a href="/repo/x/">x</a><a href="/repo/x/">again</a>'
    report = check_files(files, BASE)
    assert len(report.problems) == 1          # the same problem on a page once
    assert report.summary().startswith("1 problem(s) in 1 file(s)")
