"""`newsdigest tags`: counts and suggested merges for curating."""
from __future__ import annotations

from pathlib import Path

from tests.conftest import run_cli, write_article


def test_tags_lists_counts_and_merges(tmp_path: Path) -> None:
    write_article(tmp_path, "a", "A", "2026-02-12T10:00:00+01:00", tags=["Verhandlungen", "Atomprogramm"])
    write_article(tmp_path, "b", "B", "2026-02-13T10:00:00+01:00", tags=["Verhandlung", "Atomprogramm"])
    result = run_cli("tags", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "2  Atomprogramm"
    assert any("Verhandlung" in line and "←" in line for line in lines)
