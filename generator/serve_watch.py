"""File watching for `serve`: watchdog events → one debounced batch of
changed paths → one rebuild at a time, on one build thread.

An editor's save is several events (write, rename, chmod) and `git checkout`
is hundreds; rebuilding per event is MkDocs #2061. Events only add to a
pending set and bump an epoch; the build thread waits until the epoch has
stood still for the quiet time (at most `max_delay` after the first event),
then takes the whole set. The quiet time adapts: `quiet` (short) while the
batch holds at most `few` paths, an editor's save; `burst_quiet` once it
holds more, so a checkout that pauses a moment between files is still one
batch. Events arriving during a build form the next batch. On Linux a file
being written (modified, not yet closed) also holds the batch back, so a
slow or non-atomic save is never built half-written.

`Watcher.reliable()` says whether the events since it was last asked are
all the changes there were (native events, every observer thread alive, no
queue overflow, no folder newly watched): only then may the build trust the
batch as the complete list of changes (build(changed=…))."""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from watchdog.events import (DirCreatedEvent, DirDeletedEvent, DirMovedEvent, FileClosedEvent,
                             FileCreatedEvent, FileDeletedEvent, FileModifiedEvent,
                             FileMovedEvent, FileSystemEvent, FileSystemEventHandler)
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

log = logging.getLogger(__name__)

# Opened/closed-without-writing are left out: the build reads every file it
# watches, and reacting to reads would rebuild forever.
_CHANGES = (FileCreatedEvent, FileDeletedEvent, FileModifiedEvent, FileMovedEvent,
            FileClosedEvent, DirCreatedEvent, DirDeletedEvent, DirMovedEvent)
_IGNORED_SUFFIXES = ("~", ".swp", ".swx", ".swpx", ".tmp", ".bak", ".pyc")


def is_interesting(path: Path) -> bool:
    """Editor droppings, hidden and temp files (our own atomic writes too)."""
    name = path.name
    return bool(name) and not name.startswith((".", "#")) and not name.endswith(_IGNORED_SUFFIXES)


class Debouncer:
    """Collects changed paths; calls `on_batch(paths)` on its own thread,
    never twice at once. `stop()` ends the thread after the current batch."""

    def __init__(self, on_batch: Callable[[set[Path]], None], quiet: float = 0.01,
                 max_delay: float = 1.0, burst_quiet: float | None = None, few: int = 2) -> None:
        self.on_batch, self.quiet, self.max_delay = on_batch, quiet, max_delay
        self.burst_quiet = max(quiet, 0.1) if burst_quiet is None else burst_quiet
        self.few = few
        self.epoch = 0                       # bumped by every event
        self.batch_first = 0.0               # monotonic time of the first event of the batch taken last
        self._pending: set[Path] = set()
        self._writing: set[Path] = set()    # modified, not yet closed (inotify only)
        self._first = 0.0
        self._stopped = False
        self._cond = threading.Condition()
        self._thread = threading.Thread(target=self._run, name="newsdigest-build", daemon=True)

    def start(self) -> Debouncer:
        self._thread.start()
        return self

    def notify(self, paths: Iterable[Path], writing: bool = False) -> None:
        paths = set(paths)
        if not paths:
            return
        with self._cond:
            if not self._pending:
                self._first = time.monotonic()
            self._pending.update(paths)
            if writing:
                self._writing |= paths
            else:
                self._writing -= paths
            self.epoch += 1
            self._cond.notify_all()

    def stop(self, timeout: float = 5.0) -> None:
        with self._cond:
            self._stopped = True
            self._cond.notify_all()
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join(timeout)

    def _next_batch(self) -> set[Path] | None:
        with self._cond:
            self._cond.wait_for(lambda: bool(self._pending) or self._stopped)
            while not self._stopped:
                seen = self.epoch
                quiet = self.quiet if len(self._pending) <= self.few else self.burst_quiet
                deadline = min(time.monotonic() + quiet, self._first + self.max_delay)
                self._cond.wait_for(lambda: self.epoch != seen or self._stopped,
                                    max(0.0, deadline - time.monotonic()))
                if time.monotonic() >= self._first + self.max_delay:
                    break                    # waited long enough
                if self.epoch == seen and not self._writing:
                    break                    # quiet for `quiet` s, and every file closed
            if self._stopped:
                return None
            batch, self._pending, self._writing = self._pending, set(), set()
            self.batch_first = self._first
            log.debug(f"rebuilding for {len(batch)} change(s) "
                      f"{(time.monotonic() - self._first) * 1000:.0f} ms after the first: "
                      f"{', '.join(sorted(p.name for p in batch)[:5])}")
            return batch

    def _run(self) -> None:
        while (batch := self._next_batch()) is not None:
            try:
                self.on_batch(batch)
            except Exception:  # noqa: BLE001 - the server must outlive a bug in one rebuild
                log.exception("rebuild failed with an internal error (a bug; please report it)")


