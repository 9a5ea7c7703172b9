"""Files edited while `newsdigest serve` is rebuilding end up in the served
site: the last edit wins, and no response is ever a half-written page."""
from __future__ import annotations

import http.client
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, free_port, write_article
from tests.hostile.test_crash import make_articles

pytestmark = pytest.mark.slow


def _get(port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def _wait_for(predicate, seconds: float) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_last_edit_wins_while_rebuilding(tmp_path: Path) -> None:
    (tmp_path / "site.yaml").write_text("search: {enabled: false}\n", encoding="utf-8")
    make_articles(tmp_path, 120)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--port", str(port), "-q"],
                              cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)},
                              start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        def up() -> bool:
            try:
                return _get(port, "/")[0] == 200
            except OSError:
                return False
        assert _wait_for(up, 90), "serve did not come up"
        rnd = random.Random(3)
        names = [f"artikel-{i:04d}" for i in (1, 7, 42)]
        for version in range(12):
            for name in names:
                write_article(tmp_path, name, title=f"{name} Fassung {version}", date="2026-01-05",
                              body=f"Fassung {version} von {name}.")
            time.sleep(rnd.uniform(0.0, 0.4))       # some edits land mid-build
            status, page = _get(port, f"/articles/{names[0]}/")
            assert status == 200 and page.rstrip().endswith(b"</html>"), page[-200:]

        def final() -> bool:
            pages = [_get(port, f"/articles/{name}/") for name in names]
            return all(f"{name} Fassung 11".encode() in page for name, (_, page) in zip(names, pages))
        assert _wait_for(final, 60), "the last edit never reached the served site"
        home = _get(port, "/")[1]
        assert b"Fassung 11" in home and b"Fassung 10<" not in home
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
