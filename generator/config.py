"""site.yaml → SiteConfig, a typed, validated, frozen object.

Every key is checked: an unknown key (with the nearest valid one suggested)
or a wrong type is a ConfigError naming the key path and line."""
from __future__ import annotations

import dataclasses
import difflib
import hashlib
import json
import os
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import ConfigError
from .yamlio import key_line, load_yaml

CONFIG_NAME = "site.yaml"
BASE_URL_ENV = "NEWSDIGEST_BASE_URL"


@dataclass(frozen=True, slots=True)
class IngestConfig:
    max_seed_bytes: int = 2_000_000
    strict: bool = False


@dataclass(frozen=True, slots=True)
class TagsConfig:
    min_articles: int = 2
    max_per_article: int = 8


@dataclass(frozen=True, slots=True)
class NerConfig:
    backend: str = "builtin"          # "builtin" | "spacy"
    model: str | None = None          # a spaCy model name or path, for backend: spacy


@dataclass(frozen=True, slots=True)
class FeedsConfig:
    max_items: int = 50
    terms: bool = True                # an Atom and a JSON Feed for every tag and entity (two files each)


@dataclass(frozen=True, slots=True)
class EditionsConfig:
    enabled: bool = True              # daily and weekly edition pages, their index and feeds


@dataclass(frozen=True, slots=True)
class SearchConfig:
    enabled: bool = True


@dataclass(frozen=True, slots=True)
class MarkdownConfig:
    allow_raw_html: bool = False      # unsafe: lets article authors inject markup


@dataclass(frozen=True, slots=True)
class ServeConfig:
    host: str = "127.0.0.1"
    port: int = 8000


@dataclass(frozen=True, slots=True)
class SiteConfig:
    title: str = "News Digest"
    description: str = ""
    language: str = "de"
    base_url: str = "/"
    cname: str | None = None            # custom domain: `newsdigest publish` writes it to CNAME
    timezone: str = "UTC"
    author: str = ""
    page_size: int = 20
    content_dir: Path = Path("content")
    seeds_dir: Path = Path("seeds")
    output_dir: Path = Path("site")
    templates_dir: Path | None = None   # None: the templates/ shipped beside the package
    overrides_dir: Path | None = None   # templates here take precedence over the defaults
    cache_dir: Path = Path(".cache")
    ingest: IngestConfig = field(default_factory=IngestConfig)
    tags: TagsConfig = field(default_factory=TagsConfig)
    ner: NerConfig = field(default_factory=NerConfig)
    feeds: FeedsConfig = field(default_factory=FeedsConfig)
    editions: EditionsConfig = field(default_factory=EditionsConfig)
    search: SearchConfig = field(default_factory=SearchConfig)
    markdown: MarkdownConfig = field(default_factory=MarkdownConfig)
    serve: ServeConfig = field(default_factory=ServeConfig)
    extra: dict[str, Any] = field(default_factory=dict)
    root: Path = Path(".")              # the folder site.yaml is in (not a key)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def base_path(self) -> str:
        """The URL path the site lives under: '/' or '/repo/'."""
        from urllib.parse import urlsplit
        path = urlsplit(self.base_url).path or "/"
        return path if path.endswith("/") else path + "/"

    def digest(self) -> str:
        """Changes whenever any setting does: a config change rebuilds all."""
        # `root` is where the project lies, not a setting: the same project
        # built in another folder must give the same site
        data = {f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.name != "root"}
        return hashlib.sha256(json.dumps(data, default=_jsonable, sort_keys=True).encode()).hexdigest()


def _jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    return str(value)


