"""Pure text helpers: slugs, sentences, summaries, headlines, word counts."""
from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any

_GERMAN_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss",
                              "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ẞ": "SS",
                              # letters NFKD does not decompose
                              "æ": "ae", "Æ": "Ae", "ø": "o", "Ø": "O", "œ": "oe",
                              "Œ": "Oe", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D",
                              "ð": "d", "þ": "th", "ı": "i"})
_NON_SLUG = re.compile(r"[^a-z0-9]+")
SLUG_MAX = 80


@functools.lru_cache(maxsize=1 << 16)
def slugify(text: str, max_length: int = SLUG_MAX) -> str:
    """URL slug with German transliteration (ä→ae, ß→ss) and other accents
    stripped, so 'Über Zürich' and 'Ueber Zuerich' give the same slug.
    Cached: a site slugs each of its names once per story that mentions it."""
    folded = unicodedata.normalize("NFKD", text.translate(_GERMAN_FOLD))
    ascii_text = folded.encode("ascii", "ignore").decode("ascii").lower()
    slug = _NON_SLUG.sub("-", ascii_text).strip("-")
    if len(slug) > max_length:
        cut = slug.rfind("-", 0, max_length + 1)
        slug = slug[: cut if cut > max_length // 2 else max_length].strip("-")
    if slug in _RESERVED:
        slug += "-x"    # a folder named 'con' or 'nul' cannot exist on Windows
    return slug


# Device names Windows reserves in every folder, with or without an extension.
_RESERVED = frozenset(["con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
                       *(f"lpt{i}" for i in range(10))])


# A sentence ends at . ! ? (optionally followed by a closing quote) before
# whitespace and an upper-case letter, digit or opening quote. Abbreviations
# such as "z.B." or "Dr." are protected by requiring the next word to start
# a sentence and the previous token to be longer than a typical abbreviation.
_SENTENCE_END = re.compile(r"(?<=[.!?])[»«\"“”'’)]?\s+(?=[A-ZÄÖÜ0-9«»„\"“])")
_ABBREVIATIONS = {"dr", "prof", "nr", "st", "bzw", "ca", "vgl", "mr", "mrs", "ms",
                  "jr", "sen", "gen", "inc", "ltd", "co", "etc", "u.a", "z.b", "d.h",
                  "usw", "jan", "feb", "mär", "apr", "jun", "jul", "aug", "sep",
                  "sept", "okt", "oct", "nov", "dez", "dec", "vs", "no"}


def sentences(text: str) -> list[str]:
    parts: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        candidate = text[start:match.start()].rstrip()
        last_word = candidate.rsplit(None, 1)[-1].rstrip(".").lower() if candidate else ""
        if last_word in _ABBREVIATIONS or (len(last_word) == 1 and last_word.isalpha()):
            continue
        parts.append(text[start:match.end()].strip())
        start = match.end()
    rest = text[start:].strip()
    if rest:
        parts.append(rest)
    return parts


def truncate_at_sentence(text: str, limit: int = 300) -> str:
    """The longest run of whole sentences within `limit`; failing that, the
    text cut at a word boundary with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    kept = ""
    for sentence in sentences(text):
        joined = f"{kept} {sentence}".strip()
        if len(joined) > limit:
            break
        kept = joined
    return kept or cut_at_word(text, limit)


def cut_at_word(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    head = text[: cut if cut > 0 else limit].rstrip(" ,;:–-")
    return head + "…"


_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
_JOINERS = "-'’"
# Below this many characters the regex is quicker than numpy's set-up.
_VECTOR_MIN = 400


_vectorised = False     # set by prepare_word_count


def word_count(text: str) -> int:
    """How many matches of _WORD: runs of word characters, a hyphen or
    apostrophe between two of them joining the runs into one word."""
    if _vectorised and len(text) >= _VECTOR_MIN:
        count = _word_count_vectorised(text)
        if count is not None:
            return count
    return _WORD.subn("", text)[1]      # counts without building a list of every word


def _word_count_vectorised(text: str) -> int | None:
    """The same count as the regex in a few numpy passes over the code
    points (a body's word count was a third of parsing an article, 90 µs
    of the regex's per-character steps). None beyond the Basic
    Multilingual Plane, which the table does not cover."""
    np, is_word, is_joiner = _char_classes()
    try:
        points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    except UnicodeEncodeError:      # a lone surrogate
        return None
    if points.max() > 0xFFFF:
        return None
    word = is_word.take(points)
    # a word starts where a word character follows anything else …
    count = int(word[0]) + int(np.count_nonzero(word[1:] > word[:-1]))
    if any(joiner in text for joiner in _JOINERS):
        # … except after a joiner between two word characters
        joiner = is_joiner.take(points)
        count -= int(np.count_nonzero(joiner[1:-1] & word[:-2] & word[2:]))
    return count


def prepare_word_count() -> None:
    """Count long texts with numpy from now on (before thousands of
    bodies: importing it and building the table takes 60 ms, more than a
    few bodies' worth, so an edit of one article counts with the regex).
    Processes forked after this share both."""
    global _vectorised
    _char_classes()
    _vectorised = True


@functools.cache
def _char_classes() -> tuple[Any, Any, Any]:
    """numpy (imported on first use) and, for every BMP code point, whether
    it is a word character (by the regex's own class, \\w) and whether a joiner."""
    import numpy
    # every non-word character becomes U+0000 (itself not one) in one
    # regex pass: a fifth of the time of listing the matches
    words = re.sub(r"\W", "\0", "".join(map(chr, range(0x10000))))
    is_word = numpy.frombuffer(words.encode("utf-32-le"), dtype=numpy.uint32) != 0
    is_joiner = numpy.zeros(0x10000, dtype=bool)
    is_joiner[[ord(c) for c in _JOINERS]] = True
    return numpy, is_word, is_joiner


# --- headlines -------------------------------------------------------------

HEADLINE_MAX = 90
_CLAUSE_BREAK = re.compile(r"\s*(?:,|;|:|\s[–—-]\s)\s*")
_REPORTED = re.compile(
    r"^(?P<speaker>.+?)\s+(?:hat|hatte|habe|haben|ist|sind|will|wird|has|had|have|is)\b"
    r".*?,\s*(?:dass|das|that)\s+(?P<clause>.+?)[.!?]?$", re.S)
_REPORTED_EN = re.compile(
    r"^(?P<speaker>.+?)\s+(?:said|says|announced|warned|insisted|told)\b.*?\bthat\s+"
    r"(?P<clause>(?:he|she|they|it)\s.+?)[.!?]?$", re.S)
_PRONOUNS_DE = {"er", "sie", "es"}
_PRONOUNS_EN = {"he", "she", "they", "it"}


def derive_headline(lede: str, lang: str = "de", limit: int = HEADLINE_MAX) -> str:
    """A headline an editor would accept, from the lede alone: the first
    sentence if it is short; a reported-speech lede ("X hat klargemacht,
    dass er …") condensed to its claim ("X setzt …"); else the first clause
    that fits; never the whole of a long lede, never a trailing comma."""
    first = " ".join(sentences(" ".join(lede.split()))[:1])
    if not first:
        return ""
    plain = first.rstrip(".")
    if len(plain) <= limit:
        return plain
    condensed = _condense_reported_speech(plain, lang)
    if condensed and len(condensed) <= limit:
        return condensed
    for part in _CLAUSE_BREAK.split(plain):
        if 25 <= len(part) <= limit:
            return part.rstrip(" ,;:")
    return cut_at_word(plain, limit)


def _speaker_name(speaker: str) -> str:
    """'US-Präsident Donald Trump' → 'Trump': a headline names people by surname."""
    words = [w for w in speaker.split() if w[:1].isupper()]
    return words[-1] if words else speaker


def _condense_reported_speech(sentence: str, lang: str) -> str | None:
    match = _REPORTED.match(sentence) if lang == "de" else None
    if match:
        words = match["clause"].split()
        # German subordinate clauses are verb-final: "er im Iran-Konflikt
        # weiter auf Verhandlungen setzt" → "Trump setzt im Iran-Konflikt …"
        if len(words) >= 3 and words[0].lower() in _PRONOUNS_DE and words[-1][:1].islower():
            verb = words[-1]
            return " ".join([_speaker_name(match["speaker"]), verb, *words[1:-1]])
        return None
    match = _REPORTED_EN.match(sentence) if lang != "de" else None
    if match:
        words = match["clause"].split()
        if words and words[0].lower() in _PRONOUNS_EN:
            return " ".join([_speaker_name(match["speaker"]), *words[1:]])
    return None
