"""A small hand-written project, built through the CLI as a user would."""
from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from tests.conftest import run_cli, write_article

ROOT_BASE = "https://example.org/"
SUBPATH_BASE = "https://user.github.io/repo/"
CUSTOM_BASE = "https://news.example.ch/"
BASES = [ROOT_BASE, SUBPATH_BASE, CUSTOM_BASE]


def write_project(folder: Path, order: tuple[int, ...] = (0, 1, 2), extra_yaml: str = "") -> Path:
    """Three stories sharing tags and names, so term pages, feeds and
    pagination exist; `order` is the order the files are created in."""
    stories = [
        ("zins-entscheid", "Zinsentscheid der Nationalbank", "2025-05-01",
         "Die Nationalbank senkt den Leitzins.\n\n## Reaktionen\n\nDie Märkte [reagieren](#reaktionen).",
         ["wirtschaft", "zinsen"], ["Martin Schlegel"], ["Zürich"], ["SNB"]),
        ("zuerich-wohnungen", "Wohnungsnot in Zürich", "2025-05-02",
         "Mieten steigen weiter. Siehe [den Zinsentscheid](../zins-entscheid/).",
         ["wirtschaft", "wohnen"], ["Martin Schlegel"], ["Zürich"], ["SNB"]),
        ("bern-budget", "Budget für Bern", "2025-05-03 08:30",
         "Der Grosse Rat debattiert. Umlaute: äöü ß «Zitat».",
         ["wohnen", "zinsen"], ["Anna Muster"], ["Bern", "Zürich"], ["SNB"]),
    ]
    for index in order:
        name, title, date, body, tags, people, places, orgs = stories[index]
        write_article(folder, name, title, date, body=body, tags=tags, people=people,
                      places=places, organisations=orgs)
    (folder / "site.yaml").write_text("title: Test Digest\nlanguage: de\ntimezone: Europe/Zurich\n"
                                      "page_size: 2\n" + extra_yaml, encoding="utf-8")
    return folder


def build(folder: Path, base_url: str, env: dict[str, str] | None = None, *args: str) -> None:
    result = run_cli("build", "--base-url", base_url, *args, cwd=folder, env=env)
    assert result.returncode == 0, result.stderr


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


HREF = re.compile(r"""(?:href|src)=["']([^"']*)["']""")


def unresolved_links(site: Path, base_url: str) -> list[str]:
    """An independent, deliberately simple second opinion: every href/src in
    every HTML file that stays on this site names a file on disk."""
    base = urlsplit(base_url)
    prefix = base.path if base.path.endswith("/") else base.path + "/"
    missing = []
    for page in sorted(site.rglob("*.html")):
        folder = page.parent.relative_to(site).as_posix()
        for link in HREF.findall(page.read_text(encoding="utf-8")):
            parts = urlsplit(link)
            if parts.scheme in ("mailto", "tel", "data") or (parts.netloc and parts.netloc != base.netloc):
                continue
            if not parts.path:
                continue
            if parts.path.startswith("/"):
                assert parts.path.startswith(prefix), f"{page}: {link} outside {prefix}"
                rel = parts.path[len(prefix):]
            else:
                rel = posixpath.normpath(posixpath.join(folder, parts.path)) + ("/" if link.endswith("/") else "")
            rel = unquote(rel).lstrip("./") if rel not in ("./", ".") else ""
            target = site / rel / "index.html" if rel == "" or rel.endswith("/") else site / rel
            if not (target.is_file() or (target / "index.html").is_file()):
                missing.append(f"{page.relative_to(site)}: {link}")
    return missing
