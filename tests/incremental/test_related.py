"""The pruned related-stories ranking equals the plain one exactly, within
the window of stories around each one."""
from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import corpus, related
from generator.model import Article, EntityNames


def _site(n: int, seed: int) -> corpus.Site:
    rng = random.Random(seed)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    # Zipf-like: a few very common terms, many rare ones
    def pick(prefix: str, size: int, count: int) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f"{prefix} {int(size * rng.random() ** 3)}" for _ in range(count)))
    articles = [Article(id=str(i), slug=f"a-{i}", title=f"A {i}", date=start + timedelta(hours=i % 97, minutes=i),
                        lang="de", summary="", tags=pick("Tag", 60, rng.randint(0, 6)),
                        entities=EntityNames(pick("P", 300, rng.randint(0, 3)), pick("O", 80, rng.randint(0, 2)),
                                             pick("Org", 120, rng.randint(0, 2))),
                        body="", source_path=Path(f"{i}.md")) for i in range(n)]
    return corpus.build_site(articles, 2)


def test_related_equals_reference() -> None:
    for seed in range(3):
        site = _site(600, seed)
        for index in range(len(site.articles)):
            for limit in (1, 5):
                assert related.related(site, index, limit) == related.related_reference(site, index, limit)


def test_related_equals_reference_within_a_window() -> None:
    site = _site(700, 7)
    for size in (1, 2, 50, 301):
        for index in range(len(site.articles)):
            lo, hi = related.window(len(site.articles), index, size)
            found = related.related(site, index, 5, size)
            assert found == related.related_reference(site, index, 5, size)
            assert all(lo <= other < hi and other != index for other in found)


def test_the_window_is_as_wide_everywhere_and_holds_the_story() -> None:
    for total, size in ((10, 4), (10, 5), (3, 8), (1000, 2000), (5000, 2000)):
        for index in range(total):
            lo, hi = related.window(total, index, size)
            assert lo <= index < hi and hi - lo == min(size, total)


# Generated sites: few names, so that many stories share the same terms and
# tie exactly, and windows smaller than the site.
_NAMES = st.lists(st.sampled_from("abcdefghij"), max_size=4)
_ARTICLE = st.tuples(st.integers(0, 400), _NAMES, _NAMES, _NAMES, _NAMES)


def _generated(drawn: list[tuple[int, list[str], list[str], list[str], list[str]]]) -> corpus.Site:
    start = datetime(2025, 1, 1, tzinfo=UTC)
    articles = [Article(id=str(i), slug=f"a-{i}", title=f"A {i}", date=start + timedelta(hours=hours), lang="de",
                        summary="", tags=tuple(tags), entities=EntityNames(tuple(people), tuple(places), tuple(orgs)),
                        body="", source_path=Path(f"{i}.md"))
                for i, (hours, tags, people, places, orgs) in enumerate(drawn)]
    return corpus.build_site(articles, 2)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_ARTICLE, min_size=1, max_size=120), st.integers(1, 130), st.integers(0, 9))
def test_related_equals_reference_on_generated_sites(drawn, size: int, limit: int) -> None:
    site = _generated(drawn)
    for index in range(len(site.articles)):
        assert related.related(site, index, limit, size) == related.related_reference(site, index, limit, size)
        assert related.related(site, index) == related.related_reference(site, index)


def test_many_exact_ties_go_to_the_more_recent_stories() -> None:
    # 300 stories share one tag, every third another: more tied candidates
    # than are ranked in plain Python
    drawn = [(i, ["common"] + (["third"] if i % 3 == 0 else []), [], [], []) for i in range(300)]
    site = _generated(drawn)  # type: ignore[arg-type]
    for size in (10, 100, 299, 300, 2000):
        for limit in (1, 5, 50, 120, 400):
            for index in range(0, 300, 7):
                assert related.related(site, index, limit, size) == related.related_reference(site, index, limit, size)


def test_related_equals_reference_in_a_window_of_grouped_scores() -> None:
    # windows of more than 2 × _GROUPS stories: the limit-th best score is bounded by group maxima
    site = _site(1500, 11)
    for size in (600, 1100):
        for index in range(0, 1500, 3):
            assert related.related(site, index, 5, size) == related.related_reference(site, index, 5, size)


def test_terms_the_postings_store_does_not_know_still_count() -> None:
    site = _site(300, 5)
    related.related(site, 0)
    related._postings(site).at.clear()      # as if every term came after the store was made
    for index in range(len(site.articles)):
        assert related.related(site, index) == related.related_reference(site, index)


def _ranked(scores: list[float], limit: int, lo: int) -> list[int]:
    positive = [i for i, score in enumerate(scores) if score > 0]
    return [lo + i for i in sorted(positive, key=lambda i: (-round(scores[i], 9), i))[:limit]]


# near ties: scores a hair apart, on either side of a 1e-9 rounding step
_BASES = (0.6931471805599453, 1.0, 2.5, 3.0000000005, 7.25)
_SCORE = st.one_of(st.just(0.0), st.builds(lambda base, hair: base + hair * 1e-10,
                                           st.sampled_from(_BASES), st.integers(-12, 12)))


@settings(max_examples=300, deadline=None)
@given(st.lists(_SCORE, min_size=1, max_size=1200), st.integers(1, 60), st.integers(0, 5000))
def test_top_ranks_as_the_reference_rounds(scores: list[float], limit: int, lo: int) -> None:
    import numpy as np
    assert related._top(np, np.array(scores), limit, lo) == _ranked(scores, limit, lo)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 2500), st.integers(0, 2**32), st.integers(1, 5), st.integers(1, 80))
def test_top_ranks_many_near_ties_as_the_reference_rounds(size: int, seed: int, bases: int, limit: int) -> None:
    # long score arrays (group maxima), many of them within a hair of the best
    import numpy as np
    rng = random.Random(seed)
    chosen = _BASES[:bases]
    scores = [0.0 if rng.random() < 0.3 else rng.choice(chosen) + rng.randint(-12, 12) * 1e-10
              for _ in range(size)]
    assert related._top(np, np.array(scores), limit, 0) == _ranked(scores, limit, 0)


def test_a_build_lets_go_of_its_site(tmp_path: Path) -> None:
    """The postings hold the site they rank; serve builds again and again in
    one process, so after a build nothing of it may stay."""
    from generator import build, config
    from tests.conftest import write_article
    for i in range(3):
        write_article(tmp_path, f"a{i}", f"Bericht {i}", f"2026-01-0{i + 1}T10:00:00+01:00", tags=["Zinsen"])
    (tmp_path / "site.yaml").write_text("search:\n  enabled: false\n", encoding="utf-8")
    build.build(config.load(tmp_path / "site.yaml"), workers=1)
    assert related._last is None
