"""Live reload in a real browser: `python -m generator serve` in a temp
project, headless Debian chromium, every wait bounded (10 s)."""
from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, free_port, run_cli, write_article

pytestmark = pytest.mark.e2e
WAIT_MS = 10_000
SUBPATH = "https://user.github.io/repo/"


# `python -m generator` with Ctrl-C working even when this suite was started
# with SIGINT ignored (a background job: `make test &`), which every child
# would inherit; Python then never raises KeyboardInterrupt
CTRL_C_ENABLED = ("import runpy, signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
                  "runpy.run_module('generator', run_name='__main__', alter_sys=True)")


class Served:
    """A running `serve`; stop() is Ctrl-C and checks the exit is clean."""

    def __init__(self, project: Path, port: int) -> None:
        self.port = port
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-c", CTRL_C_ENABLED, "serve", "--port", str(port)], cwd=project,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)})
        self.ready = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()
        if not self.ready.wait(60):
            self.process.kill()
            pytest.fail("serve did not start:\n" + "".join(self.lines))
        self.url = re.search(r"Serving (\S+)", "".join(self.lines)).group(1)  # type: ignore[union-attr]

    def _read(self) -> None:
        assert self.process.stdout
        for line in self.process.stdout:
            self.lines.append(line)
            if line.startswith("Serving "):
                self.ready.set()

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            code = self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            pytest.fail("serve did not stop on Ctrl-C:\n" + "".join(self.lines))
        output = "".join(self.lines)
        assert code == 0, output
        assert "Traceback" not in output, output
        with socket.socket() as sock:       # free again for the next server (as serve binds it)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(("127.0.0.1", self.port))
            sock.listen()


def make_project(root: Path, base_url: str = "/") -> Path:
    (root / "site.yaml").write_text(f"title: Live\nbase_url: {base_url}\n", encoding="utf-8")
    write_article(root, "first", "Erster Artikel", "2025-05-01", body="Alter Text eins.", tags=["a"])
    write_article(root, "second", "Zweiter Artikel", "2025-05-02", body="Anderer Text.", tags=["a"])
    templates = root / "templates"
    (templates / "static").mkdir(parents=True)
    shutil.copy(ROOT / "templates" / "static" / "style.css", templates / "static" / "style.css")
    shutil.copy(ROOT / "templates" / "article.html", templates / "article.html")
    return root


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    yield page
    context.close()


def serve(project: Path) -> Served:
    return Served(project, free_port())


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize("base_url", ["/", SUBPATH], ids=["root", "subpath"])
def test_article_edit_shows_without_a_manual_reload(tmp_path: Path, page: Any, base_url: str) -> None:
    project = make_project(tmp_path, base_url)
    served = serve(project)
    try:
        prefix = "/repo/" if base_url == SUBPATH else "/"
        assert served.url.endswith(prefix)
        page.goto(f"http://127.0.0.1:{served.port}/")            # '/' leads to the base path
        assert page.url == served.url
        page.goto(f"{served.url}articles/first/")
        assert "Alter Text eins." in page.inner_text("main")
        edit(project / "content" / "articles" / "first.md", "Alter Text eins.", "Neuer Text eins.")
        page.wait_for_function("document.querySelector('main').innerText.includes('Neuer Text eins.')")
        assert "__livereload" not in (project / "site" / "articles" / "first" / "index.html").read_text()
    finally:
        served.stop()


def test_stylesheet_change_applies_without_a_reload(tmp_path: Path, page: Any) -> None:
    project = make_project(tmp_path, SUBPATH)
    served = serve(project)
    try:
        page.goto(f"{served.url}articles/first/")
        page.evaluate("window.__marker = 'kept'")
        css = project / "templates" / "static" / "style.css"
        css.write_text(css.read_text() + "\nbody { background-color: rgb(1, 2, 3) !important; }\n")
        page.wait_for_function("getComputedStyle(document.body).backgroundColor === 'rgb(1, 2, 3)'")
        assert page.evaluate("window.__marker") == "kept"
    finally:
        served.stop()


def test_template_error_overlay_comes_and_goes(tmp_path: Path, page: Any) -> None:
    project = make_project(tmp_path)
    served = serve(project)
    try:
        page.goto(f"{served.url}articles/first/")
        page.evaluate("window.__marker = 'kept'")
        template = project / "templates" / "article.html"
        good = template.read_text()
        template.write_text(good + "\n{% if %}\n")
        overlay = page.wait_for_selector("#__livereload_overlay")
        assert "article.html" in overlay.inner_text()
        assert "<" not in page.inner_text(".__livereload_file")
        page.reload()                                          # the last good site, still shown
        assert "Alter Text eins." in page.inner_text("main")
        page.wait_for_selector("#__livereload_overlay")
        page.evaluate("window.__marker = 'kept'")
        template.write_text(good)
        page.wait_for_selector("#__livereload_overlay", state="detached")
        assert page.evaluate("window.__marker") == "kept"     # fixing it changed no page
    finally:
        served.stop()


