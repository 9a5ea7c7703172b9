"""Article-level entity sets on the shipped seed, with and without its names in any list."""
from __future__ import annotations

import pytest

from generator.ner import extract_article_entities
from generator.ner.registry import Registry, load_registry

from .seed_texts import ROOT, SEED_NAMES, seed_texts

PLACES = {"Iran", "Israel", "USA", "Oman", "Maskat", "Washington", "Teheran", "Gazastreifen"}
ORGS = {"Truth Social", "Axios"}


def project_registry_without_seed_names() -> Registry:
    """The project's own registry (if any) minus every seed name, so the test
    stays honest when people add entries to content/entities.yaml."""
    return load_registry(ROOT / "content" / "entities.yaml").without(SEED_NAMES)


@pytest.mark.parametrize("exclude", [frozenset(), SEED_NAMES], ids=["lists", "names-removed"])
def test_seed_entities(exclude):
    registry = project_registry_without_seed_names() if exclude else None
    got = extract_article_entities(seed_texts(), "de", registry=registry, gazetteer_exclude=exclude)
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


def test_exclusion_hides_names_from_every_list():
    from generator.ner import gazetteer

    with gazetteer.excluding(SEED_NAMES):
        for name in SEED_NAMES:
            assert not gazetteer.classes(name)
            assert all(name not in gazetteer.names(cls) for cls in ("first", "last", "city", "org"))
    assert "Maskat" in gazetteer.names("city")  # and only inside the block


def test_first_mention_order_and_registry_has_no_seed_names():
    got = extract_article_entities(seed_texts(), "de", registry=Registry())
    assert got.people[0] == "Donald Trump"
    assert got.places.index("USA") < got.places.index("Gazastreifen")
