"""fold_key: the one key under which tag variants count as the same concept."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .lexicon import known, noun_lemma, norm_lang

_HYPHENS = re.compile(r"[\-\u2010\u2011\u2012\u2013]+")
_SPACES = re.compile(r"\s+")


def guess_lang(tag: str) -> str:
    """Tags carry their language in their casing: German nouns are capitalised,
    English tags are lowercase by convention (see suggest.py). A hand-typed
    lowercase German tag ('wahlen') is recognised by the lexicons."""
    stripped = tag.strip()
    if not stripped:
        return "en"
    if stripped[0].isupper() or any(c in stripped for c in "äöüÄÖÜß"):
        return "de"
    last = stripped.split()[-1]
    if known(last, "de") and not known(last, "en"):
        return "de"
    return "en"


@lru_cache(maxsize=65536)
def fold_key(tag: str, lang: str | None = None) -> str:
    """'Verhandlungen', 'Verhandlung', 'verhandlung' -> 'verhandlung';
    'Atom-Programm' -> 'atomprogramm'; 'Interest Rates' -> 'interest rate'.

    Only the head (last word) is lemmatised: modifiers rarely inflect in tags
    and lemmatising them invites errors ('data' -> 'datum').
    `lang=None` guesses from the tag's casing.
    """
    text = unicodedata.normalize("NFC", tag).strip()
    lang = norm_lang(lang if lang is not None else guess_lang(text))
    words = [w for w in _SPACES.split(text) if w]
    if not words:
        return ""
    if lang == "de":
        # German compounds: 'Atom-Programm' is the same word as 'Atomprogramm'.
        words = [_join_hyphenated(w) for w in words]
    head = words[-1]
    if lang == "de":
        # Tags are nouns; simplemma looks nouns up capitalised, so
        # 'verhandlungen' and 'Verhandlungen' fold to the same lemma.
        head = head.capitalize() if head.isupper() else head[:1].upper() + head[1:]
    words[-1] = noun_lemma(head, lang)
    key = " ".join(words).casefold().replace("ß", "ss")
    return _HYPHENS.sub("", key) if lang == "de" else _HYPHENS.sub(" ", key)


def _join_hyphenated(word: str) -> str:
    parts = [p for p in _HYPHENS.split(word) if p]
    if len(parts) < 2:
        return word
    return parts[0] + "".join(p.lower() for p in parts[1:])
