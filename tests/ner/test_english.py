from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.ner import extract_article_entities, extract_mentions

ARTICLES = yaml.safe_load((Path(__file__).parent / "data" / "english_articles.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("article", ARTICLES, ids=[a["title"] for a in ARTICLES])
def test_english_article(article):
    got = extract_article_entities(article["texts"], lang="en")
    assert set(got.people) == set(article["people"])
    assert set(article["places"]) <= set(got.places)
    assert set(article["organisations"]) <= set(got.organisations)


def test_english_possessive_and_surname():
    text = "Prime Minister Keir Starmer spoke. Starmer's plan was criticised."
    names = [(text[m.start : m.end], m.name) for m in extract_mentions(text, "en")]
    assert ("Keir Starmer", "Keir Starmer") in names
    assert ("Starmer", "Keir Starmer") in names


def test_at_least_five_articles():
    assert len(ARTICLES) >= 5
