"""site.yaml → SiteConfig."""
from __future__ import annotations

from pathlib import Path

import pytest

from generator import config
from generator.errors import ConfigError


def test_defaults_without_a_file(tmp_path: Path) -> None:
    cfg = config.load(root=tmp_path)
    assert (cfg.title, cfg.language, cfg.base_url, cfg.page_size) == ("News Digest", "de", "/", 20)
    assert cfg.root == tmp_path.resolve()


def test_nested_settings_and_types(tmp_path: Path) -> None:
    (tmp_path / "site.yaml").write_text(
        "title: Morgenpost\nlanguage: en\nbase_url: https://user.github.io/repo\n"
        "tags:\n  min_articles: 3\nextra:\n  anything: [1, 2]\n", encoding="utf-8")
    cfg = config.load(root=tmp_path)
    assert cfg.tags.min_articles == 3 and cfg.extra == {"anything": [1, 2]}
    assert cfg.base_path == "/repo/"


@pytest.mark.parametrize("override", ["--flag", "env"])
def test_base_url_overrides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, override: str) -> None:
    (tmp_path / "site.yaml").write_text("base_url: https://example.org/\n", encoding="utf-8")
    if override == "env":
        monkeypatch.setenv(config.BASE_URL_ENV, "https://user.github.io/news/")
        cfg = config.load(root=tmp_path)
    else:
        cfg = config.load(root=tmp_path, base_url="https://user.github.io/news/")
    assert cfg.base_path == "/news/"


@pytest.mark.parametrize(("text", "message"), [
    ("base_url: example.org\n", "'base_url': expected an absolute URL"),
    ("serve:\n  port: 70000\n", "'serve.port': must be between"),
    ("ner:\n  backend: magic\n", "'ner.backend': unknown backend"),
    ("- a\n- b\n", "expected a mapping of settings"),
    ("a: &x 1\nb: *x\n", "aliases"),
    ("page_size: true\n", "expected a whole number"),
])
def test_errors_name_the_key(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "site.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        config.load(root=tmp_path)


def test_digest_follows_every_setting(tmp_path: Path) -> None:
    first = config.load(root=tmp_path).digest()
    (tmp_path / "site.yaml").write_text("feeds:\n  max_items: 7\n", encoding="utf-8")
    assert config.load(root=tmp_path).digest() != first
