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
the mark on any other template gets the whole site indexed, as before.

Pagefind holds a whole index in memory (about 280 MB per 1,000 articles),
so a site with more than SHARD_PAGES marked pages (articles and first term
pages) is split into a power-of-two number of shards by a hash of the page
path: adding a page changes one shard, and the count changes only when the
site doubles. Each shard is its own Pagefind run, one after another (peak
memory is one shard's), over a folder of hard links to its pages only
(.cache/pagefind-src/, outside site/; a --glob listing thousands of paths
would pass Linux's 128 KB argument limit), and only when its pages changed
(a stamp per shard in .cache/pagefind-shards/). Shard 0 is site/pagefind/, the bundle the UI
script loads; shard k is site/pagefind/shard-kk/. Each is swapped in alone
(its folder renamed into place), shards beyond the count are removed, and
the search page (told the bundles by plan, `bundles`) merges them all."""
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
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

from .errors import BuildError
from .routes import PAGEFIND_DIR

log = logging.getLogger(__name__)
NEXT = ".pagefind-next"
OLD = ".pagefind-old"
STAMP = "pagefind.sha256"
SHARD_STAMPS = "pagefind-shards"
SOURCE = "pagefind-src"
# the most marked pages one Pagefind run indexes (NEWSDIGEST_SHARD_PAGES overrides it)
SHARD_PAGES = 4000
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
    chosen = _chosen(glob)
    pages = sorted((path, digest) for path, digest in outputs.items() if chosen(path))
    return hashlib.sha256(json.dumps([glob, pages]).encode()).hexdigest()


def shard_count(pages: int) -> int:
    """How many shards an index over `pages` marked pages has: the smallest
    power of two that keeps the average shard within SHARD_PAGES."""
    limit = max(1, int(os.environ.get("NEWSDIGEST_SHARD_PAGES", SHARD_PAGES)))
    count = 1
    while pages > count * limit:
        count *= 2
    return count


def bundles(count: int) -> list[str]:
    """The bundle folders of an index of `count` shards, relative to
    site/pagefind/ ('' is the primary bundle); [] for one bundle."""
    return ["", *(_shard_dir(k) + "/" for k in range(1, count))] if count > 1 else []


def _shard_dir(number: int) -> str:
    return f"shard-{number:02d}"


def shard_of(path: str, count: int) -> int:
    """A stable hash of the page path: doubling the count splits each shard in two."""
    return int.from_bytes(hashlib.sha256(path.encode()).digest()[:8], "big") & (count - 1)


def marked_count(outputs: Iterable[str]) -> int:
    """The pages the shard count is taken from: articles and first term pages,
    whatever the templates mark (plan counts its outputs with this too, for
    the search page's list of bundles)."""
    return sum(1 for path in outputs if _MARKED_OUTPUT.fullmatch(path))


def _chosen(glob: str | None) -> Callable[[str], bool]:
    return (lambda path: bool(_MARKED_OUTPUT.fullmatch(path))) if glob == MARKED_GLOB \
        else (lambda path: path.endswith(".html"))


def index_stamp(outputs: dict[str, str], glob: str | None) -> str:
    """What the stamp of a complete index holds: the pages' digest, and the
    shard count when there are several (so that a changed SHARD_PAGES is seen)."""
    pages = pages_digest(outputs, glob)
    count = shard_count(marked_count(outputs))
    return pages if count == 1 else f"{pages} shards={count}"


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
    stamp.unlink(missing_ok=True)
    if not _pagefind(out_dir, fresh, glob, background):
        return
    with swap():
        if target.exists():
            target.rename(old)
        fresh.rename(target)
    shutil.rmtree(old, ignore_errors=True)
    shutil.rmtree(stamp.parent / SHARD_STAMPS, ignore_errors=True)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(pages, encoding="utf-8")
    log.info("search index written to %s/", PAGEFIND_DIR)


def index_shards(out_dir: Path, stamp: Path, pages: str, outputs: dict[str, str], glob: str | None,
                 count: int, swap: Callable[[], AbstractContextManager[object]] = nullcontext,
                 background: bool = False) -> None:
    """Index each of `count` shards whose pages changed (see the module
    docstring); `stamp`, `swap` and `background` as for index()."""
    fresh, old, target, source = out_dir / NEXT, out_dir / OLD, out_dir / PAGEFIND_DIR, stamp.parent / SOURCE
    for leftover in (fresh, old, source):
        shutil.rmtree(leftover, ignore_errors=True)
    stamp.unlink(missing_ok=True)         # written again once every shard is in place
    chosen = _chosen(glob)
    shards: list[list[tuple[str, str]]] = [[] for _ in range(count)]
    for path, digest in sorted(outputs.items()):
        if chosen(path):
            shards[shard_of(path, count)].append((path, digest))
    stamps = stamp.parent / SHARD_STAMPS
    stamps.mkdir(parents=True, exist_ok=True)
    done = 0
    for number, shard in enumerate(shards):
        folder = target / _shard_dir(number) if number else target
        shard_stamp = stamps / f"{_shard_dir(number)}.sha256"
        digest = hashlib.sha256(json.dumps([glob, count, number, shard]).encode()).hexdigest()
        try:
            if shard_stamp.read_text(encoding="utf-8") == digest and (folder / "pagefind-entry.json").is_file():
                continue
        except OSError:
            pass
        shard_stamp.unlink(missing_ok=True)
        if shard:
            _link_pages(out_dir, source, [path for path, _ in shard])
            try:
                if not _pagefind(source, fresh, None, background):
                    return
            finally:
                shutil.rmtree(source, ignore_errors=True)
        elif number:        # Pagefind fails on no pages: a bundle the search page merges nothing from
            fresh.mkdir()
            (fresh / "pagefind-entry.json").write_text('{"languages":{}}', encoding="utf-8")
        else:               # the UI script needs a primary bundle (a shard averages over
                            # SHARD_PAGES/2 pages: only a tiny override leaves one empty)
            raise BuildError(f"search shard 0 of {count} has no pages",
                             hint="NEWSDIGEST_SHARD_PAGES is too small for this site")
        with swap():
            if number == 0 and target.exists():      # the other shards live inside the primary bundle
                for inner in sorted(target.glob("shard-*")):
                    inner.rename(fresh / inner.name)
            if folder.exists():
                folder.rename(old)
            fresh.rename(folder)
        shutil.rmtree(old, ignore_errors=True)
        shard_stamp.write_text(digest, encoding="utf-8")
        done += 1
    with swap():
        for inner in sorted(target.glob("shard-*")):
            if not inner.name.removeprefix("shard-").isdigit() or int(inner.name.removeprefix("shard-")) >= count:
                shutil.rmtree(inner, ignore_errors=True)
    for old_stamp in stamps.glob("shard-*.sha256"):
        if int(old_stamp.name.removeprefix("shard-").removesuffix(".sha256")) >= count:
            old_stamp.unlink(missing_ok=True)
    stamp.write_text(pages, encoding="utf-8")
    log.info("search index written to %s/ (%d of %d shards updated)", PAGEFIND_DIR, done, count)


def _link_pages(out_dir: Path, source: Path, paths: list[str]) -> None:
    """A folder holding only these pages at the same paths (hard links, or
    copies where the cache is on another file system), for Pagefind to
    index as a site: the same URLs as from site/."""
    for path in paths:
        link = source / path
        link.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(out_dir / path, link)
        except OSError:
            shutil.copyfile(out_dir / path, link)


def _pagefind(site: Path, fresh: Path, glob: str | None, background: bool) -> bool:
    """Pagefind over `site` into `fresh`; False when stopped (serve is
    exiting: the old index stays)."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(fresh), "--silent"]
    if glob:
        command += ["--glob", glob]
    if background and (nice := shutil.which("nice")):
        command = [nice, "-n", "15", *command]
    returncode, output = _run(command)
    if returncode is None:
        shutil.rmtree(fresh, ignore_errors=True)
        return False
    if returncode != 0:
        shutil.rmtree(fresh, ignore_errors=True)
        detail = output.strip().splitlines()
        raise BuildError(f"pagefind failed: {detail[-1] if detail else returncode}",
                         hint="is 'pagefind[bin]' installed? (pip install 'newsdigest[search]')")
    _sort_entry(fresh / "pagefind-entry.json")
    return True


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
