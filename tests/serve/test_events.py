"""Server-Sent Events end to end over HTTP (no browser): each open page
learns whether to reload, swap CSS, or show or hide the error overlay."""
from __future__ import annotations

import http.client
import json
import re
from pathlib import Path
from typing import Any

import pytest

from generator.errors import TemplateError

from .helpers import StubBuilder, get, make_site, running


class Stream:
    def __init__(self, port: int, page: str, epoch: str, last_id: str | None = None) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        headers = {"Last-Event-ID": last_id} if last_id else {}
        self.conn.request("GET", f"/__livereload/events?path={page}&epoch={epoch}", headers=headers)
        self.response = self.conn.getresponse()
        assert self.response.getheader("Content-Type") == "text/event-stream; charset=utf-8"

    def next(self) -> dict[str, Any]:
        while True:
            line = self.response.fp.readline().decode()
            assert line, "stream closed"
            if line.startswith("data: "):
                return dict(json.loads(line[6:]))

    def close(self) -> None:
        self.conn.close()


def epoch_of(port: int, path: str) -> str:
    _, _, body = get(port, path)
    match = re.search(rb'var epoch = "([^"]+)"', body)
    assert match
    return match.group(1).decode()


@pytest.fixture
def root(tmp_path: Path) -> Path:
    make_site(tmp_path)
    return tmp_path


def test_only_the_changed_page_reloads(root: Path) -> None:
    builder = StubBuilder([("articles/a/index.html", "feed.xml")])
    with running(root, builder) as (preview, port):
        article = Stream(port, "/articles/a/", epoch_of(port, "/articles/a/"))
        home = Stream(port, "/", epoch_of(port, "/"))
        assert article.next()["action"] is None and home.next()["action"] is None
        preview.rebuild(set())
        assert article.next()["action"] == "reload"
        assert home.next() == {"epoch": home_epoch(preview), "action": None, "css": [], "whole": False,
                               "errors": []}
        article.close()
        home.close()


def home_epoch(preview: Any) -> str:
    return f"{preview.news.instance}:{preview.news.epoch}"


def test_css_change_swaps_stylesheet(root: Path) -> None:
    with running(root, StubBuilder([("static/style.css",)])) as (preview, port):
        stream = Stream(port, "/articles/a/", epoch_of(port, "/articles/a/"))
        stream.next()
        preview.rebuild(set())
        message = stream.next()
        assert (message["action"], message["css"]) == ("css", ["static/style.css"])
        stream.close()


def test_error_overlay_appears_and_clears(root: Path) -> None:
    error = TemplateError("unexpected '}'", root / "templates" / "article.html", 7, "close the tag")
    with running(root, StubBuilder([error, ()])) as (preview, port):
        stream = Stream(port, "/articles/a/", epoch_of(port, "/articles/a/"))
        stream.next()
        preview.rebuild(set())
        message = stream.next()
        assert message["errors"] == [{"message": "unexpected '}'", "path": "templates/article.html",
                                      "line": 7, "hint": "close the tag"}]
        assert message["action"] is None
        late = Stream(port, "/", epoch_of(port, "/"))          # a page opened while broken
        assert late.next()["errors"][0]["line"] == 7
        assert get(port, "/articles/a/")[0] == 200            # the last good site is served
        preview.rebuild(set())
        assert stream.next()["errors"] == [] and late.next()["errors"] == []
        stream.close()
        late.close()


def test_a_bug_in_the_build_is_shown_not_fatal(root: Path) -> None:
    with running(root, StubBuilder([RuntimeError("boom")])) as (preview, port):
        preview.rebuild(set())
        stream = Stream(port, "/", epoch_of(port, "/"))
        assert "RuntimeError: boom" in stream.next()["errors"][0]["message"]
        stream.close()


def test_changes_missed_while_disconnected_are_caught_up(root: Path) -> None:
    builder = StubBuilder([("articles/a/index.html",), ("index.html",)])
    with running(root, builder) as (preview, port):
        served_at = epoch_of(port, "/articles/a/")
        preview.rebuild(set())
        preview.rebuild(set())
        assert Stream(port, "/articles/a/", served_at).next()["action"] == "reload"
        # a page from an earlier run of the server reloads too
        assert Stream(port, "/", "0000:1").next()["action"] == "reload"
        # Last-Event-ID (sent by EventSource on reconnect) wins over the query
        now = home_epoch(preview)
        assert Stream(port, "/articles/a/", served_at, last_id=now).next()["action"] is None


def test_a_page_whose_file_vanished_reloads(root: Path) -> None:
    with running(root, StubBuilder([()])) as (preview, port):
        stream = Stream(port, "/articles/a/", epoch_of(port, "/articles/a/"))
        stream.next()
        (root / "site" / "articles" / "a" / "index.html").unlink()
        preview.rebuild(set())
        assert stream.next()["action"] == "reload"
        stream.close()


def test_a_404_page_reloads_when_its_file_appears(root: Path) -> None:
    with running(root, StubBuilder([("articles/b/index.html",)])) as (preview, port):
        stream = Stream(port, "/articles/b/", epoch_of(port, "/articles/b/"))
        stream.next()
        preview.rebuild(set())
        assert stream.next()["action"] == "reload"
        stream.close()


@pytest.mark.parametrize(("written", "action", "css", "whole"), [
    (("articles/a/index.html", "static/style.css"), "reload", ["static/style.css"], False),
    (("articles/a/index.html", "static/app.js"), "reload", [], True),
    (("static/app.js",), "reload", [], True),
    (("index.html", "static/style.css"), "css", ["static/style.css"], False),
])
def test_what_a_page_is_told(root: Path, written: tuple[str, ...], action: str, css: list[str],
                             whole: bool) -> None:
    """A page whose file changed is swapped in place, then its changed
    stylesheets; a changed script or image reloads it whole."""
    with running(root, StubBuilder([written])) as (preview, port):
        stream = Stream(port, "/articles/a/", epoch_of(port, "/articles/a/"))
        stream.next()
        preview.rebuild(set())
        message = stream.next()
        assert (message["action"], message["css"], message["whole"]) == (action, css, whole)
        stream.close()
