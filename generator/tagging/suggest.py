"""suggest_tags: rank an article's candidate topic words by keyness.

keyness = how much more often a concept occurs in this article than in
general language (wordfreq), times how often and how prominently it occurs.
Display forms: German nouns keep their capitalisation; English tags are
lowercase (which also lets fold_key tell the languages apart later).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .candidates import Mention, Unit, extract
from .lexicon import FREQ_FLOOR, frequency, noun_lemma, norm_lang

if TYPE_CHECKING:
    from ..tagregistry import TagRegistry

# Position weights: an editor reads the title and the lede first.
TITLE_WEIGHT = 3.0
LEDE_WEIGHT = 2.0
HEADING_WEIGHT = 2.0
BODY_WEIGHT = 1.0
# A bare head noun ('Programm') also refers to a compound seen nearby ('Atomprogramm').
HEAD_CREDIT = 0.5
# Tags scoring below this share of the best tag are noise, beyond the minimum.
RELATIVE_CUTOFF = 0.2
MIN_TAGS = 5
# >1 favours specific words over common ones mentioned often ('pressure').
KEYNESS_POWER = 1.5
# Topics recur; a word seen once (often a title verb: 'disrupts') counts less.
SINGLE_MENTION_FACTOR = 0.5


@dataclass(frozen=True, slots=True)
class TagInput:
    title: str
    lede: str
    headings: tuple[str, ...]
    paragraphs: tuple[str, ...]     # body paragraphs after the lede
    lang: str                       # "de" | "en" (others: best effort)
    entity_names: tuple[str, ...]   # names and surface forms; never tags, nor their parts


@dataclass(frozen=True, slots=True)
class ScoredTag:
    key: str
    name: str
    score: float
    weight: float   # position-weighted occurrences, without head credit
    count: int = 0


def suggest_tags(doc: TagInput, registry: TagRegistry | None = None, limit: int = 8) -> list[str]:
    """Up to `limit` topic tags, best first; deterministic for equal inputs."""
    return [t.name for t in rank_tags(doc, registry, limit)]


def rank_tags(doc: TagInput, registry: TagRegistry | None = None, limit: int = 8) -> list[ScoredTag]:
    lang = norm_lang(doc.lang)
    units = [Unit(doc.title, TITLE_WEIGHT, True), Unit(doc.lede, LEDE_WEIGHT, False)]
    units += [Unit(h, HEADING_WEIGHT, True) for h in doc.headings]
    units += [Unit(p, BODY_WEIGHT, False) for p in doc.paragraphs]
    mentions = extract([u for u in units if u.text.strip()], lang, doc.entity_names)
    if registry is not None:
        mentions = _apply_registry(mentions, registry, lang)
    n_words = max(sum(len(u.text.split()) for u in units), 1)
    scored = _score(mentions, lang, n_words)
    return _select(scored, lang, limit)


def _apply_registry(mentions: list[Mention], registry: TagRegistry, lang: str) -> list[Mention]:
    out = []
    for m in mentions:
        if registry.is_ignored(m.surface, lang):
            continue
        name = registry.lookup(m.surface, lang)
        # Registry concepts get a key of their own so all their synonyms pool.
        out.append(m if name is None else Mention("=" + name, name, m.weight))
    return out


def _score(mentions: list[Mention], lang: str, n_words: int) -> list[ScoredTag]:
    weight: dict[str, float] = defaultdict(float)
    count: Counter[str] = Counter()
    surfaces: dict[str, Counter[str]] = defaultdict(Counter)
    for m in mentions:
        weight[m.key] += m.weight
        count[m.key] += 1
        surfaces[m.key][m.surface] += 1

    credited = dict(weight)
    for key in weight:
        for head in _heads_of(key, weight, lang):
            credited[key] += HEAD_CREDIT * weight[head]

    out = []
    for key, w in credited.items():
        forms = set(surfaces[key])
        if not key.startswith("="):
            forms.add(noun_lemma(_display(surfaces[key], lang), lang))
        background = max(sum(frequency(f, lang) for f in sorted(forms)), FREQ_FLOOR)
        keyness = math.log10(count[key] / n_words / background)
        score = w * max(keyness, 0.1) ** KEYNESS_POWER * (SINGLE_MENTION_FACTOR if count[key] == 1 else 1.0)
        out.append(ScoredTag(key, _display(surfaces[key], lang), score, weight[key], count[key]))
    return out


def _heads_of(key: str, keys: dict[str, float], lang: str) -> list[str]:
    return [h for h in keys if h != key and _is_head(h, key, lang)]


def _is_head(head: str, key: str, lang: str) -> bool:
    """'programm' heads 'atomprogramm'; 'rate' heads 'interest rate'."""
    if len(head) < 4 or head.startswith("=") or key.startswith("="):
        return False
    return key.endswith(" " + head) or (lang == "de" and key.endswith(head))


def _is_modifier(mod: str, key: str) -> bool:
    """'ransomware' modifies 'ransomware attack': one topic, one tag."""
    return len(mod) >= 4 and not mod.startswith("=") and key.startswith(mod + " ")


def _display(surfaces: Counter[str], lang: str) -> str:
    """Most frequent form, with German case endings folded away
    ('Programms' -> 'Programm', 'Protesten' -> 'Proteste')."""
    votes: Counter[str] = Counter()
    for form, n in surfaces.items():
        votes[_nominative(form, surfaces, lang)] += n
    best = max(votes.items(), key=lambda kv: (kv[1], -len(kv[0]), _neg(kv[0])))
    return best[0]


def _neg(s: str) -> tuple[int, ...]:
    # max() with a reversed string order: ties go to the alphabetically first form.
    return tuple(-ord(c) for c in s)


def _nominative(form: str, surfaces: Counter[str], lang: str) -> str:
    if lang != "de" or form.startswith("="):
        return form
    lem = noun_lemma(form, lang)
    if form in (lem + "s", lem + "es"):  # genitive singular
        return lem
    if form.endswith("n") and form[:-1] in surfaces and form[:-1] != lem:  # dative plural
        return form[:-1]
    return form


def _select(scored: list[ScoredTag], lang: str, limit: int) -> list[ScoredTag]:
    ranked = sorted(scored, key=lambda t: (-t.score, t.key))
    if not ranked or limit <= 0:
        return []
    floor = ranked[0].score * RELATIVE_CUTOFF
    chosen: list[ScoredTag] = []
    families: list[set[str]] = []
    for tag in ranked:
        # Past the cut-off a word may still rename its family, never add a tag.
        closed = len(chosen) >= limit or (len(chosen) >= min(MIN_TAGS, limit) and tag.score < floor)
        # One tag per concept family ('Arbeitszeit'/'Wochenarbeitszeit'); the
        # member the article mentions most names it, at the family's rank.
        fam = next((i for i, f in enumerate(families) if any(_related(k, tag.key, lang) for k in f)), None)
        if fam is not None:
            families[fam].add(tag.key)
            if _better_name(tag, chosen[fam]):
                chosen[fam] = ScoredTag(tag.key, tag.name, chosen[fam].score, tag.weight, tag.count)
            continue
        if closed or any(c.name == tag.name for c in chosen):
            continue
        chosen.append(tag)
        families.append({tag.key})
    return chosen


def _better_name(new: ScoredTag, old: ScoredTag) -> bool:
    """Which family member names the family. A bare modifier used on its own as
    often as the phrase ('hospitals' vs 'hospital network') is the topic."""
    if _is_modifier(new.key, old.key):
        return new.count >= old.count
    if _is_modifier(old.key, new.key):
        return old.count < new.count
    return new.weight > old.weight


def _related(a: str, b: str, lang: str) -> bool:
    return _is_head(a, b, lang) or _is_head(b, a, lang) or _is_modifier(a, b) or _is_modifier(b, a)
