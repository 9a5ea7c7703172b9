"""Two fast paths ahead of the full, digest-checked build.

The stamps (path → mtime, size) of every input are kept: all of content/,
every template and static folder, plus a digest of the config, the
generator's code and the folder list (the settings).

No change: same settings, and every stamp equals the one stored by the last
complete build, and every output recorded then is still on disk: nothing
can have changed and planning is skipped.

Body edits: when the only difference is that some existing
content/articles/*.md files were modified (no file added or removed,
nothing else touched, same settings), the build may re-render just those
articles' pages, provided each one's front matter still parses to the same
values (build.py checks that against the stored article job; see
articlepage.front_digest).

Known changes (`serve`): the watcher saw every change since the last build
it made, so instead of stat-ing every input the build takes the stored
stamps and re-stats only the paths it was told about; and as serve owns
site/, only the outputs it writes are looked at. Anything it cannot vouch
for (a path that is not an existing article, a file added or removed, no
stored stamps) falls back to the full scan.

False positives are fine (a touched file only sends the build down a
slower, checked path); a deleted output is repaired because it sends the
build down the full path."""
from __future__ import annotations

import hashlib
import json
import os
import secrets
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from itertools import repeat
from pathlib import Path

from . import parallel
from .config import SiteConfig
from .state import State

COUNTS = "counts"
SETTINGS = "settings"          # digest of the config, the code and the folder list
STAMPS = "stamps"              # blob: path → (mtime_ns, size) of every input file
STAMPS_ID = "stamps_id"        # a new random token with every STAMPS blob written
KNOWN = "stamps_known"         # blob: newer stamps of the articles known-change builds re-stat-ed
MAX_KNOWN = 256                # more: fold them into STAMPS
TEMPLATES = "template_digests"
FORK_CHECK_FROM = 2000         # outputs; fewer are checked (~2 µs each) quicker than a fork

Stamps = dict[str, tuple[int, int]]


@dataclass(frozen=True, slots=True)
class Inputs:
    settings: str               # the config, the code and the folder list
    stamps: Stamps
    # the article files whose stamp changed since the last complete build
    # when nothing else did (() when nothing changed at all); None when
    # something else changed or there is no usable record of that build
    modified: tuple[str, ...] | None
    known: bool = False         # from a list of known changes: outputs not stat-ed


def scan(config: SiteConfig, template_folders: list[Path], config_digest: str, state: State) -> Inputs:
    """Stat every input and compare with the stamps of the last build."""
    settings = _settings(config, template_folders, config_digest)
    stamps: Stamps = {}
    for folder in [config.root / config.content_dir, *template_folders]:
        _stamp_tree(str(folder), stamps)
    old = _stored(state, settings)
    if old is None or old.keys() != stamps.keys():
        return Inputs(settings, stamps, None)
    prefix = _articles_prefix(config)
    modified = []
    for path, stamp in stamps.items():
        if old[path] != stamp:
            if not _is_article(path, prefix):
                return Inputs(settings, stamps, None)
            modified.append(path)
    return Inputs(settings, stamps, tuple(sorted(modified)))


def rescan(config: SiteConfig, template_folders: list[Path], config_digest: str, state: State,
           changed: Iterable[Path]) -> Inputs | None:
    """The inputs when `changed` are the only files that may have changed
    since the last complete build (the caller watched them all): stat just
    those. None when that cannot be vouched for: use `scan`."""
    settings = _settings(config, template_folders, config_digest)
    old = _stored(state, settings)
    if old is None:
        return None
    articles = config.root / config.content_dir / "articles"
    real = os.path.realpath(articles)
    prefix = _articles_prefix(config)
    folders = [(os.path.realpath(f), str(f)) for f in [config.root / config.content_dir, *template_folders]]
    stamps = dict(old)
    modified = set()
    for path in changed:
        if not os.path.lexists(path):
            if _was_input(str(path), folders, old):
                return None             # removed
            continue                    # an editor's temp file, created and removed again
        if os.path.realpath(path.parent) != real:
            return None                 # not an article: templates, config, seeds, a subfolder
        key = prefix + path.name
        try:
            found = os.stat(key)
        except OSError:
            return None                 # removed
        if key not in old or not _is_article(key, prefix) or not stat.S_ISREG(found.st_mode):
            return None                 # added, or not an article
        stamp = (found.st_mtime_ns, found.st_size)
        if stamp != old[key]:
            stamps[key] = stamp
            modified.add(key)
    return Inputs(settings, stamps, tuple(sorted(modified)), known=True)


def _was_input(path: str, folders: list[tuple[str, str]], old: Stamps) -> bool:
    """Whether a path that is gone now had a stamp: `folders` are (real
    path, path as scanned) of the scanned folders."""
    path = os.path.realpath(path)
    for real, shown in folders:
        if path.startswith(real + os.sep):
            key = shown + path[len(real):]
            if key in old or key + "/" in old:
                return True
    return False


def _settings(config: SiteConfig, template_folders: list[Path], config_digest: str) -> str:
    settings = hashlib.sha256(config_digest.encode())
    for folder in [config.root / config.content_dir, *template_folders]:
        settings.update(b"\1" + str(folder).encode("utf-8", "surrogateescape"))
    return settings.hexdigest()


