"""The search index: Pagefind, run over the written site after every build
that changed a page. Pages carry their language in <html lang>, so Pagefind
stems German and English; article bodies are marked data-pagefind-body.

Pagefind writes into a fresh folder that then replaces the old one, so a
failed run never leaves a half-written index (or stale fragments) behind."""
from __future__ import annotations

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


def needs_index(out_dir: Path, changed: int) -> bool:
    """Rerun only when a page changed or the index is gone."""
    return changed > 0 or not (out_dir / PAGEFIND_DIR / "pagefind.js").is_file()


def index(out_dir: Path) -> None:
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
    if target.exists():
        target.rename(old)
    fresh.rename(target)
    shutil.rmtree(old, ignore_errors=True)
    log.info("search index written to %s/", PAGEFIND_DIR)


def remove(out_dir: Path) -> None:
    """Search switched off: no index left behind."""
    shutil.rmtree(out_dir / PAGEFIND_DIR, ignore_errors=True)
