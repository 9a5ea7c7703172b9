"""Slugs, headlines and summaries."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import text as text_module
from generator.text import derive_headline, sentences, slugify, truncate_at_sentence, word_count


@pytest.mark.parametrize(("text", "slug"), [
    ("Über Zürich", "ueber-zuerich"),
    ("Straße nach Köln", "strasse-nach-koeln"),
    ("ÄÖÜ äöü ß", "aeoeue-aeoeue-ss"),
    ("Crème brûlée à Genève", "creme-brulee-a-geneve"),
    ("Łódź, Ærø & Øresund", "lodz-aero-oresund"),
    ("  --Hello, World!--  ", "hello-world"),
    ("US-Präsident Trump", "us-praesident-trump"),
    ("«Zitat» – „noch eins“", "zitat-noch-eins"),
    ("日本", ""),
])
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug


def test_slug_is_cut_at_a_word_boundary() -> None:
    slug = slugify("Ein sehr langer Titel " * 10)
    assert len(slug) <= 80 and not slug.endswith("-") and slug.endswith(("titel", "langer", "sehr", "ein"))


@pytest.mark.parametrize(("lede", "lang", "headline"), [
    ("US-Präsident Donald Trump hat nach eigenen Worten beim Treffen mit Israels Ministerpräsidenten "
     "Benjamin Netanjahu klargemacht, dass er im Iran-Konflikt weiter auf Verhandlungen setzt.", "de",
     "Trump setzt im Iran-Konflikt weiter auf Verhandlungen"),
    ("Bundesrätin Karin Keller-Sutter hat am Dienstag in Bern angekündigt, dass sie die Schuldenbremse "
     "trotz steigender Militärausgaben nicht lockern will.", "de",
     "Keller-Sutter will die Schuldenbremse trotz steigender Militärausgaben nicht lockern"),
    ("Der Nationalrat lehnt die Vorlage ab.", "de", "Der Nationalrat lehnt die Vorlage ab"),
    ("Die Polizei hat am Montag in Zürich einen mutmasslichen Drogenhändler festgenommen, der seit "
     "Monaten gesucht worden war und sich in einer Wohnung versteckt hatte.", "de",
     "Die Polizei hat am Montag in Zürich einen mutmasslichen Drogenhändler festgenommen"),
    ("President Joe Biden said on Tuesday that he would veto any bill that cuts funding for the "
     "national parks service and its rangers.", "en",
     "Biden would veto any bill that cuts funding for the national parks service and its rangers"),
    ("The city council voted to close the bridge.", "en", "The city council voted to close the bridge"),
])
def test_headline_from_lede(lede: str, lang: str, headline: str) -> None:
    assert derive_headline(lede, lang) == headline


@pytest.mark.parametrize("lede", [
    "Die Regierung des Kantons hat nach langen und zähen Verhandlungen mit den Gemeinden und den "
    "Verbänden einen neuen Finanzausgleich vorgelegt der ab dem Jahr 2027 gelten soll und alle betrifft.",
    "A very long sentence without any commas that goes on and on about the weather and the roads and "
    "the schools and the hospitals until it finally ends.",
])
def test_headline_is_never_the_whole_long_lede(lede: str) -> None:
    headline = derive_headline(lede, "de")
    assert len(headline) <= 91 and headline != lede.rstrip(".")
    assert not headline.rstrip("…").endswith(",")


def test_sentences_respect_abbreviations() -> None:
    assert sentences("Dr. Muster kam. Er ging z.B. nach Hause. Ende.") == [
        "Dr. Muster kam.", "Er ging z.B. nach Hause.", "Ende."]


def test_summary_is_cut_at_a_sentence() -> None:
    text = "Erster Satz ist kurz. " + "Zweiter Satz ist sehr lang und " * 20 + "endet."
    assert truncate_at_sentence(text, 300) == "Erster Satz ist kurz."


def test_word_count() -> None:
    assert word_count("US-Präsident Trump's «Deal» – 12 Punkte.") == 5


# --- the vectorised word count equals the regex it replaces (long texts) ---

_PIECES = ["Wort", "Wörter", "ß", "é", "中文", "12", "½", "_", "-", "'", "’", "--", " ", "  ", "\n", "«", "»",
           "–", ".", ",", "\u00a0", "\u00ad", "😀", "𝔘", "a", "x-y", "Don’t"]


def _regex_count(text: str) -> int:
    return len(text_module._WORD.findall(text))


@pytest.fixture(autouse=True, scope="module")
def vectorised() -> None:
    text_module.prepare_word_count()       # as a build of many articles does


@pytest.mark.parametrize("text", [
    "-Wort- " * 100, "'a' " * 200, "a--b a-'b ’a’ " * 60, "-" * 500, "Wort" * 200, " " * 500,
    "x" * 400, "x " * 200, "Gross- und Kleinschreibung " * 30,
])
def test_word_count_long_texts_match_the_regex(text: str) -> None:
    assert text_module._word_count_vectorised(text) == _regex_count(text)     # counted by numpy…
    assert word_count(text) == _regex_count(text)                             # …and so by word_count


@pytest.mark.parametrize("text", ["a😀b " * 150, "a\udc80b " * 150])
def test_word_count_beyond_the_table_falls_back_to_the_regex(text: str) -> None:
    assert text_module._word_count_vectorised(text) is None
    assert word_count(text) == _regex_count(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=100, max_size=600))
def test_word_count_matches_the_regex(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert word_count(text) == _regex_count(text)
    assert text_module._word_count_vectorised(text) in (None, _regex_count(text))   # None: astral characters
