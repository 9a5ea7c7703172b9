"""The pure parts behind the pages: related stories, editions, charts, the
entity registry, standalone pages, listings without bodies, overrides."""
from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from generator import charts, config, corpus, editions, entityinfo, entitypage, i18n, pages, plan, related
from generator.errors import ContentError
from generator.model import Article, EntityNames
from tests.conftest import run_cli, write_article
from tests.site.sitedata import make_project


def art(slug: str, day: int, tags: tuple[str, ...] = (), people: tuple[str, ...] = (),
        month: int = 2, year: int = 2026) -> Article:
    return Article(id=slug, slug=slug, title=slug.title(), date=datetime(year, month, day, 12, tzinfo=timezone.utc),
                   lang="de", summary=f"Summary {slug}.", tags=tags, entities=EntityNames(people=people),
                   body=f"Body of {slug} only.", source_path=Path(f"{slug}.md"), words=10)


def test_related_ranks_shared_names_over_topics_then_recency() -> None:
    site = corpus.build_site([
        art("a", 10, tags=("Zinsen",), people=("Anna",)),
        art("b", 9, tags=("Zinsen",)),            # shares a topic
        art("c", 8, people=("Anna",)),            # shares a name: ranks first
        art("d", 7, tags=("Zinsen",)),            # same score as b, older
        art("e", 6, tags=("Wetter",)),            # shares nothing
    ], min_tag_articles=1)
    index = [a.slug for a in site.articles].index("a")
    assert [site.articles[i].slug for i in related.related(site, index)] == ["c", "b", "d"]
    lonely = [a.slug for a in site.articles].index("e")
    assert related.related(site, lonely) == []


def test_related_is_capped_at_five() -> None:
    site = corpus.build_site([art(f"s{n}", n + 1, tags=("Zinsen",)) for n in range(9)])
    assert len(related.related(site, 0)) == 5


def test_most_mentioned_ranks_by_count_then_name_and_cuts_at_the_limit() -> None:
    site = corpus.build_site([
        art("a1", 1, people=("Anna", "Beat", "carla", "Dora", "Emil")),
        art("a2", 2, people=("Anna", "Beat", "carla", "Dora")),
        art("a3", 3, people=("Anna", "Zora")),
    ], min_tag_articles=1)
    every = range(len(site.articles))
    ranked = [(term.name, count) for term, count in site.most_mentioned(every, ("people",), 3)]
    assert ranked == [("Anna", 3), ("Beat", 2), ("carla", 2)]        # Dora ties at 2, cut by name
    anna = site.terms[("people", "anna")]
    co = entitypage.co_mentioned(site, anna, limit=8)
    assert [(c["name"], c["count"]) for c in co] == [
        ("Beat", 2), ("carla", 2), ("Dora", 2), ("Emil", 1), ("Zora", 1)]     # never itself
    assert site.most_mentioned(every, ("people",), 0) == []


def test_week_editions_cross_the_year() -> None:
    site = corpus.build_site([art("x", 29, month=12, year=2025), art("y", 2, month=1, year=2026)])
    weeks = editions.editions(site, editions.WEEK)
    assert [(e.key, e.start.isoformat(), len(e.articles)) for e in weeks] == [("2026-W01", "2025-12-29", 2)]
    days = editions.editions(site, editions.DAY)
    assert [e.key for e in days] == ["2026-01-02", "2025-12-29"]
    assert i18n.week_label(weeks[0].start, "de") == "KW 1/2026"
    assert i18n.week_label(weeks[0].start, "en") == "Week 1, 2026"


def test_month_range_and_chart() -> None:
    assert charts.month_range("2025-11", "2026-02") == ["2025-11", "2025-12", "2026-01", "2026-02"]
    svg = charts.bar_chart([("Jan <b>", 1), ("Feb", 0), ("Mar", 3)], "Title & co", "Desc", "c")
    assert svg.startswith("<svg") and 'role="img"' in svg and 'aria-labelledby="c-title c-desc"' in svg
    assert "Title &amp; co" in svg and "Jan &lt;b&gt;" in svg and svg.count("<rect") == 3
    assert 'height="0"' in svg                                   # an empty month is drawn as nothing


def test_registry_matches_names_and_aliases_by_kind() -> None:
    registry = entityinfo.parse("entities:\n  - {name: Schweizerische Nationalbank, type: organisation, "
                                "aliases: [SNB], description: Zentralbank, wikidata: Q661048}\n", Path("e.yaml"))
    assert registry.find("organisations", "SNB").name == "Schweizerische Nationalbank"
    assert registry.find("organisations", "schweizerische nationalbank") is not None
    assert registry.find("people", "SNB") is None
    with pytest.raises(ContentError, match="person, place or organisation"):
        entityinfo.parse("entities:\n  - {name: X, type: planet}\n", Path("e.yaml"))


def test_page_title_from_heading_or_front_matter() -> None:
    page = pages.parse("# About us\n\nText.\n", Path("about.md"), "de")
    assert (page.slug, page.title, page.body, page.lang) == ("about", "About us", "Text.\n", "de")
    page = pages.parse("---\ntitle: Impressum\nlang: en\n---\nText.\n", Path("imprint.md"), "de")
    assert (page.title, page.lang) == ("Impressum", "en")
    with pytest.raises(ContentError):
        pages.parse("Just text.\n", Path("x.md"), "de")


def test_listing_pages_never_carry_bodies() -> None:
    site = corpus.build_site([art("a", 10, tags=("Zinsen",)), art("b", 9, tags=("Zinsen",))])
    jobs = plan.plan(site, config.SiteConfig())
    for job in jobs:
        text = json.dumps(job.context, default=str)
        assert "Body of" not in text, job.output
        if job.template != "article.html":
            assert job.markdown is None, job.output
    assert {j.output for j in jobs} >= {"index.html", "editions/2026-02-10/index.html", "editions/2026-W07/index.html",
                                        "archive/index.html", "search/index.html", "feed.xml", "feed.json",
                                        "sitemap.xml", "robots.txt", ".nojekyll"}


def test_an_override_template_takes_precedence(tmp_path: Path) -> None:
    project = tmp_path / "p"
    write_article(project, "one", "Eins", "2026-02-01", "Text eins.")
    (project / "site.yaml").write_text("overrides_dir: theme\nsearch:\n  enabled: false\n", encoding="utf-8")
    partial = project / "theme" / "partials" / "story.html"
    partial.parent.mkdir(parents=True)
    partial.write_text('<p class="my-story">{{ story.title }}</p>\n', encoding="utf-8")
    result = run_cli("build", cwd=project)
    assert result.returncode == 0, result.stderr
    html = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert '<p class="my-story">Eins</p>' in html and 'class="story-title"' not in html


def test_article_language_sets_html_lang(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    (project / "site.yaml").write_text((project / "site.yaml").read_text(encoding="utf-8")
                                       .replace("enabled: true", "enabled: false"), encoding="utf-8")
    assert run_cli("build", cwd=project).returncode == 0
    english = (project / "site" / "articles" / "snow-in-bern" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in english and "February 3, 2026" in english and "Skip to content" in english
