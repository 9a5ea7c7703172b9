"""English pipeline: rules over capitalisation, cue words and name lists.

There is no English training data in the project, so instead of a model this
finds runs of capitalised words and types them with cues: titles ("President",
"Mr") before people, suffixes ("Inc", "University") for organisations, the
CLDR/GeoNames lists and prepositions ("in", "from") for places.
"""
from __future__ import annotations

import re

from . import gazetteer
from .features import _zipf
from .places import demonym_en as demonym_place
from .resolve import RawMention
from .tokenize import Token, sentences, tokenize

_TITLES = frozenset(
    "mr mrs ms miss dr prof president vice prime minister secretary senator sen rep governor gov mayor"
    " chancellor king queen prince princess pope sir dame lord lady judge justice general gen colonel"
    " captain lieutenant sergeant chief ceo chairman chairwoman spokesman spokeswoman ambassador"
    " commissioner director coach representative premier sheikh rabbi bishop father saint".split()
)
_CONNECT = frozenset("of de del da van von der al bin ibn & for the la le du".split())
# "of" joins two capitalised parts only after these ("Bank of England", not "Shares of Siemens").
_OF_HEADS = frozenset(
    "university bank ministry department bureau office court house council republic kingdom state states"
    " city gulf sea bay isle school institute college museum association federation union league church"
    " party board commission agency society secretary minister duke prince king queen archbishop"
    " federal central united".split()
)
_TITLE_MODIFIERS = frozenset(
    "foreign defence defense interior finance health economy justice deputy former acting state prime"
    " opposition labour party economic home trade".split()
)
_ORG_FIRST = frozenset("university bank ministry department bureau office court house council".split())
_PLACE_PREPS = frozenset("in from to at near across into outside inside toward towards via".split())
_NOT_NAMES = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july"
    " august september october november december i the a an in on at of for to and but or if when while"
    " after before he she they we it this that these those his her their our its there here what who"
    " how why where yes no not all some many most more last next first new".split()
)
_PLACE_CLASSES = frozenset({"country", "region", "city"})


def _cap(tok: str) -> bool:
    return tok[:1].isupper() and any(ch.isalpha() for ch in tok)


def _possessive(tok: str) -> int:
    return 2 if re.search(r"['’]s$", tok) else 0


def _runs(sent: list[Token]) -> list[tuple[int, int]]:
    """Maximal runs of capitalised tokens, joined by connectors ("Bank of England")."""
    runs, i, n = [], 0, len(sent)
    while i < n:
        if not _cap(sent[i].text):
            i += 1
            continue
        j = i + 1
        while j < n:
            if _possessive(sent[j - 1].text):
                break
            if _cap(sent[j].text) and sent[j].start - sent[j - 1].end <= 1:
                j += 1
            elif (
                sent[j].text in _CONNECT
                and j + 1 < n
                and _cap(sent[j + 1].text)
                and (sent[j].text != "of" or sent[j - 1].text.lower() in _OF_HEADS)
            ):
                j += 2
            else:
                break
        runs.append((i, j))
        i = j
    return runs


def _classify(words: list[str], prev: str, sent_start: bool) -> tuple[str | None, int]:
    """Return (label, leading tokens to drop)."""
    drop = 0
    while drop < len(words) - 1 and (
        words[drop].lower().rstrip(".") in _TITLES
        or (words[drop].lower() in _TITLE_MODIFIERS and words[drop + 1].lower().rstrip(".") in _TITLES)
    ):
        drop += 1
    core = words[drop:]
    low = [w.lower() for w in core]
    name = " ".join(core)
    title = drop > 0 or prev.lower().rstrip(".") in _TITLES
    gaz = gazetteer.classes(name)
    if low[-1] in gazetteer.ORG_HEADS or (len(core) > 1 and low[0] in _ORG_FIRST) or "org" in gaz:
        return "ORG", drop
    if title and not gaz & _PLACE_CLASSES:
        return "PER", drop
    if gaz & _PLACE_CLASSES and not (len(core) > 1 and "first" in gazetteer.classes(core[0])):
        return "LOC", drop
    if len(core) == 1 and core[0].isupper() and len(core[0]) > 1 and core[0].isalpha():
        return "ORG", drop
    if len(core) >= 2 and ("first" in gazetteer.classes(core[0]) or all(_rare(w) for w in core)):
        return "PER", drop
    if prev.lower() in _PLACE_PREPS and len(core) <= 3 and not sent_start:
        return "LOC", drop
    if len(core) == 1 and _rare(core[0]):
        return "PER?", drop  # a lone rare name: resolved later against full names
    return None, drop


def _rare(word: str) -> bool:
    return _zipf(word.lower(), "en") < 4.0


def tag_text(text: str, lang: str = "en") -> list[RawMention]:
    toks = tokenize(text)
    out: list[RawMention] = []
    people: set[str] = set()
    pending: list[RawMention] = []
    for sent in sentences(toks, text):
        for i, j in _runs(sent):
            words = [t.text for t in sent[i:j]]
            start = 0
            while start < len(words) and words[start].lower() in _NOT_NAMES:
                start += 1
            if start == len(words):
                continue
            first = i + start
            words = words[start:]
            prev = sent[first - 1].text if first > 0 else ""
            sent_start = first == 0 or prev in "\"'“‘(:"
            strip = _possessive(words[-1])
            if len(words) == 1 and (words[0].lower() in _NOT_NAMES or (sent_start and not _rare(words[0]))):
                place = demonym_place(words[0])
                if place:
                    out.append(RawMention(sent[first].start, sent[first].end, "LOC", "deriv", words[0]))
                continue
            lead = 0
            while lead < len(words) and demonym_place(words[lead]):
                lead += 1
            # "German Chancellor Olaf Scholz" splits; "European Space Agency" stays whole.
            if lead and (lead == len(words) or _classify(words[lead:], "", False)[0] != "ORG"):
                for k in range(lead):
                    tok = sent[first + k]
                    out.append(RawMention(tok.start, tok.end, "LOC", "deriv", tok.text))
                words, first = words[lead:], first + lead
            if not words:
                continue
            prev = sent[first - 1].text if first > 0 else ""
            label, drop = _classify([w[:-2] if k == len(words) - 1 and strip else w for k, w in enumerate(words)], prev, sent_start)
            if label is None:
                continue
            s_tok, e_tok = sent[first + drop], sent[j - 1]
            mention = RawMention(s_tok.start, e_tok.end - strip, label, None, text[s_tok.start : e_tok.end - strip])
            if label == "PER":
                people.update(mention.surface.split())
            (pending if label == "PER?" else out).append(mention)
    # A lone rare capitalised word is a person only if it is part of a name already seen.
    out += [RawMention(m.start, m.end, "PER", None, m.surface) for m in pending if m.surface in people]
    return sorted(out, key=lambda m: m.start)