class _Handler(FileSystemEventHandler):
    def __init__(self, sink: Callable[[list[Path], bool], None], closes: bool) -> None:
        self.sink = sink
        self.closes = closes                 # the observer reports closes (inotify)

    def on_any_event(self, event: FileSystemEvent) -> None:
        if not isinstance(event, _CHANGES):
            return
        raw = [event.src_path, getattr(event, "dest_path", "")]
        paths = [Path(p if isinstance(p, str) else p.decode()) for p in raw if p]
        paths = [p for p in paths if is_interesting(p)]
        if paths:
            writing = self.closes and isinstance(event, (FileModifiedEvent, FileCreatedEvent))
            self.sink(paths, writing)


class Watcher:
    """One watchdog observer over a set of folders (recursive) and single
    files (their folder, non-recursive, filtered to the file). `sync` adds
    folders that appeared (after a config reload, or created later)."""

    def __init__(self, sink: Callable[[list[Path], bool], None], poll: bool = False) -> None:
        self.observer: Any = PollingObserver(timeout=0.25) if poll else Observer()
        self._closes = type(self.observer).__name__ == "InotifyObserver"
        self.observer.daemon = True
        self._sink = sink
        self._files: set[Path] = set()
        self._watches: dict[tuple[Path, bool], Any] = {}
        self._native = not poll
        self._missed = True                  # until asked once: nothing is known yet
        self._lock = threading.Lock()
        self._overflow = _OverflowHandler(self._lost)

    def reliable(self) -> bool:
        """True when the events reported since the last call are every
        change there was. Asking resets it: a caller that gets False scans
        everything now, which covers what was missed."""
        with self._lock:
            missed, self._missed = self._missed, False
        alive = self.observer.is_alive() and all(e.is_alive() for e in self.observer.emitters)
        return self._native and alive and not missed

    def _lost(self) -> None:
        """The kernel dropped events: nothing is known about what changed."""
        with self._lock:
            self._missed = True
        folders = [folder for folder, recursive in list(self._watches) if recursive]
        if folders:
            self._sink(folders, False)      # a rebuild, and folders are never taken as known changes

    def _filtered(self, paths: list[Path], writing: bool) -> None:
        keep = [p for p in paths if self._under_folder(p) or p in self._files]
        if keep:
            self._sink(keep, writing)

    def _under_folder(self, path: Path) -> bool:
        return any(recursive and path.is_relative_to(folder) for folder, recursive in self._watches)

    def sync(self, folders: Iterable[Path], files: Iterable[Path] = ()) -> None:
        self._files = {f.resolve() for f in files}
        wanted = {(f.resolve(), True) for f in folders if f.is_dir()}
        wanted |= {(f.parent, False) for f in self._files if f.parent.is_dir()}
        # a folder already watched recursively covers anything below it
        wanted = {(f, r) for f, r in wanted
                  if not any(o_r and (o, o_r) != (f, r) and f.is_relative_to(o) for o, o_r in wanted)}
        for key in set(self._watches) - wanted:
            self.observer.unschedule(self._watches.pop(key))
        for folder, recursive in sorted(wanted - set(self._watches)):
            with self._lock:
                self._missed = True          # what changed in it before now was not seen
            self._watches[(folder, recursive)] = self.observer.schedule(
                _Handler(self._filtered, self._closes), str(folder), recursive=recursive)
            log.debug(f"watching {folder}{'/' if recursive else ''}")

    def start(self) -> None:
        logging.getLogger("watchdog.observers").addHandler(self._overflow)
        self.observer.start()

    def stop(self) -> None:
        logging.getLogger("watchdog.observers").removeHandler(self._overflow)
        self.observer.stop()
        if self.observer.is_alive():
            self.observer.join(5)


class _OverflowHandler(logging.Handler):
    """watchdog reports an inotify queue overflow (events lost) only as a
    log record; this turns it into a call."""

    def __init__(self, on_overflow: Callable[[], None]) -> None:
        super().__init__(logging.WARNING)
        self.on_overflow = on_overflow

    def emit(self, record: logging.LogRecord) -> None:
        if "overflow" in str(record.msg).lower():
            self.on_overflow()
