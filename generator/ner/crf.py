"""The CRF tagger: load a crfsuite model once, tag sentences into labelled spans."""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .features import sentence_features

_LOCK = threading.Lock()


@dataclass(frozen=True, slots=True)
class Span:
    start: int  # token index
    end: int  # token index, exclusive
    label: str  # "PER" | "LOC" | "ORG" | "OTH"
    subtype: str | None


def model_path(lang: str) -> str:
    # NEWSDIGEST_NER_MODEL lets the evaluation script try a freshly trained model.
    override = os.environ.get("NEWSDIGEST_NER_MODEL")
    if override:
        return override
    return str(resources.files(__package__) / "data" / f"{lang}.crfsuite")


@lru_cache(maxsize=4)
def _tagger(path: str):
    import pycrfsuite

    if not os.path.isfile(path):
        raise RuntimeError(f"entity model missing: {path} (run `make train-ner` to build it)")
    tagger = pycrfsuite.Tagger()
    tagger.open(path)
    return tagger


def split_label(tag: str) -> tuple[str, str, str | None]:
    """"B-LOCderiv" -> ("B", "LOC", "deriv")."""
    if tag == "O":
        return "O", "", None
    bio, _, lab = tag.partition("-")
    for sub in ("deriv", "part"):
        if lab.endswith(sub):
            return bio, lab[: -len(sub)], sub
    return bio, lab, None


def tags_to_spans(tags: list[str]) -> list[Span]:
    spans: list[Span] = []
    start, cur = None, None
    for i, tag in enumerate([*tags, "O"]):
        bio, lab, sub = split_label(tag)
        if start is not None and (bio != "I" or (lab, sub) != cur):
            spans.append(Span(start, i, cur[0], cur[1]))
            start, cur = None, None
        if bio == "B" or (bio == "I" and start is None):
            start, cur = i, (lab, sub)
    return spans


def tag(words: list[str], lang: str = "de") -> list[str]:
    return tag_with_confidence(words, lang)[0]


def tag_with_confidence(words: list[str], lang: str = "de") -> tuple[list[str], list[float]]:
    """Best tag sequence and, per token, the marginal probability of its tag."""
    if not words:
        return [], []
    feats = sentence_features(words, lang)
    tagger = _tagger(model_path(lang))
    with _LOCK:  # a crfsuite Tagger is not safe to share between threads
        tags = tagger.tag(feats)
        probs = [tagger.marginal(t, i) for i, t in enumerate(tags)]
    return tags, probs
