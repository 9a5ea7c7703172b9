"""plainyaml.load (front matter read without PyYAML's scanner) must give
exactly what PyYAML gives, types included, or nothing: compared with the
strict PyYAML loader on the shapes ingest and the benchmark corpus write,
on hand-written variants, and on generated near-plain YAML."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import frontmatter, plainyaml
from generator.yamlio import StrictLoader, dump_yaml

ROOT = Path(__file__).resolve().parents[2]


def pyyaml(text: str) -> object:
    try:
        return yaml.load(text, Loader=StrictLoader)  # noqa: S506 - a SafeLoader
    except yaml.YAMLError:
        return "error"


def typed(value: object) -> object:
    """`value` with the type of every part in it: 1 == 1.0 == True, and
    equal datetimes may differ in their zone."""
    if isinstance(value, dict):
        return {typed(k): typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [typed(v) for v in value]
    if isinstance(value, datetime):
        return (datetime, value.isoformat(), repr(value.tzinfo))
    return (type(value), value)


def assert_same_or_refused(text: str) -> None:
    fast = plainyaml.load(text)
    if fast is not None:
        assert typed(fast) == typed(pyyaml(text)), text


def front_matter(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return text[4:text.index("\n---\n", 3) + 1]


def test_shipped_articles_take_the_fast_path() -> None:
    paths = sorted((ROOT / "content" / "articles").glob("*.md"))
    assert paths
    for path in paths:
        text = front_matter(path)
        assert plainyaml.load(text) is not None, path
        assert_same_or_refused(text)


CORPUS_STYLE = """\
title: "Jan Ivanova warnt vor Folgen für die Energiepreise"
date: 2025-03-22T23:24:56+01:00
summary: "Jan Ivanova sprach von einem «kaum wichtigen Schritt» für die ganze Region."
tags: ["Fußball", "Leichtathletik", "Banken"]
entities:
  people: ["Jan Ivanova"]
  places: []
  organisations: ["Klinikum Kirchkampau", "O'Neill & Partner"]
