"""A big site's search index in shards (search.py), tried on the small test
site with a tiny shard size (NEWSDIGEST_SHARD_PAGES=4: 16 marked pages,
4 shards): one Pagefind run per changed shard only, the same bytes from run
to run, stale shards removed when the site shrinks, a stopped run repaired."""
from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest

from generator import build as build_module
from generator import config as config_module
from generator import search
from tests.site.sitedata import make_project

pytestmark = pytest.mark.slow


def _snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _mtimes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in sorted(folder.rglob("*")) if p.is_file()}


def _shard(path: str) -> str:
    """The shard folder a site file lives in ('' for the primary bundle)."""
    first = path.split("/", 1)[0]
    return first if first.startswith("shard-") else ""


def _build(project: Path) -> None:
    build_module.build(config_module.load(project / "site.yaml"))


def _bundles(project: Path) -> list[str]:
    match = re.search(r"var bundles = (\[.*?\]);", (project / "site" / "search" / "index.html").read_text("utf-8"))
    return json.loads(match.group(1)) if match else []


@pytest.fixture
def shards(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSDIGEST_SHARD_PAGES", "4")


def test_shard_count_and_assignment() -> None:
    assert [search.shard_count(n) for n in (0, 4000, 4001, 8000, 8001, 100_000)] == [1, 1, 2, 2, 4, 32]
    assert search.bundles(1) == []
    assert search.bundles(4) == ["", "shard-01/", "shard-02/", "shard-03/"]
    paths = [f"articles/a{n}/index.html" for n in range(2000)]
    for path in paths:       # doubling the count splits each shard in two
        assert search.shard_of(path, 8) % 4 == search.shard_of(path, 4)
    sizes = [sum(1 for p in paths if search.shard_of(p, 4) == k) for k in range(4)]
    assert min(sizes) > 400


def test_a_big_site_gets_one_bundle_per_shard(tmp_path: Path, shards: None) -> None:
    project = make_project(tmp_path / "p")
    _build(project)
    index = project / "site" / "pagefind"
    assert sorted(p.name for p in index.glob("shard-*")) == ["shard-01", "shard-02", "shard-03"]
    assert _bundles(project) == ["", "shard-01/", "shard-02/", "shard-03/"]
    counted = 0
    for folder in [index, *sorted(index.glob("shard-*"))]:
        entry = json.loads((folder / "pagefind-entry.json").read_text("utf-8"))
        counted += sum(language["page_count"] for language in entry["languages"].values())
    marked = [p for p in (project / "site").rglob("index.html")
              if search._MARKED_OUTPUT.fullmatch(p.relative_to(project / "site").as_posix())]
    assert counted == len(marked) == 16                     # every marked page, in one shard only
    assert not (project / ".cache" / search.SOURCE).exists() and not (project / "site" / search.NEXT).exists()


def test_an_edit_reruns_only_its_shard(tmp_path: Path, shards: None) -> None:
    project = make_project(tmp_path / "p")
    _build(project)
    index = project / "site" / "pagefind"
    before, stamps = _snapshot(index), _mtimes(index)
    article = project / "content" / "articles" / "zinsentscheid.md"     # shard 1
    assert search.shard_of("articles/zinsentscheid/index.html", 4) == 1
    article.write_text(article.read_text("utf-8").replace("reagierten gelassen", "reagierten gelassen "
                                                          "und unaufgeregt"), encoding="utf-8")
    _build(project)
    after = _snapshot(index)
    changed = {_shard(path) for path in set(before) | set(after) if before.get(path) != after.get(path)}
    assert changed == {"shard-01"}
    untouched = {path: mtime for path, mtime in _mtimes(index).items() if _shard(path) != "shard-01"}
    assert untouched == {path: mtime for path, mtime in stamps.items() if _shard(path) != "shard-01"}


def test_two_builds_give_the_same_bytes(tmp_path: Path, shards: None) -> None:
    first, second = make_project(tmp_path / "a"), make_project(tmp_path / "b")
    _build(first)
    _build(second)
    assert _snapshot(first / "site" / "pagefind") == _snapshot(second / "site" / "pagefind")
    shutil.rmtree(second / "site" / "pagefind")
    shutil.rmtree(second / ".cache")
    _build(second)
    assert _snapshot(first / "site" / "pagefind") == _snapshot(second / "site" / "pagefind")


def test_a_shrinking_site_removes_stale_shards(tmp_path: Path, shards: None,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    project, alone = make_project(tmp_path / "p"), make_project(tmp_path / "alone")
    _build(project)
    index = project / "site" / "pagefind"
    for name in ("weihnachtsmarkt", "neujahrsansprache", "teuerung-januar", "berlin-coalition"):
        (project / "content" / "articles" / f"{name}.md").unlink()
        (alone / "content" / "articles" / f"{name}.md").unlink()
    _build(project)                                           # 8 marked pages: 2 shards
    assert sorted(p.name for p in index.glob("shard-*")) == ["shard-01"]
    assert _bundles(project) == ["", "shard-01/"]
    assert sorted(p.name for p in (project / ".cache" / search.SHARD_STAMPS).iterdir()) == \
        ["shard-00.sha256", "shard-01.sha256"]
    monkeypatch.setenv("NEWSDIGEST_SHARD_PAGES", "100")      # one bundle, as for any small site
    for folder in (project, alone):
        (folder / "content" / "articles" / "snow-in-bern.md").unlink()
        _build(folder)
    assert not list(index.glob("shard-*")) and _bundles(project) == []
    assert not (project / ".cache" / search.SHARD_STAMPS).exists()
    assert _snapshot(index) == _snapshot(alone / "site" / "pagefind")
    assert (project / "site" / "search" / "index.html").read_bytes() == \
        (alone / "site" / "search" / "index.html").read_bytes()


def test_a_stopped_run_is_repaired_by_the_next_build(tmp_path: Path, shards: None,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """serve's exit stops a run between shards: those done are swapped in
    whole, the rest keep their old bundle, and the next build finishes."""
    project, clean = make_project(tmp_path / "p"), make_project(tmp_path / "clean")
    _build(clean)
    real, runs = search._pagefind, []

    def stopped_at_the_third(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        runs.append(args[0])
        if len(runs) == 3:
            shutil.rmtree(args[1], ignore_errors=True)
            return False
        return real(*args, **kwargs)

    monkeypatch.setattr(search, "_pagefind", stopped_at_the_third)
    _build(project)
    index = project / "site" / "pagefind"
    assert len(runs) == 3 and not (index / "shard-02").exists() and (index / "shard-01").is_dir()
    assert not (project / ".cache" / search.STAMP).exists()
    assert not (project / "site" / search.NEXT).exists() and not (project / ".cache" / search.SOURCE).exists()
    monkeypatch.setattr(search, "_pagefind", real)
    _build(project)
    assert _snapshot(index) == _snapshot(clean / "site" / "pagefind")
