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
import re
import shutil
import subprocess
import sys
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
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BuildError(f"pagefind could not run: {exc}", hint="pip install 'pagefind[bin]'") from None
    if result.returncode != 0:
        shutil.rmtree(fresh, ignore_errors=True)
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise BuildError(f"pagefind failed: {detail[-1] if detail else result.returncode}",
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
