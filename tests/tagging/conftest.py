"""Fixtures for the tagging tests: the project's seed article as a TagInput."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.tagging import TagInput

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_7513e8f9d54f4624.txt"
SEED_ENTITIES = (
    "Donald Trump", "Benjamin Netanjahu", "Iran", "Israel", "USA", "Oman", "Maskat",
    "Washington", "Teheran", "Gazastreifen", "Nahost", "Truth Social", "Axios", "Weisses Haus",
)
SEED_HEADINGS = (
    "Trump spielt nach Netanjahu-Treffen auf militärische Angriffe an",
    "Was Israels Position zu den neuen Verhandlungen ist",
)
_DROP_PREFIXES = ("Legende:", "Passend zum Thema")


def seed_input(text: str | None = None) -> TagInput:
    text = SEED.read_text(encoding="utf-8") if text is None else text
    blocks = [b.strip() for b in text.split("\n") if b.strip()]
    blocks = [b for b in blocks if not b.startswith(_DROP_PREFIXES)]
    lede, rest = blocks[0], blocks[1:]
    headings = tuple(b for b in rest if b in SEED_HEADINGS)
    paragraphs = tuple(b for b in rest if b not in SEED_HEADINGS)
    return TagInput(title="", lede=lede, headings=headings, paragraphs=paragraphs,
                    lang="de", entity_names=SEED_ENTITIES)


@pytest.fixture
def seed_doc() -> TagInput:
    return seed_input()


@pytest.fixture
def seed_entities() -> tuple[str, ...]:
    return SEED_ENTITIES
