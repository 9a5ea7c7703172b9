"""The search index: Pagefind, run over the written site after every build
that changed a page. Pages carry their language in <html lang>, so Pagefind
stems German and English; article bodies are marked data-pagefind-body.
No data-pagefind-filter: Pagefind 1.5.2 writes filter files in a varying
order, and the index should be byte-identical from run to run.

Pagefind writes into a fresh folder that then replaces the old one, so a
failed run never leaves a half-written index (or stale fragments) behind.

Only pages marked data-pagefind-body are indexed (Pagefind drops the others
once any page has the mark). With the default templates those are the
article pages and the first page of each term, so Pagefind is given only
those (`--glob`; same index, a third less time at 10,000 articles), and the
index is rebuilt only when one of them changed. A template folder that puts
the mark on any other template gets the whole site indexed, as before."""
from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

from .errors import BuildError
from .routes import PAGEFIND_DIR

log = logging.getLogger(__name__)
NEXT = ".pagefind-next"
OLD = ".pagefind-old"
STAMP = "pagefind.sha256"
MARK = "data-pagefind-body"
# the templates that carry MARK by default, and the outputs they render
MARKED_TEMPLATES = frozenset({"article.html", "term.html"})
MARKED_GLOB = "{articles/*/index.html,tags/*/index.html,entities/*/*/index.html}"
_MARKED_OUTPUT = re.compile(r"articles/[^/]+/index\.html|tags/[^/]+/index\.html|entities/[^/]+/[^/]+/index\.html")


def glob_for(template_folders: list[Path]) -> str | None:
    """MARKED_GLOB when only the default marked templates carry the mark,
    else None (index every page)."""
    for folder in template_folders:
        for path in folder.rglob("*"):
            if path.is_file() and path.suffix in (".html", ".xml", ".txt", ".json"):
                name = path.relative_to(folder).as_posix()
                if name not in MARKED_TEMPLATES and MARK in path.read_text(encoding="utf-8", errors="replace"):
                    return None
    return MARKED_GLOB


def pages_digest(outputs: dict[str, str], glob: str | None = None) -> str:
    """One digest over the digests of the pages Pagefind reads: what an
    index was built from."""
    chosen = (lambda path: bool(_MARKED_OUTPUT.fullmatch(path))) if glob == MARKED_GLOB \
        else (lambda path: path.endswith(".html"))
    pages = sorted((path, digest) for path, digest in outputs.items() if chosen(path))
    return hashlib.sha256(json.dumps([glob, pages]).encode()).hexdigest()


def needs_index(out_dir: Path, stamp: Path, pages: str) -> bool:
    """Rerun when the pages differ from those last indexed, or the index is
    gone. The stamp (in the build cache, not in site/: it holds digests that
    vary with the project's path) is written only after a complete run, so
    a build killed while Pagefind ran is repaired by the next build."""
    try:
        return stamp.read_text(encoding="utf-8") != pages or not (out_dir / PAGEFIND_DIR / "pagefind.js").is_file()
    except OSError:
        return True


def index(out_dir: Path, stamp: Path, pages: str, glob: str | None = None,
          swap: Callable[[], AbstractContextManager[object]] = nullcontext, background: bool = False) -> None:
    """`swap`: held while the new index replaces the old (serve: the site
    lock). `background`: at low CPU priority, so that it does not slow
    down the next rebuild (serve)."""
    fresh, old, target = out_dir / NEXT, out_dir / OLD, out_dir / PAGEFIND_DIR
    for leftover in (fresh, old):
        shutil.rmtree(leftover, ignore_errors=True)
    command = [sys.executable, "-m", "pagefind", "--site", str(out_dir), "--output-path", str(fresh), "--silent"]
    if glob:
        command += ["--glob", glob]
    if background and (nice := shutil.which("nice")):
        command = [nice, "-n", "15", *command]
    returncode, output = _run(command)
    if returncode is None:                  # stopped (serve is exiting): leave the old index
        shutil.rmtree(fresh, ignore_errors=True)
        return
    if returncode != 0:
        shutil.rmtree(fresh, ignore_errors=True)
        detail = output.strip().splitlines()
        raise BuildError(f"pagefind failed: {detail[-1] if detail else returncode}",
                         hint="is 'pagefind[bin]' installed? (pip install 'newsdigest[search]')")
    _sort_entry(fresh / "pagefind-entry.json")
    with swap():
        if target.exists():
            target.rename(old)
        fresh.rename(target)
    shutil.rmtree(old, ignore_errors=True)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(pages, encoding="utf-8")
    log.info("search index written to %s/", PAGEFIND_DIR)


# Pagefind runs still going, each in its own process group (python -m
# pagefind starts the binary as a child), so that stop_running() can end
# them: a background run must not outlive `serve` and write into site/.
_RUNNING: dict[int, subprocess.Popen[str]] = {}
_STOPPED: set[int] = set()
_LOCK = threading.Lock()


def _run(command: list[str], timeout: float = 600) -> tuple[int | None, str]:
    """(exit code, stderr or stdout); exit code None when stop_running() ended it."""
    try:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   start_new_session=True)
    except OSError as exc:
        raise BuildError(f"pagefind could not run: {exc}", hint="pip install 'pagefind[bin]'") from None
    with _LOCK:
        _RUNNING[process.pid] = process
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process, signal.SIGKILL)
        process.communicate()
        raise BuildError(f"pagefind could not run: no result after {timeout:.0f} s") from None
    finally:
        with _LOCK:
            _RUNNING.pop(process.pid, None)
            stopped = process.pid in _STOPPED
            _STOPPED.discard(process.pid)
    return (None if stopped else process.returncode), (stderr or stdout)


def stop_running(grace: float = 5.0) -> None:
    """End every Pagefind run still going (serve calls this on exit)."""
    with _LOCK:
        running = list(_RUNNING.values())
        _STOPPED.update(process.pid for process in running)
    for process in running:
        _kill_group(process, signal.SIGTERM)
    for process in running:
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            _kill_group(process, signal.SIGKILL)


def _kill_group(process: subprocess.Popen[str], sig: int) -> None:
    try:
        os.killpg(process.pid, sig)
    except ProcessLookupError:
        pass


def _sort_entry(path: Path) -> None:
    """Pagefind 1.5 lists the languages in hash-map order; sorted, two runs
    over the same pages give identical bytes."""
    if path.is_file():
        data = json.loads(path.read_text(encoding="utf-8"))
        data["languages"] = dict(sorted(data.get("languages", {}).items()))
        path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def remove(out_dir: Path) -> None:
    """Search switched off: no index left behind."""
    shutil.rmtree(out_dir / PAGEFIND_DIR, ignore_errors=True)
