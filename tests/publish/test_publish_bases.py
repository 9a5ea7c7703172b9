"""The same content built at a domain root, on a GitHub project subpath and
at a custom domain: `newsdigest check` passes, every link resolves on disk,
and every absolute URL (canonical, feeds, sitemap, JSON-LD) is under the base;
then problems planted in a built site are each reported."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.publish.helpers import (
    BASES,
    SUBPATH_BASE,
    build,
    unresolved_links,
    write_project,
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    sites = {}
    for number, base in enumerate(BASES):
        folder = write_project(tmp_path_factory.mktemp(f"base{number}"))
        build(folder, base)
        sites[base] = folder
    return sites


@pytest.mark.parametrize("base", BASES)
def test_check_passes_and_every_link_resolves(built: dict[str, Path], base: str) -> None:
    folder = built[base]
    result = run_cli("check", "--base-url", base, cwd=folder)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No problems" in result.stderr
    assert unresolved_links(folder / "site", base) == []


@pytest.mark.parametrize("base", BASES)
def test_absolute_urls_are_under_the_base(built: dict[str, Path], base: str) -> None:
    site = built[base] / "site"
    path = re.sub(r"^https://[^/]+", "", base)
    article = (site / "articles" / "zins-entscheid" / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{base}articles/zins-entscheid/">' in article
    assert f'href="{path}static/' in article
    others = [u for u in re.findall(r"https?://[^\s\"'<>]+", article)
              if u.startswith("https://" + base.split("/")[2]) and not u.startswith(base)]
    assert others == []
    for name in ("sitemap.xml", "feed.xml", "feed.json", "robots.txt"):
        if (site / name).exists():
            text = (site / name).read_text(encoding="utf-8")
            own = [u for u in re.findall(r"https?://[^\s\"'<>]+", text) if base.split("/")[2] in u]
            assert own and all(u.startswith(base) for u in own), (name, own)
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', article, re.DOTALL):
        urls = re.findall(r'"(https?://[^"]+)"', json.dumps(json.loads(block)))
        assert all(u.startswith(base) for u in urls if base.split("/")[2] in u)


def test_a_site_built_for_one_base_fails_the_check_for_another(built: dict[str, Path]) -> None:
    result = run_cli("check", "--base-url", "https://user.github.io/other/", cwd=built[SUBPATH_BASE])
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert ("site/index.html: missing asset /repo/static/style.css "
            "(root-absolute link outside the base path /other/)") in lines
    assert ("site/index.html: broken canonical URL https://user.github.io/repo/ "
            "(not under base_url https://user.github.io/other/)") in lines


@pytest.fixture
def planted(built: dict[str, Path], tmp_path: Path) -> Path:
    """A copy of the subpath build to break."""
    folder = tmp_path / "planted"
    shutil.copytree(built[SUBPATH_BASE], folder)
    return folder


def _check(folder: Path) -> tuple[int, list[str], str]:
    result = run_cli("check", "--base-url", SUBPATH_BASE, cwd=folder)
    return result.returncode, result.stdout.splitlines(), result.stderr


def _append(page: Path, html: str) -> None:
    page.write_text(page.read_text(encoding="utf-8").replace("</main>", html + "</main>"), encoding="utf-8")


def test_planted_problems_are_each_reported_once(planted: Path) -> None:
    site = planted / "site"
    article = site / "articles" / "zins-entscheid" / "index.html"
    _append(article, '<a href="/repo/articles/gone/">gone</a><a href="/tags/">root</a>'
                     '<a href="#no-such-id">anchor</a><img src="../../static/missing.png" alt="">')
    code, lines, summary = _check(planted)
    assert code == 1
    assert lines == [
        ("site/articles/zins-entscheid/index.html: broken anchor #no-such-id "
        "(no id 'no-such-id' in articles/zins-entscheid/index.html)"),
        ("site/articles/zins-entscheid/index.html: broken link /repo/articles/gone/ "
        "(no file articles/gone/index.html in the site)"),
        "site/articles/zins-entscheid/index.html: broken link /tags/ (root-absolute link outside the base path /repo/)",
        ("site/articles/zins-entscheid/index.html: missing asset ../../static/missing.png "
        "(no file static/missing.png in the site)"),
    ]
    assert summary.startswith("error: 4 problem(s) in 1 file(s)")


def test_a_missing_stylesheet_and_sitemap_entry(planted: Path) -> None:
    site = planted / "site"
    (site / "static" / "style.css").unlink()
    sitemap = site / "sitemap.xml"
    text = sitemap.read_text(encoding="utf-8")
    sitemap.write_text(re.sub(r"<url><loc>[^<]*/articles/bern-budget/</loc>.*?</url>\s*", "", text, flags=re.DOTALL),
                       encoding="utf-8")
    code, lines, _ = _check(planted)
    assert code == 1
    assert "site/index.html: missing asset /repo/static/style.css (no file static/style.css in the site)" in lines
    assert ("site/articles/bern-budget/index.html: missing from sitemap.xml "
            "(list it, or mark the page noindex)") in lines


def test_a_bad_feed(planted: Path) -> None:
    feed = planted / "site" / "feed.xml"
    feed.write_text(re.sub(r"<title>[^<]*</title>", "", feed.read_text(encoding="utf-8"), count=1),
                    encoding="utf-8")
    code, lines, _ = _check(planted)
    assert code == 1
    assert "site/feed.xml: Atom feed: missing <title>" in lines


def test_check_without_a_built_site_is_a_user_error(tmp_path: Path) -> None:
    result = run_cli("check", cwd=tmp_path)
    assert result.returncode == 1
    assert "no built site here" in result.stderr


def test_the_base_url_github_pages_reports_gives_the_same_site(built: dict[str, Path], tmp_path: Path) -> None:
    """actions/configure-pages reports 'https://user.github.io/repo' (no
    trailing slash) and the workflow passes it in NEWSDIGEST_BASE_URL."""
    from tests.publish.helpers import tree
    folder = write_project(tmp_path)
    result = run_cli("build", cwd=folder, env={"NEWSDIGEST_BASE_URL": SUBPATH_BASE.rstrip("/")})
    assert result.returncode == 0, result.stderr
    check = run_cli("check", cwd=folder, env={"NEWSDIGEST_BASE_URL": SUBPATH_BASE.rstrip("/")})
    assert check.returncode == 0, check.stdout
    ours, reference = tree(folder / "site"), tree(built[SUBPATH_BASE] / "site")
    differing = [p for p in reference if not p.startswith("pagefind/") and ours.get(p) != reference[p]]
    assert differing == [] and sorted(ours) != [] and set(ours) - set(reference) <= {
        p for p in ours if p.startswith("pagefind/")}


def make_build(folder: Path, *variables: str) -> subprocess.CompletedProcess[str]:
    """`make build` with the venv and ingest steps stood in for."""
    from tests.conftest import ROOT
    return subprocess.run(["make", "-f", str(ROOT / "Makefile"), "build", "-o", "install", "-o", "ingest",
                           f"ND={sys.executable} -m generator", *variables],
                          cwd=folder, capture_output=True, text=True, timeout=300, check=False,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_make_build_checks_unless_told_not_to(tmp_path: Path) -> None:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    folder = write_project(tmp_path)
    (folder / "templates").mkdir()
    (folder / "templates" / "404.html").write_text(
        '{% extends "base.html" %}{% block main %}<a href="/elsewhere/">x</a>{% endblock %}', encoding="utf-8")
    failed = make_build(folder, f"BASE_URL={SUBPATH_BASE}")
    assert failed.returncode != 0
    assert ("site/404.html: broken link /elsewhere/ (root-absolute link outside the base path /repo/)"
            in failed.stdout)
    skipped = make_build(folder, f"BASE_URL={SUBPATH_BASE}", "NO_CHECK=1")
    assert skipped.returncode == 0, skipped.stdout + skipped.stderr
    assert "check skipped (NO_CHECK=1)" in skipped.stdout
