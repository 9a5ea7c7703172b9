"""Offline language identification from word frequencies.

Each candidate language scores the text by how common its words are in that
language (wordfreq's frequency lists, already a dependency for tagging); the
best average wins. Plenty for news paragraphs, which are never three words."""
from __future__ import annotations

import math
import re
from functools import lru_cache

CANDIDATES = ("de", "en", "fr", "it", "es", "nl", "pt")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_SAMPLE_WORDS = 150
_FLOOR = 1e-8


@lru_cache(maxsize=200_000)
def _log_frequency(word: str, lang: str) -> float:
    from wordfreq import word_frequency
    return math.log10(max(word_frequency(word, lang), _FLOOR))


def detect(text: str, default: str = "de", candidates: tuple[str, ...] = CANDIDATES) -> str:
    words = [w.lower() for w in _WORD.findall(text)[:_SAMPLE_WORDS]]
    if len(words) < 4:
        return default
    scores = {lang: sum(_log_frequency(w, lang) for w in words) for lang in candidates}
    best = max(candidates, key=lambda lang: (scores[lang], lang == default))
    return best
