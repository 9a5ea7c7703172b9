"""Known changes: serve hands the watcher's paths to the build, which then
stats only those (and only the outputs it writes). The site must equal a
clean build, and anything the list cannot vouch for takes the full scan."""
from __future__ import annotations

import logging
import shutil
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from generator import build as build_module
from generator import config as config_module
from generator import corpus, incremental
from generator.config import SiteConfig
from generator.serve import Preview
from generator.serve_watch import Debouncer, Watcher
from tests.conftest import write_article

from .helpers import StubBuilder

SITE_YAML = "title: Bekannt\nsearch:\n  enabled: false\n"


def _project(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    for i in range(12):
        write_article(folder, f"{i:02d}-bericht", f"Bericht {i}", f"2025-05-{1 + i:02d}T10:00:00+01:00",
                      body=f"Absatz von Bericht {i}.", summary=f"Kurz {i}.", tags=[f"Thema {i % 3}"],
                      people=[f"Person {i % 4}"])
    return folder


def _config(folder: Path) -> SiteConfig:
    return config_module.load(folder / "site.yaml")


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _assert_equals_clean(project: Path, tmp_path: Path) -> None:
    reference = tmp_path / "reference"
    shutil.rmtree(reference, ignore_errors=True)
    shutil.copytree(project, reference, ignore=shutil.ignore_patterns("site", ".cache"))
    build_module.build(_config(reference), clean=True, workers=1)
    assert _tree(project / "site") == _tree(reference / "site")


class Spy:
    """Counts full scans and full output checks."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.scans = self.output_checks = 0
        scan, present = incremental.scan, incremental.outputs_present

        def counted_scan(*args: Any) -> Any:
            self.scans += 1
            return scan(*args)

        def counted_present(*args: Any) -> Any:
            self.output_checks += 1
            return present(*args)
        monkeypatch.setattr(incremental, "scan", counted_scan)
        monkeypatch.setattr(incremental, "outputs_present", counted_present)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = _project(tmp_path / "project")
    build_module.build(_config(folder), workers=1)
    return folder


def _article(project: Path, i: int) -> Path:
    return project / "content" / "articles" / f"{i:02d}-bericht.md"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_known_body_edit_stats_nothing_else_and_equals_clean(project: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    path = _article(project, 4)
    _edit(path, "Absatz von Bericht 4.", "Ganz neuer Text " * 50)
    spy = Spy(monkeypatch)
    report = build_module.build(_config(project), changed={path.resolve()})
    assert (spy.scans, spy.output_checks) == (0, 0)
    assert len(report.written_paths) == 1 and report.written_paths[0].startswith("articles/")
    _assert_equals_clean(project, tmp_path)
    # the stamps it stored are right: a full scan afterwards finds nothing to do, without planning
    monkeypatch.setattr(corpus, "discover", None)
    report = build_module.build(_config(project))
    assert report.written == 0 and report.current == report.pages


def test_known_change_that_did_not_change_anything(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spy = Spy(monkeypatch)
    report = build_module.build(_config(project), changed={_article(project, 2)})
    assert report.written == 0 and (spy.scans, spy.output_checks) == (0, 0)


def test_known_title_edit_takes_the_full_path(project: Path, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    path = _article(project, 5)
    _edit(path, "title: Bericht 5", "title: Anderer Titel")
    spy = Spy(monkeypatch)
    report = build_module.build(_config(project), changed={path})
    assert spy.scans == 0 and len(report.written_paths) > 1      # listings show the title
    _assert_equals_clean(project, tmp_path)


def _add(project: Path) -> Path:
    return write_article(project, "99-neu", "Neu", "2025-06-01T10:00:00+01:00", body="Neu.", tags=["Thema 1"])


def _remove(project: Path) -> Path:
    path = _article(project, 7)
    path.unlink()
    return path


def _template(project: Path) -> Path:
    template = project / "templates" / "article.html"
    template.parent.mkdir()
    source = build_module.PACKAGE_TEMPLATES / "article.html"
    template.write_text(source.read_text(encoding="utf-8").replace("</article>", "<p>neu</p></article>", 1))
    return template


def _site_yaml(project: Path) -> Path:
    path = project / "site.yaml"
    path.write_text(SITE_YAML.replace("Bekannt", "Anders"), encoding="utf-8")
    return path


def _subfolder(project: Path) -> Path:
    path = project / "content" / "articles" / "sub" / "x.md"
    path.parent.mkdir()
    path.write_text("not an article of the site\n")
    return path


def _other_content(project: Path) -> Path:
    path = project / "content" / "entities.yaml"
    path.write_text("{}\n")
    return path


@pytest.mark.parametrize("change", [_add, _remove, _template, _site_yaml, _subfolder, _other_content])
def test_anything_but_a_modified_article_falls_back_to_the_full_scan(
        project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: Any) -> None:
    body = _article(project, 3)
    _edit(body, "Absatz von Bericht 3.", "Neu drei.")
    other = change(project)
    spy = Spy(monkeypatch)
    build_module.build(_config(project), changed={body, other})
    assert spy.scans == 1
    _assert_equals_clean(project, tmp_path)


def test_a_clean_build_ignores_known_changes(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spy = Spy(monkeypatch)
    rendered: set[str] = set()
    render = build_module.PageRenderer.render
    monkeypatch.setattr(build_module.PageRenderer, "render",
                        lambda self, job: rendered.add(job.output) or render(self, job))
    report = build_module.build(_config(project), clean=True, workers=1, changed={_article(project, 1)})
    static = sum(1 for path in (project / "site" / "static").rglob("*") if path.is_file())
    assert spy.scans == 1 and len(rendered) == report.pages - static
    assert report.written == 0                  # every page rendered again, none different


# --- serve: which builds are told the changes ---

def _preview(root: Path, builder: Any, reliable: list[bool]) -> Preview:
    preview = Preview(replace(SiteConfig(), root=root), builder=builder)
    preview.watching = lambda: reliable.pop(0) if reliable else True
    return preview


def test_preview_tells_the_build_only_what_it_knows(tmp_path: Path) -> None:
    a, b, c = (tmp_path / "content" / "articles" / f"{n}.md" for n in "abc")
    builder = StubBuilder([(), (), RuntimeError("boom"), (), (), ()])
    preview = _preview(tmp_path, builder, [True, True, True, True, False, True])
    preview.rebuild(set())              # the first build: nothing is known yet
    preview.rebuild({a})
    preview.rebuild({b})                # fails: b stays unbuilt
    preview.rebuild({c})
    preview.rebuild({a})                # the watcher missed something: scan
    preview.rebuild({c})
    assert builder.changed == [None, frozenset({a}), frozenset({b}), frozenset({b, c}), None, frozenset({c})]


def test_served_body_edit_equals_a_clean_build(project: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The default builder, a real watcher and debouncer, as serve wires them."""
    config = _config(project)
    preview = Preview(config, searcher=None)
    told: list[frozenset[Path] | None] = []
    builder = preview.builder

    def recording(cfg: SiteConfig, changed: frozenset[Path] | None = None, **callbacks: Any) -> Any:
        told.append(changed)
        return builder(cfg, changed, **callbacks)
    preview.builder = recording
    built = threading.Event()
    debouncer = Debouncer(lambda batch: (preview.rebuild(batch, debouncer.batch_first), built.set()))
    watcher = Watcher(debouncer.notify)
    preview.watching = watcher.reliable
    watcher.sync(*preview.watched())
    watcher.start()
    debouncer.start()
    try:
        preview.rebuild(set())
        spy = Spy(monkeypatch)
        path = _article(project, 6)
        time.sleep(0.1)
        _edit(path, "Absatz von Bericht 6.", "Vom Beobachter gemeldet.")
        assert built.wait(10)
        time.sleep(0.3)
    finally:
        debouncer.stop()
        watcher.stop()
    assert told[0] is None and told[-1] == frozenset({path.resolve()})
    assert (spy.scans, spy.output_checks) == (0, 0)
    assert preview.news.problems == ()
    _assert_equals_clean(project, tmp_path)


def test_watcher_is_reliable_only_without_gaps(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    seen: list[list[Path]] = []
    watcher = Watcher(lambda paths, writing: seen.append(paths))
    watcher.sync([content])
    watcher.start()
    try:
        assert not watcher.reliable()        # nothing seen before it started
        assert watcher.reliable()
        logging.getLogger("watchdog.observers.inotify_c").warning(
            "Inotify queue overflowed; filesystem events were lost")
        assert not watcher.reliable() and watcher.reliable()
        assert [content.resolve()] in seen   # and a rebuild is asked for
        (tmp_path / "templates").mkdir()
        watcher.sync([content, tmp_path / "templates"])
        assert not watcher.reliable() and watcher.reliable()
    finally:
        watcher.stop()
    polling = Watcher(lambda paths, writing: None, poll=True)
    polling.sync([content])
    polling.start()
    try:
        polling.reliable()
        assert not polling.reliable()
    finally:
        polling.stop()


@pytest.mark.parametrize("max_known", [1, 256])
def test_many_known_edits_then_a_full_scan_finds_nothing(project: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch, max_known: int) -> None:
    """Known-change builds store only the stamps they re-stat-ed, folded
    into the full record now and then: either way it stays exact."""
    monkeypatch.setattr(incremental, "MAX_KNOWN", max_known)
    for round_, i in enumerate([1, 2, 1, 3, 2]):
        path = _article(project, i)
        _edit(path, f"Bericht {i}.", f"Bericht {i}. Runde {round_}.")
        report = build_module.build(_config(project), changed={path})
        assert len(report.written_paths) == 1, report.written_paths
    monkeypatch.setattr(corpus, "discover", None)     # no planning
    report = build_module.build(_config(project))
    assert report.written == 0
    monkeypatch.undo()
    _assert_equals_clean(project, tmp_path)


def test_the_browser_is_told_under_the_site_lock_before_the_records_are_saved(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    events: list[str] = []
    save = build_module.State.save

    def recorded_save(self: Any, *args: Any) -> None:
        events.append("save")
        save(self, *args)
    monkeypatch.setattr(build_module.State, "save", recorded_save)

    class Lock:
        def __enter__(self) -> None:
            events.append("lock")

        def __exit__(self, *exc: object) -> None:
            events.append("unlock")

    path = _article(project, 8)
    _edit(path, "Absatz von Bericht 8.", "Neu acht.")
    build_module.build(_config(project), changed={path}, site_lock=Lock,
                       on_written=lambda paths: events.append(f"told {len(paths)}"))
    assert events == ["lock", "told 1", "unlock", "save"]
    events.clear()
    _edit(path, "title: Bericht 8", "title: Acht")       # the full path: told under the lock too
    build_module.build(_config(project), changed={path}, site_lock=Lock,
                       on_written=lambda paths: events.append("told"))
    assert events[0] == "lock" and events[-2:] == ["told", "unlock"]


def test_an_editors_temp_file_that_came_and_went_is_no_change(project: Path, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """vim writes and removes '4913' next to the file it saves."""
    path = _article(project, 9)
    _edit(path, "Absatz von Bericht 9.", "Neu neun.")
    spy = Spy(monkeypatch)
    gone = (project / "content" / "articles" / "4913").resolve()
    build_module.build(_config(project), changed={path.resolve(), gone})
    assert spy.scans == 0
    _assert_equals_clean(project, tmp_path)
