"""Persistent build state in .cache/ (SQLite): for each output the digest of
what it was rendered from, parsed articles keyed by file stamp, and the
digest of every input's stamp for the no-change fast path. A change of the
generator's code drops it all (Sphinx: when unsure, rebuild).

The parse cache is one pickle (path → stamp, Article) in a file beside the
database, read once and written once per build, streamed: one row per
article cost 10,000 queries and 10,000 unpickle calls, and one SQLite blob
needed the whole pickle (60 MB at 10,000 articles) in memory twice over."""
from __future__ import annotations

import hashlib
import os
import pickle
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache, partial
from pathlib import Path
from typing import IO, Any

from .model import Article

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS outputs (path TEXT PRIMARY KEY, digest TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS blobs (key TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS article_jobs (source TEXT PRIMARY KEY, front TEXT NOT NULL, job BLOB NOT NULL);
"""


@lru_cache(maxsize=1)
def code_version() -> str:
    """A digest of the generator's own source: new code, new outputs."""
    hasher = hashlib.sha256()
    for source in sorted(Path(__file__).parent.rglob("*.py")):
        hasher.update(source.read_bytes())
    return hasher.hexdigest()[:16]


class State:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = self._open(path)
        except sqlite3.DatabaseError:
            # a corrupt cache is only a cache: start again
            path.unlink(missing_ok=True)
            self.db = self._open(path)
        row = self.db.execute("SELECT value FROM meta WHERE key='code'").fetchone()
        if row is None or row[0] != code_version():
            self.db.executescript("DELETE FROM outputs; DELETE FROM blobs; DELETE FROM meta; "
                               "DELETE FROM article_jobs;")
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('code', ?)", (code_version(),))
        self.path = path
        self._pid = os.getpid()         # of the process that opened self.db
        self._parsed_file = path.with_name(path.name + ".parsed")
        self._outputs: dict[str, str] | None = None
        self._parsed: dict[str, tuple[tuple[int, int], Article]] | None = None
        self._seen: dict[str, tuple[tuple[int, int], Article]] = {}

    @staticmethod
    def _open(path: Path) -> sqlite3.Connection:
        db = sqlite3.connect(str(path), isolation_level=None)
        db.executescript(SCHEMA)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        return db

    # --- small values (fast path) ---
    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, values: dict[str, str]) -> None:
        with self.db:
            self.db.execute("BEGIN")
            self.db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", values.items())

    def blob(self, key: str) -> Any:
        """A pickled value (None when absent or unreadable)."""
        row = self.db.execute("SELECT value FROM blobs WHERE key=?", (key,)).fetchone()
        return None if row is None else _unpickle(row[0], None)

    def set_blob(self, key: str, value: Any) -> None:
        blob = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        self.db.execute("INSERT OR REPLACE INTO blobs VALUES (?, ?)", (key, blob))

    # --- article jobs (the body-edit fast path) ---
    def article_job(self, source: str) -> tuple[str, bytes] | None:
        """(front matter digest, pickled Job without its Markdown) of the
        article read from `source` in the last full build."""
        row = self.db.execute("SELECT front, job FROM article_jobs WHERE source=?", (source,)).fetchone()
        return None if row is None else (str(row[0]), bytes(row[1]))

    def article_fronts(self) -> dict[str, str]:
        return dict(self.db.execute("SELECT source, front FROM article_jobs"))

    @contextmanager
    def article_jobs_saver(self, gone: set[str]) -> Iterator[Callable[[list[tuple[str, str, bytes]]], None]]:
        """`put(rows)` of (source, front digest, pickled job) as they come, in
        one transaction with dropping the articles `gone`."""
        with self.db:
            self.db.execute("BEGIN")
            yield partial(self.db.executemany, "INSERT OR REPLACE INTO article_jobs VALUES (?, ?, ?)")
            self.db.executemany("DELETE FROM article_jobs WHERE source = ?", [(s,) for s in gone])

    # --- parse cache (corpus.ParseCache) ---
    def get(self, path: Path, stamp: tuple[int, int]) -> Article | None:
        if self._parsed is None:
            self._parsed = self._load_parsed()
        entry = self._parsed.get(str(path))
        if entry is None or entry[0] != stamp:
            return None
        self._seen[str(path)] = entry
        return entry[1]

    def put(self, path: Path, stamp: tuple[int, int], article: Article) -> None:
        """`article` may come without its body (discover with a Bodies
        store): then save_parsed must be told where the bodies are."""
        self._seen[str(path)] = (stamp, article)

    # --- outputs ---
    def _load_outputs(self) -> dict[str, str]:
        if self._outputs is None:
            self._outputs = dict(self.db.execute("SELECT path, digest FROM outputs"))
        return self._outputs

    def output_digest(self, output: str) -> str | None:
        return self._load_outputs().get(output)

    def output_digests(self) -> dict[str, str]:
        return self._load_outputs()

    def output_count(self) -> int:
        if self._outputs is not None:
            return len(self._outputs)
        return int(self.db.execute("SELECT count(*) FROM outputs").fetchone()[0])

    def output_paths(self) -> list[str]:
        """The recorded outputs, without their digests (half the time to
        read); in a forked child through a connection of its own, as one
        must not cross a fork."""
        if self._outputs is not None:
            return list(self._outputs)
        if os.getpid() == self._pid:
            return [row[0] for row in self.db.execute("SELECT path FROM outputs")]
        db = sqlite3.connect(str(self.path))
        try:
            return [row[0] for row in db.execute("SELECT path FROM outputs")]
        finally:
            db.close()

    def outputs(self) -> set[str]:
        return set(self._load_outputs())

    def record_pending(self, outputs: Iterable[str]) -> None:
        """Before a build writes into site/: the outputs it may write that
        no record names yet, with an empty digest (never a page's). A run
        killed while writing leaves them recorded, so the next build
        removes those it no longer makes; `save` gives them their digests."""
        known = self._load_outputs()
        new = [(path, "") for path in outputs if path not in known]
        if new:
            with self.db:
                self.db.executemany("INSERT OR IGNORE INTO outputs VALUES (?, ?)", new)

    def save(self, written: dict[str, str], removed: set[str], seen_paths: set[str] | None = None) -> None:
        """Record new digests; the parse cache keeps exactly the articles
        read in this build (deleted files drop out)."""
        outputs = self._outputs         # not loaded (a body-edit build): every row given is written
        changed = written if outputs is None else {
            path: digest for path, digest in written.items() if outputs.get(path) != digest}
        with self.db:
            self.db.execute("BEGIN")
            self.db.executemany("INSERT OR REPLACE INTO outputs VALUES (?, ?)", changed.items())
            self.db.executemany("DELETE FROM outputs WHERE path = ?", [(p,) for p in removed])
        self._save_parsed(seen_paths)
        if outputs is not None:
            outputs.update(written)
            for path in removed:
                outputs.pop(path, None)

    def save_parsed(self, seen_paths: set[str] | None = None,
                    body_of: Callable[[str], bytes] | None = None) -> None:
        """Write the parse cache now (build: right after reading the
        articles, while memory holds little else). `body_of(source)`: the
        UTF-8 body of each article, when the articles were put without
        (corpus.Bodies holds them)."""
        self._save_parsed(seen_paths, body_of)

    def forget_parsed_file(self) -> None:
        """No article comes from the parse cache in this build (build --clean);
        the build writes it anew."""
        self._parsed, self._seen = {}, {}
        self._parsed_file.unlink(missing_ok=True)

    def forget_parsed(self) -> None:
        """Drop the parsed articles held here (after save_parsed): the build
        keeps them without their bodies; a later get() reads the file again."""
        self._parsed, self._seen = None, {}

    def _save_parsed(self, seen_paths: set[str] | None, body_of: Callable[[str], bytes] | None = None) -> None:
        if self._seen and self._seen != self._parsed:
            fd, tmp = tempfile.mkstemp(prefix=".parsed.", suffix=".tmp", dir=self._parsed_file.parent)
            try:
                with os.fdopen(fd, "wb") as handle:
                    _dump_parsed(self._seen, handle, body_of)
                os.replace(tmp, self._parsed_file)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        elif seen_paths is not None and not seen_paths:
            self._parsed_file.unlink(missing_ok=True)
        if self._seen:
            self._parsed, self._seen = dict(self._seen), {}

    def _load_parsed(self) -> dict[str, tuple[tuple[int, int], Article]]:
        try:
            with self._parsed_file.open("rb") as handle:
                return _load_parsed(handle)
        except FileNotFoundError:
            return {}
        except Exception:  # noqa: BLE001 - an unreadable cache is an empty cache
            return {}

    def close(self) -> None:
        self.db.close()


PARSED_CHUNK = 1000      # articles per pickle: the pickler builds each in memory before writing


def _dump_parsed(parsed: dict[str, tuple[tuple[int, int], Article]], handle: IO[bytes],
                 body_of: Callable[[str], bytes] | None = None) -> None:
    """The code version, then the entries a chunk at a time, each body as
    UTF-8 bytes of its own: pickling a str keeps a UTF-8 copy inside it, which
    doubled the bodies in memory (170 MB at 30,000 articles)."""
    pickle.dump(code_version(), handle, pickle.HIGHEST_PROTOCOL)
    items = list(parsed.items())
    for start in range(0, len(items), PARSED_CHUNK):
        chunk = [(path, stamp, article.with_body(""),
                  article.body.encode("utf-8") if body_of is None else body_of(path))
                 for path, (stamp, article) in items[start:start + PARSED_CHUNK]]
        pickle.dump(chunk, handle, pickle.HIGHEST_PROTOCOL)


def _load_parsed(handle: IO[bytes]) -> dict[str, tuple[tuple[int, int], Article]]:
    if pickle.load(handle) != code_version():
        return {}
    parsed = {}
    while True:
        try:
            chunk = pickle.load(handle)
        except EOFError:
            return parsed
        for path, stamp, article, body in chunk:
            parsed[path] = (stamp, article.with_body(body.decode("utf-8")))


def _unpickle(blob: bytes, default: Any = None) -> Any:
    try:
        return pickle.loads(blob)
    except Exception:  # noqa: BLE001 - an unreadable cache is an empty cache
        return {} if default is None else default
