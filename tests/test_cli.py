"""The command line as a user meets it: help, one-line errors, exit codes."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_cli, write_article

COMMANDS = ["ingest", "build", "serve", "check", "publish", "extract", "tags", "entities"]


@pytest.mark.parametrize("command", COMMANDS)
def test_help(command: str, tmp_path: Path) -> None:
    result = run_cli(command, "--help", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.startswith(f"usage: newsdigest {command}")


def test_top_level_help_and_version(tmp_path: Path) -> None:
    assert all(c in run_cli("--help", cwd=tmp_path).stdout for c in COMMANDS)
    assert run_cli("--version", cwd=tmp_path).stdout.startswith("newsdigest ")


def test_unknown_command_is_a_usage_error(tmp_path: Path) -> None:
    assert run_cli("bulid", cwd=tmp_path).returncode == 2


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(("yaml_text", "message"), [
    ("titel: Nachrichten\n", "site.yaml:1: 'titel': unknown setting (hint: did you mean 'title'?)"),
    ("title: Nachrichten\npage_size: viele\n", "site.yaml:2: 'page_size': expected a whole number"),
    ("title: [unclosed\n", "site.yaml:2: invalid YAML"),
    ("feeds:\n  max_items: 3\n  max_items: 4\n", "site.yaml:3: invalid YAML: duplicate key 'max_items'"),
])
@pytest.mark.parametrize("command", ["ingest", "build"])
def test_bad_site_yaml(tmp_path: Path, yaml_text: str, message: str, command: str) -> None:
    write_article(tmp_path, "a", "Ein Artikel", "2026-02-12T10:00:00+01:00")
    (tmp_path / "site.yaml").write_text(yaml_text, encoding="utf-8")
    before = snapshot(tmp_path / "content")
    result = run_cli(command, cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert lines[0].startswith("error: ")
    assert snapshot(tmp_path / "content") == before


@pytest.mark.parametrize("make_bad", [
    lambda p: p.write_bytes(b"\x00\x01\x02binary\xff" * 50),
    lambda p: p.mkdir(),
])
def test_unreadable_seed(tmp_path: Path, make_bad) -> None:  # noqa: ANN001
    write_article(tmp_path, "a", "Ein Artikel", "2026-02-12T10:00:00+01:00")
    (tmp_path / "seeds").mkdir()
    make_bad(tmp_path / "seeds" / "bad.txt")
    before = snapshot(tmp_path / "content")
    result = run_cli("ingest", cwd=tmp_path)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "bad.txt" in errors[0], result.stderr
    assert snapshot(tmp_path / "content") == before


def test_build_error_names_file_and_line(tmp_path: Path) -> None:
    path = write_article(tmp_path, "a", "Ein Artikel", "2026-02-12T10:00:00+01:00")
    path.write_text(path.read_text(encoding="utf-8").replace("date:", "datum:"), encoding="utf-8")
    result = run_cli("build", cwd=tmp_path)
    assert result.returncode == 1
    assert "a.md:3: front matter 'datum': unknown key (hint: did you mean 'date'?)" in result.stderr


def test_build_works_on_bare_content_without_config(tmp_path: Path) -> None:
    write_article(tmp_path, "00001-erster", "Erster Artikel", "2026-02-12T10:00:00+01:00",
                  body="## Zwischentitel\n\nText mit «Zitat».", tags=["Dürre", "Gastronomie"],
                  people=["Max Engel"], places=["Kleintannstadt"], summary="Zusammenfassung.")
    result = run_cli("build", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Built" in result.stderr and "1 articles" in result.stderr
    assert (tmp_path / "site" / "articles" / "00001-erster" / "index.html").is_file()
    assert (tmp_path / "site" / "entities" / "people" / "max-engel" / "index.html").is_file()
    assert (tmp_path / "site" / "tags" / "duerre" / "index.html").is_file()


def test_quiet_and_verbose(tmp_path: Path) -> None:
    write_article(tmp_path, "a", "Ein Artikel", "2026-02-12T10:00:00+01:00")
    assert run_cli("build", "-q", cwd=tmp_path).stderr == ""
    write_article(tmp_path, "a", "Ein neuer Titel", "2026-02-12T10:00:00+01:00")
    verbose = run_cli("build", "-v", cwd=tmp_path).stderr
    assert "U articles/a/index.html" in verbose


@pytest.mark.parametrize("workers", [1, 2])
def test_a_full_disk_is_one_line_and_publishes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str], workers: int) -> None:
    """No space left (or a read-only folder) while pages are written: the
    file named in one line, exit 1, not 'a bug', and site/ as it was."""
    import errno
    import os

    from generator import build, cli, parallel, write
    for i in range(12):
        write_article(tmp_path, f"a{i}", f"Titel {i}", f"2026-02-{i + 1:02}", tags=["Zinsen"])
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(parallel, "MIN_PARALLEL", 0)
    monkeypatch.setattr(build.parallel, "workers_wanted", lambda requested: workers)

    def full(path: str, data: bytes, folders: set[str]) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), path)
    monkeypatch.setattr(write, "write_new", full)
    monkeypatch.setattr(parallel, "write_new", full)
    assert cli.main(["build", "-q"]) == cli.EXIT_USER
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "No space left on device" in err and "/site/" in err, err
    assert "bug" not in err and "Traceback" not in err
    assert not (tmp_path / "site").exists() or list((tmp_path / "site").iterdir()) == []


def test_an_unexpected_os_error_is_still_a_bug(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    from generator import cli
    write_article(tmp_path, "a", "Titel", "2026-02-01")
    monkeypatch.chdir(tmp_path)

    def broken(args: object) -> int:
        raise FileNotFoundError(2, "No such file or directory", "nowhere")
    monkeypatch.setattr(cli, "_build", broken)
    assert cli.main(["build"]) == cli.EXIT_BUG
    assert "this is a bug" in capsys.readouterr().err
