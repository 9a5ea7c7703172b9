"""YAML is loaded safely everywhere: no Python objects, no aliases (so no
'billion laughs'), no duplicate keys, no huge documents. Each is rejected
quickly, with an error naming the file."""
from __future__ import annotations

import time
from datetime import timezone
from pathlib import Path

import pytest

from generator import frontmatter
from generator.errors import ContentError
from generator.yamlio import MAX_YAML_CHARS, load_yaml
from tests.conftest import run_cli, write_article

LEVELS = "abcdefghi"
BOMB = "".join(
    f"{name}: &{name} [{', '.join([f'*{LEVELS[i - 1]}'] * 9) if i else ', '.join(['lol'] * 9)}]\n"
    for i, name in enumerate(LEVELS))
PYTHON_TAGS = ["x: !!python/object/apply:os.system ['echo pwned']\n",
               "x: !!python/name:os.system\n", "x: !!python/object:builtins.dict {}\n"]
DEEP = "x: " + "[" * 20000 + "]" * 20000 + "\n"
DEEP_BLOCK = "".join(" " * i + f"k{i}:\n" for i in range(1200)) + " " * 1200 + "x: 1\n"
LIMIT_SECONDS = 5.0


def _timed(function, *args):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    try:
        return function(*args)
    finally:
        assert time.perf_counter() - started < LIMIT_SECONDS


@pytest.mark.parametrize("text, expected", [
    (BOMB, "aliases"),
    ("a: &x 1\nb: *x\n", "aliases"),
    ("title: a\ntitle: b\n", "duplicate key 'title'"),
    ("x:\n  y: 1\n  y: 2\n", "duplicate key 'y'"),
    (DEEP, "invalid YAML"),
    (DEEP_BLOCK, "invalid YAML"),
    ("? [a, b]\n: 1\n", "invalid YAML"),
    ("x: 'unclosed\n", "invalid YAML"),
    ("x: \"\\ud800\"\n", "invalid YAML"),
    *[(tag, "invalid YAML") for tag in PYTHON_TAGS],
])
def test_load_yaml_rejects(text: str, expected: str) -> None:
    with pytest.raises(ContentError) as caught:
        _timed(load_yaml, text, Path("some/file.yaml"))
    assert "some/file.yaml" in str(caught.value) and expected in str(caught.value), str(caught.value)


def test_huge_yaml_is_refused_before_parsing() -> None:
    text = "x: " + "a" * (MAX_YAML_CHARS + 1) + "\n"
    with pytest.raises(ContentError, match="too large"):
        _timed(load_yaml, text, Path("big.yaml"))


@pytest.mark.parametrize("meta", [BOMB, "title: a\ntitle: b\ndate: 2026-01-01\n", DEEP,
                                  "title: x\ndate: 2026-01-01\nextra: " + "a" * (MAX_YAML_CHARS + 10) + "\n",
                                  *PYTHON_TAGS])
def test_front_matter_rejects_hostile_yaml(meta: str) -> None:
    text = f"---\n{meta}---\n\nBody.\n"
    with pytest.raises(ContentError) as caught:
        _timed(frontmatter.parse, text, Path("content/articles/bomb.md"), "de", timezone.utc)
    assert "content/articles/bomb.md" in str(caught.value)


def _cli_rejects(root: Path, command: str, filename: str) -> str:
    started = time.perf_counter()
    result = run_cli(command, cwd=root)
    assert time.perf_counter() - started < LIMIT_SECONDS + 5   # interpreter start-up on top
    assert result.returncode == 1, result.stderr
    assert filename in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr


@pytest.mark.parametrize("body", [BOMB, "title: a\ntitle: b\n", DEEP, *PYTHON_TAGS,
                                  "title: " + "a" * (MAX_YAML_CHARS + 1) + "\n"])
def test_site_yaml_rejects_hostile_yaml(tmp_path: Path, body: str) -> None:
    (tmp_path / "site.yaml").write_text(body, encoding="utf-8")
    _cli_rejects(tmp_path, "build", "site.yaml")
    assert not (tmp_path / "site").exists()


def test_a_bomb_in_one_article_fails_the_build_naming_it(tmp_path: Path) -> None:
    write_article(tmp_path, "good", title="Good", date="2026-01-01")
    bad = tmp_path / "content" / "articles" / "bomb.md"
    bad.write_text(f"---\n{BOMB}title: x\ndate: 2026-01-01\n---\n\nBody.\n", encoding="utf-8")
    _cli_rejects(tmp_path, "build", "bomb.md")


# --- the registries (content/tags.yaml, content/entities.yaml) --------------------

REGISTRY_CASES = {
    "alias bomb": ("tags:\n  - tag: x\n    synonyms: &s [a, b]\n  - tag: y\n    synonyms: *s\n", "alias"),
    "duplicate key": ("tags: []\ntags: []\nignore: []\n", "duplicate"),
    "huge": ("ignore: [" + ", ".join(["w"] * (MAX_YAML_CHARS // 3)) + "]\n", "too large"),
}
@pytest.mark.parametrize("case", list(REGISTRY_CASES))
def test_tag_registry_rejects_hostile_yaml(tmp_path: Path, case: str) -> None:
    from generator.tagregistry import TagRegistryError, load_tag_registry
    text, expected = REGISTRY_CASES[case]
    path = tmp_path / "tags.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises((TagRegistryError, ContentError)) as caught:
        _timed(load_tag_registry, path)
    assert str(path) in str(caught.value) and expected in str(caught.value).lower()


def test_tag_registry_bomb_is_quick(tmp_path: Path) -> None:
    """Whatever the verdict on aliases, a bomb never hangs the load."""
    from generator.tagregistry import TagRegistryError, load_tag_registry
    path = tmp_path / "tags.yaml"
    path.write_text(BOMB.replace("a: &a", "ignore: &a"), encoding="utf-8")
    with pytest.raises((TagRegistryError, ContentError)):
        _timed(load_tag_registry, path)


ENTITY_CASES = {
    "alias bomb": BOMB,
    "duplicate key": "people: []\npeople: []\n",
    "huge": "x: [" + ", ".join(["w"] * (MAX_YAML_CHARS // 3)) + "]\n",
}


@pytest.mark.parametrize("case", list(ENTITY_CASES))
def test_entity_registry_rejects_hostile_yaml(tmp_path: Path, case: str) -> None:
    registry = pytest.importorskip("generator.ner.registry",
                                   reason="generator/ner/registry.py has not landed yet")
    path = tmp_path / "entities.yaml"
    path.write_text(ENTITY_CASES[case], encoding="utf-8")
    with pytest.raises(Exception) as caught:   # noqa: PT011 - its own error type, checked below
        _timed(registry.load_registry, path)
    assert not isinstance(caught.value, (RecursionError, MemoryError, TypeError, KeyError))
    assert str(path) in str(caught.value) or path.name in str(caught.value)
