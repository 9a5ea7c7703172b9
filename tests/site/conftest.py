"""The fixed test site, built once per session at the root and under a
subpath, plus a tiny static file server for browser tests."""
from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.site.sitedata import make_project


@dataclass(frozen=True)
class Built:
    root: Path                 # the project folder
    base_path: str             # "/" or "/repo/"

    @property
    def site(self) -> Path:
        return self.root / "site"


def _build(folder: Path, base_url: str | None) -> Path:
    make_project(folder, base_url)
    result = run_cli("build", cwd=folder)
    assert result.returncode == 0, result.stderr
    return folder


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return Built(_build(tmp_path_factory.mktemp("root"), None), "/")


@pytest.fixture(scope="session")
def built_subpath(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return Built(_build(tmp_path_factory.mktemp("sub"), "https://example.org/repo/"), "/repo/")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


class _Mounted(_Quiet):
    """Serves `directory` under `prefix` ('/repo/'), as GitHub Pages does."""
    prefix = "/"

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "__missing__")
        return super().translate_path("/" + path[len(self.prefix):])


@dataclass(frozen=True)
class Server:
    url: str                   # e.g. http://127.0.0.1:PORT/repo/


def serve(site: Path, prefix: str) -> Iterator[Server]:
    handler = type("Handler", (_Mounted,), {"prefix": prefix})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Server(f"http://127.0.0.1:{server.server_address[1]}{prefix}")
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def server(built: Built) -> Iterator[Server]:
    yield from serve(built.site, "/")


@pytest.fixture(scope="session")
def server_subpath(built_subpath: Built) -> Iterator[Server]:
    yield from serve(built_subpath.site, "/repo/")
