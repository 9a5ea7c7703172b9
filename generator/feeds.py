"""Atom and JSON Feed 1.1 for a listing: the values the feed templates
get. Ids are URNs built from article ids and listing paths, so they stay
the same when the site moves to another base_url. Pure."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from . import routes
from .job import Job
from .model import Article

EPOCH = "1970-01-01T00:00:00+00:00"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


def article_entry(article: Article, tags: list[str], urls: routes.Urls) -> dict[str, Any]:
    return {"id": f"urn:newsdigest:article:{quote(article.id, safe='')}",
            "url": urls.absolute(routes.article(article.slug)),
            "title": article.title, "summary": article.summary,
            "date": article.date.isoformat(), "lang": article.lang, "tags": tags}


def json_item(entry: dict[str, Any]) -> dict[str, Any]:
    """An entry as a JSON Feed item."""
    return {"id": entry["id"], "url": entry["url"], "title": entry["title"], "summary": entry["summary"],
            "content_text": entry["summary"], "date_published": entry["date"], "language": entry["lang"],
            **({"tags": entry["tags"]} if entry["tags"] else {})}


def feed_jobs(listing: str, title: str, entries: list[dict[str, Any]], urls: routes.Urls,
              lang: str, author: str, max_items: int,
              item: Callable[[dict[str, Any]], dict[str, Any]] = json_item) -> list[Job]:
    """Two jobs: the Atom file and the JSON Feed beside the listing. `item`:
    json_item, or one that returns the same item for the same entry (a story
    is in a dozen feeds)."""
    entries = entries[:max_items]
    atom_url, json_url = routes.feed(listing, "atom"), routes.feed(listing, "json")
    return _jobs(listing, atom_url, json_url, title, entries, urls, lang, author, item)


def edition_feed_jobs(period: str, title: str, entries: list[dict[str, Any]], urls: routes.Urls,
                      lang: str, author: str, max_items: int) -> list[Job]:
    return _jobs(routes.EDITIONS_INDEX, routes.edition_feed(period, "atom"),
                 routes.edition_feed(period, "json"), title, entries[:max_items], urls, lang, author)


def _jobs(listing: str, atom_url: str, json_url: str, title: str, entries: list[dict[str, Any]],
          urls: routes.Urls, lang: str, author: str,
          item: Callable[[dict[str, Any]], dict[str, Any]] = json_item) -> list[Job]:
    updated = max((e["date"] for e in entries), default=EPOCH)
    atom = {"id": f"urn:newsdigest:feed:{quote(atom_url, safe='/')}", "title": title,
            "link": urls.absolute(listing), "self": urls.absolute(atom_url),
            "updated": updated, "lang": lang, "author": author, "entries": entries}
    json_feed = {
        "version": JSON_FEED_VERSION, "title": title, "language": lang,
        "home_page_url": urls.absolute(listing), "feed_url": urls.absolute(json_url),
        "authors": [{"name": author}],
        "items": [item(e) for e in entries],
    }
    return [Job(atom_url, "feeds/atom.xml", {"feed": atom}, lang=lang),
            Job(json_url, "feeds/feed.json", {"feed": json_feed}, lang=lang)]
