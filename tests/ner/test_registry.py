from __future__ import annotations

import pytest

from generator.ner import extract_article_entities, extract_mentions
from generator.ner.registry import Registry, RegistryError, load_registry, suggest_duplicates

GOOD = """\
entities:
  - name: Benjamin Netanjahu
    type: person
    aliases: [Netanyahu]
    description: Israeli prime minister
    wikidata: Q43723
  - name: Weisses Haus
    type: organisation
ignore:
  - Nahost
types:
  Islamischen Republik: place
"""


def write(tmp_path, text):
    path = tmp_path / "entities.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_file_is_empty(tmp_path):
    assert load_registry(tmp_path / "nope.yaml") == Registry()


def test_load_good(tmp_path):
    reg = load_registry(write(tmp_path, GOOD))
    entry = reg.lookup("netanyahu")
    assert entry.name == "Benjamin Netanjahu" and entry.label == "PER" and entry.wikidata == "Q43723"
    assert reg.is_ignored("nahost")
    assert reg.forced_label("Islamischen Republik") == "LOC"


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("entities:\n  - name: X\n    type: thing\n", 3, "type must be"),
        ("entities:\n  - type: person\n", 2, "no name"),
        ("entities:\n  - name: X\n    type: person\n    alias: [Y]\n", 4, "unknown key"),
        ("entitis: []\n", 1, "unknown key"),
        ("entities: [\n", 2, "invalid YAML"),
        ("ignore: 3\n", 1, "ignore must be"),
        ("- a\n- b\n", 1, "top level"),
    ],
)
def test_bad_files_name_path_and_line(tmp_path, text, line, words):
    path = write(tmp_path, text)
    with pytest.raises(RegistryError) as err:
        load_registry(path)
    msg = str(err.value)
    assert msg.startswith(f"{path}:{line}: "), msg
    assert words in msg and "\n" not in msg


def test_alias_recognised_and_canonicalised(tmp_path):
    reg = load_registry(write(tmp_path, GOOD))
    text = "Netanyahu traf am Mittwoch Vertreter der Regierung."
    mentions = extract_mentions(text, "de", registry=reg)
    assert any(m.name == "Benjamin Netanjahu" and m.label == "PER" for m in mentions)


def test_ignore_and_forced_type(tmp_path):
    reg = load_registry(write(tmp_path, GOOD))
    texts = ["Die US-Militärpräsenz in Nahost wurde verstärkt.", "Die Streitkräfte der Islamischen Republik reagierten."]
    got = extract_article_entities(texts, "de", registry=reg)
    assert "Nahost" not in got.places + got.organisations
    assert "Islamischen Republik" not in got.organisations


def test_suggest_duplicates():
    counts = {
        ("person", "Benjamin Netanjahu"): 9,
        ("person", "Netanyahu"): 2,
        ("place", "USA"): 5,
        ("place", "Vereinigte Staaten"): 1,
        ("place", "Iran"): 4,
        ("place", "Irak"): 4,
        ("PER", "Olaf Scholz"): 3,
        ("PER", "Scholz"): 1,
    }
    dups = {(d.type, d.names) for d in suggest_duplicates(counts)}
    assert ("person", ("Benjamin Netanjahu", "Netanyahu")) in dups
    assert ("place", ("USA", "Vereinigte Staaten")) in dups
    assert ("person", ("Olaf Scholz", "Scholz")) in dups
    assert not any("Iran" in names and "Irak" in names for _, names in dups)
