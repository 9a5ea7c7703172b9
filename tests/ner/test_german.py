"""German pipeline behaviour beyond the seed: headlines, conjunctions, names."""
from __future__ import annotations

import pytest

from generator.ner import extract_article_entities, extract_mentions
from generator.ner.tokenize import sentences, tokenize

ARTICLE = [
    "Scholz und Macron beraten in Paris über Ukraine-Hilfe",
    "Bundeskanzler Olaf Scholz ist am Montag mit dem französischen Präsidenten Emmanuel Macron in Paris "
    "zusammengetroffen. Die beiden Politiker sprachen über weitere Hilfen für die Ukraine, wie ein "
    "Regierungssprecher in Berlin mitteilte.",
    "Macron sagte nach dem Treffen, Europa müsse mehr Verantwortung übernehmen. Scholz verwies auf die "
    "Beschlüsse der Nato.",
    "Kritik kam von der CDU. Parteichef Friedrich Merz warf dem Kanzler vor, zu zögerlich zu handeln.",
    "Die Deutsche Presse-Agentur berichtete, dass Siemens Energy und Rheinmetall an Aufträgen interessiert seien.",
]


def test_second_article():
    got = extract_article_entities(ARTICLE, "de")
    assert got.people == ("Olaf Scholz", "Emmanuel Macron", "Friedrich Merz")  # headline "Scholz" comes first
    assert {"Paris", "Ukraine", "Berlin"} <= set(got.places)
    assert {"CDU", "Siemens Energy", "Rheinmetall"} <= set(got.organisations)


def test_headline_surname_links_to_body_full_name():
    got = extract_mentions(" ".join(ARTICLE[:2]), "de")
    assert [m.name for m in got if m.label == "PER"][:2] == ["Olaf Scholz", "Emmanuel Macron"]


def test_genitive_part_and_deriv_names():
    text = "Israels Regierung kritisierte den Iran-Konflikt und die iranische Führung in Irans Hauptstadt."
    got = {(text[m.start : m.end], m.subtype, m.name) for m in extract_mentions(text, "de")}
    assert ("Israels", None, "Israel") in got
    assert ("Iran-Konflikt", "part", "Iran") in got
    assert ("iranische", "deriv", "Iran") in got


def test_tokenizer_offsets_and_sentences():
    text = "Dr. Müller sagte: «Die U.S.A. und z.B. Frankreich.» Danach ging er."
    toks = tokenize(text)
    assert all(text[t.start : t.end] == t.text for t in toks)
    assert [t.text for t in toks][:4] == ["Dr.", "Müller", "sagte", ":"]
    assert "U.S.A." in [t.text for t in toks]
    assert len(sentences(toks, text)) == 2


def test_missing_model_is_a_clear_error(monkeypatch, tmp_path):
    import pytest

    from generator.ner import crf

    monkeypatch.setenv("NEWSDIGEST_NER_MODEL", str(tmp_path / "none.crfsuite"))
    with pytest.raises(RuntimeError, match="make train-ner"):
        crf.tag(["Berlin"])


@pytest.mark.parametrize(("name", "expected"), [
    ("Islamischen Republik", "Islamische Republik"), ("Europäischen Union", "Europäische Union"),
    ("Schweizerischen Nationalbank", "Schweizerische Nationalbank"), ("Deutschen Bank", "Deutsche Bank"),
    ("Vereinigten Staaten", "Vereinigten Staaten"), ("Roten Kreuz", "Roten Kreuz"),
    ("Karen Post", "Karen Post"), ("Jürgen Bank", "Jürgen Bank"), ("Donald Trump", "Donald Trump"),
])
def test_inflected_names_are_listed_in_the_nominative(name: str, expected: str) -> None:
    from generator.ner.places import nominative
    assert nominative(name) == expected
