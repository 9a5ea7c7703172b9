"""The no-change fast path: one digest over the stamp (path, mtime, size) of
every input, i.e. all of content/, every template and static folder, the
config and the generator's code. If it equals the digest stored by the last
complete build and every output recorded then is still on disk, nothing can
have changed and planning is skipped.

False positives are fine (a touched file only sends the build down the
full, digest-checked path); a deleted output is repaired because it sends
the build down that path too."""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from .config import SiteConfig
from .state import State

INPUTS = "inputs"
COUNTS = "counts"


def inputs_digest(config: SiteConfig, template_folders: list[Path], config_digest: str) -> str:
    hasher = hashlib.sha256(config_digest.encode())
    for folder in [config.root / config.content_dir, *template_folders]:
        hasher.update(b"\1" + str(folder).encode())
        _stamp_tree(str(folder), hasher)
    return hasher.hexdigest()


def _stamp_tree(folder: str, hasher: Any) -> None:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except (FileNotFoundError, NotADirectoryError):
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=True):
            hasher.update(b"\2" + entry.name.encode("utf-8", "surrogateescape"))
            _stamp_tree(entry.path, hasher)
            hasher.update(b"\3")
        else:
            try:
                stat = entry.stat()
            except FileNotFoundError:
                continue
            hasher.update(f"\0{entry.name}\0{stat.st_mtime_ns}\0{stat.st_size}".encode("utf-8", "surrogateescape"))


def unchanged(state: State, inputs: str, out_dir: Path) -> dict[str, int] | None:
    """The last build's counts when nothing changed since, else None."""
    if state.meta(INPUTS) != inputs:
        return None
    counts = state.meta(COUNTS)
    if counts is None:
        return None
    root = str(out_dir)
    isfile = os.path.isfile
    if not all(isfile(f"{root}/{output}") for output in state.output_digests()):
        return None
    found: dict[str, int] = json.loads(counts)
    return found


def remember(state: State, inputs: str, counts: dict[str, int]) -> None:
    state.set_meta({INPUTS: inputs, COUNTS: json.dumps(counts, sort_keys=True)})
