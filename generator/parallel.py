"""Digest, check, render and write the planned pages over worker processes.

The parent plans once; with the `fork` start method the workers inherit the
jobs, the Jinja2 environment and the previous digests without pickling them.
A job may be made on demand (plan.Jobs: an article's page), then it is made
by the worker that renders it. A task is a range of job indexes; a worker
digests each job, renders only those whose digest changed or whose file is
gone, writes them itself, and sends back (output, digest, written) only,
never HTML, plus what `Work.remember` wants kept of the job (the body-edit
path's stored article jobs), which the parent hands to `run`'s `sink` as it
arrives. One Markdown instance per worker (PageRenderer), reset between
documents.

Serial when there is little to do, one core, or threads are running (forking
a threaded process, e.g. `serve` with its watcher, can deadlock)."""
from __future__ import annotations

import contextlib
import gc
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .job import Job, job_digest
from .write import atomic_write, write_new

MIN_PARALLEL = 400          # fewer jobs than this: forking costs more than it saves
CHUNK = 64


@dataclass(frozen=True, slots=True)
class Work:
    jobs: Sequence[Job]
    template_digests: dict[str, str]
    config_digest: str
    previous: dict[str, str]                    # output → digest of the last build
    out_dir: Path
    make_renderer: Callable[[], Any]            # → object with render(job) -> bytes
    outputs: Sequence[str] | None = None        # each job's output, when jobs are made on demand
    # (job index, job, digest) → a value for the sink, or None; runs where the job was made
    remember: Callable[[int, Job, str], Any] | None = None
    fresh: bool = False                         # out_dir was empty: every output is a new file


Done = tuple[list[tuple[int, str, bool]], list[Any]]    # (index, digest, written), remembered values


_WORK: Work | None = None
_RENDERER: Any = None
_FOLDERS: set[str] = set()      # made by this process, this chunk, for a fresh output folder


def _can_fork() -> bool:
    """Forking a process with threads running (serve's watcher) can deadlock."""
    return hasattr(os, "fork") and threading.active_count() == 1


def workers_wanted(requested: int | None) -> int:
    if requested is not None:
        return max(1, requested)
    if not _can_fork():
        return 1
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def run(work: Work, workers: int,
        sink: Callable[[list[Any]], None] | None = None) -> tuple[dict[str, str], list[str]]:
    """Digest of every job, and the outputs written (in job order). `sink`
    gets the values `work.remember` kept, a chunk at a time."""
    global _WORK, _RENDERER
    total = len(work.jobs)
    digests: dict[str, str] = {}
    written: dict[int, str] = {}
    _WORK, _RENDERER = work, None
    # The collector never scans the heap made so far (the site, the jobs),
    # nor, in a forked worker, writes to it, which would copy its pages; it
    # runs while pages render, which leave a few cycles each.
    collecting = gc.isenabled()
    gc.freeze()
    gc.enable()
    try:
        if workers <= 1 or total < MIN_PARALLEL:
            # a chunk at a time here too: what the sink keeps is not held all at once
            results: Iterator[Done] = map(_chunk, _ranges(total))
            _collect(results, work, digests, written, sink)
        else:
            _trim_heap()
            # imported here, as ctypes below: 5 ms that a build with (almost) nothing to render never uses
            import multiprocessing
            context = multiprocessing.get_context("fork")
            with context.Pool(workers) as pool:
                _collect(pool.imap_unordered(_chunk, _ranges(total)), work, digests, written, sink)
    finally:
        _WORK, _RENDERER = None, None
        _FOLDERS.clear()
        if not collecting:
            gc.disable()
        gc.unfreeze()
    return digests, [written[i] for i in sorted(written)]


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while the site is read and planned: it
    makes millions of objects that all live on, and each collection pass
    scans them again (about 6 % of a cold build at 10,000 articles). `run`
    inside it collects again, without scanning them."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def in_child(test: Callable[[], bool], allowed: bool = True) -> Callable[[], bool]:
    """Run `test` in a forked child while the caller goes on (the child sees
    the caller's memory as it is now); the returned function waits for it,
    once, and gives its answer: False if it raised. Inline when forking is
    not allowed, not safe (threads running) or refused; then its errors
    are raised."""
    pid = _fork() if allowed and _can_fork() else None
    if pid is None:
        answer = test()
        return lambda: answer
    if pid == 0:                    # the child: no cleanup of the parent's objects on the way out
        code = 1
        try:
            code = 0 if test() else 1
        finally:
            os._exit(code)
    return lambda: os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 0


def _fork() -> int | None:
    """os.fork, or None when the system refuses (too many processes)."""
    try:
        return os.fork()
    except OSError:
        return None


def in_background(task: Callable[[], None], allowed: bool = True) -> Callable[[], bool]:
    """`task` in a forked child (in_child); the returned function says
    whether it succeeded. Only for work whose failure costs time, not
    output, such as writing a cache: the child's errors are not raised."""
    def done() -> bool:
        task()
        return True
    return in_child(done, allowed)


def _trim_heap() -> None:
    """Give the heap the parent freed (the article bodies, parsing) back to
    the OS before forking: every worker's RSS counts each resident page it
    inherits. glibc only; elsewhere there is nothing to do."""
    try:
        import ctypes
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _ranges(total: int) -> list[tuple[int, int]]:
    return [(start, min(start + CHUNK, total)) for start in range(0, total, CHUNK)]


def _collect(results: Iterator[Done], work: Work, digests: dict[str, str], written: dict[int, str],
             sink: Callable[[list[Any]], None] | None) -> None:
    outputs = work.outputs if work.outputs is not None else [job.output for job in work.jobs]
    for chunk, kept in results:
        for index, digest, wrote in chunk:
            output = outputs[index]
            digests[output] = digest
            if wrote:
                written[index] = output
        if kept and sink is not None:
            sink(kept)


def _chunk(bounds: tuple[int, int]) -> Done:
    global _RENDERER
    work = _WORK
    assert work is not None
    if _RENDERER is None:
        _RENDERER = work.make_renderer()
    done = []
    kept = []
    _FOLDERS.clear()        # a folder's outputs are planned together: a chunk's set is enough
    for index in range(*bounds):
        job = work.jobs[index]
        digest = job_digest(job, work.template_digests.get(job.template, ""), work.config_digest)
        if work.fresh:
            dirty = True
            write_new(os.path.join(work.out_dir, job.output), _RENDERER.render(job), _FOLDERS)
        else:
            target = work.out_dir / job.output
            dirty = work.previous.get(job.output) != digest or not os.path.isfile(target)
            if dirty:       # rendered; written only if the bytes differ
                dirty = atomic_write(target, _RENDERER.render(job))
        done.append((index, digest, dirty))
        if work.remember is not None and (value := work.remember(index, job, digest)) is not None:
            kept.append(value)
    return done, kept
