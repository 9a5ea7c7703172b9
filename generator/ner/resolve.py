"""From raw tagged spans to named mentions: registry aliases, genitives,
part/deriv names and in-document coreference ("Trumps" -> "Donald Trump").

Pure functions over (text, spans); the taggers live elsewhere.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from . import gazetteer
from .places import canonical_short, demonym_en, from_demonym
from .registry import EMPTY, Registry


@dataclass(frozen=True, slots=True)
class RawMention:
    start: int
    end: int
    label: str
    subtype: str | None
    surface: str
    score: float = 1.0  # the tagger's confidence (lowest token marginal)


@dataclass(frozen=True, slots=True)
class Named:
    doc: int  # which text of the article
    start: int
    end: int
    label: str
    subtype: str | None
    name: str


_QUOTES = "\"'«»„“”‚‘’‹›"
# A name after these is a vehicle or a mission ("Flugzeugträger «USS Abraham Lincoln»").
_VEHICLE_PREFIXES = frozenset("USS HMS RMS SMS MS HMAS INS".split())
_VEHICLE_NOUNS = ("träger", "schiff", "boot", "zerstörer", "fregatte", "kreuzer", "jacht", "yacht",
                  "sonde", "rakete", "mission", "operation", "carrier", "ship", "vessel")


def _split_conjunction(text: str, raw: RawMention) -> list[RawMention]:
    """"Siemens Energy und Rheinmetall" is two names; names with "und" are rare."""
    m = re.search(r" (?:und|and|sowie|oder|or) (?=[A-ZÄÖÜ])", raw.surface)
    if raw.subtype is not None or m is None:
        return [raw]
    left = RawMention(raw.start, raw.start + m.start(), raw.label, None, raw.surface[: m.start()], raw.score)
    right_start = raw.start + m.end()
    right = RawMention(right_start, raw.end, raw.label, None, text[right_start : raw.end], raw.score)
    return [left, *_split_conjunction(text, right)]


def clean(text: str, raws: Sequence[RawMention]) -> list[RawMention]:
    """Trim quotes, split "A und B", drop empty spans and people that are ship names."""
    out = []
    for raw in (part for r in raws for part in _split_conjunction(text, r)):
        start, end = raw.start, raw.end
        while start < end and text[start] in _QUOTES:
            start += 1
        while end > start and text[end - 1] in _QUOTES:
            end -= 1
        if end <= start or not any(ch.isalpha() for ch in text[start:end]):
            continue
        if raw.label == "PER" and _is_vehicle(text, start):
            continue
        out.append(RawMention(start, end, raw.label, raw.subtype, text[start:end], raw.score))
    return out


def _is_vehicle(text: str, start: int) -> bool:
    before = text[max(0, start - 60) : start].rstrip()
    words = re.findall(r"[\w-]+|[«„\"“]", before)
    if words and words[-1] in _VEHICLE_PREFIXES:
        return True
    words = [w for w in words if w not in _VEHICLE_PREFIXES and w not in "«„\"“"]
    return bool(words) and words[-1].lower().endswith(_VEHICLE_NOUNS)


def add_registry_matches(text: str, raws: list[RawMention], registry: Registry) -> list[RawMention]:
    """Registry names and aliases found in the text where the tagger saw nothing."""
    if not registry.entries:
        return raws
    taken = [(r.start, r.end) for r in raws]
    extra = []
    excluded = gazetteer.excluded()
    for form, entry in registry.surface_forms():
        if form.lower() in excluded:
            continue
        for m in re.finditer(r"(?<!\w)" + re.escape(form) + r"s?(?!\w)", text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            taken.append((m.start(), m.end()))
            extra.append(RawMention(m.start(), m.end(), entry.label, None, m.group()))
    return sorted([*raws, *extra], key=lambda r: r.start)


def _part_name(surface: str, label: str) -> str:
    """"Iran-Konflikt" -> "Iran", "US-Präsident" -> "US", "Netanjahu-Treffen" -> "Netanjahu"."""
    pieces = [p for p in surface.split("-") if p]
    if label == "LOC":
        for piece in pieces:
            if gazetteer.classes(piece) & {"country", "region", "city"} or canonical_short(piece) != piece:
                return piece
    caps = [p for p in pieces if p[:1].isupper()]
    return (caps or pieces or [surface])[0]


def _trim_to_known(docs: Sequence[tuple[int, RawMention]]) -> list[tuple[int, RawMention]]:
    """"Screenshot Truth Social" -> "Truth Social" when the article names "Truth Social" alone."""
    known = {raw.surface for _, raw in docs if raw.subtype is None}
    out = []
    for doc, raw in docs:
        for other in known:
            if raw.label != "PER" and raw.surface.endswith(" " + other):
                raw = RawMention(raw.end - len(other), raw.end, raw.label, raw.subtype, other)
                break
        out.append((doc, raw))
    return out


LONE_PERSON_CONFIDENCE = 0.7


def _doubtful_person(n: Named, score: float, registry: Registry) -> bool:
    """A one-word person the article never names in full needs some backing:
    a confident tagger, a name list, or use across languages ("Merkel")."""
    if n.label != "PER" or n.subtype is not None or " " in n.name or score >= LONE_PERSON_CONFIDENCE:
        return False
    if registry.lookup(n.name) or gazetteer.classes(n.name) & {"first", "last"}:
        return False
    from .features import crosslingual

    return crosslingual(n.name.lower()) < 3


def resolve(
    docs: Sequence[tuple[int, RawMention]], registry: Registry = EMPTY, strict_people: bool = False
) -> list[Named]:
    """Name every mention, using the whole article as context.

    strict_people drops doubtful one-word people (for article entity sets,
    where a false person page costs more than a missed mention).
    """
    docs = _trim_to_known(docs)
    scores = {(doc, raw.start): raw.score for doc, raw in docs}
    first: list[Named] = []
    for doc, raw in docs:
        if registry.is_ignored(raw.surface):
            continue
        surface = raw.surface
        if raw.subtype == "part":
            name = _part_name(surface, raw.label)
        elif raw.subtype == "deriv":
            name = from_demonym(surface) or demonym_en(surface) or surface
        else:
            name = surface
        entry = registry.lookup(name) or (registry.lookup(name[:-1]) if name.endswith("s") else None)
        name = entry.name if entry else canonical_short(name)
        first.append(Named(doc, raw.start, raw.end, raw.label, raw.subtype, name))

    plain = {n.name for n in first if n.subtype is None}
    full_people = [n.name for n in first if n.label == "PER" and n.subtype is None and " " in n.name]
    surnames: dict[str, str] = {}
    for full in full_people:
        surnames.setdefault(full.split()[-1], full)

    named: list[Named] = []
    for n in first:
        name, label = n.name, n.label
        if registry.lookup(name) is None:
            base = name[:-1] if name.endswith("s") and len(name) > 3 else None
            if name in surnames and name not in full_people:
                name, label = surnames[name], "PER" if n.subtype is None else label
            elif base and base in surnames:
                name, label = surnames[base], "PER" if n.subtype is None else label
            elif " " in name and base and base in plain:
                name = base  # "Donald Trumps"
            elif base and not gazetteer.classes(name) and (
                base in plain or gazetteer.classes(base) & {"country", "region", "city"}
            ):
                name = canonical_short(base)  # "Israels", "Irans"
        if n.label == "PER" and n.subtype == "part" and name in surnames:
            name = surnames[name]
        named.append(replace(n, name=name, label=label))

    if strict_people:
        named = [n for n in named if not _doubtful_person(n, scores.get((n.doc, n.start), 1.0), registry)]

    # One type per name: the registry's, else the most frequent plain label.
    votes: dict[str, Counter[str]] = {}
    for n in named:
        if n.subtype is None:
            votes.setdefault(n.name, Counter())[n.label] += 1
    out = []
    for n in named:
        label = registry.forced_label(n.name) or (votes[n.name].most_common(1)[0][0] if n.name in votes else n.label)
        if registry.is_ignored(n.name):
            continue
        out.append(replace(n, label=label))
    return out


def propagate(texts: Sequence[str], docs: list[tuple[int, RawMention]]) -> list[tuple[int, RawMention]]:
    """Tag later (or earlier) untagged repeats of a name the article already tagged.

    News repeat names in captions and subheadings where the tagger has less
    context ("Screenshot Truth Social").  Only plain mentions are copied.
    """
    forms: dict[str, str] = {}
    for _, raw in docs:
        if raw.subtype is None and raw.surface[:1].isupper() and len(raw.surface) > 2:
            forms.setdefault(raw.surface, raw.label)
            # A headline says "Scholz" for the "Olaf Scholz" of the body.
            parts = raw.surface.split()
            if raw.label == "PER" and len(parts) > 1 and len(parts[-1]) > 2 and parts[-1][:1].isupper():
                forms.setdefault(parts[-1], "PER")
    if not forms:
        return docs
    pattern = re.compile(
        r"(?<![\w-])(" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)) + r")(?![\w-])"
    )
    out = list(docs)
    taken = {i: [(r.start, r.end) for d, r in docs if d == i] for i in range(len(texts))}
    for i, text in enumerate(texts):
        for m in pattern.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken[i]):
                continue
            taken[i].append(m.span())
            out.append((i, RawMention(m.start(), m.end(), forms[m.group()], None, m.group())))
    return sorted(out, key=lambda d: (d[0], d[1].start))
