"""Suggest entity names that probably mean the same thing, for `newsdigest entities`.

Three signals, each cheap and explainable:
  * spelling: the same name after folding transliteration variants
    ("Netanyahu"/"Netanjahu", "Selenskyj"/"Zelensky" is too far and is left alone);
  * surname: a one-word person name that ends a longer one ("Scholz"/"Olaf Scholz");
  * country: two place names of one CLDR territory ("USA"/"Vereinigte Staaten").
"""
from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from .places import SHORT_FORMS

_TYPE_ALIASES = {"PER": "person", "LOC": "place", "ORG": "organisation", "organization": "organisation"}


@dataclass(frozen=True, slots=True)
class Duplicate:
    type: str  # person | place | organisation
    names: tuple[str, ...]  # most frequent first: the suggested canonical name
    reason: str  # "spelling" | "surname" | "country"


def _fold(name: str) -> str:
    """Lowercase, strip accents, and merge letters that transliterations swap."""
    text = unicodedata.normalize("NFKD", name.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    for a, b in (("ß", "ss"), ("ph", "f"), ("y", "j"), ("w", "v"), ("ou", "u"), ("ck", "k"), ("-", " "), ("'", "")):
        text = text.replace(a, b)
    return " ".join(text.split())


@lru_cache(maxsize=1)
def _territories() -> dict[str, str]:
    from babel import Locale

    codes: dict[str, str] = {}
    for loc in ("de", "en", "fr"):
        for code, name in Locale(loc).territories.items():
            if code.isalpha():
                codes.setdefault(_fold(name), code)
    for short, canonical in SHORT_FORMS.items():
        code = codes.get(_fold(canonical))
        if code:
            codes.setdefault(_fold(short), code)
    codes.setdefault("usa", "US")
    return codes


def suggest_duplicates(counts: Mapping[tuple[str, str], int]) -> list[Duplicate]:
    """counts maps (type, name) -> mentions; type may be person/place/organisation or PER/LOC/ORG."""
    by_type: dict[str, dict[str, int]] = {}
    for (etype, name), n in counts.items():
        bucket = by_type.setdefault(_TYPE_ALIASES.get(etype, etype), {})
        bucket[name] = bucket.get(name, 0) + n
    found: list[Duplicate] = []
    for etype, names in sorted(by_type.items()):
        order = sorted(names, key=lambda nm: (-names[nm], nm))
        groups: list[tuple[list[str], str]] = []

        def same(a: str, b: str) -> str | None:
            fa, fb = _fold(a), _fold(b)
            if fa == fb or (min(len(fa), len(fb)) >= 5 and difflib.SequenceMatcher(None, fa, fb).ratio() >= 0.86):
                return "spelling"
            if etype == "person" and (fa.endswith(" " + fb) or fb.endswith(" " + fa)):
                return "surname"
            if etype == "place":
                ta, tb = _territories().get(fa), _territories().get(fb)
                if ta and ta == tb:
                    return "country"
            return None

        for name in order:
            for members, reason in groups:
                why = same(members[0], name)
                if why:
                    members.append(name)
                    break
            else:
                groups.append(([name], ""))
        for members, _ in groups:
            if len(members) > 1:
                reason = same(members[0], members[1]) or "spelling"
                found.append(Duplicate(etype, tuple(members), reason))
    found.sort(key=lambda d: -sum(by_type[d.type][n] for n in d.names))
    return found
