"""content/tags.yaml: the editors' tag registry (canonical names, synonyms, ignore list).

    tags:
      - tag: atomprogramm          # canonical id
        name: Atomprogramm         # display name (defaults to tag)
        synonyms: [Atomanlage, Nukleareinrichtung, Atom-Programm]
        description: Irans Nuklearprogramm und der Streit darum.
    ignore: [Deal, Angaben]

Lookups fold case, hyphens and inflection (fold_key), so 'Atomanlagen' finds
the synonym 'Atomanlage'. A missing file is an empty registry.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import ContentError
from .yamlio import load_yaml

from .tagging.fold import fold_key, guess_lang
from .tagging.lexicon import fold_surface

ENTRY_KEYS = ("tag", "name", "synonyms", "description")
TOP_KEYS = ("tags", "ignore")
_LANGS = ("de", "en")


class TagRegistryError(ContentError, ValueError):
    """A bad tags.yaml; the message is one line: 'path:line: message'."""


@dataclass(frozen=True, slots=True)
class TagEntry:
    tag: str
    name: str
    synonyms: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True, slots=True)
class TagRegistry:
    entries: tuple[TagEntry, ...] = ()
    ignore: tuple[str, ...] = ()
    _index: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    _ignored: frozenset[str] = field(default_factory=frozenset, repr=False, compare=False)

    @classmethod
    def build(cls, entries: tuple[TagEntry, ...] = (), ignore: tuple[str, ...] = ()) -> TagRegistry:
        index: dict[str, str] = {}
        for e in entries:
            for form in (e.tag, e.name, *e.synonyms):
                for k in _keys(form, None):
                    index.setdefault(k, e.name)
        ignored = frozenset(k for word in ignore for k in _keys(word, None))
        return cls(tuple(entries), tuple(ignore), index, ignored)

    def lookup(self, tag: str, lang: str | None = None) -> str | None:
        """The canonical display name for `tag`, or None if the registry does not know it."""
        for k in _keys(tag, lang):
            if k in self._index:
                return self._index[k]
        return None

    def canonical(self, tag: str, lang: str | None = None) -> str:
        """Synonyms and variants -> canonical display name; unknown tags unchanged."""
        return self.lookup(tag, lang) or tag

    def is_ignored(self, tag: str, lang: str | None = None) -> bool:
        return any(k in self._ignored for k in _keys(tag, lang))

    def __len__(self) -> int:
        return len(self.entries)


def _keys(form: str, lang: str | None) -> tuple[str, ...]:
    """Exact (folded surface) key first, then lemma keys: per language given,
    or for both languages, since an entry does not say its language."""
    langs = (lang,) if lang else (guess_lang(form), *_LANGS)
    keys = ["~" + fold_surface(form)]
    keys += [fold_key(form, lg) for lg in dict.fromkeys(langs)]
    return tuple(dict.fromkeys(k for k in keys if k and k != "~"))


def load_tag_registry(path: str | Path) -> TagRegistry:
    path = Path(path)
    if not path.is_file():
        return TagRegistry.build()
    text = path.read_text(encoding="utf-8")
    # the strict loader first: it refuses aliases (YAML bombs), duplicate keys
    # and huge files, naming file and line; then the node tree for line numbers
    data = load_yaml(text, path, error=TagRegistryError)
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if data is None:
        return TagRegistry.build()
    return _parse(path, root, data)


def _parse(path: Path, root: yaml.Node, data: Any) -> TagRegistry:
    def fail(node: yaml.Node | None, message: str) -> TagRegistryError:
        line = node.start_mark.line + 1 if node is not None else 1
        return TagRegistryError(f"{path}:{line}: {message}")

    if not isinstance(data, dict):
        raise fail(root, "expected a mapping with 'tags:' and 'ignore:'")
    nodes = {k.value: v for k, v in root.value}
    for key in data:
        if key not in TOP_KEYS:
            raise fail(_key_node(root, key), f"unknown key {key!r}{_hint(key, TOP_KEYS)}")

    entries: list[TagEntry] = []
    seen: dict[str, str] = {}
    raw_tags = data.get("tags") or []
    if not isinstance(raw_tags, list):
        raise fail(nodes.get("tags"), "'tags' must be a list of entries")
    for raw, node in zip(raw_tags, nodes["tags"].value if raw_tags else ()):
        entry = _entry(raw, node, fail)
        for form in (entry.tag, entry.name, *entry.synonyms):
            k = "~" + fold_surface(form)
            if seen.get(k, entry.name) != entry.name:
                raise fail(node, f"{form!r} is listed under both {seen[k]!r} and {entry.name!r}")
            seen[k] = entry.name
        entries.append(entry)

    raw_ignore = data.get("ignore") or []
    if not isinstance(raw_ignore, list) or not all(isinstance(w, str) and w.strip() for w in raw_ignore):
        raise fail(nodes.get("ignore"), "'ignore' must be a list of words")
    return TagRegistry.build(tuple(entries), tuple(w.strip() for w in raw_ignore))


def _entry(raw: Any, node: yaml.Node, fail) -> TagEntry:
    if not isinstance(raw, dict):
        raise fail(node, "each tag entry must be a mapping with at least 'tag:'")
    for key in raw:
        if key not in ENTRY_KEYS:
            raise fail(_key_node(node, key), f"unknown key {key!r} in tag entry{_hint(key, ENTRY_KEYS)}")
    tag = raw.get("tag")
    if not isinstance(tag, str) or not tag.strip():
        raise fail(node, "tag entry needs a non-empty 'tag:'")
    name = raw.get("name", tag)
    if not isinstance(name, str) or not name.strip():
        raise fail(node, f"tag {tag!r}: 'name' must be a non-empty string")
    synonyms = raw.get("synonyms") or []
    if not isinstance(synonyms, list) or not all(isinstance(s, str) and s.strip() for s in synonyms):
        raise fail(node, f"tag {tag!r}: 'synonyms' must be a list of strings")
    description = raw.get("description") or ""
    if not isinstance(description, str):
        raise fail(node, f"tag {tag!r}: 'description' must be text")
    return TagEntry(tag.strip(), name.strip(), tuple(s.strip() for s in synonyms), description.strip())


def _key_node(mapping: yaml.Node, key: Any) -> yaml.Node:
    for k, _ in getattr(mapping, "value", ()):
        if getattr(k, "value", None) == key:
            return k
    return mapping


def _hint(key: Any, valid: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(str(key), valid, n=1)
    return f" (hint: did you mean {close[0]!r}?)" if close else f" (valid: {', '.join(valid)})"
