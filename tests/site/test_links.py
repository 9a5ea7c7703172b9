"""No broken internal link and no missing asset, at the root and under a
subpath base_url."""
from __future__ import annotations

from pathlib import Path

from tests.site.conftest import Built
from tests.site.linkcheck import broken_links, target


def test_no_broken_links_at_root(built: Built) -> None:
    assert broken_links(built.site, "/") == []


def test_no_broken_links_under_subpath(built_subpath: Built) -> None:
    problems = broken_links(built_subpath.site, "/repo/")
    assert problems == []
    # and every internal link really stays under /repo/
    index = (built_subpath.site / "index.html").read_text(encoding="utf-8")
    assert 'href="/repo/static/style.css"' in index
    assert 'href="/static/' not in index and 'href="/tags/' not in index


def test_checker_sees_a_broken_link(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text('<a href="/missing/">x</a><a href="#nope">y</a>'
                                         '<img src="static/a.png" alt="">', encoding="utf-8")
    assert len(broken_links(tmp_path, "/")) == 3


def test_links_outside_the_base_path_are_broken(tmp_path: Path) -> None:
    assert target(tmp_path, "/repo/", "/repo/", "/tags/") == tmp_path / "__outside_base_path__" / "tags/"
    assert target(tmp_path, "/repo/", "/repo/a/", "../b/") == tmp_path / "b" / "index.html"
    assert target(tmp_path, "/repo/", "/repo/", "https://example.org/") is None
