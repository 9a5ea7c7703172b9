"""Candidate topic words in an article: nouns (German) or likely nouns and
two-word noun phrases (English), with names taken out.

German capitalises every noun, so a capitalised word whose lemma is
capitalised is a noun; English does not, so there we take lowercase content
words and drop verb and adjective forms by suffix and by how they are used.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from .fold import fold_key
from .lexicon import en_pos, fold_surface, frequency, known, lemma, noun_lemma, stopwords

# A word (letters, digits, inner hyphens, an optional trailing hyphen for
# 'Güter- und Personenverkehr') or a single punctuation mark.
_TOKEN = re.compile(r"\w+(?:[\-\u2011]\w+)*[\-\u2011]?|[^\w\s]")
_BREAKS = frozenset(".!?:;«»„“”\"()[]–—…")
_MASK = "\u27c2"  # replaces entity names; a non-word, so it breaks phrases
_ADJ_SUFFIXES = ("ous", "ive", "ful", "less", "able", "ible", "al", "ic", "ary", "ian", "ish", "ese")
_NAME_JOINERS = frozenset({"of", "the", "for", "and", "de", "der", "die", "das", "des", "für", "und", "von", "van", "al"})


@dataclass(frozen=True, slots=True)
class Mention:
    key: str        # fold_key of the candidate
    surface: str    # the form in the text (display candidate)
    weight: float   # position weight (title > lede/headings > body)


@dataclass(frozen=True, slots=True)
class Unit:
    text: str
    weight: float
    is_title: bool  # titles and headings may be Title Case


@dataclass(frozen=True, slots=True)
class _Tok:
    text: str
    is_word: bool
    start: bool     # first word of a sentence, heading or quote


@lru_cache(maxsize=16)
def stop_keys(lang: str) -> frozenset[str]:
    """The stop list as folded surfaces and as lemma keys ('Angaben' -> 'angabe')."""
    words = stopwords(lang)
    return words | {fold_key(w, lang) for w in words}


def entity_forms(names: Iterable[str]) -> frozenset[str]:
    """Folded entity names, their parts, and genitive forms ('Israels')."""
    forms: set[str] = set()
    for name in names:
        parts = [p for p in re.split(r"[\s\-\u2011/]+", name) if p]
        for part in (name, *parts):
            if part.casefold() in _NAME_JOINERS or len(part) < 2:
                continue
            base = fold_surface(part)
            forms.update({base, base + "s", base + "es", base + "'s", base + "’s"})
    return frozenset(forms)


def mask_entities(text: str, names: Iterable[str]) -> str:
    """Replace whole entity names (and their genitives) by a mask character, so
    multi-word names ('Weisses Haus', 'Bank of England') never form phrases."""
    for name in sorted({n.strip() for n in names if n.strip()}, key=len, reverse=True):
        pattern = r"(?<!\w)" + re.escape(name) + r"(?:'s|’s|s|es)?(?![\w])"
        text = re.sub(pattern, _MASK, text, flags=re.IGNORECASE)
    return text


def tokenize(text: str) -> list[_Tok]:
    toks: list[_Tok] = []
    start = True
    for m in _TOKEN.finditer(text):
        t = m.group()
        if t[0].isalnum() or t[0] == "_":
            toks.append(_Tok(t, True, start))
            start = False
        else:
            toks.append(_Tok(t, False, False))
            if t in _BREAKS:
                start = True
    return toks


def extract(units: Iterable[Unit], lang: str, entity_names: Iterable[str]) -> list[Mention]:
    units = list(units)
    names = tuple(entity_names)
    ents = entity_forms(names)
    tokenized = [(u, tokenize(mask_entities(u.text, names))) for u in units]
    if lang == "de":
        return _extract_de(tokenized, ents)
    if lang == "en":
        return _extract_en(tokenized, ents)
    return _extract_generic(tokenized, ents, lang)


# --- German -----------------------------------------------------------------

def _extract_de(tokenized: list[tuple[Unit, list[_Tok]]], ents: frozenset[str]) -> list[Mention]:
    stop = stop_keys("de")
    # Capitalised somewhere mid-sentence in this article: certainly a noun (or a name).
    mid_caps = {t.text for _, toks in tokenized for t in toks if t.is_word and not t.start and t.text[:1].isupper()}
    out: list[Mention] = []
    for unit, toks in tokenized:
        nouns = [_de_noun(t, ents, mid_caps) for t in toks]
        _drop_adjective_names(toks, nouns)
        _expand_ellipses(toks, nouns)
        for i, surface in enumerate(nouns):
            if surface is None or _in_name_run(toks, nouns, i):
                continue
            if _generic_compound(surface, stop):
                continue
            surface = _strip_generic_head(surface, stop)
            key = fold_key(surface, "de")
            if key and fold_surface(surface) not in stop and key not in stop and key not in ents:
                out.append(Mention(key, surface, unit.weight))
    return out


def _de_noun(tok: _Tok, ents: frozenset[str], mid_caps: set[str]) -> str | None:
    """The noun this token contributes (entity parts of compounds cut off), or None."""
    if not tok.is_word or tok.text.endswith(("-", "\u2011")):
        return None
    parts = re.split(r"[\-\u2011]", tok.text)
    # 'US-Militärpräsenz' -> 'Militärpräsenz', 'Iran-Konflikt' -> 'Konflikt'.
    keep: list[str] = []
    for part in parts:
        if fold_surface(part) in ents or _is_acronym(part) or any(c.isdigit() for c in part):
            keep = []
        else:
            keep.append(part)
    if not keep:
        return None
    word = "-".join(keep)
    head = keep[-1]
    if len(word) < 3 or not word[0].isupper() or (len(keep) > 1 and not head[:1].isupper()):
        return None
    if len(keep) == 1 and tok.start and word not in mid_caps and _lower_is_not_noun(word):
        return None
    if not noun_lemma(head, "de")[:1].isupper():  # adjectives, verbs, function words
        return None
    if len(keep) == 1 and _looks_like_name_de(word):
        return None
    return word


def _is_acronym(word: str) -> bool:
    return sum(c.isupper() for c in word) >= 2


def _lower_is_not_noun(word: str) -> bool:
    """Sentence-initial 'Gleichzeitig', 'Knapp', 'Mehrere' are not nouns."""
    low = word.lower()
    return known(low, "de") and lemma(low, "de")[:1].islower()


def _looks_like_name_de(word: str) -> bool:
    """Unknown to the lemmatiser, unseen by wordfreq and not a compound of a known
    noun: most likely a name the entity list missed ('Ohayon')."""
    if known(word, "de") or frequency(word, "de") > 0:
        return False
    return _compound_head(word) is None


@lru_cache(maxsize=65536)
def _compound_head(word: str) -> str | None:
    """Longest known noun that ends the compound: 'Personenverkehr' -> 'Verkehr'."""
    for i in range(3, len(word) - 3):
        head = word[i:].capitalize()
        if known(head, "de") and lemma(head, "de")[:1].isupper():
            return head
    return None


def _generic_compound(word: str, stop: frozenset[str]) -> bool:
    """'Mittwochmorgen', 'Vorjahresmonat': generic words compounded stay generic."""
    head = _compound_head(word) if "-" not in word else None
    if head is None:
        return False
    modifier = word[: len(word) - len(head)]
    return fold_key(head, "de") in stop and fold_surface(modifier.rstrip("s")) in stop


def _strip_generic_head(word: str, stop: frozenset[str]) -> str:
    """'Feuerwehrleute' -> 'Feuerwehr', 'Regierungssprecher' -> 'Regierung':
    a generic head adds nothing, the modifier carries the topic."""
    if "-" in word:
        return word
    for i in range(4, len(word) - 3):
        head = word[i:].capitalize()
        if fold_key(head, "de") not in stop or not known(head, "de"):
            continue
        modifier = word[:i]
        for candidate in (modifier, modifier[:-1] if modifier.endswith("s") else ""):
            # A modifier stem that is rare as a word ('Lehr') is no topic.
            if len(candidate) >= 4 and frequency(candidate, "de") >= 1e-5 and lemma(candidate, "de")[:1].isupper():
                return candidate
        return word
    return word


def _expand_ellipses(toks: list[_Tok], nouns: list[str | None]) -> None:
    """'Güter- und Personenverkehr' mentions 'Güterverkehr' too."""
    for i, tok in enumerate(toks):
        if not (tok.is_word and tok.text.endswith("-") and tok.text[:1].isupper()):
            continue
        j = i + 1
        while j < len(toks) and (toks[j].text in {",", "und", "oder", "sowie", "bzw"} or toks[j].text.endswith("-")):
            j += 1
        joined_by_conjunction = any(t.text in {"und", "oder", "sowie", "bzw"} for t in toks[i + 1:j])
        target = nouns[j] if j < len(toks) and joined_by_conjunction else None
        head = _compound_head(target) if target and "-" not in target else None
        if head:
            nouns[i] = tok.text[:-1] + head.lower()


def _drop_adjective_names(toks: list[_Tok], nouns: list[str | None]) -> None:
    """A capitalised adjective before a capitalised noun mid-sentence is a
    name ('Islamischen Republik', 'Vereinten Nationen'): drop both words."""
    for i in range(len(toks) - 1):
        tok, nxt = toks[i], toks[i + 1]
        if tok.is_word and not tok.start and tok.text[:1].isupper() and nxt.is_word and nxt.text[:1].isupper():
            low = tok.text.lower()
            if known(low, "de") and lemma(low, "de")[:1].islower() and noun_lemma(tok.text, "de") != tok.text:
                nouns[i] = nouns[i + 1] = None


def _in_name_run(toks: list[_Tok], nouns: list[str | None], i: int) -> bool:
    """Two capitalised words in a row are rare for German common nouns but
    typical of names ('Abraham Lincoln'); drop such words when they are more
    common in English than in German, i.e. international names."""
    word = nouns[i]
    neighbours = [j for j in (i - 1, i + 1) if 0 <= j < len(toks)]
    if not any(toks[j].is_word and toks[j].text[:1].isupper() for j in neighbours):
        return False
    return frequency(word, "en") >= frequency(word, "de") > 0


# --- English ----------------------------------------------------------------

def _extract_en(tokenized: list[tuple[Unit, list[_Tok]]], ents: frozenset[str]) -> list[Mention]:
    stop = stopwords("en")
    lower_seen = {t.text for _, toks in tokenized for t in toks if t.is_word and t.text.islower()}
    per_unit: list[tuple[Unit, list[str | None]]] = []
    for unit, toks in tokenized:
        title_case = unit.is_title and _is_title_case(toks)
        words = [_en_word(t, stop, ents, lower_seen, title_case) for t in toks]
        per_unit.append((unit, words))

    # Adjectives ('humanitarian', 'electric') are only tags inside a phrase;
    # a suffix-adjective must stand as a phrase head at least once.
    heads = {w for _, ws in per_unit for i, w in enumerate(ws) if w and (i + 1 == len(ws) or ws[i + 1] is None)}
    bigram_counts: Counter[str] = Counter()
    for _, ws in per_unit:
        for i in range(len(ws) - 1):
            bigram_counts[_bigram_key(ws, i, heads)] += 1
    bigram_counts[""] = 0

    out: list[Mention] = []
    for unit, ws in per_unit:
        used: set[int] = set()
        for i in range(len(ws) - 1):
            key = _bigram_key(ws, i, heads)
            if i in used or bigram_counts[key] < 2:
                continue
            # 'olive oil prices': the stronger of two overlapping phrases wins.
            if bigram_counts[_bigram_key(ws, i + 1, heads)] > bigram_counts[key]:
                continue
            out.append(Mention(key, f"{ws[i]} {ws[i + 1]}", unit.weight))
            used.update((i, i + 1))
        for i, w in enumerate(ws):
            if w and i not in used and _noun_like(w, heads):
                out.append(Mention(fold_key(w, "en"), w, unit.weight))
    return out


def _bigram_key(ws: list[str | None], i: int, heads: set[str]) -> str:
    if i + 1 >= len(ws):
        return ""
    a, b = ws[i], ws[i + 1]
    return fold_key(f"{a} {b}", "en") if a and b and _noun_like(b, heads) else ""


def _is_title_case(toks: list[_Tok]) -> bool:
    long_words = [t.text for t in toks if t.is_word and len(t.text) > 3]
    return bool(long_words) and sum(w[0].isupper() for w in long_words) / len(long_words) >= 0.6


def _en_word(tok: _Tok, stop: frozenset[str], ents: frozenset[str], lower_seen: set[str], title_case: bool) -> str | None:
    """The lowercase content word for this token, or None (also for names)."""
    if not tok.is_word:
        return None
    text = tok.text
    if not text.islower():
        # Capitalised mid-sentence means a name or a derived adjective ('Iranian').
        if not ((tok.start or title_case) and text[1:].islower()):
            return None
        low = text.lower()
        if low not in lower_seen and not (known(low, "en") and lemma(low, "en")[:1].islower()):
            return None
        text = low
    if len(text) < 3 or not text.isalpha() or text in stop or text in ents:
        return None
    lem = lemma(text, "en")
    if lem in stop or fold_surface(lem) in ents:
        return None
    pos = en_pos(text)
    if pos and not pos & {"NOUN", "ADJ"}:  # 'imposes', 'stolen', 'lingers'
        return None
    if text.endswith(("ed", "ing")) and lem != text:  # 'raised', 'increasing'
        return None
    if text.endswith("ly") and len(text) > 5 and known(text[:-2], "en"):  # 'sharply'
        return None
    return text


def _noun_like(word: str, heads: set[str]) -> bool:
    """Can stand alone as a tag. Adjectives ('electric', 'humanitarian') only
    modify; a word that can be both must head a phrase somewhere."""
    pos = en_pos(word)
    if pos and "NOUN" not in pos:
        return False
    if "ADJ" in pos or word.endswith(_ADJ_SUFFIXES):
        return word in heads
    return True


# --- other languages: capitalisation-free, frequency only ---------------------

def _extract_generic(tokenized: list[tuple[Unit, list[_Tok]]], ents: frozenset[str], lang: str) -> list[Mention]:
    stop = stop_keys(lang)
    out: list[Mention] = []
    for unit, toks in tokenized:
        for t in toks:
            if not t.is_word or not t.text.isalpha() or len(t.text) < 4 or not t.text.islower():
                continue
            if fold_surface(t.text) in stop or fold_surface(t.text) in ents or frequency(t.text, lang) > 1e-4:
                continue
            out.append(Mention(fold_key(t.text, lang), t.text, unit.weight))
    return out
