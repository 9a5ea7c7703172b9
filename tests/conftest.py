"""Shared fixtures: a project folder to build in, a CLI runner, a headless
Debian chromium driven by Playwright (never a browser download)."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def run_cli(*args: str, cwd: Path, env: dict[str, str] | None = None,
            stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m generator …` in `cwd`, as a user would run it."""
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, text=True,
                          capture_output=True, input=stdin, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})})


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """An empty project folder with the shipped seeds."""
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    return tmp_path


def write_article(folder: Path, name: str, title: str, date: str, body: str = "Text.",
                  tags: list[str] | None = None, people: list[str] | None = None,
                  places: list[str] | None = None, organisations: list[str] | None = None,
                  summary: str | None = None, **extra: object) -> Path:
    """A hand-written content file, as another tool or a person would write it."""
    import yaml
    meta: dict[str, object] = {"title": title, "date": date}
    if summary is not None:
        meta["summary"] = summary
    meta["tags"] = tags or []
    meta["entities"] = {"people": people or [], "places": places or [],
                        "organisations": organisations or []}
    meta.update(extra)
    path = folder / "content" / "articles" / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
                    + "---\n\n" + body + "\n", encoding="utf-8")
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Debian chromium; skipped only where it is not installed
    (`make test` installs it)."""
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (make test installs it)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()
