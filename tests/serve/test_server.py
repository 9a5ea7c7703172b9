"""The HTTP side: only files below site/, right types, the site's 404 page,
base-path serving, and the script injected into HTML responses only."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from .helpers import get, make_site, running


@pytest.fixture
def root(tmp_path: Path) -> Path:
    make_site(tmp_path)
    return tmp_path


@pytest.mark.parametrize("url", [
    "/../secret.txt", "/%2e%2e/secret.txt", "/static/%2e%2e/%2e%2e/secret.txt",
    "/static%2f..%2f..%2fsecret.txt", "/..%5csecret.txt", "/%00", "/static/../../secret.txt",
    "/link.txt", "/static/",
])
def test_traversal_and_listing_are_404(root: Path, url: str) -> None:
    os.symlink(root / "secret.txt", root / "site" / "link.txt")
    with running(root) as (_, port):
        status, headers, body = get(port, url)
    assert status == 404
    assert b"secret" not in body and b"Not here" in body        # the site's own 404 page
    assert headers["Content-Type"] == "text/html; charset=utf-8"


def test_content_types_and_bodies(root: Path) -> None:
    with running(root) as (_, port):
        assert get(port, "/static/style.css")[1]["Content-Type"] == "text/css; charset=utf-8"
        assert get(port, "/static/app.js")[1]["Content-Type"] == "text/javascript; charset=utf-8"
        status, headers, body = get(port, "/feed.xml")
        assert (status, headers["Content-Type"], body) == (200, "application/xml; charset=utf-8", b"<feed/>")
        status, headers, body = get(port, "/articles/a/", method="HEAD")
        assert status == 200 and body == b"" and int(headers["Content-Length"]) > 0


def test_folder_without_slash_redirects(root: Path) -> None:
    with running(root) as (_, port):
        status, headers, _ = get(port, "/articles/a")
    assert status == 301 and headers["Location"] == "/articles/a/"


def test_script_injected_into_html_responses_only(root: Path) -> None:
    on_disk = (root / "site" / "articles" / "a" / "index.html").read_bytes()
    with running(root) as (_, port):
        _, _, page = get(port, "/articles/a/")
        _, _, css = get(port, "/static/style.css")
        _, _, missing = get(port, "/nope")
    assert page.count(b'<script id="__livereload">') == 1
    assert page.index(b"__livereload") < page.rindex(b"</body>")
    assert "Ä article".encode() in page
    assert css == b"body{}" and b"__livereload" in missing
    assert (root / "site" / "articles" / "a" / "index.html").read_bytes() == on_disk


def test_no_script_with_live_reload_off(root: Path) -> None:
    with running(root, live_reload=False) as (_, port):
        _, _, page = get(port, "/articles/a/")
        status, _, _ = get(port, "/__livereload/events")
    assert b"__livereload" not in page and status == 404


def test_base_path(root: Path) -> None:
    with running(root, base_url="https://user.github.io/repo/") as (_, port):
        assert get(port, "/repo/articles/a/")[0] == 200
        assert get(port, "/repo/static/style.css")[0] == 200
        status, headers, _ = get(port, "/")
        assert status == 301 and headers["Location"] == "/repo/"
        assert get(port, "/repo")[1]["Location"] == "/repo/"
        assert get(port, "/articles/a/")[0] == 404
        assert get(port, "/repo/../secret.txt")[0] == 404


def test_404_without_a_404_page(root: Path) -> None:
    (root / "site" / "404.html").unlink()
    with running(root) as (_, port):
        status, headers, body = get(port, "/nope")
    assert status == 404 and headers["Content-Type"] == "text/plain; charset=utf-8"


def test_requests_during_a_build_wait_for_it(root: Path) -> None:
    import threading

    from .helpers import StubBuilder

    release = threading.Event()
    page = root / "site" / "articles" / "a" / "index.html"

    class SlowBuilder(StubBuilder):
        def __call__(self, config, changed=None, site_lock=None, on_written=None):  # type: ignore[no-untyped-def]
            with site_lock():               # a builder writes site/ holding it
                page.write_text("<html><body>half</body></html>")
                release.wait(10)
                page.write_text("<html><body>whole</body></html>")
            return super().__call__(config, changed)

    with running(root, SlowBuilder([()])) as (preview, port):
        building = threading.Thread(target=preview.rebuild, args=(set(),))
        building.start()
        time.sleep(0.2)
        answers: list[bytes] = []
        reader = threading.Thread(target=lambda: answers.append(get(port, "/articles/a/")[2]))
        reader.start()
        time.sleep(0.3)
        assert not answers                      # still waiting for the build
        release.set()
        reader.join(10)
        building.join(10)
    assert b"whole" in answers[0] and b"half" not in answers[0]
