#!/usr/bin/env python3
"""Dev-server load benchmark (not a test): `newsdigest serve` on loopback
while it rebuilds (one article touched every 0.5 s), hit by 200 concurrent
clients for 10 s (threads, http.client, keep-alive off).

Checks: no failed request, no half-written page (every HTML response ends
with </html>). Reports requests/s and latency percentiles.

    .venv/bin/python bench/serve_load.py [--project DIR] [--clients 200] [--seconds 10]

Without --project it makes a 200-article project in a temp folder.
"""
from __future__ import annotations

import argparse
import http.client
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def make_project(folder: Path, count: int) -> None:
    from tests.hostile.test_crash import make_articles
    (folder / "site.yaml").write_text("search: {enabled: false}\n", encoding="utf-8")
    make_articles(folder, count)


def fetch(port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--project", type=Path, default=None)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--articles", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        project = args.project or Path(temp)
        if args.project is None:
            make_project(project, args.articles)
        articles = sorted((project / "content" / "articles").glob("*.md"))
        paths = ["/", "/tags/", "/archive/"] + [f"/articles/{p.stem}/" for p in articles[:50]]
        port = free_port()
        server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--port", str(port), "-q"],
                                  cwd=project, env={**os.environ, "PYTHONPATH": str(ROOT)},
                                  start_new_session=True, stderr=subprocess.PIPE)
        try:
            deadline = time.monotonic() + 300
            while True:
                try:
                    if fetch(port, "/")[0] == 200:
                        break
                except OSError:
                    pass
                if time.monotonic() > deadline or server.poll() is not None:
                    print("serve did not come up", file=sys.stderr)
                    return 1
                time.sleep(0.2)
            return run_load(port, paths, articles, args.clients, args.seconds)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)


def run_load(port: int, paths: list[str], articles: list[Path], clients: int, seconds: float) -> int:
    stop = threading.Event()
    lock = threading.Lock()
    latencies: list[float] = []
    failures: list[str] = []
    touches = 0

    def client(number: int) -> None:
        rnd = random.Random(number)
        while not stop.is_set():
            path = rnd.choice(paths)
            started = time.perf_counter()
            try:
                status, body = fetch(port, path)
                problem = None if status == 200 else f"{path}: HTTP {status}"
                if problem is None and not body.rstrip().endswith(b"</html>"):
                    problem = f"{path}: half-written page ({len(body)} bytes, ends {body[-40:]!r})"
            except OSError as exc:
                problem = f"{path}: {type(exc).__name__}: {exc}"
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if problem:
                    failures.append(problem)

    def toucher() -> None:
        nonlocal touches
        rnd = random.Random(0)
        while not stop.wait(0.5):
            path = rnd.choice(articles[:50])
            text = path.read_text(encoding="utf-8")
            path.write_text(text.rstrip("\n") + f" Nachtrag {touches}.\n", encoding="utf-8")
            touches += 1

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    threads.append(threading.Thread(target=toucher, daemon=True))
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join(60)
    wall = time.perf_counter() - started
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000 if latencies else 0.0

    print(f"clients {clients}, {wall:.1f} s, {touches} touches (one every 0.5 s)")
    print(f"requests {len(latencies)}, {len(latencies) / wall:.0f} req/s, "
          f"p50 {pct(0.50):.0f} ms, p99 {pct(0.99):.0f} ms, max {pct(1.0):.0f} ms")
    print(f"failed {len(failures)}")
    for problem in failures[:10]:
        print("  " + problem)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
