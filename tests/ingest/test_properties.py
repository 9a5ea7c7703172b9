"""Property tests: any input → an article or our own error, and no word of
the article text is lost or altered on the way to Markdown."""
from __future__ import annotations

import re
from datetime import timezone

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.draft import body_markdown
from generator.errors import SeedError
from generator.seedtext import CAPTION_MARKER, TEASER_MARKER, decode, parse, parse_dateline

WORD = re.compile(r"[^\W_]+")
MARKERS = {"Legende", "Passend", "zum", "Thema"}
words = st.text(alphabet=st.characters(codec="utf-8", categories=("L", "N")), min_size=1, max_size=12)
punctuation = st.sampled_from([" ", " ", " ", ", ", ". ", "! ", "? ", " «", "» ", " – ", ": ", " *", "_ ",
                               " [", "] ", " <", "> ", " #", " &", "\n", "\n\n", "\r\n", "\t"])
line_starts = st.sampled_from(["", "", "", "Legende: ", "Passend zum Thema ", "## ", "- ", "1. ",
                               "> ", "::: caption\n", "---\n"])


@st.composite
def seed_texts(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 12))):
        line = draw(line_starts)
        for _ in range(draw(st.integers(1, 25))):
            line += draw(words) + draw(punctuation)
        parts.append(line.strip())
    return "\n\n".join(parts)


def all_words(text: str) -> list[str]:
    """The words a reader must find again: not the structural markers, nor
    a teaser or caption label (replaced by the site's own label)."""
    found = []
    for line in text.splitlines():
        line = line.strip()
        label = TEASER_MARKER.match(line) or CAPTION_MARKER.match(line)
        if label and line[label.end():].strip():
            line = line[label.end():]
        found += [w for w in WORD.findall(line) if w not in MARKERS]
    return found


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed_texts())
@example("0\n\nRELATED")          # a teaser or caption marker alone on its line
@example("Ein Satz.\n\nLegende:")
@example("0\n\nRELATED 0")           # a sentence that starts with a label word
@example("0\n\nRELATED: 0")
def test_no_text_is_lost(text: str) -> None:
    try:
        seed = parse(text, timezone.utc)
    except SeedError:
        return
    out = body_markdown(seed.blocks) + " ".join(filter(None, [seed.meta.title, seed.meta.author,
                                                              seed.meta.source_url]))
    out_words = set(WORD.findall(out))
    # a dateline's words became the front matter date
    date_words = {w for line in text.splitlines() if parse_dateline(line.strip(), timezone.utc)
                  for w in WORD.findall(line)}
    missing = [w for w in all_words(text) if w not in out_words and w not in date_words]
    assert not missing, missing


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_decode_or_fail_cleanly(data: bytes) -> None:
    try:
        parse(decode(data).text, timezone.utc)
    except SeedError:
        pass


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=600))
def test_any_text_parses_or_fails_cleanly(text: str) -> None:
    try:
        seed = parse(text, timezone.utc)
    except SeedError:
        return
    assert seed.lede
