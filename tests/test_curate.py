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


def test_entities_lists_counts_duplicates_and_one_offs(tmp_path: Path) -> None:
    write_article(tmp_path, "a", "A", "2026-02-12T10:00:00+01:00", people=["Benjamin Netanjahu"],
                  places=["USA"])
    write_article(tmp_path, "b", "B", "2026-02-13T10:00:00+01:00", people=["Benjamin Netanyahu"],
                  places=["Vereinigte Staaten", "USA"], organisations=["Axios"])
    (tmp_path / "content" / "entities.yaml").write_text(
        "entities:\n  - name: Axios\n    type: organisation\n", encoding="utf-8")
    result = run_cli("entities", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "places:\n  2  USA\n  1  Vereinigte Staaten" in out
    assert "person: Benjamin Netanjahu = Benjamin Netanyahu (spelling)" in out
    assert "place: USA = Vereinigte Staaten (country)" in out
    one_offs = out.split("named once")[1]
    assert "people: Benjamin Netanjahu" in one_offs and "Axios" not in one_offs
