"""Table tests for the seed parser: each kind of line, datelines, encodings."""
from __future__ import annotations

import codecs
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from generator.errors import SeedError
from generator.model import BlockKind
from generator.seedtext import decode, parse, parse_dateline, split_credit

UTC = timezone.utc
LEDE = "Der Bundesrat hat am Mittwoch neue Regeln für den Verkehr beschlossen, wie er mitteilte."
PARA = "Die Regeln gelten ab dem ersten Januar. Sie betreffen vor allem den Schwerverkehr."


def kinds(text: str) -> list[tuple[str, str, str | None]]:
    return [(b.kind.value, b.text, b.credit) for b in parse(text, UTC).blocks]


def test_lede_paragraphs_and_subheading() -> None:
    text = f"{LEDE}\n\nWas sich ändert\n\n{PARA}\n"
    assert kinds(text) == [("paragraph", LEDE, None), ("heading", "Was sich ändert", None),
                           ("paragraph", PARA, None)]


def test_short_line_at_the_end_is_not_a_heading() -> None:
    assert kinds(f"{LEDE}\n\n{PARA}\n\nMehr dazu später")[-1][0] == "paragraph"


@pytest.mark.parametrize(("line", "caption", "credit"), [
    ("Legende: Der Präsident im Weissen Haus. IMAGO/Avi Ohayon – GPO",
     "Der Präsident im Weissen Haus.", "IMAGO/Avi Ohayon – GPO"),
    ("Legende: Screenshot Truth Social", "Screenshot Truth Social", None),
    ("Legende: Bundesrat Beat Jans in Bern. Keystone/Peter Klaunzer",
     "Bundesrat Beat Jans in Bern.", "Keystone/Peter Klaunzer"),
    ("Legende: Demonstranten vor dem Parlament. Reuters", "Demonstranten vor dem Parlament.", "Reuters"),
    ("Legende: Die Sendung vom Dienstag. SRF", "Die Sendung vom Dienstag.", "SRF"),
    ("Legende: Der Hafen von Basel Keystone/Georgios Kefalas", "Der Hafen von Basel",
     "Keystone/Georgios Kefalas"),
    ("Caption: Flooded streets in Valencia. Reuters/Eva Manez", "Flooded streets in Valencia.",
     "Reuters/Eva Manez"),
    ("Legende: «Wir sind bereit», sagte sie.", "«Wir sind bereit», sagte sie.", None),
])
def test_captions_and_credits(line: str, caption: str, credit: str | None) -> None:
    blocks = kinds(f"{LEDE}\n\n{line}\n\n{PARA}")
    assert blocks[1] == ("caption", caption, credit)


TEASER = ("teaser", "Treffen in Washington Trump und Netanjahu sprechen", None)


@pytest.mark.parametrize("line, block", [
    ("Passend zum Thema Treffen in Washington Trump und Netanjahu sprechen", TEASER),
    ("Mehr zum Thema: Treffen in Washington Trump und Netanjahu sprechen", TEASER),
    ("Related: Treffen in Washington Trump und Netanjahu sprechen", TEASER),
    # a short label word starting a sentence (no colon) is running text
    ("Related talks will continue in Geneva next week, the ministry said.", None),
    ("Zum Thema Energie äusserte sich der Minister nicht.", None),
    ("See also the figures published on Monday.", None),
])
def test_related_teasers_are_not_running_text(line: str, block: tuple[str, str, None] | None) -> None:
    blocks = kinds(f"{LEDE}\n\n{line}\n\n{PARA}")
    assert blocks[1] == (block or ("paragraph", line, None))


@pytest.mark.parametrize("quote", ["«bestanden»", "„bestanden“", "\"bestanden\""])
def test_quotes_are_kept_as_written(quote: str) -> None:
    text = f"Er habe darauf {quote}, dass die Gespräche weitergehen, sagte er."
    assert kinds(text)[0][1] == text


@pytest.mark.parametrize(("line", "expected"), [
    ("12.02.2026", datetime(2026, 2, 12, tzinfo=UTC)),
    ("12. Februar 2026, 14:03", datetime(2026, 2, 12, 14, 3, tzinfo=UTC)),
    ("Mittwoch, 11. Februar 2026", datetime(2026, 2, 11, tzinfo=UTC)),
    ("3. März 2026, 09:15 Uhr", datetime(2026, 3, 3, 9, 15, tzinfo=UTC)),
    ("Feb 12, 2026", datetime(2026, 2, 12, tzinfo=UTC)),
    ("February 12, 2026 at 3:05 pm", datetime(2026, 2, 12, 15, 5, tzinfo=UTC)),
    ("2026-02-12", datetime(2026, 2, 12, tzinfo=UTC)),
    ("Updated: 2026-02-12 14:03", datetime(2026, 2, 12, 14, 3, tzinfo=UTC)),
])
def test_datelines(line: str, expected: datetime) -> None:
    assert parse_dateline(line, UTC) == expected