"""


def test_corpus_style_takes_the_fast_path() -> None:
    fast = plainyaml.load(CORPUS_STYLE)
    assert fast == pyyaml(CORPUS_STYLE)
    assert fast["date"] == datetime(2025, 3, 22, 23, 24, 56, tzinfo=timezone(timedelta(hours=1)))
    assert fast["entities"]["places"] == []


INGEST_STYLE = {
    "id": "000_7513e8f9d54f4624", "slug": "trump-setzt", "title": "Trump setzt im Iran-Konflikt auf Verhandlungen",
    "date": "2026-02-11T18:00:00+01:00", "lang": "de",
    "summary": "US-Präsident Donald Trump hat nach eigenen Worten beim Treffen mit Israels Ministerpräsidenten "
               "Benjamin Netanjahu klargemacht, dass er im Iran-Konflikt weiter auf Verhandlungen setzt. " * 2,
    "tags": ["Verhandlungen", "Atomprogramm"],
    "entities": {"people": ["Donald Trump"], "places": ["Israel", "Iran"], "organisations": []},
    "source": {"file": "seeds/a.txt", "sha256": "cac84a6579ad0cc8"},
    "generated": {"version": 3, "fields": {"title": "a5dd58f33d14", "date": "8ca9b84b963e"}},
    "draft": False, "author": "It's «Anna» [AFP], #1", "extra": {"rating": 1.5, "none": None, "when": date(2026, 1, 2)},
}


def test_what_ingest_writes_takes_the_fast_path() -> None:
    text = dump_yaml(INGEST_STYLE)
    fast = plainyaml.load(text)
    assert fast is not None, text
    assert typed(fast) == typed(INGEST_STYLE)


@pytest.mark.parametrize("text", [
    "a: yes\nb: No\nc: ~\nd: null\ne: 0x1f\nf: 1_000\ng: .inf\nh: 1e3\ni: 2025-01-02\nj: 12:30:00\n",
    "a: it's\nb: say \"hi\" [now], {ok}\nc: a:b\nd: 100 %\ne: x#y\nf: «x» · y\n",
    "a: one\n  two\n\n  three\n\n\n    four\nb: x\n",
    "a:\n- x\n- y\nb:\n  - 1\n  - two\n  -  three  \n",
    "a:\n  b:\n    c: [x, \"y\", 3, 2025-01-01]\n  d:\n",
    "a: \"  spaced  \"\nb: '  it''s  '\nc: ''\nd: \"\"\n",
    "a: \u00a0x\u00a0\nb: x\u00a0\n",
    "a: [ \"x\" ,\"y\" ]\nb: [x , y z]\n",
    "a: \"x\n  y\"\nb: 'it''s\n\n   a ''x'''\nc:\n- x\n  y\n",
])
def test_hand_written_variants(text: str) -> None:
    assert plainyaml.load(text) is not None, text
    assert_same_or_refused(text)


@pytest.mark.parametrize("text", [
    "", "\n", "- a\n", "a\n", "a: 1\na: 2\n", "a: &x 1\nb: *x\n", "a: !!str 1\n", "a: |\n  x\n",
    "a: >\n  x\n", "a: \"x\\ty\"\n", "a: \"x\n  y\\\"\"\n", "a: 'x\ny'\n", "a: [x,\n  y]\n", "a: {b: 1}\n",
    "a: x # note\n", "# note\na: x\n", "a:\tx\n", "\ta: x\n", "a: x\r\nb: y\n", "a: x\u2028y\n",
    "  a: x\n", "a: x\n b: y\n", "a:\n  b: x\n c: y\n", "yes: x\n", "null: x\n", "a: [x, ]\n",
    "a: [[x]]\n", "a:\n- - x\n", "a:\n- b: x\n", "a:\n-\n", "a: x\n  y: z\n", "a: <<\n", "a: =\n",
    "? a\n: b\n", "a: - x\n", "a: x\n---\nb: y\n", "a: x\n  --- y\n", "a: b: c\n", "a: x:\n",
    "a:\n  - x\n  b: y\n", "a: 'x' y\n", "a: 'x\n  ---'\n",
])
def test_refuses_what_pyyaml_must_read(text: str) -> None:
    assert plainyaml.load(text) is None


def test_errors_still_come_from_pyyaml(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    with pytest.raises(Exception, match="duplicate key 'title'"):
        frontmatter.split("---\ntitle: a\ntitle: b\n---\n\nbody\n", path)


# near-plain YAML: the lines plainyaml reads, and their neighbours it must refuse
_SCALAR = st.one_of(
    st.sampled_from(["x", "yes", "No", "on", "~", "null", "Null", "1", "-1", "+1", "0o17", "0x1F", "1_0", "1.5",
                     "1e3", ".5", ".inf", ".NaN", "2025-01-02", "2025-1-2", "2025-03-22T23:24:56+01:00",
                     "2025-03-22 23:24:56", "2025-03-22t23:24:56.5Z", "12:30", "1:2:3", "<<", "=", "true",
                     "«x»", "x«", "a: b", "a:b", "a #b", "a#b", "a:", ":a", "-a", "- a", "?a", "? a", "%a",
                     "@a", "`a", "&a", "*a", "!a", "|", ">", "a'b", "a\"b", "a, b", "[a]", "a]", "{a}", "a}",
                     "\u00a0a", "a\u00a0", "a  b", "---", "...", "- x", "'a'", '"a"', "'a''b'", '"a\\"b"',
                     "'a'b'", '"a\\tb"', "''", '""', "'", '"', "[]", "[ ]", '["a", "b"]', "[a, b]", "[a,b]",
                     '[ "a" ]', "[a, ]", "[a", "[a: b]", "[#a]", "[a b, 1]", "[2025-01-02]", '["a\\"b"]',
                     "[yes, no]", "[~]", "{}"]),
    st.text(alphabet="aä1:#-'\" [],.\u00a0«", min_size=1, max_size=8),
)
_KEY = st.sampled_from(["title", "tags", "a", "b", "c", "d", "e", "yes", "null", "a-b", "_x", "A1", "1a", "a b", "x"])
_INDENT = st.sampled_from(["", "", "", "  ", "  ", "    ", " ", "   "])
_LINE = st.one_of(
    st.builds(lambda i, k, v: f"{i}{k}: {v}", _INDENT, _KEY, _SCALAR),
    st.builds(lambda i, k: f"{i}{k}:", _INDENT, _KEY),
    st.builds(lambda i, v: f"{i}- {v}", _INDENT, _SCALAR),
    st.builds(lambda i, v: f"{i}{v}", _INDENT, _SCALAR),
    st.sampled_from(["", "", " ", "# c", "  # c", "-", "  -"]),
)


_WORDS = st.sampled_from(["x", "Wort", "it's", "a b", "«x»", "1", "2025-01-02", "yes", "a:b", "x\u00a0"])
# in documents, mostly scalars the fast path reads
_PLAIN_KEY = st.sampled_from(["title", "tags", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j"])
_VALUE = st.one_of(_WORDS, _WORDS, _WORDS, st.sampled_from(['"a b"', "'it''s'", '["a", "b"]', "[x, 1]", "[]", "'x",
                                                    '"x', "2025-03-22T23:24:56+01:00", "~", "1.5"]), _SCALAR)


@st.composite
def _continued(draw: st.DrawFn, first: str, indent: int) -> list[str]:
    """`first`, and maybe lines that continue it (or do not: indented too little)."""
    lines = [first]
    for _ in range(draw(st.integers(0, 2))):
        lines += [""] * draw(st.integers(0, 2))
        lines.append(" " * (indent + draw(st.sampled_from([0, 1, 2, 2, 2, 4, 4, 4]))) + draw(_WORDS))
    return lines


@st.composite
def _mapping(draw: st.DrawFn, indent: int = 0, depth: int = 0) -> list[str]:
    """Mostly valid block YAML: keys with scalars (continued over lines),
    nested mappings, sequences (indented or not), nulls, blank lines, and
    now and then a line of noise."""
    lines: list[str] = []
    pad = " " * indent
    keys = draw(st.lists(st.one_of(_PLAIN_KEY, _PLAIN_KEY, _PLAIN_KEY, _KEY), min_size=1, max_size=4, unique=True))
    if draw(st.integers(0, 9)) == 7:
        keys.append(keys[0])       # a duplicate: PyYAML's error
    for key in keys:
        shape = draw(st.sampled_from(["scalar"] * 6 + ["mapping"] * 2 + ["sequence"] * 2 + ["null", "noise"]))
        if shape == "mapping" and depth < 2:
            lines.append(f"{pad}{key}:")
            lines += draw(_mapping(indent + draw(st.sampled_from([1, 2, 4])), depth + 1))
        elif shape == "sequence":
            lines.append(f"{pad}{key}:")
            inner = indent + draw(st.sampled_from([0, 0, 2]))
            for _ in range(draw(st.integers(1, 3))):
                lines += draw(_continued(f"{' ' * inner}- {draw(_VALUE)}", inner))
        elif shape == "null":
            lines.append(f"{pad}{key}:")
        elif shape == "noise":
            lines.append(draw(_LINE))
        else:
            lines += draw(_continued(f"{pad}{key}: {draw(_VALUE)}", indent))
        lines += [""] * draw(st.sampled_from([0, 0, 0, 1]))
    return lines


@settings(max_examples=2000, deadline=None)
@given(st.lists(_LINE, min_size=1, max_size=10).map(lambda lines: "\n".join(lines) + "\n"))
def test_near_plain_lines_load_as_pyyaml(text: str) -> None:
    assert_same_or_refused(text)


@settings(max_examples=3000, deadline=None)
@given(_mapping().map(lambda lines: "\n".join(lines) + "\n"))
def test_near_plain_documents_load_as_pyyaml(text: str) -> None:
    assert_same_or_refused(text)
