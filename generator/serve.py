"""`newsdigest serve`: build once, serve site/ on loopback, rebuild on change
and tell open pages over Server-Sent Events.

Threads: the HTTP server's (one per connection, daemons), one build thread
(serve_watch.Debouncer) and the watchdog observer. The build holds the site
lock for writing, requests hold it for reading, so no request ever sees a
half-written site. A build error never stops the server: the last good
files stay, and every open page shows the error until a build succeeds.

Known changes: while the watcher is reliable (native events, no overflow),
every path it reported since the last successful build is handed to the
build as the complete list of changes, so an article edit stats that file
and the page it writes instead of every input and output (build(changed=…)).
Debug logging (-v -v or --debug) times each step from the first event."""
from __future__ import annotations

import logging
import re
import signal
import socket
import sys
import threading
import time
import webbrowser
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from . import livereload, search
from .build import BuildReport, build, template_search_path, update_search_index
from .config import CONFIG_NAME, SiteConfig
from .config import load as load_config
from .errors import GeneratorError
from .livereload import Broadcaster, Problem
from .serve_files import Outcome, content_type, output_path, resolve, split_target
from .serve_watch import Debouncer, Watcher

log = logging.getLogger(__name__)
KEEPALIVE = 15.0        # seconds between SSE comments: finds closed tabs


class SiteLock:
    """Many readers or one writer; a waiting writer holds back new readers
    (the debounce gap between builds lets them in)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writer = False
        self._waiting = 0

    @contextmanager
    def reading(self) -> Iterator[None]:
        with self._cond:
            self._cond.wait_for(lambda: not self._writer and not self._waiting)
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextmanager
    def writing(self) -> Iterator[None]:
        with self._cond:
            self._waiting += 1
            self._cond.wait_for(lambda: not self._writer and self._readers == 0)
            self._waiting -= 1
            self._writer = True
        try:
            yield
        finally:
            with self._cond:
                self._writer = False
                self._cond.notify_all()


# builder(config, changed=…, site_lock=…, on_written=…), as build.build:
# `changed` is every input path that changed since the builder's last
# successful build (None: not known); it writes site/ holding `site_lock`
# and calls `on_written(paths)` under it once site/ is complete
Builder = Callable[..., BuildReport]
Ingester = Callable[[SiteConfig, list[Path]], Any]
Searcher = Callable[[SiteConfig], None]


def _build_without_search(config: SiteConfig, changed: frozenset[Path] | None = None,
                          site_lock: Callable[[], AbstractContextManager[object]] = nullcontext,
                          on_written: Callable[[tuple[str, ...]], None] | None = None) -> BuildReport:
    return build(config, search_index=False, changed=changed, site_lock=site_lock, on_written=on_written)


class SearchCatchUp:
    """Runs the Pagefind step on its own thread after a build was
    published, so the reload does not wait for it: search catches up a
    moment later. Requests made while it runs coalesce into one more run
    with the newest config. The stamp in .cache/ is written only after a
    complete run, so a run that overlapped a build is redone (the pages
    it was made for differ from the next build's)."""

    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher
        self._cond = threading.Condition()
        self._pending: SiteConfig | None = None
        self._busy = False
        self._stopped = False
        self._thread = threading.Thread(target=self._run, name="newsdigest-search", daemon=True)
        self._thread.start()

    def request(self, config: SiteConfig) -> None:
        with self._cond:
            self._pending = config
            self._cond.notify_all()

    def wait_idle(self, timeout: float = 600.0) -> bool:
        """True once no run is pending or running (tests, shutdown)."""
        with self._cond:
            return self._cond.wait_for(lambda: self._pending is None and not self._busy, timeout)

    def stop(self) -> None:
        with self._cond:
            self._stopped = True
            self._cond.notify_all()

    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._pending is not None or self._stopped)
                if self._stopped:
                    return
                config, self._pending, self._busy = self._pending, None, True
            try:
                assert config is not None
                self.searcher(config)
            except GeneratorError as exc:
                log.error(f"search index not updated: {exc}")
            except Exception:  # noqa: BLE001 - the server outlives a bug in the search step
                log.exception("search index failed with an internal error (a bug; please report it)")
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()


def _ingest(config: SiteConfig, seeds: list[Path]) -> Any:
    from .ingest import ingest
    return ingest(config, only=seeds)