@pytest.mark.parametrize("line", ["31.02.2026", "Der 12. Februar 2026 war ein Mittwoch und es regnete.",
                                  "Im Februar", "12 Angry Men"])
def test_not_datelines(line: str) -> None:
    assert parse_dateline(line, UTC) is None


def test_dateline_takes_the_site_time_zone() -> None:
    zurich = ZoneInfo("Europe/Zurich")
    assert parse_dateline("12.02.2026", zurich).utcoffset().total_seconds() == 3600


def test_leading_metadata_lines() -> None:
    text = ("Bundesrat beschliesst neue Verkehrsregeln\n12. Februar 2026, 14:03\nVon Anna Muster\n"
            "Quelle: https://example.org/artikel\n\n" + LEDE + "\n\n" + PARA)
    seed = parse(text, UTC)
    assert seed.meta.title == "Bundesrat beschliesst neue Verkehrsregeln"
    assert seed.meta.date == datetime(2026, 2, 12, 14, 3, tzinfo=UTC)
    assert seed.meta.author == "Anna Muster"
    assert seed.meta.source_url == "https://example.org/artikel"
    assert seed.lede == LEDE


def test_hard_wrapped_paragraphs_are_joined() -> None:
    wrapped = ("Der Bundesrat hat am Mittwoch neue Regeln für den Verkehr beschlossen,\n"
               "wie er mitteilte. Sie gelten ab Januar.")
    assert kinds(wrapped) == [("paragraph", "Der Bundesrat hat am Mittwoch neue Regeln für den "
                               "Verkehr beschlossen, wie er mitteilte. Sie gelten ab Januar.", None)]


@pytest.mark.parametrize("ending", ["\r\n", "\r", "\n"])
def test_line_endings(ending: str) -> None:
    text = ending.join([LEDE, "", "Was sich ändert", "", PARA])
    assert [k for k, _, _ in kinds(text)] == ["paragraph", "heading", "paragraph"]


def test_invisible_characters_are_normalised() -> None:
    text = "Die Verkehrs\u00adregeln gelten ab\u00a0Januar für alle Fahrzeuge, sagte er."
    assert kinds(text)[0][1] == "Die Verkehrsregeln gelten ab Januar für alle Fahrzeuge, sagte er."


@pytest.mark.parametrize(("data", "encoding", "warned"), [
    ("Grüsse aus Zürich.".encode(), "utf-8", False),
    (codecs.BOM_UTF8 + "Grüsse aus Zürich.".encode(), "utf-8", False),
    ("Grüsse aus Zürich.".encode("utf-16"), "utf-16", False),
    (codecs.BOM_UTF16_BE + "Grüsse aus Zürich.".encode("utf-16-be"), "utf-16", False),
    ("Grüsse aus Zürich – «gut».".encode("cp1252"), "cp1252", True),
    ("Grüsse aus Zürich.".encode("latin-1"), "cp1252", True),
])
def test_encodings(data: bytes, encoding: str, warned: bool) -> None:
    decoded = decode(data)
    assert decoded.text.lstrip("\ufeff").startswith("Grüsse aus Zürich")
    assert decoded.encoding == encoding
    assert bool(decoded.warnings) is warned


@pytest.mark.parametrize(("data", "message"), [
    (b"", "empty"), (b"  \n\n ", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    (bytes(range(128, 256)) * 20, "undecodable"),
])
def test_bad_bytes(data: bytes, message: str) -> None:
    with pytest.raises(SeedError, match=message):
        decode(data)


def test_no_paragraph_is_an_error() -> None:
    with pytest.raises(SeedError, match="no paragraph"):
        parse("Legende: Ein Bild. Keystone\n\nPassend zum Thema Anderes", UTC)


@pytest.mark.parametrize(("caption", "expected"), [
    ("Ein Bild. Keystone", ("Ein Bild.", "Keystone")),
    ("Ein Bild.", ("Ein Bild.", None)),
])
def test_split_credit(caption: str, expected: tuple[str, str | None]) -> None:
    assert split_credit(caption) == expected


def test_block_kinds_enum_is_complete() -> None:
    assert {k.value for k in BlockKind} == {"paragraph", "heading", "caption", "teaser"}
