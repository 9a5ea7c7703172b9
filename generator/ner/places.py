"""Place-name helpers: short forms and demonyms -> canonical place names.

Kept small and general: the CRF finds the mentions, this only names them.
"""
from __future__ import annotations

from functools import lru_cache

from . import gazetteer

# Short forms that news use for a country; canonical is the form news use most.
SHORT_FORMS = {"US": "USA", "U.S.": "USA", "U.S.A.": "USA", "Vereinigte Staaten": "USA", "UK": "Großbritannien",
               "Vereinigtes Königreich": "Großbritannien", "GB": "Großbritannien"}
# Irregular German adjectives ("französisch" is not "Frankreich" + "isch").
_IRREGULAR = {
    "deutsch": "Deutschland", "französisch": "Frankreich", "russisch": "Russland", "türkisch": "Türkei",
    "chinesisch": "China", "britisch": "Großbritannien", "englisch": "England", "syrisch": "Syrien",
    "palästinensisch": "Palästina", "schweizerisch": "Schweiz", "schweizer": "Schweiz",
    "saudisch": "Saudi-Arabien", "amerikanisch": "USA", "us-amerikanisch": "USA", "europäisch": "Europa",
    "ukrainisch": "Ukraine", "griechisch": "Griechenland", "libanesisch": "Libanon", "niederländisch": "Niederlande",
    "belgisch": "Belgien", "schwedisch": "Schweden", "dänisch": "Dänemark", "finnisch": "Finnland",
    "norwegisch": "Norwegen", "ungarisch": "Ungarn", "tschechisch": "Tschechien", "slowakisch": "Slowakei",
    "rumänisch": "Rumänien", "bulgarisch": "Bulgarien", "kroatisch": "Kroatien", "serbisch": "Serbien",
    "portugiesisch": "Portugal", "brasilianisch": "Brasilien", "mexikanisch": "Mexiko", "kanadisch": "Kanada",
    "afghanisch": "Afghanistan", "pakistanisch": "Pakistan", "indisch": "Indien", "jemenitisch": "Jemen",
    "katarisch": "Katar", "omanisch": "Oman", "ägyptisch": "Ägypten", "marokkanisch": "Marokko",
    "afrikanisch": "Afrika", "asiatisch": "Asien", "arabisch": "Arabien", "irisch": "Irland",
    "schottisch": "Schottland", "polnisch": "Polen", "spanisch": "Spanien", "bayerisch": "Bayern",
    "berliner": "Berlin", "wiener": "Wien", "münchner": "München", "hamburger": "Hamburg",
    "kölner": "Köln", "zürcher": "Zürich", "israeli": "Israel", "iraner": "Iran",
}
_ADJ_ENDINGS = ("en", "em", "er", "es", "e")


def canonical_short(name: str) -> str:
    return SHORT_FORMS.get(name, nominative(name))


# German adjectives take -en after an article in the dative and genitive
# ("der Islamischen Republik"); a name is listed in the nominative ("Islamische
# Republik"). Only safe where the head noun is known to be feminine: for
# masculine and neuter heads the nominative depends on the article.
_FEMININE_SUFFIXES = ("ung", "heit", "keit", "schaft", "ion", "tät", "ik", "ei", "ie", "enz", "anz")
_FEMININE_HEADS = frozenset({
    "union", "bank", "bahn", "post", "armee", "liga", "akademie", "allianz", "agentur", "behörde",
    "kirche", "zeitung", "welt", "stadt", "insel", "front", "hochschule", "versammlung", "zentralbank",
    "volkspartei", "koalition", "regierung", "republik", "partei", "kommission", "stiftung",
})


def _inflected_adjective(word: str) -> bool:
    """'Islamischen' (its '-e' form is a common word), not 'Jürgen' or 'Karen'."""
    from wordfreq import word_frequency
    return (word[:1].isupper() and word.endswith("en") and len(word) > 4
            and word_frequency(word[:-1].lower(), "de") > 1e-6)


def nominative(name: str) -> str:
    """'Islamischen Republik' → 'Islamische Republik', 'Europäischen Union' →
    'Europäische Union'; any other name as it is."""
    words = name.split()
    if len(words) < 2:
        return name
    *adjectives, head = words
    low_head = head.lower()
    feminine = low_head in _FEMININE_HEADS or low_head.endswith(_FEMININE_SUFFIXES) or any(
        low_head.endswith(h) for h in ("bank", "partei", "union", "republik"))
    if not feminine or not all(_inflected_adjective(w) for w in adjectives):
        return name
    return " ".join([*(w[:-1] for w in adjectives), head])


@lru_cache(maxsize=4096)
def from_demonym(word: str) -> str | None:
    """"iranische" -> "Iran", "israelfeindlichen" -> "Israel", "deutschen" -> "Deutschland"."""
    low = word.lower()
    for stem in _stems(low):
        if stem in _IRREGULAR:
            return _IRREGULAR[stem]
        if stem.endswith("isch"):
            base = stem[: -len("isch")]
            for cand in (base, base + "ien", base + "en", base + "a", base + "e", base + "land", base[:-1] if base.endswith("i") else base):
                hit = _place(cand)
                if hit:
                    return hit
    # Compound adjectives: "israelfeindlich", "iranfreundlich".
    for cut in range(3, len(low) - 3):
        if low[cut:].startswith(("feindlich", "freundlich", "kritisch", "treu")):
            return _place(low[:cut])
    return None


def _stems(low: str) -> list[str]:
    out = [low]
    for end in _ADJ_ENDINGS:
        if low.endswith(end) and len(low) > len(end) + 3:
            out.append(low[: -len(end)])
    return out


def _place(low: str) -> str | None:
    if len(low) < 3:
        return None
    cls = gazetteer.classes(low)
    if cls & {"country", "region", "city"}:
        return low[:1].upper() + low[1:]
    return None


_EN_IRREGULAR = {
    "american": "USA", "british": "United Kingdom", "english": "England", "german": "Germany",
    "french": "France", "dutch": "Netherlands", "swiss": "Switzerland", "chinese": "China",
    "japanese": "Japan", "turkish": "Turkey", "spanish": "Spain", "polish": "Poland", "greek": "Greece",
    "saudi": "Saudi Arabia", "israeli": "Israel", "iraqi": "Iraq", "pakistani": "Pakistan",
    "european": "Europe", "palestinian": "Palestine", "ukrainian": "Ukraine", "russian": "Russia",
    "lebanese": "Lebanon", "egyptian": "Egypt", "syrian": "Syria", "scottish": "Scotland", "irish": "Ireland",
    "qatari": "Qatar", "yemeni": "Yemen", "omani": "Oman", "afghan": "Afghanistan", "thai": "Thailand",
}

def demonym_en(word: str) -> str | None:
    low = word.lower()
    if low in _EN_IRREGULAR:
        return _EN_IRREGULAR[low]
    for end, add in (("ian", ""), ("ian", "ia"), ("an", ""), ("an", "a"), ("ese", ""), ("i", ""), ("ish", "")):
        if low.endswith(end) and len(low) > len(end) + 2:
            cand = low[: -len(end)] + add
            if gazetteer.classes(cand) & {"country", "region"}:
                return cand[:1].upper() + cand[1:]
    return None


