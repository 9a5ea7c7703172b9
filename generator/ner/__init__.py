"""Offline named-entity extraction (PER/LOC/ORG) for German and English.

German uses a CRF (data/de.crfsuite, trained on GermEval 2014) with gazetteer
and word-frequency features; English uses rules over capitalisation, cues and
the same name lists.  Both are followed by `resolve`, which names mentions and
links surnames to full names within an article.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .jsonl import run_jsonl

if TYPE_CHECKING:
    from .registry import Registry
    from .resolve import Named, RawMention

__all__ = ["Mention", "EntitySets", "extract_mentions", "extract_article_entities", "run_jsonl"]


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    label: str  # "PER" | "LOC" | "ORG"
    subtype: str | None  # None | "part" | "deriv"
    name: str  # canonical name


@dataclass(frozen=True, slots=True)
class EntitySets:
    people: tuple[str, ...]
    places: tuple[str, ...]
    organisations: tuple[str, ...]


def _raw_mentions(text: str, lang: str, registry: "Registry", backend: Any) -> list["RawMention"]:
    from .resolve import add_registry_matches, clean

    if backend is not None:  # a loaded spaCy pipeline (see spacy_backend.load)
        from .spacy_backend import tag_text as spacy_tag

        raws = spacy_tag(text, backend)
    elif lang.startswith("en"):
        from .english import tag_text

        raws = tag_text(text)
    else:
        from .german import tag_text

        raws = tag_text(text)
    return add_registry_matches(text, clean(text, raws), registry)


def _named(
    texts: Sequence[str], lang: str, registry: "Registry | None", backend: Any = None, strict: bool = False
) -> list["Named"]:
    from .registry import EMPTY
    from .resolve import propagate, resolve

    reg = registry or EMPTY
    docs = [(i, raw) for i, text in enumerate(texts) for raw in _raw_mentions(text, lang, reg, backend)]
    return resolve(propagate(texts, docs), reg, strict_people=strict)


def extract_mentions(
    text: str, lang: str = "de", registry: "Registry | None" = None, backend: Any = None
) -> list[Mention]:
    """Mentions in one text, in order; surnames resolve to full names seen in the same text.

    `backend` None uses the built-in tagger for `lang`; pass a spaCy pipeline
    from `spacy_backend.load(name)` for `ner.backend: spacy`.
    """
    named = _named([text], lang, registry, backend)
    return [Mention(n.start, n.end, n.label, n.subtype, n.name) for n in named]


def extract_article_entities(
    texts: Sequence[str],
    lang: str = "de",
    registry: "Registry | None" = None,
    gazetteer_exclude: frozenset[str] = frozenset(),
    backend: Any = None,
) -> EntitySets:
    """Canonical people, places and organisations of one article, by first mention.

    A part or deriv mention ("Iran-Konflikt", "iranische") counts only when the
    article also names the entity plainly, or, for places, when it is a known
    country: an adjective alone rarely makes a place the article's subject.
    `gazetteer_exclude` hides names from the built-in lists (for tests).
    """
    from . import gazetteer

    with gazetteer.excluding(gazetteer_exclude):
        named = _named(texts, lang, registry, backend, strict=True)
        plain = {(n.label, n.name) for n in named if n.subtype is None}
        buckets: dict[str, list[str]] = {"PER": [], "LOC": [], "ORG": []}
        for n in named:
            if n.label not in buckets or n.name in buckets[n.label]:
                continue
            if n.subtype is not None and (n.label, n.name) not in plain:
                if not (n.label == "LOC" and "country" in gazetteer.classes(n.name)):
                    continue
            buckets[n.label].append(n.name)
    return EntitySets(tuple(buckets["PER"]), tuple(buckets["LOC"]), tuple(buckets["ORG"]))
