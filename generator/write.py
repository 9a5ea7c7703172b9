"""The only writer of files: atomic writes (temp file + rename), so a crash
or kill never leaves a half-written file, and unchanged bytes are not
rewritten (mtimes stay, watchers stay quiet). A build into an empty output
folder writes in a staging folder instead, moved in when it is complete.

A build writes tens of thousands of files, so a write is the fewest system
calls that do it: open (exclusive, mode 0644), write, close, rename; no
stdio buffer, tty check or random name per file."""
from __future__ import annotations

import contextlib
import itertools
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
MODE = 0o644                # pages are public, whatever the umask says
STAGING = ".newsdigest-new"     # in the output folder: where a fresh build writes (`staged`)
_pid = os.getpid()          # in the temp file's name: processes never share one
_serial = itertools.count()


def _after_fork() -> None:
    global _pid
    _pid = os.getpid()


os.register_at_fork(after_in_child=_after_fork)


def atomic_write(path: Path, data: bytes, durable: bool = False) -> bool:
    """Write `data` to `path` unless it already holds exactly that; returns
    whether it wrote. `durable` fsyncs first (for content people wrote)."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    fd, tmp = _create_temp(path)
    try:
        _fill(fd, data, durable)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def write_new(path: str, data: bytes, folders: set[str]) -> None:
    """A page of a fresh build, written in place in its staging folder
    (`staged`), which nothing reads before the whole site is in it: no
    compare, no temp file, no rename. The file's folder is made up front,
    once while it is in `folders` (the caller's: those made or found
    lately), where atomic_write pays a failed stat, a failed open and a
    mkdir for each new folder: most pages have one."""
    folder = os.path.dirname(path)
    if folder not in folders:
        try:
            os.mkdir(folder)
        except FileExistsError:
            pass
        except FileNotFoundError:
            os.makedirs(folder, exist_ok=True)
        folders.add(folder)
    fd = os.open(path, _FLAGS, MODE)
    try:
        _fill(fd, data)
    except BaseException:
        Path(path).unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def staged(out_dir: Path) -> Iterator[Path]:
    """A folder to build a whole site in, moved into the empty `out_dir`
    when the block ends (an entry at a time: a rename each, so the pages
    are complete when they appear); removed instead if it fails."""
    staging = out_dir / STAGING
    remove_staging(out_dir)
    staging.mkdir(parents=True)
    try:
        yield staging
        _move_into(staging, out_dir)
        staging.rmdir()
    except BaseException:
        remove_staging(out_dir)
        raise


def remove_staging(out_dir: Path) -> None:
    """What a killed fresh build left: never a complete site."""
    shutil.rmtree(out_dir / STAGING, ignore_errors=True)


def _move_into(source: Path, target: Path) -> None:
    """Every entry of `source` into `target`; a folder that is there
    already (made meanwhile) is merged, a file replaced."""
    with os.scandir(source) as entries:
        for entry in entries:
            destination = target / entry.name
            if entry.is_dir(follow_symlinks=False) and destination.is_dir():
                _move_into(Path(entry.path), destination)
                os.rmdir(entry.path)
            else:
                os.replace(entry.path, destination)


def _fill(fd: int, data: bytes, durable: bool = False) -> None:
    """Write all of `data` to the new file `fd` and close it."""
    try:
        os.fchmod(fd, MODE)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        if durable:
            os.fsync(fd)
    finally:
        os.close(fd)


def _create_temp(path: Path) -> tuple[int, str]:
    """A new file next to `path`, named so that remove_stale_temps knows it."""
    folder, name = os.path.split(path)
    while True:
        tmp = os.path.join(folder, f".{name}.{_pid}-{next(_serial)}.tmp")
        try:
            return os.open(tmp, _FLAGS, MODE), tmp
        except FileExistsError:     # left by a killed run with this pid: take the next name
            continue
        except FileNotFoundError:   # the folder is new: make it only then (a mkdir per page cost more)
            os.makedirs(folder, exist_ok=True)
            return os.open(tmp, _FLAGS, MODE), tmp


def remove_stale_temps(folder: Path) -> None:
    """Temp files left by a killed run are never valid output."""
    # scandir by hand: a site holds tens of thousands of folders, and
    # os.walk (lists of names, a stat per entry) takes half as long again
    stack = [str(folder)]
    while stack:
        try:
            entries = os.scandir(stack.pop())
        except (FileNotFoundError, NotADirectoryError):
            continue
        with entries:
            for entry in entries:
                if entry.name.startswith(".") and entry.name.endswith(".tmp") and entry.is_file(follow_symlinks=False):
                    Path(entry.path).unlink(missing_ok=True)
                elif entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
