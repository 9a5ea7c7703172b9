"""A preview server on 127.0.0.1:0 over a hand-made site/, with a stub
builder (the build engine is tested elsewhere)."""
from __future__ import annotations

import http.client
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from generator.build import BuildReport
from generator.config import SiteConfig
from generator.serve import Preview, make_server


@dataclass
class StubBuilder:
    """Returns the next queued outcome: written paths or an exception.
    `changed` records what each call was told had changed."""
    outcomes: list[tuple[str, ...] | Exception]
    calls: int = 0
    changed: list[frozenset[Path] | None] = field(default_factory=list)

    def __call__(self, config: SiteConfig, changed: frozenset[Path] | None = None,
                 **callbacks: Any) -> BuildReport:
        self.calls += 1
        self.changed.append(changed)
        outcome = self.outcomes.pop(0) if self.outcomes else ()
        if isinstance(outcome, Exception):
            raise outcome
        return BuildReport(0, 0, 0, 0, len(outcome), 0, 0, 0.0, tuple(outcome))


def make_site(root: Path) -> Path:
    out = root / "site"
    (out / "articles" / "a").mkdir(parents=True)
    (out / "articles" / "a" / "index.html").write_text(
        "<!DOCTYPE html><html><body><p>Ä article</p></body></html>", encoding="utf-8")
    (out / "index.html").write_text("<html><body><p>home</p></body></html>")
    (out / "404.html").write_text("<html><body><h1>Not here</h1></body></html>")
    (out / "static").mkdir()
    (out / "static" / "style.css").write_text("body{}")
    (out / "static" / "app.js").write_text("var x;")
    (out / "feed.xml").write_text("<feed/>")
    (root / "secret.txt").write_text("secret")
    return out


@contextmanager
def running(root: Path, builder: StubBuilder | None = None, base_url: str = "/",
            live_reload: bool = True) -> Iterator[tuple[Preview, int]]:
    config = replace(SiteConfig(), root=root, base_url=base_url)
    preview = Preview(config, builder=builder or StubBuilder([]), live_reload=live_reload)
    server = make_server(preview, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield preview, server.server_address[1]
    finally:
        preview.news.close()
        server.shutdown()
        server.server_close()


def get(port: int, path: str, method: str = "GET",
        headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request(method, path, headers=headers or {})   # sent as is: no normalising
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()
