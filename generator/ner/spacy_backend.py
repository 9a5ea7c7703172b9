"""Optional spaCy backend (`ner.backend: spacy`): users install spaCy and a model.

spaCy is imported lazily and only here.  Any pipeline whose `doc.ents` carry
PER/PERSON, LOC/GPE/LOCATION or ORG labels works; other labels are dropped.
"""
from __future__ import annotations

from typing import Any

from .resolve import RawMention

_LABELS = {"PER": "PER", "PERSON": "PER", "LOC": "LOC", "GPE": "LOC", "LOCATION": "LOC",
           "ORG": "ORG", "ORGANIZATION": "ORG", "ORGANISATION": "ORG", "NORP": "LOCderiv"}


def load(model: str) -> Any:
    """Load a spaCy pipeline by name or path, with a clear message when spaCy is missing."""
    from ..errors import ConfigError
    try:
        import spacy
    except ImportError:  # pragma: no cover - depends on the user's install
        raise ConfigError("'ner.backend' is spacy but spaCy is not installed",
                          hint="pip install spacy, and a model") from None
    try:
        return spacy.load(model)
    except OSError as exc:
        raise ConfigError(f"'ner.model': spaCy model {model!r} is not installed ({exc})") from None


def tag_text(text: str, nlp: Any) -> list[RawMention]:
    out = []
    for ent in nlp(text).ents:
        label = _LABELS.get(ent.label_.upper())
        if label is None:
            continue
        subtype = "deriv" if label.endswith("deriv") else None
        out.append(RawMention(ent.start_char, ent.end_char, label[:3], subtype, ent.text))
    return out
