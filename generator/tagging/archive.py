"""Archive-wide tag hygiene: one display form per concept, merge suggestions.

Tags carry their language in their casing (German capitalised, English
lowercase), so these functions need no language argument.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import TYPE_CHECKING, Mapping, Sequence

from .fold import fold_key

if TYPE_CHECKING:
    from ..tagregistry import TagRegistry


def concept_key(tag: str, registry: TagRegistry | None = None) -> str:
    """The key of a tag's concept: the registry's canonical name if it has one."""
    if registry is not None:
        name = registry.lookup(tag)
        if name is not None:
            return "=" + name
    return fold_key(tag)


def consolidate(
    tags_per_article: Mapping[str, Sequence[str]], registry: TagRegistry | None = None
) -> dict[str, list[str]]:
    """Same concept -> same display form across the archive.

    The registry's name wins; otherwise the form most articles use, ties going
    to the unhyphenated, then the alphabetically first. Ignored tags are dropped; order is kept.
    """
    display = display_forms(tags_per_article, registry)
    out: dict[str, list[str]] = {}
    for article in sorted(tags_per_article):
        seen: dict[str, None] = {}
        for tag in tags_per_article[article]:
            if registry is not None and registry.is_ignored(tag):
                continue
            seen.setdefault(display[concept_key(tag, registry)], None)
        out[article] = list(seen)
    return out


def display_forms(
    tags_per_article: Mapping[str, Sequence[str]], registry: TagRegistry | None = None
) -> dict[str, str]:
    """concept key → the display form the archive uses for that concept."""
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    for tags in tags_per_article.values():
        for tag in dict.fromkeys(tags):
            forms[concept_key(tag, registry)][tag] += 1
    return {key: _winner(key, c) for key, c in forms.items()}


def _winner(key: str, counts: Counter[str]) -> str:
    if key.startswith("="):
        return key[1:]
    # Ties: the unhyphenated spelling, then the alphabetically first.
    return min(counts, key=lambda form: (-counts[form], "-" in form, form))


def suggest_merges(
    tags_per_article: Mapping[str, Sequence[str]], registry: TagRegistry | None = None
) -> list[tuple[str, str, str]]:
    """(keep, merge, reason) pairs for `newsdigest tags` to show an editor:
    spelling/inflection variants of one concept, and compounds or phrases that
    share their head with a broader tag ('Massenproteste' -> 'Proteste')."""
    usage: Counter[str] = Counter()
    for tags in tags_per_article.values():
        usage.update(set(tags))
    tags = sorted(t for t in usage if registry is None or not registry.is_ignored(t))

    merges: list[tuple[str, str, str]] = []
    by_key: dict[str, list[str]] = defaultdict(list)
    for t in tags:
        by_key[concept_key(t, registry)].append(t)
    for key in sorted(by_key):
        variants = by_key[key]
        if len(variants) < 2:
            continue
        keep = _winner(key, Counter({v: usage[v] for v in variants}))
        why = "registry synonym" if key.startswith("=") else f"same word (key {key!r})"
        merges += [(keep, v, why) for v in variants if v != keep]

    # One representative per concept, then head relations between concepts.
    reps = {key: _winner(key, Counter({v: usage[v] for v in vs})) for key, vs in by_key.items()}
    keys = sorted(k for k in reps if not k.startswith("="))
    for broad in keys:
        if len(broad) < 4:
            continue
        for narrow in keys:
            if narrow == broad:
                continue
            if narrow.endswith(" " + broad):
                merges.append((reps[broad], reps[narrow], f"phrase with head {reps[broad]!r}"))
            elif " " not in narrow and " " not in broad and narrow.endswith(broad) and len(narrow) - len(broad) >= 3:
                merges.append((reps[broad], reps[narrow], f"compound with head {reps[broad]!r}"))
    return sorted(merges, key=lambda m: (m[2].startswith(("phrase", "compound")), m[0].casefold(), m[1].casefold()))
