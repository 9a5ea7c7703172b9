"""The Pagefind step's shortcuts: only the marked pages are given to
Pagefind (same index as the whole site), the index is rebuilt only when a
marked page changed, and `serve` runs it after the reload was published."""
from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from generator import build as build_module
from generator import config as config_module
from generator import search
from generator.serve import Preview
from tests.site.sitedata import make_project

pytestmark = pytest.mark.slow


def _snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _config(project: Path) -> config_module.SiteConfig:
    return config_module.load(project / "site.yaml")


def test_marked_pages_only_give_the_same_index(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    build_module.build(_config(project))
    assert search.glob_for(build_module.template_search_path(_config(project))) == search.MARKED_GLOB
    whole = tmp_path / "whole"
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(project / "site"), "--output-path",
                    str(whole), "--silent"], check=True)
    search._sort_entry(whole / "pagefind-entry.json")
    assert _snapshot(whole) == _snapshot(project / "site" / "pagefind")


def test_a_marked_override_indexes_every_page(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    page = project / "templates" / "page.html"
    page.parent.mkdir(parents=True, exist_ok=True)
    source = (build_module.PACKAGE_TEMPLATES / "page.html").read_text(encoding="utf-8")
    page.write_text(source.replace("{% block main %}", "{% block main %}<div data-pagefind-body></div>", 1),
                    encoding="utf-8")
    assert search.glob_for(build_module.template_search_path(_config(project))) is None


def test_index_rebuilt_only_when_a_marked_page_changed(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    build_module.build(_config(project))
    entry = project / "site" / "pagefind" / "pagefind-entry.json"
    before = entry.stat().st_mtime_ns
    outputs = {"archive/index.html": "a", "articles/x/index.html": "b", "tags/t/page/2/index.html": "c"}
    digest = search.pages_digest(outputs, search.MARKED_GLOB)
    assert digest == search.pages_digest({**outputs, "archive/index.html": "changed",
                                          "tags/t/page/2/index.html": "changed"}, search.MARKED_GLOB)
    assert digest != search.pages_digest({**outputs, "articles/x/index.html": "changed"}, search.MARKED_GLOB)
    assert digest != search.pages_digest(outputs, None)
    build_module.build(_config(project))
    assert entry.stat().st_mtime_ns == before


def test_serve_publishes_before_the_search_index(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    order: list[str] = []
    preview = Preview(_config(project), searcher=lambda cfg: (order.append("search"),
                                                              build_module.update_search_index(cfg)))
    publish = preview.news.publish
    preview.news.publish = lambda *a, **k: (order.append("publish"), publish(*a, **k))[1]  # type: ignore
    preview.rebuild(set())
    assert preview.search is not None and preview.search.wait_idle(300)
    assert order == ["publish", "search"]
    assert (project / "site" / "pagefind" / "pagefind.js").is_file()
    snapshot = _snapshot(project / "site" / "pagefind")
    shutil.rmtree(project / "site")
    shutil.rmtree(project / ".cache")
    build_module.build(_config(project))        # the one-shot build: the same index
    assert _snapshot(project / "site" / "pagefind") == snapshot
    preview.search.stop()


def test_serve_default_builder_skips_search_in_the_build(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    preview = Preview(_config(project))
    assert preview.search is not None
    report = preview.builder(preview.config)
    assert report.written > 0 and not (project / "site" / "pagefind").exists()
    preview.search.request(preview.config)
    assert preview.search.wait_idle(300)
    assert (project / "site" / "pagefind" / "pagefind.js").is_file()
    preview.search.stop()


def test_stop_running_ends_a_pagefind_run_and_its_children(tmp_path: Path) -> None:
    """serve's exit ends a background run, including the binary that
    `python -m pagefind` starts as a child; the run reports 'stopped'."""
    marker = tmp_path / "child.pid"
    script = ("import subprocess, sys, time; "
              "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)']); "
              f"open({str(marker)!r}, 'w').write(str(child.pid)); time.sleep(60)")
    results: list[tuple[int | None, str]] = []
    runner = threading.Thread(target=lambda: results.append(search._run([sys.executable, "-c", script])))
    runner.start()
    deadline = time.monotonic() + 10
    while not marker.exists() or not marker.read_text():
        assert time.monotonic() < deadline, "the fake run did not start"
        time.sleep(0.02)
    child = int(marker.read_text())
    search.stop_running()
    runner.join(10)
    assert not runner.is_alive() and results and results[0][0] is None
    deadline = time.monotonic() + 5
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not _alive(child), "the run's child outlived stop_running()"


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            return handle.read().split(") ")[1][0] != "Z"     # a zombie is gone, only not yet reaped
    except FileNotFoundError:
        return False