class Preview:
    """The served site's state and the rebuild step (on the build thread)."""

    def __init__(self, config: SiteConfig, *, builder: Builder | None = None, ingester: Ingester = _ingest,
                 reload_config: Callable[[], SiteConfig] | None = None,
                 config_path: Path | None = None, live_reload: bool = True,
                 searcher: Searcher | None = None) -> None:
        """Default builder: `build` without its Pagefind step, which then runs
        in the background after each build (`searcher`, default the real
        one; a custom builder gets no search step unless one is given)."""
        self.config = config
        self.config_path = (config_path or config.root / CONFIG_NAME).resolve()
        if builder is None:
            builder = _build_without_search
            searcher = searcher or (lambda cfg: update_search_index(cfg, self.lock.writing))
        self.builder, self.ingester = builder, ingester
        self.search = SearchCatchUp(searcher) if searcher else None
        self.reload_config = reload_config or (lambda: load_config(self.config_path, root=config.root))
        self.live_reload = live_reload
        self.lock = SiteLock()
        self.news = Broadcaster()
        self._seed_problems: dict[Path, Problem] = {}
        self._config_problem: Problem | None = None
        # True when the paths passed to rebuild() since it was last asked are
        # every change there was (serve sets it to the watcher's reliable())
        self.watching: Callable[[], bool] = lambda: False
        self._unbuilt: set[Path] = set()    # changed since the last successful build
        self._built = False                 # a build succeeded since the server started
        self._published = 0.0               # monotonic time of the last publish (debug timings)

    @property
    def out_dir(self) -> Path:
        return self.config.root / self.config.output_dir

    def watched(self) -> tuple[list[Path], list[Path]]:
        """(folders, files) whose changes trigger a rebuild."""
        root = self.config.root
        folders = [root / self.config.seeds_dir, root / self.config.content_dir]
        try:
            folders += template_search_path(self.config)    # static/ lives in these
        except GeneratorError:
            pass                                            # the build reports it
        return folders, [self.config_path]

    def is_source(self, path: Path) -> bool:
        """Never react to our own outputs (an output folder inside content/)."""
        root = self.config.root.resolve()
        return not any(path.is_relative_to((root / d).resolve())
                       for d in (self.config.output_dir, self.config.cache_dir))

    def rebuild(self, changed: set[Path], first_event: float | None = None) -> None:
        """`first_event`: monotonic time of the batch's first event (for the
        debug timings)."""
        started = time.monotonic()
        known = self.watching()             # asked first: what it missed, the scan below covers
        self._unbuilt |= changed
        if self.config_path in changed:
            self._reload_config()
        seeds_dir = (self.config.root / self.config.seeds_dir).resolve()
        seeds = sorted(p for p in changed if p.parent == seeds_dir and p.suffix == ".txt")
        for gone in [p for p in seeds if not p.exists()]:
            self._seed_problems.pop(gone, None)
        if present := [p for p in seeds if p.exists()]:
            self._ingest(present)
        hint = frozenset(self._unbuilt) if known and self._built else None
        building = time.monotonic()
        epoch, problem = self._build(hint, first_event)
        if first_event is not None and log.isEnabledFor(logging.DEBUG):
            log.debug(f"epoch {epoch} published {_ms(self._published - first_event)} after the first event: "
                      f"quiet wait {_ms(started - first_event)}, ingest/config {_ms(building - started)}, "
                      f"build {_ms(self._published - building)} "
                      f"({'known changes' if hint is not None else 'full scan'}); "
                      f"build records saved {_ms(time.monotonic() - self._published)} later")
        if problem is None and self.search is not None:
            self.search.request(self.config)        # after the reload was sent

    def _build(self, hint: frozenset[Path] | None, first_event: float | None) -> tuple[int, Problem | None]:
        """Build; publish once site/ is complete (the build calls back with
        the site lock held, so the epoch matches the files), or the error."""
        epoch: int | None = None

        def publish(written: tuple[str, ...], problem: Problem | None = None) -> None:
            nonlocal epoch
            problems = [p for p in (self._config_problem, *self._seed_problems.values(), problem) if p]
            epoch = self.news.publish(written, problems, first_event)
            self._published = time.monotonic()
        problem = None
        try:
            report = self.builder(self.config, changed=hint, site_lock=self.lock.writing, on_written=publish)
            self._unbuilt.clear()
            self._built = True
            log.info(f"Rebuilt: {report.written} written, {report.removed} removed in {report.seconds:.2f} s")
            if epoch is None:                       # nothing was to be done (or a builder that does not tell)
                with self.lock.writing():
                    publish(report.written_paths)
        except GeneratorError as exc:
            problem = Problem.of(exc, self.config.root)
            log.error(f"{exc} (serving the last good site)")
        except Exception as exc:  # noqa: BLE001 - a bug; the server keeps serving
            problem = Problem.of(exc)
            log.exception("build failed with an internal error (a bug; please report it)")
        if problem is not None:
            with self.lock.writing():
                publish((), problem)
        assert epoch is not None
        return epoch, problem

    def _reload_config(self) -> None:
        try:
            config = self.reload_config()
        except GeneratorError as exc:
            self._config_problem = Problem.of(exc, self.config.root)
            log.error(f"{exc} (keeping the previous settings)")
            return
        self._config_problem = None
        if config.serve != self.config.serve:
            log.warning("serve.host/serve.port changes take effect after a restart")
        with self.lock.writing():
            self.config = config
        log.info(f"reloaded {self.config_path.name}")

    def _ingest(self, seeds: list[Path]) -> None:
        try:
            report = self.ingester(self.config, seeds)
        except Exception as exc:  # noqa: BLE001 - a bug in ingest must not stop the server
            log.exception("ingest failed with an internal error (a bug; please report it)")
            for seed in seeds:
                self._seed_problems[seed] = Problem.of(exc)
            return
        failed = [s for s in seeds if getattr(report.outcomes.get(s.name), "value", "") == "failed"]
        for seed in seeds:
            self._seed_problems.pop(seed, None)
        # ingest reports each failure as one 'path:line: message' string, in seed order
        for seed, error in zip(failed, report.errors):
            self._seed_problems[seed] = _seed_problem(seed, error, self.config.root)


