from __future__ import annotations

import pytest

from generator.ner import extract_article_entities, extract_mentions

spacy = pytest.importorskip("spacy")


def _pipeline():
    nlp = spacy.blank("de")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([
        {"label": "PER", "pattern": "Olaf Scholz"},
        {"label": "PER", "pattern": "Scholz"},
        {"label": "LOC", "pattern": "Berlin"},
        {"label": "ORG", "pattern": [{"LOWER": "siemens"}]},
        {"label": "MISC", "pattern": "Bundesliga"},
    ])
    return nlp


def test_spacy_backend_maps_labels_and_resolves():
    nlp = _pipeline()
    text = "Olaf Scholz besuchte Siemens in Berlin. Scholz sprach über die Bundesliga."
    mentions = extract_mentions(text, "de", backend=nlp)
    got = {(text[m.start : m.end], m.label, m.name) for m in mentions}
    assert ("Scholz", "PER", "Olaf Scholz") in got
    assert ("Siemens", "ORG", "Siemens") in got
    assert not any(m.label not in {"PER", "LOC", "ORG"} for m in mentions)
    sets = extract_article_entities([text], "de", backend=nlp)
    assert sets.people == ("Olaf Scholz",) and sets.places == ("Berlin",)
