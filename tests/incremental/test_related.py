"""The pruned related-stories ranking equals the plain one exactly, within
the window of stories around each one."""
from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

from generator import corpus, related
from generator.model import Article, EntityNames


def _site(n: int, seed: int) -> corpus.Site:
    rng = random.Random(seed)
    start = datetime(2025, 1, 1, tzinfo=timezone.utc)
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
