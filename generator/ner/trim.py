"""Boundary repair for tagged spans: strip common nouns glued to a person's name.

The CRF sometimes swallows a title or a noun next to a name ("Popstar Lady
Gaga", "Heidi Klums Modelsuche").  A capitalised word that is frequent in
German but rare in other languages is a common noun, not part of a name.
"""
from __future__ import annotations

from . import gazetteer
from .features import _TITLE_ENDINGS, _zipf, crosslingual


def _common_noun(word: str, lang: str) -> bool:
    low = word.lower()
    if not word[:1].isupper() or "first" in gazetteer.classes(word) or len(word) < 3:
        return False
    if low.endswith(_TITLE_ENDINGS) or low in gazetteer.TITLE_CUES:
        return True
    return _zipf(low, lang) >= 3.0 and crosslingual(low) == 0


def trim_person(words: list[str], lang: str = "de") -> tuple[int, int]:
    """Return (drop_left, drop_right) token counts for a PER span."""
    left, right = 0, len(words)
    while right - left > 1 and (_common_noun(words[left], lang) or words[left].islower()):
        left += 1
    return left, len(words) - right


def trailing_noun(words: list[str]) -> int:
    """1 if the span ends in a genitive + compound noun ("Irans Nukleareinrichtungen")."""
    last = words[-1]
    if len(words) > 1 and words[-2].endswith("s") and not gazetteer.classes(last):
        low = last.lower()
        if (len(last) >= 8 and crosslingual(low) == 0) or _zipf(low, "de") >= 3.5:
            return 1
    return 0


def common_word(word: str, lang: str = "de") -> bool:
    """A capitalised word that is an everyday word here and unknown abroad."""
    low = word.lower()
    if gazetteer.classes(word) - {"first", "last"}:  # surnames are often everyday words
        return False
    if word.endswith("s") and gazetteer.classes(word[:-1]) - {"first", "last"}:  # "Israels"
        return False
    here = _zipf(low, lang)
    return here >= 3.5 and here - max(_zipf(low, other) for other in ("en", "fr", "es", "it", "pt")) >= 1.0
