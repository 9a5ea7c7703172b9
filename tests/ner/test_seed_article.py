"""Article-level entity sets on the shipped seed, with and without its names in any list."""
from __future__ import annotations

import pytest

from generator.ner import extract_article_entities
from generator.ner.registry import Registry

from .seed_texts import SEED_NAMES, seed_texts

PLACES = {"Iran", "Israel", "USA", "Oman", "Maskat", "Washington", "Teheran", "Gazastreifen"}
ORGS = {"Truth Social", "Axios"}


@pytest.mark.parametrize("exclude", [frozenset(), SEED_NAMES], ids=["lists", "names-removed"])
def test_seed_entities(exclude):
    got = extract_article_entities(seed_texts(), "de", gazetteer_exclude=exclude)
    assert set(got.people) == {"Donald Trump", "Benjamin Netanjahu"}
    assert PLACES <= set(got.places)
    assert ORGS <= set(got.organisations)


def test_no_fragment_or_common_word_entities():
    got = extract_article_entities(seed_texts(), "de", gazetteer_exclude=SEED_NAMES)
    every = set(got.people) | set(got.places) | set(got.organisations)
    assert "Republikaner" not in every
    assert not any("Abraham Lincoln" in name for name in every)
    # No subheading or caption fragment glued to a name.
    assert not any(name.startswith(("Israels ", "Screenshot", "Was ", "Passend")) for name in every)


def test_seed_names_are_in_no_shipped_list():
    from generator.ner import gazetteer

    for name in SEED_NAMES:
        with gazetteer.excluding(SEED_NAMES):
            assert not gazetteer.classes(name)


def test_first_mention_order_and_registry_has_no_seed_names():
    got = extract_article_entities(seed_texts(), "de", registry=Registry())
    assert got.people[0] == "Donald Trump"
    assert got.places.index("USA") < got.places.index("Gazastreifen")
