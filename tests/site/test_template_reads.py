"""Planning leaves out the page values no template reads (render.templates:
related stories, JSON-LD, entity charts for a theme without them). The
analysis may say too much, never too little: a value it misses would be
absent from the page."""
from __future__ import annotations

from pathlib import Path

import pytest

from generator import corpus, plan, render
from generator.config import SiteConfig
from generator.model import Article, EntityNames

ROOT = Path(__file__).resolve().parents[2]


def _reads(tmp_path: Path, templates: dict[str, str]) -> dict[str, frozenset[str]]:
    for name, source in templates.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(source, encoding="utf-8")
    return render.templates(render.environment([tmp_path])).reads


def test_reads_cover_what_a_template_extends_and_includes(tmp_path: Path) -> None:
    reads = _reads(tmp_path, {
        "base.html": "{{ site.title }}{% block main %}{% endblock %}",
        "page.html": '{% extends "base.html" %}{% block main %}{{ article.title }}'
                     '{% include "part.html" %}{% endblock %}',
        "part.html": "{% for story in related %}{{ story.title }}{% endfor %}",
        "alone.html": "{{ article.title }}"})
    page, alone = reads["page.html"], reads["alone.html"]
    assert render.may_read(page, "site", "title") and render.may_read(page, "related")
    assert render.may_read(alone, "article", "title")
    assert not render.may_read(alone, "related") and not render.may_read(alone, "site")
    assert not render.may_read(alone, "article", "summary")


@pytest.mark.parametrize("use", ["{{ term|tojson }}", "{% set t = term %}{{ t.info }}", "{% for k in term %}{% endfor %}",
                                 "{{ helper(term) }}", "{{ term['info'] }}", "{{ term.info.first }}",
                                 "{{ term.get('info') }}", "{% for k, v in term.items() %}{{ v }}{% endfor %}"])
def test_a_value_used_whole_or_by_key_counts_as_read(tmp_path: Path, use: str) -> None:
    assert render.may_read(_reads(tmp_path, {"t.html": use})["t.html"], "term", "info")


def test_a_dynamic_include_may_read_anything(tmp_path: Path) -> None:
    reads = _reads(tmp_path, {"t.html": "{% include which %}", "other.html": "{{ jsonld }}"})
    assert render.may_read(reads["t.html"], "jsonld")
    assert render.may_read(None, "anything", "at_all")


def _site() -> corpus.Site:
    from datetime import UTC, datetime
    articles = [Article(id=f"s{i}", slug=f"s{i}", title=f"Titel {i}", date=datetime(2026, 2, 1 + i, tzinfo=UTC),
                        lang="de", summary="", tags=("Zinsen",), entities=EntityNames(people=("Karin Keller",)),
                        body="Text.", source_path=Path(f"s{i}.md")) for i in range(6)]
    return corpus.build_site(articles, 2)


def _jobs(search_path: list[Path]) -> dict[str, dict[str, object]]:
    reads = render.templates(render.environment(search_path)).reads
    return {job.output: job.context for job in plan.plan(_site(), SiteConfig(), reads=reads)}


def test_planning_leaves_out_what_the_theme_never_shows(tmp_path: Path) -> None:
    full = _jobs([ROOT / "templates"])
    article, person = "articles/s1/index.html", "entities/people/karin-keller/index.html"
    assert full[article]["related"] and full[article]["jsonld"] and full[person]["term"]["info"]
    (tmp_path / "article.html").write_text("{{ article.title }}{{ body_html }}", encoding="utf-8")
    (tmp_path / "term.html").write_text("{% for s in stories %}{{ s.title }}{% endfor %}{{ term.name }}",
                                        encoding="utf-8")
    lean = _jobs([tmp_path, ROOT / "templates"])
    assert "related" not in lean[article] and "jsonld" not in lean[article]
    assert lean[person]["term"]["info"] is None
    assert lean[article]["article"] == full[article]["article"]
