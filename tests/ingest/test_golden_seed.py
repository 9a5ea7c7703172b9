"""Golden test: the shipped seed's generated Markdown file, front matter and
body, byte for byte. `make golden` rewrites it; review the diff."""
from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

from generator import config as config_module
from generator import frontmatter
from generator.ingest import ingest

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_7513e8f9d54f4624.txt"
GOLDEN = ROOT / "tests" / "golden" / "seed" / "article.md"
WEDNESDAY = 1_770_829_200          # 2026-02-11 17:00 UTC, the day of the meeting


def ingest_seed(folder: Path) -> str:
    (folder / "seeds").mkdir()
    shutil.copy(SEED, folder / "seeds" / SEED.name)
    os.utime(folder / "seeds" / SEED.name, (WEDNESDAY, WEDNESDAY))
    (folder / "site.yaml").write_text("timezone: Europe/Zurich\n", encoding="utf-8")
    report = ingest(config_module.load(root=folder))
    assert report.ok, report.errors
    (path,) = (folder / "content" / "articles").glob("*.md")
    return path.read_text(encoding="utf-8")


def test_seed_article_matches_golden(tmp_path: Path, update_golden: bool) -> None:
    produced = ingest_seed(tmp_path)
    if update_golden:
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(produced, encoding="utf-8")
    expected = GOLDEN.read_text(encoding="utf-8")
    diff = "".join(difflib.unified_diff(expected.splitlines(True), produced.splitlines(True),
                                        "golden", "produced"))
    assert produced == expected, f"generated article differs from {GOLDEN}:\n{diff}"


def test_seed_article_reads_right(tmp_path: Path) -> None:
    """What a careful reader checks, independent of the golden bytes."""
    text = ingest_seed(tmp_path)
    doc = frontmatter.split(text, Path("article.md"))
    meta, body = doc.meta, doc.body
    assert meta["id"] == "000_7513e8f9d54f4624"
    assert meta["title"] == "Trump setzt im Iran-Konflikt weiter auf Verhandlungen"
    assert meta["summary"].startswith("US-Präsident Donald Trump hat nach eigenen Worten")
    assert meta["lang"] == "de"
    assert meta["date"] == "2026-02-11T18:00:00+01:00" and meta["date_source"] == "file"
    assert body.count("\n## ") == 2
    assert "## Trump spielt nach Netanjahu-Treffen auf militärische Angriffe an" in body
    assert "## Was Israels Position zu den neuen Verhandlungen ist" in body
    assert "::: caption\nScreenshot Truth Social\n:::" in body
    assert ("::: caption\nDer US-Präsident begrüsste den israelischen Ministerpräsidenten Netanjahu "
            "am Mittwoch im Weissen Haus.\n© IMAGO/Avi Ohayon – GPO\n:::") in body
    assert ("::: related\nTreffen in Washington Trump und Netanjahu sprechen über den Iran – "
            "abseits der Kameras\n:::") in body
    assert "Passend zum Thema" not in body and "Legende:" not in body
    assert "«sehr guten Treffen»" in body
    entities = meta["entities"]
    assert sorted(entities["people"]) == ["Benjamin Netanjahu", "Donald Trump"]
    assert {"Iran", "Israel", "USA", "Oman", "Maskat", "Washington", "Teheran"} <= set(entities["places"])
    assert {"Truth Social", "Axios"} <= set(entities["organisations"])
    assert {"Atomprogramm"} <= set(meta["tags"]) and ({"Verhandlungen", "Verhandlung"} & set(meta["tags"]))
    assert 3 <= len(meta["tags"]) <= 8
