"""Two fast paths ahead of the full, digest-checked build.

No change: one digest over the stamp (path, mtime, size) of every input,
i.e. all of content/, every template and static folder, the config and the
generator's code. If it equals the digest stored by the last complete build
and every output recorded then is still on disk, nothing can have changed
and planning is skipped.

Body edits: the stamps themselves are kept too. When the only difference
is that some existing content/articles/*.md files were modified (no file
added or removed, nothing else touched, same config and code), the build
may re-render just those articles' pages, provided each one's front matter
still parses to the same values (build.py checks that against the stored
article job; see plan.front_digest).

False positives are fine (a touched file only sends the build down a
slower, checked path); a deleted output is repaired because it sends the
build down the full path."""
from __future__ import annotations

import hashlib
import json
import os
import pickle
from dataclasses import dataclass
from pathlib import Path

from .config import SiteConfig
from .state import State

INPUTS = "inputs"
COUNTS = "counts"
SETTINGS = "settings"          # digest of the config, the code and the folder list
STAMPS = "stamps"              # blob: path → (mtime_ns, size) of every input file
TEMPLATES = "template_digests"

Stamps = dict[str, tuple[int, int]]


@dataclass(frozen=True, slots=True)
class Inputs:
    digest: str                 # everything: settings and every stamp
    settings: str               # everything but the stamps
    stamps: Stamps


def scan(config: SiteConfig, template_folders: list[Path], config_digest: str) -> Inputs:
    folders = [config.root / config.content_dir, *template_folders]
    settings = hashlib.sha256(config_digest.encode())
    for folder in folders:
        settings.update(b"\1" + str(folder).encode("utf-8", "surrogateescape"))
    stamps: Stamps = {}
    for folder in folders:
        _stamp_tree(str(folder), stamps)
    hasher = settings.copy()
    hasher.update(pickle.dumps(sorted(stamps.items()), protocol=5))
    return Inputs(hasher.hexdigest(), settings.hexdigest(), stamps)


def _stamp_tree(folder: str, stamps: Stamps) -> None:
    try:
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=True):
            stamps[entry.path + "/"] = (-1, -1)       # an empty new folder is a change too
            _stamp_tree(entry.path, stamps)
        else:
            try:
                stat = entry.stat()
            except FileNotFoundError:
                continue
            stamps[entry.path] = (stat.st_mtime_ns, stat.st_size)


def outputs_present(state: State, out_dir: Path) -> bool:
    root = str(out_dir)
    isfile = os.path.isfile
    return all(isfile(f"{root}/{output}") for output in state.output_digests())


def unchanged(state: State, inputs: Inputs, out_dir: Path) -> dict[str, int] | None:
    """The last build's counts when nothing changed since, else None."""
    if state.meta(INPUTS) != inputs.digest:
        return None
    return counts(state) if outputs_present(state, out_dir) else None


def counts(state: State) -> dict[str, int] | None:
    found = state.meta(COUNTS)
    return None if found is None else dict(json.loads(found))


def modified_articles(state: State, inputs: Inputs, articles_dir: Path) -> list[str] | None:
    """The article files whose stamp changed, when nothing else did (no
    file added or removed anywhere, same settings); else None."""
    if state.meta(SETTINGS) != inputs.settings or state.meta(COUNTS) is None:
        return None
    old = state.blob(STAMPS)
    if not isinstance(old, dict) or old.keys() != inputs.stamps.keys():
        return None
    prefix = str(articles_dir) + os.sep
    changed = []
    for path, stamp in inputs.stamps.items():
        if old[path] != stamp:
            if not (path.startswith(prefix) and path.endswith(".md") and os.sep not in path[len(prefix):]):
                return None
            changed.append(path)
    return sorted(changed)


def remember(state: State, inputs: Inputs, counts: dict[str, int] | None = None,
             template_digests: dict[str, str] | None = None) -> None:
    values = {INPUTS: inputs.digest, SETTINGS: inputs.settings}
    if counts is not None:
        values[COUNTS] = json.dumps(counts, sort_keys=True)
    if template_digests is not None:
        values[TEMPLATES] = json.dumps(template_digests, sort_keys=True)
    state.set_meta(values)
    state.set_blob(STAMPS, inputs.stamps)


def template_digests(state: State) -> dict[str, str] | None:
    found = state.meta(TEMPLATES)
    return None if found is None else dict(json.loads(found))
