"""Debounce, watching and the rebuild step, with stub builders: a burst of
events is one build, reads are not changes, seeds are re-ingested, a
config change reloads the settings, and errors come and go."""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest

from generator.config import SiteConfig
from generator.errors import ConfigError, SeedError
from generator.ingest import IngestReport, Outcome
from generator.serve import Preview
from generator.serve_watch import Debouncer, Watcher, is_interesting

from .helpers import StubBuilder


class Recorder:
    def __init__(self, delay: float = 0.0) -> None:
        self.batches: list[set[Path]] = []
        self.delay = delay
        self.changed = threading.Event()

    def __call__(self, batch: set[Path]) -> None:
        time.sleep(self.delay)
        self.batches.append(batch)
        self.changed.set()


def settle(recorder: Recorder, seconds: float = 0.6) -> None:
    assert recorder.changed.wait(10), "no build happened"
    time.sleep(seconds)


def test_a_burst_of_events_is_one_build() -> None:
    recorder = Recorder()
    debouncer = Debouncer(recorder, quiet=0.1).start()
    try:
        for i in range(500):
            debouncer.notify([Path(f"content/articles/{i}.md")])
        settle(recorder)
    finally:
        debouncer.stop()
    assert len(recorder.batches) == 1 and len(recorder.batches[0]) == 500


def test_events_during_a_build_make_exactly_one_more() -> None:
    recorder = Recorder(delay=0.3)
    debouncer = Debouncer(recorder, quiet=0.02).start()
    try:
        debouncer.notify([Path("a.md")])
        time.sleep(0.1)                          # the first build is running now
        for i in range(50):
            debouncer.notify([Path(f"{i}.md")])
        deadline = time.monotonic() + 10
        while len(recorder.batches) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.5)
    finally:
        debouncer.stop()
    assert [len(b) for b in recorder.batches] == [1, 50]


def test_a_burst_never_postpones_forever() -> None:
    recorder = Recorder()
    debouncer = Debouncer(recorder, quiet=0.2, max_delay=0.3).start()
    try:
        started = time.monotonic()
        while not recorder.changed.is_set() and time.monotonic() - started < 5:
            debouncer.notify([Path("a.md")])
            time.sleep(0.01)
    finally:
        debouncer.stop()
    assert recorder.changed.is_set() and time.monotonic() - started < 1.5


def test_a_bug_in_one_build_does_not_stop_the_thread() -> None:
    calls: list[set[Path]] = []

    def flaky(batch: set[Path]) -> None:
        calls.append(batch)
        if len(calls) == 1:
            raise RuntimeError("boom")

    debouncer = Debouncer(flaky, quiet=0.01).start()
    try:
        debouncer.notify([Path("a")])
        time.sleep(0.2)
        debouncer.notify([Path("b")])
        time.sleep(0.2)
    finally:
        debouncer.stop()
    assert calls == [{Path("a")}, {Path("b")}]


@pytest.mark.parametrize("name", [".a.md.tmp", "a.md~", ".a.md.swp", "#a.md#", ".git"])
def test_editor_droppings_are_ignored(name: str) -> None:
    assert not is_interesting(Path("content") / name)
    assert is_interesting(Path("content/a.md"))


@pytest.mark.parametrize("poll", [False, True])
def test_watcher_many_files_one_build_and_reads_are_not_changes(tmp_path: Path, poll: bool) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (tmp_path / "site.yaml").write_text("title: x\n")
    (tmp_path / "other.txt").write_text("not watched\n")
    recorder = Recorder()
    debouncer = Debouncer(recorder, quiet=0.5 if poll else 0.2).start()
    watcher = Watcher(debouncer.notify, poll=poll)
    watcher.sync([content], [tmp_path / "site.yaml"])
    watcher.start()
    try:
        time.sleep(0.3)
        for i in range(200):                    # like a git checkout
            (content / f"{i}.md").write_text(f"article {i}\n")
        settle(recorder, 1.0)
        assert len(recorder.batches) == 1 and len(recorder.batches[0]) >= 200
        recorder.changed.clear()
        for path in content.iterdir():          # what every build does
            path.read_text()
        (tmp_path / "other.txt").write_text("still not watched\n")
        time.sleep(1.0)
        assert len(recorder.batches) == 1
        (tmp_path / "site.yaml").write_text("title: y\n")
        settle(recorder, 0.2)
        assert recorder.batches[1] == {(tmp_path / "site.yaml").resolve()}
    finally:
        debouncer.stop()
        watcher.stop()


@dataclass
class StubIngest:
    failures: dict[str, str] = field(default_factory=dict)
    calls: list[list[Path]] = field(default_factory=list)

    def __call__(self, config: SiteConfig, seeds: list[Path]) -> Any:
        self.calls.append(seeds)
        report = IngestReport()
        for seed in seeds:
            if seed.name in self.failures:
                report.outcomes[seed.name] = Outcome.FAILED
                report.errors.append(str(SeedError(self.failures[seed.name], seed, 3)))
            else:
                report.outcomes[seed.name] = Outcome.UPDATED
        return report


