"""The Pagefind step: run after pages change, skipped when nothing did,
restored when its folder is gone, byte-identical from run to run, removed
when search is switched off."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.site.sitedata import make_project

pytestmark = pytest.mark.slow


def _snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_search_index_is_incremental_and_deterministic(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    assert run_cli("build", cwd=project).returncode == 0
    index = project / "site" / "pagefind"
    first = _snapshot(index)
    assert "pagefind.js" in first and any(name.startswith("fragment/de_") for name in first)
    stamp = (index / "pagefind-entry.json").stat().st_mtime_ns

    again = run_cli("build", cwd=project)
    assert again.returncode == 0
    # nothing changed: not rerun (unless generator code changed meanwhile,
    # as it may in a shared working tree: then every page is new)
    if "(0 written" in again.stdout + again.stderr:
        assert (index / "pagefind-entry.json").stat().st_mtime_ns == stamp

    (project / ".cache" / "pagefind.sha256").write_text("an index of other pages", encoding="utf-8")
    assert run_cli("build", cwd=project).returncode == 0          # pages differ from the indexed ones
    assert _snapshot(index) == first

    for path in sorted(index.rglob("*"), reverse=True):           # gone: rebuilt, same bytes
        path.unlink() if path.is_file() else path.rmdir()
    index.rmdir()
    assert run_cli("build", cwd=project).returncode == 0
    assert _snapshot(index) == first

    # a clean build elsewhere gives the same index
    other = make_project(tmp_path / "q")
    assert run_cli("build", cwd=other).returncode == 0
    assert _snapshot(other / "site" / "pagefind") == first


def test_search_off_means_no_index_and_no_search_page(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    assert run_cli("build", cwd=project).returncode == 0
    config = project / "site.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("enabled: true", "enabled: false"),
                      encoding="utf-8")
    assert run_cli("build", cwd=project).returncode == 0
    site = project / "site"
    assert not (site / "pagefind").exists() and not (site / "search").exists()
    assert 'href="/search/"' not in (site / "index.html").read_text(encoding="utf-8")