def load(path: Path | None = None, root: Path | None = None,
         base_url: str | None = None) -> SiteConfig:
    """Read site.yaml (defaults when absent). `base_url` (from --base-url) and
    the NEWSDIGEST_BASE_URL environment variable override the file."""
    root = (root or (path.parent if path else Path("."))).resolve()
    path = path or root / CONFIG_NAME
    raw: dict[str, Any] = {}
    text = ""
    if path.exists():
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"cannot read: {exc}", path) from None
        data = load_yaml(text, path, error=ConfigError)
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise ConfigError("expected a mapping of settings at the top level", path, 1)
        raw = data
    override = base_url or os.environ.get(BASE_URL_ENV)
    if override:
        raw = {**raw, "base_url": override}
    config = _build(SiteConfig, raw, (), path, text)
    config = dataclasses.replace(config, root=root)
    _check(config, path, text)
    return config


def _build(cls: type, raw: Any, key_path: tuple[str, ...], path: Path, text: str) -> Any:
    def fail(message: str, at: tuple[str, ...], hint: str | None = None) -> ConfigError:
        return ConfigError(f"'{'.'.join(at)}': {message}", path, key_line(text, at), hint)

    if not isinstance(raw, dict):
        raise fail(f"expected a mapping, got {type(raw).__name__}", key_path)
    hints = typing.get_type_hints(cls)
    known = [f.name for f in dataclasses.fields(cls) if f.name != "root"]
    values: dict[str, Any] = {}
    for key, value in raw.items():
        at = (*key_path, str(key))
        if key not in known:
            close = difflib.get_close_matches(str(key), known, n=1)
            raise fail("unknown setting", at, f"did you mean '{close[0]}'?" if close else
                       "free-form values go under 'extra:'")
        values[key] = _coerce(hints[key], value, at, fail, path, text)
    return cls(**values)


def _coerce(hint: Any, value: Any, at: tuple[str, ...], fail: Any, path: Path, text: str) -> Any:
    if dataclasses.is_dataclass(hint):
        return _build(hint, value if value is not None else {}, at, path, text)
    optional = isinstance(hint, types.UnionType) and type(None) in typing.get_args(hint)
    if value is None and optional:
        return None
    base = next((a for a in typing.get_args(hint) if a is not type(None)), hint) if optional else hint
    origin = typing.get_origin(base) or base
    if origin is Path:
        if not isinstance(value, str) or not value:
            raise fail(f"expected a folder path, got {value!r}", at)
        return Path(value)
    if origin is bool:
        if not isinstance(value, bool):
            raise fail(f"expected true or false, got {value!r}", at)
        return value
    if origin is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise fail(f"expected a whole number, got {value!r}", at)
        return value
    if origin is str:
        if not isinstance(value, str):
            raise fail(f"expected text, got {value!r}", at, "put quotes around it")
        return value
    if origin is dict:
        if not isinstance(value, dict):
            raise fail(f"expected a mapping, got {value!r}", at)
        return value
    raise fail(f"unsupported setting type {hint}", at)


def _check(config: SiteConfig, path: Path, text: str) -> None:
    def fail(key: str, message: str, hint: str | None = None) -> ConfigError:
        return ConfigError(f"'{key}': {message}", path, key_line(text, tuple(key.split("."))), hint)

    try:
        ZoneInfo(config.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise fail("timezone", f"unknown time zone {config.timezone!r}",
                   "use an IANA name such as Europe/Zurich") from None
    if config.page_size < 1:
        raise fail("page_size", "must be at least 1")
    if config.ingest.max_seed_bytes < 1:
        raise fail("ingest.max_seed_bytes", "must be positive")
    if config.ner.backend not in ("builtin", "spacy"):
        raise fail("ner.backend", f"unknown backend {config.ner.backend!r}", "builtin or spacy")
    if not (config.base_url.startswith(("http://", "https://")) or config.base_url.startswith("/")):
        raise fail("base_url", f"expected an absolute URL or a path starting with '/', got "
                   f"{config.base_url!r}", "e.g. https://user.github.io/repo/")
    if not 0 < config.serve.port < 65536:
        raise fail("serve.port", "must be between 1 and 65535")