def _seed_problem(seed: Path, error: str, root: Path) -> Problem:
    shown = seed.relative_to(root.resolve()) if seed.is_relative_to(root.resolve()) else seed
    for prefix in (str(seed), str(shown)):
        if match := re.match(re.escape(prefix) + r"(?::(\d+))?: (.*)", error, re.DOTALL):
            return Problem(match.group(2), str(shown), int(match.group(1)) if match.group(1) else None)
    return Problem(error, str(shown))


class _Server(ThreadingHTTPServer):
    # a browser opens several connections at once and a reload storm many
    # more: the default backlog of 5 refused connections under load
    request_queue_size = 256
    daemon_threads = True
    allow_reuse_address = True
    preview: Preview

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser dropping a connection (a reload mid-response) is normal."""
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)):
            log.debug(f"{client_address[0]}: connection dropped ({error})")
        else:
            log.exception(f"error while answering {client_address[0]} (a bug; please report it)")


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    timeout = 300                    # idle keep-alive connections end eventually
    server_version = "newsdigest"

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self._respond(head=False)

    def do_HEAD(self) -> None:  # noqa: N802
        self._respond(head=True)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        log.debug(f"{self.address_string()} {format % args}")

    def _respond(self, head: bool) -> None:
        preview = self.server.preview
        path, query = split_target(self.path)
        if path == livereload.EVENTS_PATH and preview.live_reload and not head:
            self._events(query)
            return
        with preview.lock.reading():
            config, out_dir = preview.config, preview.out_dir
            found = resolve(out_dir, config.base_path, path)
            if found.outcome is Outcome.REDIRECT:
                self._send(HTTPStatus.MOVED_PERMANENTLY, b"", "", head, location=found.location)
                return
            status, file = HTTPStatus.OK, found.file
            if file is None:
                status, file = HTTPStatus.NOT_FOUND, _not_found_page(out_dir)
            body = file.read_bytes() if file else b"404 Not Found\n"
            kind = content_type(file) if file else "text/plain; charset=utf-8"
            epoch = preview.news.epoch
        token = ""
        if preview.live_reload and kind.startswith("text/html"):
            token = f"{preview.news.instance}:{epoch}"
            body = livereload.inject(body, token)
        self._send(status, body, kind, head, epoch=token)

    def _send(self, status: HTTPStatus, body: bytes, kind: str, head: bool, location: str = "",
              epoch: str = "") -> None:
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        if epoch:                           # the client's in-place swap reads it (livereload.py)
            self.send_header(livereload.EPOCH_HEADER, epoch)
        if kind:
            self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")       # a preview is never stale
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _events(self, query: str) -> None:
        preview = self.server.preview
        news = preview.news
        params = parse_qs(query)
        since = news.parse_epoch(self.headers.get("Last-Event-ID") or params.get("epoch", [""])[0])
        page = params.get("path", [""])[0]

        def page_files() -> set[str]:
            output = output_path(page, preview.config.base_path)
            if output and (preview.out_dir / output).is_file():
                return {output}
            return {output, "404.html"} if output else {"404.html"}     # the page shows 404.html

        had_file = "404.html" not in page_files()
        self.close_connection = True
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        try:
            while not news.closed:
                message = news.message(since, page_files)
                if message.action is None and had_file and "404.html" in page_files():
                    message = livereload.Message(message.epoch, message.problems, "reload")
                self.wfile.write(message.as_sse(news.instance))
                self.wfile.flush()
                if message.first_event is not None and log.isEnabledFor(logging.DEBUG):
                    log.debug(f"epoch {message.epoch}: told {page} {message.action or 'nothing'} "
                              f"{_ms(time.monotonic() - message.first_event)} after the first event")
                if message.action == "reload":
                    return                  # the page reloads and connects afresh
                since = message.epoch
                while news.wait(since, KEEPALIVE) == since and not news.closed:
                    self.wfile.write(b": keep-alive\n\n")
                    self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            pass                            # the tab was closed


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def _not_found_page(out_dir: Path) -> Path | None:
    page = out_dir / "404.html"
    root = out_dir.resolve()
    return page if page.is_file() and page.resolve().is_relative_to(root) else None


def make_server(preview: Preview, host: str, port: int) -> _Server:
    """Bound and listening, not yet serving; port 0 picks a free port."""
    server_class = type("_Server6", (_Server,), {"address_family": socket.AF_INET6}) if ":" in host else _Server
    try:
        server = server_class((host, port), _Handler)
    except OSError as exc:
        raise GeneratorError(f"cannot listen on {host}:{port}: {exc.strerror or exc}",
                             hint="choose another --port, or --port 0 for any free one") from None
    server.preview = preview
    return server


def url_of(server: _Server, base_path: str) -> str:
    host, port = server.server_address[:2]
    shown = {"0.0.0.0": "127.0.0.1", "::": "[::1]"}.get(str(host), str(host))
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    return f"http://{shown}:{port}{base_path}"


def serve(config: SiteConfig, *, host: str = "127.0.0.1", port: int = 8000, poll: bool = False,
          live_reload: bool = True, open_browser: bool = False,
          reload_config: Callable[[], SiteConfig] | None = None,
          config_path: Path | None = None) -> int:
    """Serve until Ctrl-C (or SIGTERM); returns the exit code."""
    preview = Preview(config, reload_config=reload_config, config_path=config_path,
                      live_reload=live_reload)
    server = make_server(preview, host, port)
    debouncer = Debouncer(preview.rebuild)
    watcher = Watcher(lambda paths, writing: debouncer.notify(
        [p for p in paths if preview.is_source(p)], writing), poll)
    thread = threading.Thread(target=server.serve_forever, name="newsdigest-http", daemon=True)
    previous = _on_sigterm()
    preview.watching = watcher.reliable
    try:
        watcher.sync(*preview.watched())
        watcher.start()
        preview.rebuild(set())

        def on_batch(changed: set[Path]) -> None:
            preview.rebuild(changed, debouncer.batch_first)
            watcher.sync(*preview.watched())    # folders created since, or a new config's
        debouncer.on_batch = on_batch
        debouncer.start()
        thread.start()
        url = url_of(server, preview.config.base_path)
        log.info(f"Serving {url} ({'live reload, ' if live_reload else ''}"
                 f"{'polling' if poll else 'watching'} for changes; Ctrl-C to stop)")
        if open_browser:
            threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
        while thread.is_alive():
            thread.join(0.5)
    except KeyboardInterrupt:
        log.info("stopping")
    finally:
        debouncer.stop()
        watcher.stop()
        if preview.search is not None:
            preview.search.stop()
            search.stop_running()           # a background Pagefind run must not outlive the server
        preview.news.close()
        if thread.is_alive():
            server.shutdown()
        server.server_close()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    return 0


def _on_sigterm() -> Any:
    """SIGTERM stops the server like Ctrl-C (only the main thread may set it)."""
    if threading.current_thread() is not threading.main_thread():
        return None

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt
    return signal.signal(signal.SIGTERM, interrupt)