def _preview(root: Path, **kwargs: Any) -> tuple[Preview, list[Any]]:
    seen: list[Any] = []
    (root / "seeds").mkdir(exist_ok=True)
    config = replace(SiteConfig(), root=root)

    def builder(cfg: SiteConfig, changed: frozenset[Path] | None = None, **callbacks: Any) -> Any:
        seen.append(cfg)
        return StubBuilder([])(cfg)
    return Preview(config, builder=builder, **kwargs), seen


def test_a_changed_seed_is_ingested_then_built(tmp_path: Path) -> None:
    ingest = StubIngest()
    preview, built = _preview(tmp_path, ingester=ingest)
    seed = (tmp_path / "seeds" / "a.txt").resolve()
    seed.write_text("x")
    preview.rebuild({seed, (tmp_path / "seeds" / "gone.txt").resolve(),
                     (tmp_path / "content" / "b.md").resolve()})
    assert ingest.calls == [[seed]] and len(built) == 1


def test_a_bad_seed_shows_until_fixed(tmp_path: Path) -> None:
    ingest = StubIngest({"a.txt": "no headline"})
    preview, _ = _preview(tmp_path, ingester=ingest)
    seed = (tmp_path / "seeds" / "a.txt").resolve()
    seed.write_text("x")
    preview.rebuild({seed})
    problem = preview.news.problems[0]
    assert (problem.path, problem.line, problem.message) == ("seeds/a.txt", 3, "no headline")
    preview.rebuild(set())                       # an unrelated rebuild keeps it
    assert preview.news.problems
    ingest.failures.clear()
    preview.rebuild({seed})
    assert preview.news.problems == ()


def test_site_yaml_change_reloads_the_config(tmp_path: Path) -> None:
    configs: list[SiteConfig | Exception] = [
        ConfigError("'page_size': must be at least 1", tmp_path / "site.yaml", 2),
        replace(SiteConfig(), root=tmp_path, title="New")]

    def reload() -> SiteConfig:
        outcome = configs.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    preview, built = _preview(tmp_path, reload_config=reload)
    changed = {(tmp_path / "site.yaml").resolve()}
    preview.rebuild(changed)
    assert preview.config.title == "News Digest" and preview.news.problems[0].line == 2
    assert preview.news.problems[0].path == "site.yaml"
    preview.rebuild(changed)
    assert preview.config.title == "New" and built[-1].title == "New"
    assert preview.news.problems == ()


def test_a_file_still_being_written_holds_the_build_back() -> None:
    recorder = Recorder()
    debouncer = Debouncer(recorder, quiet=0.02, max_delay=5).start()
    try:
        debouncer.notify([Path("a.md")], writing=True)      # opened and written, not closed
        time.sleep(0.3)
        assert not recorder.batches
        debouncer.notify([Path("a.md")])                    # closed
        settle(recorder, 0.1)
    finally:
        debouncer.stop()
    assert recorder.batches == [{Path("a.md")}]


def test_a_single_save_is_built_after_the_short_quiet_time() -> None:
    recorder = Recorder()
    debouncer = Debouncer(recorder).start()          # serve's defaults
    try:
        started = time.monotonic()
        debouncer.notify([Path("a.md")], writing=True)
        debouncer.notify([Path("a.md")])
        assert recorder.changed.wait(5)
        assert time.monotonic() - started < debouncer.burst_quiet
    finally:
        debouncer.stop()


def test_a_burst_that_pauses_longer_than_the_short_quiet_time_is_one_build() -> None:
    recorder = Recorder()
    debouncer = Debouncer(recorder, quiet=0.02, burst_quiet=0.3).start()
    try:
        debouncer.notify([Path(f"{i}.md") for i in range(3)])
        for i in range(3, 10):
            time.sleep(0.1)                          # longer than quiet, shorter than burst_quiet
            debouncer.notify([Path(f"{i}.md")])
        settle(recorder)
    finally:
        debouncer.stop()
    assert [len(b) for b in recorder.batches] == [10]


def test_watcher_checkout_of_500_files_is_one_build_with_serve_defaults(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    recorder = Recorder()
    debouncer = Debouncer(recorder).start()          # serve's defaults
    watcher = Watcher(debouncer.notify)
    watcher.sync([content])
    watcher.start()
    try:
        time.sleep(0.2)
        for i in range(500):
            (content / f"{i}.md").write_text(f"article {i}\n")
        settle(recorder, 1.0)
    finally:
        debouncer.stop()
        watcher.stop()
    assert [len(b) for b in recorder.batches] == [500]