def test_seed_edit_shows(tmp_path: Path, page: Any) -> None:
    project = make_project(tmp_path)
    seed = project / "seeds" / "meldung.txt"
    seed.parent.mkdir()
    seed.write_text("Gemeinderat beschliesst neue Velowege\n\nDer Gemeinderat hat am Montag "
                    "neue Velowege beschlossen.\n\nDie Arbeiten beginnen im Frühling.\n",
                    encoding="utf-8")
    ingested = run_cli("ingest", cwd=project)
    assert ingested.returncode == 0, ingested.stderr
    article = next((project / "content" / "articles").glob("*velowege*.md"))
    served = serve(project)
    try:
        page.goto(f"{served.url}articles/{article.stem}/")
        edit(seed, "Die Arbeiten beginnen im Frühling.", "Die Arbeiten beginnen im Sommer.")
        page.wait_for_function("document.querySelector('main').innerText.includes('im Sommer')")
    finally:
        served.stop()


def test_only_the_changed_page_reloads(tmp_path: Path, browser: Any) -> None:
    project = make_project(tmp_path)
    served = serve(project)
    context = browser.new_context()
    try:
        first, second = context.new_page(), context.new_page()
        first.goto(f"{served.url}articles/first/")
        second.goto(f"{served.url}articles/second/")
        second.evaluate("window.__marker = 'kept'")
        edit(project / "content" / "articles" / "first.md", "Alter Text eins.", "Neuer Text eins.")
        first.wait_for_function("document.querySelector('main').innerText.includes('Neuer Text eins.')",
                                timeout=WAIT_MS)
        time.sleep(0.5)
        assert second.evaluate("window.__marker") == "kept"
    finally:
        context.close()
        served.stop()


def test_an_edit_is_swapped_in_place_keeping_scroll_and_state(tmp_path: Path, page: Any) -> None:
    project = make_project(tmp_path)
    paragraphs = "\n\n".join(f"Absatz {i} mit etwas Text, der die Seite lang macht." for i in range(200))
    write_article(project, "first", "Erster Artikel", "2025-05-01", body="Alter Text eins.\n\n" + paragraphs,
                  tags=["a"])
    served = serve(project)
    try:
        page.goto(f"{served.url}articles/first/")
        page.evaluate("window.scrollTo(0, 1500); window.__marker = 'kept'; window.__swapped = 0;"
                      "addEventListener('livereload:swapped', function () { window.__swapped++; })")
        assert page.evaluate("window.scrollY") == 1500
        edit(project / "content" / "articles" / "first.md", "Absatz 150 mit", "Geänderter Absatz 150 mit")
        page.wait_for_function("document.querySelector('main').innerText.includes('Geänderter Absatz 150')")
        assert page.evaluate("window.__marker") == "kept"           # no navigation
        assert page.evaluate("window.__swapped") == 1
        assert page.evaluate("window.scrollY") == 1500
        assert page.evaluate("document.querySelectorAll('script#__livereload').length") <= 1
        # and it keeps listening: a second edit is swapped in too
        edit(project / "content" / "articles" / "first.md", "Absatz 151 mit", "Auch Absatz 151 mit")
        page.wait_for_function("document.querySelector('main').innerText.includes('Auch Absatz 151')")
        assert page.evaluate("window.__swapped") == 2
    finally:
        served.stop()


def test_a_page_with_its_own_script_is_reloaded_whole(tmp_path: Path, page: Any) -> None:
    project = make_project(tmp_path)
    template = project / "templates" / "article.html"
    template.write_text(template.read_text().replace("</article>", "</article><script>window.__own = 1;</script>", 1))
    served = serve(project)
    try:
        page.goto(f"{served.url}articles/first/")
        page.evaluate("window.__marker = 'kept'")
        edit(project / "content" / "articles" / "first.md", "Alter Text eins.", "Neuer Text eins.")
        page.wait_for_function("document.querySelector('main').innerText.includes('Neuer Text eins.')")
        assert page.evaluate("window.__marker") is None and page.evaluate("window.__own") == 1
    finally:
        served.stop()


def test_page_and_stylesheet_changed_together(tmp_path: Path, page: Any) -> None:
    """Swapped in place, the page keeps its stylesheet link: the changed
    stylesheet is swapped after it."""
    project = make_project(tmp_path)
    served = serve(project)
    try:
        page.goto(f"{served.url}articles/first/")
        page.evaluate("window.__marker = 'kept'")
        css = project / "templates" / "static" / "style.css"
        css.write_text(css.read_text() + "\nbody { background-color: rgb(4, 5, 6) !important; }\n")
        edit(project / "content" / "articles" / "first.md", "Alter Text eins.", "Neuer Text eins.")
        page.wait_for_function("document.querySelector('main').innerText.includes('Neuer Text eins.')")
        page.wait_for_function("getComputedStyle(document.body).backgroundColor === 'rgb(4, 5, 6)'")
        assert page.evaluate("window.__marker") == "kept"
    finally:
        served.stop()
