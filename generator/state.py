"""Persistent build state in .cache/ (SQLite): for each output the digest of
what it was rendered from, and parsed articles keyed by file stamp. A change
of the generator's code drops it all (Sphinx: when unsure, rebuild)."""
from __future__ import annotations

import hashlib
import pickle
import sqlite3
from functools import lru_cache
from pathlib import Path

from .model import Article

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS outputs (path TEXT PRIMARY KEY, digest TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS parsed (path TEXT PRIMARY KEY, mtime_ns INTEGER NOT NULL,
                                   size INTEGER NOT NULL, article BLOB NOT NULL);
"""


@lru_cache(maxsize=1)
def code_version() -> str:
    """A digest of the generator's own source: new code, new outputs."""
    hasher = hashlib.sha256()
    for source in sorted(Path(__file__).parent.rglob("*.py")):
        hasher.update(source.read_bytes())
    return hasher.hexdigest()[:16]


class State:
    def __init__(self, path: Path | None) -> None:
        """`path` None keeps the state in memory (a clean build)."""
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = sqlite3.connect(str(path) if path else ":memory:", isolation_level=None)
            self.db.executescript(SCHEMA)
        except sqlite3.DatabaseError:
            # a corrupt cache is only a cache: start again
            if path is not None:
                path.unlink(missing_ok=True)
            self.db = sqlite3.connect(str(path) if path else ":memory:", isolation_level=None)
            self.db.executescript(SCHEMA)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        row = self.db.execute("SELECT value FROM meta WHERE key='code'").fetchone()
        if row is None or row[0] != code_version():
            self.db.executescript("DELETE FROM outputs; DELETE FROM parsed;")
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('code', ?)", (code_version(),))
        self._outputs = dict(self.db.execute("SELECT path, digest FROM outputs"))
        self._parsed = {row[0]: (row[1], row[2], row[3]) for row in
                        self.db.execute("SELECT path, mtime_ns, size, article FROM parsed")}
        self._new_parsed: list[tuple[str, int, int, bytes]] = []

    # --- parse cache (corpus.ParseCache) ---
    def get(self, path: Path, stamp: tuple[int, int]) -> Article | None:
        entry = self._parsed.get(str(path))
        if entry is None or (entry[0], entry[1]) != stamp:
            return None
        article: Article = pickle.loads(entry[2])
        return article

    def put(self, path: Path, stamp: tuple[int, int], article: Article) -> None:
        self._new_parsed.append((str(path), stamp[0], stamp[1],
                                 pickle.dumps(article, pickle.HIGHEST_PROTOCOL)))

    # --- outputs ---
    def output_digest(self, output: str) -> str | None:
        return self._outputs.get(output)

    def outputs(self) -> set[str]:
        return set(self._outputs)

    def save(self, written: dict[str, str], removed: set[str], seen_paths: set[str] | None = None) -> None:
        with self.db:
            self.db.execute("BEGIN")
            self.db.executemany("INSERT OR REPLACE INTO outputs VALUES (?, ?)", written.items())
            self.db.executemany("DELETE FROM outputs WHERE path = ?", [(p,) for p in removed])
            self.db.executemany("INSERT OR REPLACE INTO parsed VALUES (?, ?, ?, ?)", self._new_parsed)
            if seen_paths is not None:
                gone = [(p,) for p in self._parsed if p not in seen_paths]
                self.db.executemany("DELETE FROM parsed WHERE path = ?", gone)
        self._outputs.update(written)
        for path in removed:
            self._outputs.pop(path, None)
        self._new_parsed.clear()

    def close(self) -> None:
        self.db.close()
