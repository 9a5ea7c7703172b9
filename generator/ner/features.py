"""Token features for the CRF tagger: pure functions of a sentence's words."""
from __future__ import annotations

import math
import re
from functools import lru_cache

from . import gazetteer

# Compounds like "Ministerpräsident", "Regierungssprecher" announce a person.
_TITLE_ENDINGS = ("präsident", "präsidentin", "minister", "ministerin", "sprecher", "sprecherin",
                  "chef", "chefin", "kanzler", "kanzlerin", "trainer", "vorsitzende", "vorsitzender",
                  "meister", "direktor", "leiter", "leiterin", "spieler", "stürmer", "torwart")
_ORG_ENDINGS = ("ministerium", "bank", "verband", "gruppe", "konzern", "partei", "verein", "gericht",
                "amt", "agentur", "institut", "stiftung", "gesellschaft", "werke", "zeitung", "kommission",
                "behörde", "universität", "hochschule", "dienst", "rundfunk", "fernsehen", "versicherung")
_PUNCT = re.compile(r"^\W+$")
_OPENERS = frozenset("\"'«»„“‚‹(:–—-")


@lru_cache(maxsize=65536)
def _zipf(word: str, lang: str) -> float:
    import wordfreq  # heavy import: only when tagging

    # zipf_frequency re-tokenises every word; plain lowercase words can skip
    # that and read the list wordfreq itself loads (same numbers, ~20x faster).
    if word.isalpha() and word == word.casefold() and "ı" not in word:
        freq = wordfreq.get_frequency_dict(lang).get(word, 0.0)
        return round(math.log10(freq) + 9, 2) if freq >= 1e-9 else 0.0
    return wordfreq.zipf_frequency(word, lang)


# Names of people and places travel across languages; German common nouns do not.
_OTHER_LANGS = ("en", "fr", "es", "it", "nl", "pl", "pt", "sv")


_PROFILE_LANGS = ("en", "fr", "nl", "pl")


@lru_cache(maxsize=65536)
def crosslingual(low: str) -> int:
    """How many other languages use this (lowercased) word at least now and then."""
    return sum(_zipf(low, lang) >= 1.5 for lang in _OTHER_LANGS)


def shape(word: str) -> str:
    """Collapsed character classes: "Iran-Konflikt" -> "Xx-Xx", "G20" -> "Xd"."""
    out = []
    for ch in word:
        c = "X" if ch.isupper() else "x" if ch.islower() else "d" if ch.isdigit() else ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


@lru_cache(maxsize=65536)
def place_prefix(word: str) -> str | None:
    """"Gazastreifen" -> "Gaza": a compound whose first part is a known place."""
    if len(word) < 8 or not word[:1].isupper() or "-" in word:
        return None
    for cut in range(len(word) - 4, 3, -1):
        if gazetteer.classes(word[:cut]) & {"country", "city", "region"}:
            return word[:cut]
    return None


def _gaz(word: str) -> list[str]:
    feats = [f"g={c}" for c in sorted(gazetteer.classes(word))]
    # Genitive "Israels", "Trumps": look the name up without its -s.
    if not feats and len(word) > 3 and word[-1] == "s" and word[:1].isupper():
        feats = [f"gs={c}" for c in sorted(gazetteer.classes(word[:-1]))]
    return feats


def _word_feats(word: str, lang: str) -> list[str]:
    low = word.lower()
    feats = [
        "w=" + low,
        "sh=" + shape(word),
        "p2=" + low[:2],
        "p3=" + low[:3],
        "s2=" + low[-2:],
        "s3=" + low[-3:],
        "s4=" + low[-4:],
        "s5=" + low[-5:],
    ]
    if word[:1].isupper():
        feats.append("cap")
        if word.isupper() and len(word) > 1:
            feats.append("allcap")
    if _PUNCT.match(word):
        feats.append("punct")
    elif any(ch.isalpha() for ch in word):
        z = _zipf(low, lang)
        feats.append(f"zf={int(z)}")
        other = _zipf(low, "en" if lang == "de" else "de")
        if other - z > 1:
            feats.append("foreign")
        xl = crosslingual(low)
        if xl == 0 and len(low) > 3 and low.endswith("s"):
            xl = crosslingual(low[:-1])  # genitive "Netanjahus"
        feats.append(f"xl={(xl + 2) // 3}")
        feats += [f"z{lg}={int(_zipf(low, lg))}" for lg in _PROFILE_LANGS]
        if word[:1].isupper():
            feats.append(f"cxl={(xl + 2) // 3}|{min(int(z), 5)}")
    if "-" in word.strip("-"):
        head, _, tail = word.rpartition("-")
        first = word.split("-", 1)[0]
        feats += ["h1=" + first.lower(), "hl=" + tail.lower(), "hsh=" + shape(first)]
        feats += ["hg=" + c for c in sorted(gazetteer.classes(first))]
    feats += _gaz(word)
    if place_prefix(word):
        feats.append("pp")
    if low in gazetteer.TITLE_CUES or low.endswith(_TITLE_ENDINGS):
        feats.append("title")
    if low in gazetteer.ORG_HEADS:
        feats.append("orghead")
    elif low.endswith(_ORG_ENDINGS):
        feats.append("orgsfx")
    return feats


def sentence_features(words: list[str], lang: str = "de") -> list[list[str]]:
    base = [_word_feats(w, lang) for w in words]
    spans = gazetteer.match_spans(words)
    n = len(words)
    out: list[list[str]] = []
    for i, word in enumerate(words):
        feats = ["bias", *base[i], *("m=" + c for c in sorted(spans[i]))]
        if i == 0 or words[i - 1] in _OPENERS:
            feats.append("start")
            if word[:1].isupper():
                feats.append("startcap")
        for off in (-2, -1, 1, 2):
            j = i + off
            if 0 <= j < n:
                w = words[j]
                low = w.lower()
                feats.append(f"{off}w={low}")
                feats.append(f"{off}sh={shape(w)}")
                if abs(off) == 1:
                    feats.append(f"{off}s3={low[-3:]}")
                    feats.append(f"{off}s5={low[-5:]}")
                    feats.append(f"{off}w|sh={low}|{shape(word)}")
                    feats += [f"{off}{f}" for f in base[j] if f[0] in "gtomz" or f.startswith("cap")]
                    feats += [f"{off}m={c}" for c in sorted(spans[j])]
            else:
                feats.append(f"{off}pad")
        if i > 0 and i + 1 < n:
            feats.append(f"ctx={words[i - 1].lower()}|{words[i + 1].lower()}")
        out.append(feats)
    return out
