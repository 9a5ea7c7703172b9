from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.ner import extract_mentions, run_jsonl

ROOT = Path(__file__).resolve().parents[2]
TEXTS = [
    "US-Präsident Donald Trump traf Israels Ministerpräsidenten Benjamin Netanjahu in Washington.",
    "Die Bundesregierung in Berlin kritisierte die iranische Führung.",
    "",
]


def test_round_trip_offsets():
    stdin = io.StringIO("".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n" for i, t in enumerate(TEXTS)))
    stdout = io.StringIO()
    assert run_jsonl(stdin, stdout) == 0
    lines = [json.loads(line) for line in stdout.getvalue().splitlines()]
    assert [obj["id"] for obj in lines] == [0, 1, 2]
    for obj in lines:
        text = TEXTS[obj["id"]]
        for ent in obj["entities"]:
            assert 0 <= ent["start"] < ent["end"] <= len(text)
            assert ent["label"] in {"PER", "LOC", "ORG"} and ent["subtype"] in {None, "part", "deriv"}
            assert text[ent["start"] : ent["end"]].strip() == text[ent["start"] : ent["end"]]
    first = {(TEXTS[0][e["start"] : e["end"]], e["label"], e["name"]) for e in lines[0]["entities"]}
    assert ("Donald Trump", "PER", "Donald Trump") in first
    assert ("Israels", "LOC", "Israel") in first


def test_bad_line_reports_and_continues():
    stdout = io.StringIO()
    assert run_jsonl(io.StringIO('not json\n{"id": 1, "text": "Berlin"}\n'), stdout) == 1
    assert json.loads(stdout.getvalue())["id"] == 1


def test_module_entry_point():
    proc = subprocess.run(
        [sys.executable, "-m", "generator.ner", "--jsonl"],
        input='{"id": 7, "text": "Angela Merkel besuchte Paris."}\n',
        capture_output=True, text=True, cwd=ROOT, check=True,
    )
    assert json.loads(proc.stdout)["id"] == 7


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200), st.sampled_from(["de", "en"]))
def test_any_text_gives_sane_spans(text, lang):
    mentions = extract_mentions(text, lang)
    last_end = 0
    for m in sorted(mentions, key=lambda m: m.start):
        assert 0 <= m.start < m.end <= len(text)
        assert m.start >= last_end
        last_end = m.end


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(["Trump", "Merkel", "Iran", "Berlin", "sagte", "die", "US-Präsident", "«", "»", ".", "Israels", "Siemens AG", "\n\n"]), max_size=40))
def test_word_salad_spans(words):
    text = " ".join(words)
    for lang in ("de", "en"):
        ms = sorted(extract_mentions(text, lang), key=lambda m: m.start)
        assert all(a.end <= b.start for a, b in zip(ms, ms[1:]))
        assert all(0 <= m.start < m.end <= len(text) for m in ms)
