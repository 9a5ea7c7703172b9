"""The search index: Pagefind, run over the written site after every build
that changed a page. Pages carry their language in <html lang>, so Pagefind
stems German and English; article bodies are marked data-pagefind-body.
No data-pagefind-filter: Pagefind 1.5.2 writes filter files in a varying
order, and the index should be byte-identical from run to run.

Pagefind writes into a fresh folder that then replaces the old one, so a
failed run never leaves a half-written index (or stale fragments) behind."""
from __future__ import annotations

import hashlib
import json
import logging
import shutil
import subprocess
import sys
from pathlib import Path

from .errors import BuildError
from .routes import PAGEFIND_DIR

log = logging.getLogger(__name__)
NEXT = ".pagefind-next"
OLD = ".pagefind-old"
STAMP = "pagefind.sha256"


def pages_digest(outputs: dict[str, str]) -> str:
    """One digest over every HTML page's digest: what an index was built from."""
    pages = sorted((path, digest) for path, digest in outputs.items() if path.endswith(".html"))
    return hashlib.sha256(json.dumps(pages).encode()).hexdigest()


def needs_index(out_dir: Path, stamp: Path, pages: str) -> bool:
    """Rerun when the pages differ from those last indexed, or the index is
    gone. The stamp (in the build cache, not in site/: it holds digests that
    vary with the project's path) is written only after a complete run, so
    a build killed while Pagefind ran is repaired by the next build."""
    try:
        return stamp.read_text(encoding="utf-8") != pages or not (out_dir / PAGEFIND_DIR / "pagefind.js").is_file()
    except OSError:
        return True


def index(out_dir: Path, stamp: Path, pages: str) -> None:
    fresh, old, target = out_dir / NEXT, out_dir / OLD, out_dir / PAGEFIND_DIR
    for leftover in (fresh, old):
        shutil.rmtree(leftover, ignore_errors=True)
    command = [sys.executable, "-m", "pagefind", "--site", str(out_dir), "--output-path", str(fresh), "--silent"]
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
