"""Feed validity for `check`: Atom (RFC 4287), RSS 2.0 and JSON Feed 1.1.

Pure: bytes in, (kind, problems, URLs to resolve) out. Only the fields
feed readers need are required; everything else is left to the readers."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any

ATOM = "{http://www.w3.org/2005/Atom}"
JSON_FEED_VERSION = "https://jsonfeed.org/version/"
FEED_TYPES = {"application/atom+xml": "Atom", "application/rss+xml": "RSS",
              "application/feed+json": "JSON Feed"}
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
JSON_FEED_URL_KEYS = ("home_page_url", "feed_url", "url", "external_url", "image",
                      "banner_image", "icon", "favicon")


@dataclass(slots=True)
class FeedResult:
    kind: str | None = None                                  # "Atom" | "RSS" | "JSON Feed"
    problems: list[str] = field(default_factory=list)
    urls: list[tuple[str, str]] = field(default_factory=list)  # (field, url); "id" is not fetched


def check_feed(data: bytes, path: str) -> FeedResult:
    """Any .xml/.json file: feeds are validated, other files only parsed."""
    result = FeedResult()
    if path.endswith(".json"):
        try:
            parsed = json.loads(data)
        except (ValueError, UnicodeDecodeError) as exc:
            result.problems.append(f"not valid JSON ({exc})")
            return result
        if isinstance(parsed, dict) and str(parsed.get("version", "")).startswith(JSON_FEED_VERSION):
            result.kind = "JSON Feed"
            _json_feed(parsed, result)
        return result
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        result.problems.append(f"not well-formed XML ({exc})")
        return result
    if root.tag == f"{ATOM}feed":
        result.kind = "Atom"
        _atom(root, result)
    elif root.tag == "rss":
        result.kind = "RSS"
        _rss(root, result)
    return result


def _atom(feed: ET.Element, result: FeedResult) -> None:
    problems = result.problems
    _atom_required(feed, "feed", problems)
    _atom_links(feed, result)
    feed_author = feed.find(f"{ATOM}author") is not None
    seen: set[str] = set()
    for number, entry in enumerate(feed.findall(f"{ATOM}entry"), 1):
        where = f"entry {number}"
        entry_id = _atom_required(entry, where, problems)
        if entry_id in seen:
            problems.append(f"Atom {where}: duplicate id {entry_id}")
        seen.add(entry_id)
        if not feed_author and entry.find(f"{ATOM}author") is None:
            problems.append(f"Atom {where}: no author (give the feed or each entry an <author>)")
        if _atom_links(entry, result) == 0 and entry.find(f"{ATOM}content") is None:
            problems.append(f"Atom {where}: needs a link or content")


def _atom_required(element: ET.Element, where: str, problems: list[str]) -> str:
    for name in ("id", "title", "updated"):
        child = element.find(f"{ATOM}{name}")
        if child is None or not (child.text or "").strip():
            problems.append(f"Atom {where}: missing <{name}>")
    updated = (element.findtext(f"{ATOM}updated") or "").strip()
    if updated and not RFC3339.match(updated):
        problems.append(f"Atom {where}: <updated> is not an RFC 3339 date: {updated!r}")
    return (element.findtext(f"{ATOM}id") or "").strip()


def _atom_links(element: ET.Element, result: FeedResult) -> int:
    alternates = 0
    identifier = (element.findtext(f"{ATOM}id") or "").strip()
    if identifier:
        result.urls.append(("id", identifier))
    for link in element.findall(f"{ATOM}link"):
        href = link.get("href")
        if not href:
            result.problems.append("Atom: <link> without href")
            continue
        result.urls.append(("link", href))
        alternates += link.get("rel", "alternate") == "alternate"
    return alternates


def _rss(rss: ET.Element, result: FeedResult) -> None:
    channel = rss.find("channel")
    if channel is None:
        result.problems.append("RSS: missing <channel>")
        return
    for name in ("title", "link", "description"):
        if not (channel.findtext(name) or "").strip():
            result.problems.append(f"RSS channel: missing <{name}>")
    for number, item in enumerate(channel.findall("item"), 1):
        if not (item.findtext("title") or item.findtext("description") or "").strip():
            result.problems.append(f"RSS item {number}: needs a title or description")
        date = (item.findtext("pubDate") or "").strip()
        if date:
            try:
                parsedate_to_datetime(date)
            except (TypeError, ValueError):
                result.problems.append(f"RSS item {number}: <pubDate> is not an RFC 822 date: {date!r}")
        if (item.findtext("link") or "").strip():
            result.urls.append(("link", (item.findtext("link") or "").strip()))
    if (channel.findtext("link") or "").strip():
        result.urls.append(("link", (channel.findtext("link") or "").strip()))


def _json_feed(feed: dict[str, Any], result: FeedResult) -> None:
    problems = result.problems
    if not isinstance(feed.get("title"), str) or not feed["title"]:
        problems.append("JSON Feed: missing 'title'")
    items = feed.get("items")
    if not isinstance(items, list):
        problems.append("JSON Feed: 'items' must be a list")
        items = []
    _json_urls(feed, "feed", result)
    seen: set[str] = set()
    for number, item in enumerate(items, 1):
        where = f"JSON Feed item {number}"
        if not isinstance(item, dict):
            problems.append(f"{where}: not an object")
            continue
        item_id = item.get("id")
        if not isinstance(item_id, str) or not item_id:
            problems.append(f"{where}: 'id' must be a non-empty string")
        elif item_id in seen:
            problems.append(f"{where}: duplicate id {item_id}")
        else:
            seen.add(item_id)
            result.urls.append(("id", item_id))
        if not any(isinstance(item.get(k), str) for k in ("content_html", "content_text")):
            problems.append(f"{where}: needs 'content_html' or 'content_text'")
        for key in ("date_published", "date_modified"):
            if key in item and not (isinstance(item[key], str) and RFC3339.match(item[key])):
                problems.append(f"{where}: '{key}' is not an RFC 3339 date: {item[key]!r}")
        _json_urls(item, where, result)


def _json_urls(obj: dict[str, Any], where: str, result: FeedResult) -> None:
    for key in JSON_FEED_URL_KEYS:
        if key in obj:
            if isinstance(obj[key], str) and obj[key]:
                result.urls.append((key, obj[key]))
            else:
                result.problems.append(f"{where}: '{key}' must be a URL string")

