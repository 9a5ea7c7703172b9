"""Markdown files with YAML front matter: split, parse, check, serialise.

`parse` is pure (text and path in, Article out); errors name file and line."""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo
from pathlib import Path
from typing import Any

from .errors import ContentError
from .model import Article, EntityNames
from .text import slugify, truncate_at_sentence, word_count
from .yamlio import dump_yaml, load_yaml

FENCE = "---"
# Keys ingest writes or a person may set; anything else belongs under extra:.
# `words` and `reading_time` (ingest wrote them up to version 2) are accepted
# and ignored: the build counts the body, which may have been edited since.
KNOWN_KEYS = ("id", "slug", "title", "date", "date_source", "lang", "summary", "tags",
              "entities", "source", "author", "source_url", "words", "reading_time",
              "draft", "generated", "extra")
ENTITY_KEYS = ("people", "places", "organisations")
# Control characters are never text, and XML (feeds, sitemap) cannot carry C0
# ones at all: blanked in the file and in YAML escapes ("\x01").
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


@dataclass(frozen=True, slots=True)
class Document:
    meta: dict[str, Any]
    body: str


def split(text: str, path: Path) -> Document:
    text = _CONTROL.sub(" ", text.lstrip("\ufeff").replace("\r\n", "\n"))
    if not text.startswith(FENCE + "\n"):
        raise ContentError("no front matter", path, 1,
                           "start the file with a line '---', the YAML, and another '---'")
    end = text.find("\n" + FENCE + "\n", len(FENCE))
    if end == -1:
        if text.rstrip("\n").endswith("\n" + FENCE):
            end = text.rstrip("\n").rfind("\n" + FENCE)
        else:
            raise ContentError("front matter is not closed", path, 1,
                               "did you forget the closing '---' line?")
    yaml_text = text[len(FENCE) + 1: end + 1]
    meta = load_yaml(yaml_text, path, line_offset=1)
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise ContentError("front matter must be a mapping of keys to values", path, 2)
    body = text[end + len(FENCE) + 2:]
    return Document(meta, body.lstrip("\n"))


def serialise(meta: dict[str, Any], body: str) -> str:
    return f"{FENCE}\n{dump_yaml(meta)}{FENCE}\n\n{body.strip()}\n"


def parse(text: str, path: Path, default_lang: str, zone: tzinfo) -> Article:
    """A content file → Article, every field checked."""
    doc = split(text, path)
    meta = doc.meta

    def fail(key: str, message: str, hint: str | None = None) -> ContentError:
        from .yamlio import key_line
        return ContentError(f"front matter '{key}': {message}", path,
                            key_line(text.split(FENCE, 2)[1], (key,), 0) or 1, hint)

    for key in meta:
        if key not in KNOWN_KEYS:
            close = difflib.get_close_matches(str(key), KNOWN_KEYS, n=1)
            raise fail(str(key), "unknown key",
                       f"did you mean '{close[0]}'?" if close else "put free-form values under 'extra:'")
    title = _text(meta, "title", fail, required=True)
    body = doc.body
    summary = _text(meta, "summary", fail) or truncate_at_sentence(_first_paragraph(body))
    slug = _text(meta, "slug", fail) or slugify(path.stem) or slugify(title)
    if slug != slugify(slug):
        raise fail("slug", f"{slug!r} is not a valid slug", f"use {slugify(slug)!r}")
    entities = meta.get("entities") or {}
    if not isinstance(entities, dict):
        raise fail("entities", "expected a mapping with people, places, organisations")
    for key in entities:
        if key not in ENTITY_KEYS:
            raise fail("entities", f"unknown entity type {key!r}", "people, places or organisations")
    draft = meta.get("draft", False)
    if not isinstance(draft, bool):
        raise fail("draft", "expected true or false")
    extra = meta.get("extra") or {}
    if not isinstance(extra, dict):
        raise fail("extra", "expected a mapping")
    return Article(
        id=_CONTROL.sub("", str(meta.get("id") or path.stem)),
        slug=slug,
        title=title,
        date=_date(meta.get("date"), zone, fail),
        lang=_text(meta, "lang", fail) or default_lang,
        summary=summary,
        tags=_names(meta.get("tags"), "tags", fail),
        entities=EntityNames(*(_names(entities.get(k), f"entities.{k}", fail) for k in ENTITY_KEYS)),
        body=body,
        source_path=path,
        words=word_count(body),
        draft=draft,
        extra=tuple(sorted((str(k), v) for k, v in extra.items())),
    )


def _text(meta: dict[str, Any], key: str, fail: Any, required: bool = False) -> str:
    value = meta.get(key)
    if value is None or value == "":
        if required:
            raise fail(key, "missing", f"add a line '{key}: …'")
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise fail(key, f"expected text, got {type(value).__name__}")
    return " ".join(_CONTROL.sub(" ", value).split())


def _names(value: Any, key: str, fail: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
        raise fail(key.split(".")[0], f"'{key}' must be a list of names")
    seen: dict[str, None] = {}
    for item in value:
        name = " ".join(_CONTROL.sub(" ", str(item)).split())
        if name and slugify(name):
            seen.setdefault(name, None)
    return tuple(seen)


def _date(value: Any, zone: tzinfo, fail: Any) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=zone)
    if isinstance(value, date):
        return datetime.combine(value, time(0), tzinfo=zone)
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.strip())
        except ValueError:
            raise fail("date", f"expected an ISO date like 2026-02-12T14:03:00+01:00, got {value!r}") from None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=zone)
    if value is None:
        raise fail("date", "missing", "add a line 'date: 2026-02-12T14:03:00+01:00'")
    raise fail("date", f"expected a date, got {value!r}")


def _first_paragraph(body: str) -> str:
    for block in re.split(r"\n\s*\n", body):
        block = block.strip()
        if block and not block.startswith(("#", ":::", ">", "!", "|", "-", "*", "```")):
            return block
    return ""
