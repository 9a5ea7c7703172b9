"""URL → file mapping: traversal in every spelling is a 404, folders need
their index.html, and text types carry charset=utf-8."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.serve_files import Outcome, content_type, output_path, resolve


@pytest.fixture
def site(tmp_path: Path) -> Path:
    out = tmp_path / "site"
    (out / "articles" / "a").mkdir(parents=True)
    (out / "articles" / "a" / "index.html").write_text("<p>a</p>")
    (out / "index.html").write_text("<p>home</p>")
    (out / "empty").mkdir()
    (out / ".hidden.tmp").write_text("half")
    (tmp_path / "secret.txt").write_text("secret")
    return out


@pytest.mark.parametrize("url", [
    "/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/articles/..%2f..%2fsecret.txt",
    "/articles%2f..%2f..%2fsecret.txt", "/..%5csecret.txt", "/..\\secret.txt", "/a%00b",
    "/articles/a/%2e%2e/%2e%2e/%2e%2e/secret.txt", "/.hidden.tmp", "/%ff", "/empty/", "/missing",
])
def test_unsafe_or_missing_paths_are_not_found(site: Path, url: str) -> None:
    assert resolve(site, "/", url).outcome is Outcome.NOT_FOUND


def test_symlink_out_of_site_is_not_found(site: Path) -> None:
    os.symlink(site.parent / "secret.txt", site / "link.txt")
    os.symlink(site.parent, site / "up")
    assert resolve(site, "/", "/link.txt").outcome is Outcome.NOT_FOUND
    assert resolve(site, "/", "/up/secret.txt").outcome is Outcome.NOT_FOUND


def test_files_and_folders(site: Path) -> None:
    found = resolve(site, "/", "/articles/a/")
    assert found.outcome is Outcome.FILE and found.output == "articles/a/index.html"
    assert resolve(site, "/", "/").output == "index.html"
    moved = resolve(site, "/", "/articles/a")
    assert moved.outcome is Outcome.REDIRECT and moved.location == "/articles/a/"


def test_redirect_never_leaves_the_host(site: Path) -> None:
    (site / "evil.com").mkdir()
    assert resolve(site, "/", "//evil.com").location == "/evil.com/"


def test_base_path(site: Path) -> None:
    assert resolve(site, "/repo/", "/repo/articles/a/").outcome is Outcome.FILE
    assert resolve(site, "/repo/", "/").location == "/repo/"
    assert resolve(site, "/repo/", "/repo").location == "/repo/"
    assert resolve(site, "/repo/", "/articles/a/").outcome is Outcome.NOT_FOUND


def test_output_path() -> None:
    assert output_path("/repo/articles/x/", "/repo/") == "articles/x/index.html"
    assert output_path("/repo/", "/repo/") == "index.html"
    assert output_path("/other/", "/repo/") is None
    assert output_path("/%C3%BC/", "/") == "ü/index.html"


@pytest.mark.parametrize(("name", "expected"), [
    ("a.html", "text/html; charset=utf-8"), ("s.css", "text/css; charset=utf-8"),
    ("app.js", "text/javascript; charset=utf-8"), ("i.json", "application/json; charset=utf-8"),
    ("feed.xml", "application/xml; charset=utf-8"), ("logo.svg", "image/svg+xml; charset=utf-8"),
    ("p.png", "image/png"), ("f.woff2", "font/woff2"), ("blob", "application/octet-stream"),
])
def test_content_types(name: str, expected: str) -> None:
    assert content_type(name) == expected
