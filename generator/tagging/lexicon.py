"""Cached word knowledge: lemmas (simplemma), background frequencies (wordfreq), stop lists.

Everything here is a pure function of its arguments and is memoised, because
the tagger asks the same few hundred questions for every article.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import simplemma
import wordfreq

# Background frequency floor: words wordfreq has never seen (mostly German
# compounds) get this, so their keyness is high but finite.
FREQ_FLOOR = 1e-8

_SIMPLEMMA_LANGS = frozenset({"de", "en", "fr", "es", "it", "nl", "pt", "sv", "da", "nb", "pl", "cs"})


def norm_lang(lang: str) -> str:
    """'de-CH' -> 'de'; unknown or empty -> '' (no lemmatiser, no frequencies)."""
    base = (lang or "").split("-")[0].split("_")[0].lower()
    return base if base in _SIMPLEMMA_LANGS else ""


@lru_cache(maxsize=65536)
def lemma(word: str, lang: str) -> str:
    if not lang:
        return word
    try:
        return simplemma.lemmatize(word, lang)
    except (ValueError, KeyError):  # unsupported language code
        return word


@lru_cache(maxsize=65536)
def noun_lemma(word: str, lang: str) -> str:
    """Lemma of a (capitalised) noun, with two German repairs: Swiss 'ss'
    spellings are looked up as 'ß' ('Massnahmen' -> 'Massnahme'), and unknown
    compounds are lemmatised by their head ('Netzentgelte' -> 'Netzentgelt')."""
    if lang != "de":
        return lemma(word, lang)
    if "ss" in word:
        sharp = word.replace("ss", "ß")
        if known(sharp, lang):
            return lemma(sharp, lang).replace("ß", "ss")
    if known(word, lang):
        return lemma(word, lang)
    greedy = _greedy_lemma(word)
    # Greedy decomposition may rewrite the stem ('Massnahmen' -> 'Massnehmen');
    # accept it only when it changes no more than the inflection ending.
    stem = max(len(word) - 3, 1)
    return greedy if greedy[:stem] == word[:stem] else word


@lru_cache(maxsize=65536)
def _greedy_lemma(word: str) -> str:
    return simplemma.lemmatize(word, "de", greedy=True)


@lru_cache(maxsize=65536)
def known(word: str, lang: str) -> bool:
    if not lang:
        return False
    try:
        return simplemma.is_known(word, lang)
    except (ValueError, KeyError):
        return False


@lru_cache(maxsize=65536)
def frequency(word: str, lang: str) -> float:
    """Frequency of `word` in general `lang` text (0 when unknown)."""
    if not lang:
        return 0.0
    try:
        return wordfreq.word_frequency(word, lang)
    except LookupError:
        return 0.0


@lru_cache(maxsize=65536)
def en_pos(word: str) -> frozenset[str]:
    """Parts of speech an English word form can have ('imposes' -> {'VERB'}),
    from lemminflect's lexicon; empty when unknown ('ransomware')."""
    try:
        from lemminflect import getAllLemmas  # imported late: English only
    except ImportError:  # optional: without it the suffix heuristics decide
        return frozenset()
    return frozenset(getAllLemmas(word))


@lru_cache(maxsize=16)
def stopwords(lang: str) -> frozenset[str]:
    """Casefolded stop list for `lang` from generator/data/tags_stopwords_<lang>.txt."""
    name = f"tags_stopwords_{lang or 'xx'}.txt"
    path = resources.files("generator").joinpath("data", name)
    if not path.is_file():
        return frozenset()
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.add(fold_surface(line))
    return frozenset(words)


def fold_surface(text: str) -> str:
    """Case, ß/ss and hyphen/space variants folded; no lemmatisation."""
    return text.casefold().replace("ß", "ss").replace("-", "").replace("\u2011", "").replace(" ", "")
