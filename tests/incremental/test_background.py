"""parallel.in_background and in_child: the parse cache is written by a
forked child while the build plans, and the outputs are checked by one
while the inputs are scanned. The child's work lands and its answer
reaches the waiter, its failure is reported (not raised), and without
fork it runs inline."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator import parallel


@pytest.fixture
def can_fork(monkeypatch: pytest.MonkeyPatch) -> None:
    """Session fixtures (the browser tests' server) leave threads running,
    and in_background would then run inline; these children touch no lock."""
    monkeypatch.setattr(parallel, "_can_fork", lambda: True)


@pytest.mark.usefixtures("can_fork")
def test_child_does_the_work_and_the_waiter_says_so(tmp_path: Path) -> None:
    target = tmp_path / "done"
    wait = parallel.in_background(lambda: target.write_text(str(os.getpid())))
    assert wait() is True
    assert int(target.read_text()) != os.getpid()       # written by another process


def _disk_full() -> bool:
    raise OSError("disk full")


@pytest.mark.usefixtures("can_fork")
def test_a_failing_child_is_reported_not_raised() -> None:
    assert parallel.in_background(_disk_full)() is False


def test_inline_when_not_allowed(tmp_path: Path) -> None:
    target = tmp_path / "done"
    wait = parallel.in_background(lambda: target.write_text(str(os.getpid())), allowed=False)
    assert int(target.read_text()) == os.getpid()       # done before in_background returned
    assert wait() is True


@pytest.mark.usefixtures("can_fork")
@pytest.mark.parametrize("answer", [True, False])
def test_a_childs_answer_reaches_the_waiter(tmp_path: Path, answer: bool) -> None:
    target = tmp_path / "asked"

    def test() -> bool:
        target.write_text(str(os.getpid()))
        return answer
    assert parallel.in_child(test)() is answer
    assert int(target.read_text()) != os.getpid()


@pytest.mark.usefixtures("can_fork")
def test_a_child_that_raises_answers_false() -> None:
    assert parallel.in_child(_disk_full)() is False


def test_in_child_inline_raises() -> None:
    with pytest.raises(OSError):
        parallel.in_child(_disk_full, allowed=False)


@pytest.mark.usefixtures("can_fork")
def test_a_refused_fork_runs_inline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse() -> int:
        raise BlockingIOError("Resource temporarily unavailable")
    monkeypatch.setattr(os, "fork", refuse)
    target = tmp_path / "done"
    assert parallel.in_background(lambda: target.write_text(str(os.getpid())))() is True
    assert int(target.read_text()) == os.getpid()


@pytest.mark.usefixtures("can_fork")
def test_a_forked_child_reads_the_state_through_its_own_connection(tmp_path: Path) -> None:
    """The output check reads the recorded outputs in a child; an SQLite
    connection must not cross a fork, and the parent's stays usable."""
    from generator.state import State
    written = State(tmp_path / "build.sqlite")
    written.save({"a/index.html": "1", "b/feed.xml": "2"}, set())
    written.close()
    state = State(tmp_path / "build.sqlite")        # nothing loaded: the child reads the database

    class Inherited:
        def execute(self, *args: object) -> None:
            raise AssertionError("the child used the parent's connection")

    def in_the_child() -> bool:
        state.db = Inherited()                      # type: ignore[assignment] - the child's copy only
        return sorted(state.output_paths()) == ["a/index.html", "b/feed.xml"]
    assert parallel.in_child(in_the_child)() is True
    assert state.output_count() == 2
    state.save({"c/index.html": "3"}, set())
    assert sorted(state.output_paths()) == ["a/index.html", "b/feed.xml", "c/index.html"]
    state.close()
