"""No slug, id, tag, file name or output path from content can make the
generator write outside site/ or content/: such input is rejected with a
clear error, or (Windows device names) given a '-x' suffix."""
from __future__ import annotations

import os
from datetime import timezone
from pathlib import Path

import pytest

from generator import frontmatter
from generator.build import _safe_target
from generator.errors import BuildError, ContentError
from generator.text import slugify
from tests.hostile.helpers import run_ingest
from tests.conftest import run_cli, write_article

RESERVED = ["CON", "con", "NUL", "AUX", "PRN", "COM1", "com9", "LPT1", "lpt0"]
BAD_SLUGS = ["../../etc/passwd", "/etc/passwd", "..", ".", "a/b", "a\\b", "C:\\x", "x\0y",
             "a" * 300, "Übel", "with space", "-lead", "trail-", "a--b", *RESERVED]


def _article(slug: str) -> str:
    return f'---\ntitle: T\ndate: 2026-01-01\nslug: "{slug}"\n---\n\nBody.\n'


@pytest.mark.parametrize("slug", BAD_SLUGS)
def test_front_matter_slug_must_be_a_slug(slug: str) -> None:
    text = _article(slug.replace("\\", "\\\\").replace("\0", "\\0"))
    with pytest.raises(ContentError) as caught:
        frontmatter.parse(text, Path("content/articles/x.md"), "de", timezone.utc)
    message = str(caught.value)
    assert "content/articles/x.md" in message and "slug" in message, message


@pytest.mark.parametrize("name", RESERVED)
def test_windows_device_names_get_a_suffix(name: str) -> None:
    assert slugify(name) == f"{name.lower()}-x"
    assert slugify(f"{name}.txt") == f"{name.lower()}-txt"       # not a device name any more
    assert slugify(slugify(name)) == slugify(name)


@pytest.mark.parametrize("stem", ["CON", "nul", "com1", "x" * 240])
def test_file_names_become_safe_slugs(stem: str) -> None:
    article = frontmatter.parse("---\ntitle: T\ndate: 2026-01-01\n---\n\nB.\n",
                                Path(f"content/articles/{stem}.md"), "de", timezone.utc)
    assert article.slug == slugify(stem) and len(article.slug) <= 80
    assert article.slug.lower() not in {n.lower() for n in RESERVED}


@pytest.mark.parametrize("output", ["../x.html", "../../etc/passwd", "/etc/passwd", "a/../../x",
                                    "a\0b.html", "articles/../../x"])
def test_safe_target_refuses_outside_paths(tmp_path: Path, output: str) -> None:
    (tmp_path / "site").mkdir()
    with pytest.raises(BuildError, match="outside the output folder"):
        _safe_target(tmp_path / "site", output)


def test_safe_target_refuses_a_symlink_out_of_site(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "elsewhere").mkdir()
    os.symlink(tmp_path / "elsewhere", tmp_path / "site" / "articles")
    with pytest.raises(BuildError):
        _safe_target(tmp_path / "site", "articles/x/index.html")
    assert _safe_target(tmp_path / "site", "tags/x/index.html").is_relative_to((tmp_path / "site").resolve())


def _tree(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")}


def test_hostile_names_stay_inside_site(tmp_path: Path) -> None:
    """Tags, entities, ids and file names made of path syntax build into
    ordinary slug folders inside site/; nothing appears anywhere else."""
    root = tmp_path / "project"
    root.mkdir()
    names = ["../../escape", "/abs/olute", "..", "CON", "nul", "a" * 300, "x\\..\\..\\y", "~root", "%2e%2e%2f"]
    write_article(root, "CON", title="Con", date="2026-01-01", tags=list(names), people=list(names),
                  places=list(names), organisations=list(names), id="../../../escape-id")
    write_article(root, "n" * 200, title="Long", date="2026-01-02", tags=list(names), id="/etc/passwd")
    before = _tree(tmp_path)
    result = run_cli("build", cwd=root)
    assert result.returncode == 0, result.stderr
    created = _tree(tmp_path) - before
    outside = [p for p in created if not p.startswith(("project/site", "project/.cache"))]
    assert not outside, outside
    site = root / "site"
    folders = {p.name for p in site.rglob("*") if p.is_dir()}
    assert not folders & {"con", "nul", "CON", ".."}, folders
    assert (site / "articles" / "con-x" / "index.html").is_file()
    for path in site.rglob("*"):
        assert len(path.name) <= 100, path.name


@pytest.mark.parametrize("name", ["a b.txt", ".hidden.txt", "-dash.txt", "ü.txt", "x" * 130 + ".txt"])
def test_seed_names_that_cannot_be_ids_are_rejected(tmp_path: Path, name: str) -> None:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / name).write_text("Titel hier\n\nEin Absatz mit Text.\n", encoding="utf-8")
    result = run_ingest(cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "file name cannot be an article id" in result.stderr
    assert not (tmp_path / "content" / "articles").exists() or \
        not any((tmp_path / "content" / "articles").iterdir())


@pytest.mark.parametrize("name", ["CON", "nul", "COM1", "lpt1"])
def test_seed_named_like_a_device_gets_a_safe_article_name(tmp_path: Path, name: str) -> None:
    (tmp_path / "seeds").mkdir()
    # no heading-like first line, so the slug falls back to the seed name
    (tmp_path / "seeds" / f"{name}.txt").write_text("12.02.2026\n\nEin Absatz mit etwas Text.\n",
                                                      encoding="utf-8")
    result = run_ingest(cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    written = [p.name for p in (tmp_path / "content" / "articles").glob("*.md")]
    assert len(written) == 1
    assert written[0].split(".")[0].lower() not in {n.lower() for n in RESERVED}, written


@pytest.mark.parametrize("folder", ["site", ".cache"])
@pytest.mark.parametrize("kind", ["file", "dangling link"])
def test_a_build_folder_that_is_no_folder_is_a_one_line_error(tmp_path: Path, kind: str, folder: str) -> None:
    write_article(tmp_path, "a", title="A", date="2026-01-01")
    if kind == "file":
        (tmp_path / folder).write_text("my notes")
    else:
        os.symlink(tmp_path / "gone", tmp_path / folder)
    result = run_cli("build", cwd=tmp_path)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and folder in lines[0] and "not a folder" in lines[0], result.stderr
    assert kind != "file" or (tmp_path / folder).read_text() == "my notes"
