"""Live-reload latency: from saving an article's Markdown to the browser
showing the change, on generated sites of 1,000 and 10,000 articles.

    .venv/bin/python bench/livereload.py [SIZES…] [--edits 20]

For each size: a deterministic corpus (/work/shared/bench/make_corpus.py,
seed 42) is copied to a scratch project, built once, then served by
`python -m generator serve`; headless Debian chromium opens one article and
the article's body is edited `--edits` times. Each latency runs from just
before the write to the moment the page's text contains the edit (polled
every animation frame). The server runs with -v, and its debug timings
(serve.py: from the batch's first file event) split each edit into the
quiet wait, the build and the SSE message sent; what remains is the
browser's part (the event stream, fetching the page and swapping it in).
Not a test: it prints a table and exits 0."""
from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAKE_CORPUS = Path("/work/shared/bench/make_corpus.py")
SCRATCH = Path(os.environ.get("BENCH_SERVE_ROOT", "/tmp/bench-serve"))
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def corpus(n: int) -> Path:
    """The project layout of the N-article corpus (generated once)."""
    out = SCRATCH / f"corpus-{n}"
    if not (out / "project" / "content" / "articles").is_dir():
        subprocess.run([sys.executable, str(MAKE_CORPUS), str(n), "--seed", "42", "--force",
                        "--peers", "project", "--out", str(out)], check=True, stdout=subprocess.DEVNULL)
    return out / "project"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    def __init__(self, project: Path) -> None:
        self.port = free_port()
        self.lines: list[str] = []
        self.builds: list[float] = []
        self.published: list[tuple[float, float]] = []     # (quiet wait, build) ms, from the debug log
        self.told: list[float] = []                         # first event → SSE 'reload' sent, ms
        self.ready = threading.Event()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", "-vv", "--port", str(self.port)], cwd=project,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
            env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONFAULTHANDLER": "1"})
        threading.Thread(target=self._read, daemon=True).start()
        if not self.ready.wait(1800):
            raise SystemExit("serve did not start:\n" + "".join(self.lines[-20:]))
        self.url = f"http://127.0.0.1:{self.port}/"

    def _read(self) -> None:
        assert self.process.stdout
        for line in self.process.stdout:
            self.lines.append(line)
            if match := re.match(r"Rebuilt: .* in ([\d.]+) s", line):
                self.builds.append(float(match.group(1)))
            elif match := re.match(r"epoch \d+ published \d+ ms after the first event: quiet wait (\d+) ms, "
                                   r"ingest/config \d+ ms, build (\d+) ms", line):
                self.published.append((float(match.group(1)), float(match.group(2))))
            elif match := re.match(r"epoch \d+: told \S+ reload (\d+) ms after the first event", line):
                self.told.append(float(match.group(1)))
            if len(self.lines) > 2000:
                del self.lines[:1000]               # -v logs every request
            if line.startswith("Serving "):
                self.ready.set()

    def stop(self) -> None:
        # SIGTERM, which serve treats as Ctrl-C: SIGINT is ignored in a process
        # started from a background job of a non-interactive shell (nohup … &),
        # and the server inherits that, so SIGINT alone left it running
        self.process.send_signal(15)
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:       # hung: dump its threads (PYTHONFAULTHANDLER), report
            self.process.send_signal(6)
            self.process.wait(30)
            time.sleep(0.5)
            print("serve did not stop within 30 s of SIGTERM; its threads:\n" + "".join(self.lines[-80:]),
                  file=sys.stderr)
        try:        # a Pagefind run the server started in the background outlives it
            os.killpg(self.process.pid, 15)
        except ProcessLookupError:
            pass


def measure(n: int, edits: int, browser: object, timeout: float) -> dict[str, float]:
    source = corpus(n)
    work = SCRATCH / f"work-{n}"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(source, work)
    (work / "site.yaml").write_text("title: Bench\n", encoding="utf-8")
    article = sorted((work / "content" / "articles").glob("*.md"))[n // 2]
    started = time.perf_counter()
    server = Server(work)
    startup = time.perf_counter() - started
    first_build = server.builds[0] if server.builds else float("nan")
    page = browser.new_page()                                       # type: ignore[attr-defined]
    page.goto(f"{server.url}articles/{_slug(article)}/")
    latencies: list[float] = []
    builds_before, published_before, told_before = len(server.builds), len(server.published), len(server.told)
    text = article.read_text(encoding="utf-8")
    try:
        for i in range(edits):
            marker = f"Messpunkt{n}x{i}x{time.monotonic_ns()}"
            time.sleep(0.3)                          # let the previous reload settle
            t0 = time.perf_counter()
            article.write_text(text.rstrip() + f"\n\n{marker}\n", encoding="utf-8")
            try:
                page.wait_for_function("m => document.body && document.body.innerText.includes(m)",
                                       arg=marker, polling="raf", timeout=timeout * 1000)
            except Exception:  # noqa: BLE001 - playwright's TimeoutError: report, do not crash
                print(f"  {n}: edit {i} not shown within {timeout:.0f} s; server said:\n"
                      + "".join(server.lines[-5:]), file=sys.stderr)
                latencies.append(float("inf"))
                break
            latencies.append(time.perf_counter() - t0)
    finally:
        page.close()
        server.stop()
    builds = server.builds[builds_before:]
    published, told = server.published[published_before:], server.told[told_before:]
    nan = float("nan")
    return {"n": n, "startup": startup, "first_build": first_build,
            "median": statistics.median(latencies), "p95": _p95(latencies),
            "build_median": statistics.median(b for _, b in published) / 1000 if published else
            (statistics.median(builds) if builds else nan),
            "quiet_median": statistics.median(q for q, _ in published) / 1000 if published else nan,
            "told_median": statistics.median(told) / 1000 if told else nan,
            "builds": len(builds)}


def _slug(article: Path) -> str:
    match = re.search(r"^slug:\s*\"?([^\"\n]+)", article.read_text(encoding="utf-8"), re.MULTILINE)
    return match.group(1) if match else article.stem


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--timeout", type=float, default=300, help="seconds to wait for one edit")
    args = parser.parse_args()
    if not MAKE_CORPUS.is_file():
        print(f"{MAKE_CORPUS} is absent: /work/shared (the corpus maker) is needed", file=sys.stderr)
        return 1
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is absent: apt-get install chromium", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright
    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        for n in args.sizes:
            rows.append(measure(n, args.edits, browser, args.timeout))
            print(f"  measured {n} articles", file=sys.stderr)
        browser.close()
    ms = 1000
    print(f"\nSave → browser shows the edit, {args.edits} edits of one article (ms)\n")
    print("| articles | median | p95 | quiet wait | build | first event → SSE sent |"
          " browser: SSE → fetch → swap (median − SSE) | first build (s) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['n']:,} | {r['median'] * ms:.0f} | {r['p95'] * ms:.0f} | {r['quiet_median'] * ms:.0f}"
              f" | {r['build_median'] * ms:.0f} | {r['told_median'] * ms:.0f}"
              f" | {(r['median'] - r['told_median']) * ms:.0f} | {r['first_build']:.1f} |")
    print("\nquiet wait, build and SSE: medians of the server's debug timings (serve -v), each from the"
          " first file event")
    print(f"\nbuilds per edit: {', '.join(str(round(r['builds'] / args.edits, 2)) for r in rows)}"
          " (1.0 = one debounced build per save)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
