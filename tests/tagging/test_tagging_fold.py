"""fold_key: variants of one concept share one key."""

from __future__ import annotations

import pytest

from generator.tagging import fold_key

SAME = [
    (("Verhandlungen", "de"), ("Verhandlung", "de")),
    (("verhandlung", "de"), ("Verhandlungen", "de")),
    (("VERHANDLUNGEN", "de"), ("Verhandlung", "de")),
    (("Atom-Programm", "de"), ("Atomprogramm", "de")),
    (("Atomprogramme", "de"), ("Atomprogramm", "de")),
    (("Proteste", "de"), ("Protesten", "de")),
    (("Straße", "de"), ("Strasse", "de")),
    (("Massnahmen", "de"), ("Maßnahme", "de")),
    (("Netzentgelte", "de"), ("Netzentgelt", "de")),
    (("Interest Rates", "en"), ("interest rate", "en")),
    (("negotiations", "en"), ("Negotiation", "en")),
    (("electric vehicles", "en"), ("electric vehicle", "en")),
]

DIFFERENT = [
    (("Atomprogramm", "de"), ("Programm", "de")),
    (("Verhandlung", "de"), ("Verhandlungsrunde", "de")),
    (("interest rates", "en"), ("rates", "en")),
]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_variants_fold_together(a, b):
    assert fold_key(*a) == fold_key(*b)


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_distinct_concepts_stay_apart(a, b):
    assert fold_key(*a) != fold_key(*b)


def test_known_keys():
    assert fold_key("Verhandlungen", "de") == "verhandlung"
    assert fold_key("Atom-Programm", "de") == "atomprogramm"


def test_language_guessed_from_casing():
    assert fold_key("Verhandlungen") == fold_key("Verhandlungen", "de")
    assert fold_key("negotiations") == fold_key("negotiations", "en")


def test_unknown_language_still_folds_case_and_space():
    assert fold_key("  Ceasefire ", "xx") == fold_key("ceasefire", "xx") == "ceasefire"


def test_empty():
    assert fold_key("", "de") == ""
