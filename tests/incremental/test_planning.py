"""The pieces that let a cold build plan on every core and hold little:
pages made on demand, bodies kept out of memory, parallel reading."""
from __future__ import annotations

from pathlib import Path

import pytest

from generator import config, corpus, plan
from generator.errors import ContentError
from generator.model import Article, EntityNames
from tests.conftest import write_article


def _article(slug: str, body: str) -> Article:
    from datetime import UTC, datetime
    return Article(id=slug, slug=slug, title=slug, date=datetime(2026, 2, 1, tzinfo=UTC), lang="de",
                   summary="", tags=("Zinsen",), entities=EntityNames(), body=body, source_path=Path(f"{slug}.md"))


def test_bodies_are_kept_out_of_the_articles_and_read_back() -> None:
    bodies = corpus.Bodies()
    try:
        texts = {"a": "Grüße «aus» Zürich – 👋\n", "b": "", "c": "plain\n" * 1000}
        lean = [bodies.keep(_article(slug, text)) for slug, text in texts.items()]
        assert [a.body for a in lean] == ["", "", ""]
        assert {a.slug: bodies.body(a) for a in lean} == texts
    finally:
        bodies.close()


@pytest.mark.parametrize("workers", [1, 2])
def test_bodies_written_where_they_are_read_are_the_bodies_read(tmp_path: Path, workers: int,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    bodies_text = ["Text – ü «Zürich».\n", "", "Zeile\r\nzwei\r\n" * 300, "Ein\x85Steuerzeichen und 👋.\n"]
    for i, body in enumerate(bodies_text):
        write_article(tmp_path, f"a{i}", f"Titel {i}", f"2026-02-{i + 1:02}", body=body)
    cfg = config.SiteConfig(root=tmp_path)
    monkeypatch.setattr(corpus, "MIN_PARALLEL_PARSE", 0)
    whole = corpus.discover(cfg, workers=1)
    bodies = corpus.Bodies()
    try:
        lean = corpus.discover(cfg, workers=workers, bodies=bodies)
        assert [a.body for a in lean] == [""] * len(whole)
        assert [a.with_body(bodies.body(a)) for a in lean] == whole
        assert [bodies.raw(str(a.source_path)) for a in lean] == [a.body.encode() for a in whole]
    finally:
        bodies.close()


def test_a_body_longer_than_its_room_is_kept_by_the_parent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file that grew between its stat and its reading: its body must
    not spill into the next article's room."""
    write_article(tmp_path, "a", "Titel", "2026-02-01", body="Text.")
    write_article(tmp_path, "b", "Titel", "2026-02-02", body="Mehr.")
    read = corpus._read
    monkeypatch.setattr(corpus, "_read", lambda path: read(path) + "Gewachsen.\n" * 50)
    cfg = config.SiteConfig(root=tmp_path)
    whole = corpus.discover(cfg)
    bodies = corpus.Bodies()
    try:
        lean = corpus.discover(cfg, bodies=bodies)
        assert [a.with_body(bodies.body(a)) for a in lean] == whole
        assert all(a.body.endswith("Gewachsen.\n" * 50) for a in whole)
    finally:
        bodies.close()


def test_pages_made_on_demand_are_the_pages_planned() -> None:
    site = corpus.build_site([_article(f"s{i}", f"Body {i}") for i in range(30)], 2)
    jobs = plan.plan(site, config.SiteConfig())
    made = list(jobs)
    assert jobs.outputs == [job.output for job in made]
    assert len({*jobs.outputs}) == len(made)
    articles = [i for i in range(len(jobs)) if jobs.article_index(i) is not None]
    assert len(articles) == 30
    assert all(made[i].template == "article.html" for i in articles)
    assert made[articles[0]] == jobs[articles[0]]            # made again, equal
    sitemap = next(job for job in made if job.output == "sitemap.xml")
    assert len(sitemap.context["pages"]) == sum(1 for j in made if j.output.endswith(".html")) - 1   # all but 404


def test_reading_in_workers_gives_the_same_articles_and_errors(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    for i in range(12):
        write_article(tmp_path, f"a{i:02}", f"Titel {i}", f"2026-02-{i + 1:02}", body=f"Text {i} – ü.")
    cfg = config.SiteConfig(root=tmp_path)
    monkeypatch.setattr(corpus, "MIN_PARALLEL_PARSE", 0)
    assert corpus.discover(cfg, workers=2) == corpus.discover(cfg, workers=1)
    (tmp_path / "content" / "articles" / "a05.md").write_text("no front matter\n", encoding="utf-8")
    (tmp_path / "content" / "articles" / "a09.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    messages = []
    for workers in (1, 2):
        with pytest.raises(ContentError) as raised:
            corpus.discover(cfg, workers=workers)
        messages.append(str(raised.value))
    assert messages[0] == messages[1] and messages[0].startswith("2 content error(s)")
