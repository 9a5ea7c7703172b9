"""consolidate and suggest_merges: archive-wide tag hygiene."""

from __future__ import annotations

import pytest

from generator.tagging import consolidate, suggest_merges
from generator.tagregistry import TagEntry, TagRegistry

ARCHIVE = {
    "a": ["Verhandlungen", "Atomprogramm", "Massenproteste"],
    "b": ["Verhandlung", "Atom-Programm", "Proteste"],
    "c": ["Verhandlungen", "interest rates", "rates", "Atomanlagen"],
}


@pytest.fixture
def registry() -> TagRegistry:
    return TagRegistry.build(
        (TagEntry("atomprogramm", "Atomprogramm", ("Atomanlage",)),), ignore=("rates",)
    )


def test_most_frequent_display_form_wins():
    out = consolidate(ARCHIVE)
    assert out["b"][0] == "Verhandlungen"  # 2 articles against 1
    assert [t for t in out["a"] + out["b"] if "rogramm" in t] == ["Atomprogramm", "Atomprogramm"]


def test_ties_are_deterministic():
    one = consolidate({"x": ["Atom-Programm"], "y": ["Atomprogramm"]})
    two = consolidate({"y": ["Atomprogramm"], "x": ["Atom-Programm"]})
    assert one == two == {"x": ["Atomprogramm"], "y": ["Atomprogramm"]}


def test_registry_name_wins_and_ignore_drops(registry):
    out = consolidate(ARCHIVE, registry)
    assert out["c"] == ["Verhandlungen", "interest rates", "Atomprogramm"]


def test_duplicates_within_an_article_collapse():
    # One vote each: the tie goes to the alphabetically first form.
    assert consolidate({"a": ["Wahlen", "Wahl", "wahlen"]}) == {"a": ["Wahl"]}


def test_merges_variants_and_heads():
    merges = suggest_merges(ARCHIVE)
    assert ("Verhandlungen", "Verhandlung", "same word (key 'verhandlung')") in merges
    assert ("Atomprogramm", "Atom-Programm", "same word (key 'atomprogramm')") in merges
    assert ("Proteste", "Massenproteste", "compound with head 'Proteste'") in merges
    assert ("rates", "interest rates", "phrase with head 'rates'") in merges
    assert suggest_merges(ARCHIVE) == merges


def test_merges_respect_registry(registry):
    merges = suggest_merges(ARCHIVE, registry)
    assert ("Atomprogramm", "Atomanlagen", "registry synonym") in merges
    assert not any("rates" in (a, b) for a, b, _ in merges)


def test_empty_archive():
    assert consolidate({}) == {}
    assert suggest_merges({}) == []
