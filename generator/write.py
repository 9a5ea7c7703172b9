"""The only writer of files: atomic writes (temp file + rename), so a crash
or kill never leaves a half-written file, and unchanged bytes are not
rewritten (mtimes stay, watchers stay quiet)."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def atomic_write(path: Path, data: bytes, durable: bool = False) -> bool:
    """Write `data` to `path` unless it already holds exactly that; returns
    whether it wrote. `durable` fsyncs first (for content people wrote)."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except FileNotFoundError:       # the folder is new: make it only then (a mkdir per page cost more)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def remove_stale_temps(folder: Path) -> None:
    """Temp files left by a killed run are never valid output."""
    # os.walk: a site holds tens of thousands of files, and pathlib's rglob
    # is several times slower at listing them
    for parent, _folders, files in os.walk(folder):
        for name in files:
            if name.startswith(".") and name.endswith(".tmp"):
                Path(parent, name).unlink(missing_ok=True)
