"""write.atomic_write: the only way a file gets written. Whole files or
nothing, public permissions whatever the umask, unchanged bytes left alone,
new folders made, no temp file left behind, stale temps recognised."""
from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from generator import write
from generator.write import atomic_write, remove_stale_temps


def test_writes_new_file_in_new_folders(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "index.html"
    assert atomic_write(target, b"<p>x</p>")
    assert target.read_bytes() == b"<p>x</p>"
    assert sorted(p.name for p in target.parent.iterdir()) == ["index.html"]


def test_same_bytes_are_not_rewritten(tmp_path: Path) -> None:
    target = tmp_path / "page.html"
    atomic_write(target, b"same")
    os.utime(target, ns=(1, 1))
    assert not atomic_write(target, b"same")
    assert target.stat().st_mtime_ns == 1
    assert atomic_write(target, b"other")
    assert target.read_bytes() == b"other"


def test_replaces_by_rename_so_readers_see_old_or_new(tmp_path: Path) -> None:
    target = tmp_path / "page.html"
    atomic_write(target, b"old")
    before = target.stat().st_ino
    atomic_write(target, b"new " * 10_000)
    assert target.stat().st_ino != before       # a new file took its place; the old one was never truncated
    assert target.read_bytes() == b"new " * 10_000


def test_mode_is_0644_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o077)
    try:
        atomic_write(tmp_path / "p.html", b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "p.html").stat().st_mode) == 0o644


def test_failed_write_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "page.html"
    atomic_write(target, b"kept")

    def broken(fd: int, data: object) -> int:
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(write.os, "write", broken)
    with pytest.raises(OSError):
        atomic_write(target, b"lost")
    assert target.read_bytes() == b"kept"
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]


def test_a_stale_temp_name_is_skipped_and_later_removed(tmp_path: Path) -> None:
    target = tmp_path / "page.html"
    serial = next(write._serial)
    stale = tmp_path / f".page.html.{write._pid}-{serial + 1}.tmp"
    stale.write_bytes(b"half")                  # as if a killed run with this pid left it
    atomic_write(target, b"whole")
    assert target.read_bytes() == b"whole"
    assert stale.exists()
    remove_stale_temps(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]


def test_forked_child_names_temps_with_its_own_pid(tmp_path: Path) -> None:
    read, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.write(write_end, str(write._pid).encode())
        os._exit(0)
    os.waitpid(pid, 0)
    assert int(os.read(read, 32)) == pid


# --- write_new: a build into an empty output folder ---

def test_write_new_makes_each_folder_once_and_writes_like_atomic_write(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[str] = []
    mkdir = os.mkdir
    monkeypatch.setattr(write.os, "mkdir", lambda path, *a: (made.append(str(path)), mkdir(path, *a))[1])
    folders: set[str] = set()
    old = os.umask(0o077)
    try:
        write.write_new(str(tmp_path / "tags" / "zinsen" / "index.html"), b"index.html", folders)
        first = len(made)
        for name in ("feed.xml", "feed.json"):
            write.write_new(str(tmp_path / "tags" / "zinsen" / name), name.encode(), folders)
        assert len(made) == first                   # its folder is known now
        write.write_new(str(tmp_path / "tags" / "index.html"), b"tags", folders)    # a folder made above
    finally:
        os.umask(old)
    zinsen = tmp_path / "tags" / "zinsen"
    assert sorted(p.name for p in zinsen.iterdir()) == ["feed.json", "feed.xml", "index.html"]   # no temps
    assert (zinsen / "feed.xml").read_bytes() == b"feed.xml" and (tmp_path / "tags" / "index.html").read_bytes() == b"tags"
    assert stat.S_IMODE((zinsen / "index.html").stat().st_mode) == 0o644


def test_write_new_failure_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(fd: int, data: object) -> int:
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(write.os, "write", full)
    with pytest.raises(OSError):
        write.write_new(str(tmp_path / "a" / "index.html"), b"x", set())
    assert list((tmp_path / "a").iterdir()) == []


# --- staged: a fresh build's pages appear complete ---

def test_staged_site_appears_when_complete(tmp_path: Path) -> None:
    site = tmp_path / "site"
    folders: set[str] = set()
    with write.staged(site) as staging:
        write.write_new(str(staging / "articles" / "a" / "index.html"), b"<p>a</p>", folders)
        write.write_new(str(staging / "index.html"), b"front", folders)
        assert [p.name for p in site.iterdir()] == [write.STAGING]     # nothing published yet
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == [
        "articles", "articles/a", "articles/a/index.html", "index.html"]
    assert (site / "articles" / "a" / "index.html").read_bytes() == b"<p>a</p>"


def test_staged_merges_what_appeared_meanwhile(tmp_path: Path) -> None:
    site = tmp_path / "site"
    with write.staged(site) as staging:
        write.write_new(str(staging / "tags" / "x" / "index.html"), b"x", set())
        (site / "tags").mkdir()
        (site / "tags" / "notes.txt").write_text("mine")
    assert (site / "tags" / "notes.txt").read_text() == "mine"
    assert (site / "tags" / "x" / "index.html").read_bytes() == b"x"
    assert not (site / write.STAGING).exists()


def test_staged_site_is_dropped_when_the_build_fails(tmp_path: Path) -> None:
    site = tmp_path / "site"
    with pytest.raises(RuntimeError), write.staged(site) as staging:
        write.write_new(str(staging / "index.html"), b"front", set())
        raise RuntimeError("a template failed")
    assert list(site.iterdir()) == []