# The STAMPS blob this process wrote last, by its STAMPS_ID: serve builds
# again and again, and unpickling 10,000 stamps each time cost ~8 ms.
_last_written: tuple[str, Stamps] = ("", {})


def _stored(state: State, settings: str) -> Stamps | None:
    """The stamps of the last complete build with the same settings."""
    if state.meta(SETTINGS) != settings or state.meta(COUNTS) is None:
        return None
    token = state.meta(STAMPS_ID)
    if token is not None and token == _last_written[0]:
        stamps = dict(_last_written[1])
    else:
        stamps = state.blob(STAMPS)
        if not isinstance(stamps, dict):
            return None
    known = state.blob(KNOWN)
    if isinstance(known, dict):
        stamps.update(known)
    return stamps


def _articles_prefix(config: SiteConfig) -> str:
    return str(config.root / config.content_dir / "articles") + os.sep


def _is_article(path: str, prefix: str) -> bool:
    return path.startswith(prefix) and path.endswith(".md") and os.sep not in path[len(prefix):]


def _stamp_tree(folder: str, stamps: Stamps) -> None:
    """Listed through the folder's descriptor where the system can: each
    stat is then relative to it (fstatat), and the kernel walks only the
    name, not the whole path again (10,000 articles: 25 instead of 29 ms)."""
    by_fd = os.scandir in os.supports_fd
    try:
        handle: int | str = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)) if by_fd else folder
    except (FileNotFoundError, NotADirectoryError):
        return
    try:
        for entry in list(os.scandir(handle)):
            path = f"{folder}/{entry.name}"
            if entry.is_dir(follow_symlinks=True):
                stamps[path + "/"] = (-1, -1)       # an empty new folder is a change too
                _stamp_tree(path, stamps)
            else:
                try:
                    found = entry.stat()
                except FileNotFoundError:
                    continue
                stamps[path] = (found.st_mtime_ns, found.st_size)
    finally:
        if by_fd:
            os.close(handle)   # type: ignore[arg-type]


def outputs_present(state: State, out_dir: Path) -> bool:
    """Every output of the last build is still there. os.access rather than
    a stat: a third cheaper (faccessat fills no stat record), and relative
    to the open output folder, so that the kernel walks only each output's
    own part of its path (a sixth less). A folder put where a page was
    counts as present."""
    outputs = state.output_paths()
    if os.access not in os.supports_dir_fd:
        root = f"{out_dir}/"
        return all(map(os.access, [root + output for output in outputs], repeat(os.F_OK)))
    try:
        folder = os.open(out_dir, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return not outputs
    try:
        return all(os.access(output, os.F_OK, dir_fd=folder) for output in outputs)
    finally:
        os.close(folder)


class OutputsCheck:
    """outputs_present, as the no-change and body-edit paths ask it: begun
    at once in a forked child where that pays, so that it runs while the
    inputs are scanned (each is about 50 ms of such a build at 10,000
    articles); otherwise worked out when first asked. The same answer on
    every call; `close` reaps a child never asked."""

    def __init__(self, state: State, out_dir: Path, start: bool = True) -> None:
        self._test = partial(outputs_present, state, out_dir)
        self._answer: bool | None = None
        # the child reads the outputs itself, while this process scans (State.output_paths)
        fork = start and state.output_count() >= FORK_CHECK_FROM and parallel.workers_wanted(None) > 1
        self._wait = parallel.in_child(self._test) if fork else None

    def __call__(self) -> bool:
        if self._answer is None:
            self._answer = self._wait() if self._wait is not None else self._test()
        return self._answer

    def close(self) -> None:
        if self._wait is not None:
            self()


def unchanged(state: State, inputs: Inputs, outputs_there: Callable[[], bool]) -> dict[str, int] | None:
    """The last build's counts when nothing changed since, else None."""
    if inputs.modified != ():
        return None
    return counts(state) if inputs.known or outputs_there() else None


def counts(state: State) -> dict[str, int] | None:
    found = state.meta(COUNTS)
    return None if found is None else dict(json.loads(found))


def remember(state: State, inputs: Inputs, counts: dict[str, int] | None = None,
             template_digests: dict[str, str] | None = None) -> None:
    """Store the settings and stamps this build was made from. After a
    known-change build only the stamps it re-stat-ed are written (KNOWN),
    not all of them again, until there are MAX_KNOWN of those."""
    global _last_written
    values = {SETTINGS: inputs.settings}
    if counts is not None:
        values[COUNTS] = json.dumps(counts, sort_keys=True)
    if template_digests is not None:
        values[TEMPLATES] = json.dumps(template_digests, sort_keys=True)
    known = state.blob(KNOWN) if inputs.known else None
    if isinstance(known, dict) and inputs.modified is not None:
        known.update((path, inputs.stamps[path]) for path in inputs.modified)
        if len(known) <= MAX_KNOWN:
            state.set_blob(KNOWN, known)
            state.set_meta(values)
            return
    state.set_blob(STAMPS, inputs.stamps)       # the blob before its token: a token always names its blob
    state.set_blob(KNOWN, {})
    values[STAMPS_ID] = secrets.token_hex(16)
    state.set_meta(values)
    _last_written = (values[STAMPS_ID], inputs.stamps)


def template_digests(state: State) -> dict[str, str] | None:
    found = state.meta(TEMPLATES)
    return None if found is None else dict(json.loads(found))
