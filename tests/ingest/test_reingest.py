"""Re-ingest never loses work: each scenario asserted on the files."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator import config as config_module
from generator import draft
from generator import frontmatter
from generator.ingest import Outcome, ingest
from tests.conftest import run_cli

LEDE = ("Die Regierung von Neuland hat am Dienstag beschlossen, dass sie die Steuern auf "
        "Lebensmittel im kommenden Jahr senken will.")
BODY = ("Die Massnahme soll Familien entlasten. Kritiker warnen vor Ausfällen in der Staatskasse.\n\n"
        "Was sich ändert\n\n"
        "Die Mehrwertsteuer auf Brot und Milch sinkt auf fünf Prozent. Die Opposition kündigte Widerstand an.\n")


def seed(folder: Path, name: str = "001_neuland", text: str | None = None) -> Path:
    path = folder / "seeds" / f"{name}.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text if text is not None else f"{LEDE}\n\n{BODY}", encoding="utf-8")
    os.utime(path, (1_770_000_000, 1_770_000_000))
    return path


def articles(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8")
            for p in sorted((folder / "content" / "articles").glob("*.md*"))}


def run(folder: Path, **options: object):  # noqa: ANN201 - IngestReport
    return ingest(config_module.load(root=folder), **options)


def only_article(folder: Path) -> Path:
    (path,) = (folder / "content" / "articles").glob("*.md")
    return path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_first_ingest_writes_a_readable_article(tmp_path: Path) -> None:
    seed(tmp_path)
    report = run(tmp_path)
    assert report.outcomes == {"001_neuland.txt": Outcome.NEW}
    path = only_article(tmp_path)
    doc = frontmatter.split(path.read_text(encoding="utf-8"), path)
    assert doc.meta["id"] == "001_neuland"
    assert doc.meta["slug"] == path.stem
    assert doc.meta["lang"] == "de"
    assert doc.meta["summary"] == LEDE
    assert doc.meta["date"] == "2026-02-02T02:40:00+00:00" and doc.meta["date_source"] == "file"
    assert doc.meta["source"]["file"] == "seeds/001_neuland.txt" and len(doc.meta["source"]["sha256"]) == 64
    assert "## Was sich ändert" in doc.body
    assert 3 <= len(doc.meta["tags"]) <= 8


def test_unchanged_seed_writes_nothing(tmp_path: Path) -> None:
    seed(tmp_path)
    run(tmp_path)
    path = only_article(tmp_path)
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    assert run(tmp_path).outcomes == {"001_neuland.txt": Outcome.UNCHANGED}
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_changed_seed_regenerates_an_untouched_article(tmp_path: Path) -> None:
    source = seed(tmp_path)
    run(tmp_path)
    source.write_text(f"{LEDE}\n\n{BODY}\nEin neuer Absatz kam am Abend hinzu.\n", encoding="utf-8")
    assert run(tmp_path).outcomes == {"001_neuland.txt": Outcome.UPDATED}
    assert "Ein neuer Absatz kam am Abend hinzu." in only_article(tmp_path).read_text(encoding="utf-8")


def test_hand_edited_fields_survive_a_changed_seed(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    source = seed(tmp_path)
    run(tmp_path)
    path = only_article(tmp_path)
    title = frontmatter.split(path.read_text(encoding="utf-8"), path).meta["title"]
    edit(path, f"title: {title}", "title: Neuland senkt die Steuern auf Brot")
    path.write_text(path.read_text(encoding="utf-8").replace("lang: de", "lang: de\ndraft: true"), encoding="utf-8")
    source.write_text(f"{LEDE}\n\n{BODY}\nEin neuer Absatz kam am Abend hinzu.\n", encoding="utf-8")
    report = run(tmp_path)
    assert report.outcomes == {"001_neuland.txt": Outcome.MERGED}
    text = path.read_text(encoding="utf-8")
    assert "title: Neuland senkt die Steuern auf Brot" in text      # the person's title
    assert "draft: true" in text                                    # the person's own key
    assert "Ein neuer Absatz kam am Abend hinzu." in text           # the seed's new body
    assert any(str(path) in w and "--force" in w for w in report.warnings)
    # and the edit survives the next, unchanged ingest too
    assert run(tmp_path).outcomes == {"001_neuland.txt": Outcome.UNCHANGED}
    assert "title: Neuland senkt die Steuern auf Brot" in path.read_text(encoding="utf-8")


def test_hand_edited_entities_and_tags_survive_a_changed_seed(tmp_path: Path) -> None:
    source = seed(tmp_path)
    run(tmp_path)
    path = only_article(tmp_path)
    doc = frontmatter.split(path.read_text(encoding="utf-8"), path)
    doc.meta["entities"]["people"] = ["Erika Muster"]
    doc.meta["tags"] = ["Steuerpolitik"]
    path.write_text(frontmatter.serialise(doc.meta, doc.body), encoding="utf-8")
    source.write_text(f"{LEDE}\n\n{BODY}\nEin neuer Absatz.\n", encoding="utf-8")
    assert run(tmp_path).outcomes == {"001_neuland.txt": Outcome.MERGED}
    meta = frontmatter.split(path.read_text(encoding="utf-8"), path).meta
    assert meta["entities"]["people"] == ["Erika Muster"] and meta["tags"] == ["Steuerpolitik"]
    assert "Ein neuer Absatz." in path.read_text(encoding="utf-8")


def test_hand_edited_body_survives_a_changed_seed(tmp_path: Path) -> None:
    source = seed(tmp_path)
    run(tmp_path)
    path = only_article(tmp_path)
    edit(path, "Kritiker warnen", "Fachleute warnen")
    source.write_text(f"{LEDE}\n\n{BODY}\nEin neuer Absatz.\n", encoding="utf-8")
    run(tmp_path)
    text = path.read_text(encoding="utf-8")
    assert "Fachleute warnen" in text and "Ein neuer Absatz." not in text


def as_version_2_wrote_it(path: Path, reading_time: int) -> None:
    """The article with the `words:` and `reading_time:` lines ingest wrote
    up to version 2, recorded as generated (`reading_time` other than 1:
    edited by hand)."""
    doc = frontmatter.split(path.read_text(encoding="utf-8"), path)
    meta = {**doc.meta, "words": 40, "reading_time": reading_time}
    meta["generated"] = {"version": 2, "fields": {**meta["generated"]["fields"], "words": draft.digest(40),
                                                  "reading_time": draft.digest(1)}}
    path.write_text(frontmatter.serialise(meta, doc.body), encoding="utf-8")


def test_reingest_drops_the_counts_version_2_wrote(tmp_path: Path) -> None:
    seed(tmp_path)
    run(tmp_path)
    path = only_article(tmp_path)
    fresh = path.read_text(encoding="utf-8")
    assert "words:" not in fresh and "reading_time:" not in fresh      # the build counts the body
    as_version_2_wrote_it(path, reading_time=1)
    assert run(tmp_path).outcomes == {"001_neuland.txt": Outcome.UPDATED}
    assert path.read_text(encoding="utf-8") == fresh


def test_reingest_keeps_a_hand_edited_count(tmp_path: Path) -> None:
    seed(tmp_path)
    run(tmp_path)
    path = only_article(tmp_path)
    as_version_2_wrote_it(path, reading_time=9)
    run(tmp_path)
    meta = frontmatter.split(path.read_text(encoding="utf-8"), path).meta
    assert meta["reading_time"] == 9 and "words" not in meta


def test_force_regenerates_and_keeps_a_backup(tmp_path: Path) -> None:
    seed(tmp_path)
    run(tmp_path)
    path = only_article(tmp_path)
    edit(path, "Kritiker warnen", "Fachleute warnen")
    edited = path.read_text(encoding="utf-8")
    assert run(tmp_path, force=True).outcomes == {"001_neuland.txt": Outcome.FORCED}
    assert path.with_suffix(".md.bak").read_text(encoding="utf-8") == edited
    assert "Kritiker warnen" in path.read_text(encoding="utf-8")


def test_deleted_seed_leaves_its_article(tmp_path: Path) -> None:
    source = seed(tmp_path)
    run(tmp_path)
    before = articles(tmp_path)
    source.unlink()
    report = run(tmp_path)
    assert report.orphans == [only_article(tmp_path)]
    assert articles(tmp_path) == before


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    seed(tmp_path)
    assert run(tmp_path, dry_run=True).outcomes == {"001_neuland.txt": Outcome.NEW}
    assert not (tmp_path / "content").exists()


def test_dateline_wins_and_file_date_is_kept(tmp_path: Path) -> None:
    source = seed(tmp_path)
    run(tmp_path)
    os.utime(source, (1_800_000_000, 1_800_000_000))
    source.write_text(f"{LEDE}\n\n{BODY}\nNachtrag.\n", encoding="utf-8")
    os.utime(source, (1_800_000_000, 1_800_000_000))
    run(tmp_path)
    assert "date: '2026-02-02T02:40:00+00:00'" in only_article(tmp_path).read_text(encoding="utf-8")
    source.write_text(f"12. Februar 2026, 14:03\n\n{LEDE}\n\n{BODY}", encoding="utf-8")
    run(tmp_path)
    text = only_article(tmp_path).read_text(encoding="utf-8")
    assert "date: '2026-02-12T14:03:00+00:00'" in text and "date_source" not in text


def test_slug_clash_gets_a_stable_suffix(tmp_path: Path) -> None:
    seed(tmp_path, "001_neuland")
    seed(tmp_path, "002_neuland", f"{LEDE}\n\n{BODY}\nAndere Fassung.\n")
    report = run(tmp_path)
    names = sorted(articles(tmp_path))
    assert len(names) == 2
    base = names[1] if names[0].endswith("-002-neuland.md") else names[0]
    assert sorted(names) == sorted([base, base[:-3] + "-002-neuland.md"])
    assert any("taken" in w for w in report.warnings)


BAD_SEEDS = {
    "empty": b"",
    "binary": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10,
    "undecodable": bytes(range(128, 256)) * 20,
    "noparagraph": "Legende: Ein Bild. Keystone\n".encode(),
    "huge": b"Ein Satz. " * 300_000,
}


def test_bad_seeds_fail_alone_and_change_nothing(tmp_path: Path) -> None:
    seed(tmp_path)
    run(tmp_path)
    before = articles(tmp_path)
    for name, data in BAD_SEEDS.items():
        (tmp_path / "seeds" / f"{name}.txt").write_bytes(data)
    (tmp_path / "seeds" / "copy.txt").write_bytes((tmp_path / "seeds" / "001_neuland.txt").read_bytes())
    result = run_cli("ingest", cwd=tmp_path)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    for name in BAD_SEEDS:
        assert any(f"{name}.txt" in line for line in errors), (name, result.stderr)
    assert any("copy.txt" in line and "same text" in line for line in result.stderr.splitlines())
    assert articles(tmp_path) == before


def test_strict_turns_warnings_into_failure(tmp_path: Path) -> None:
    seed(tmp_path)
    (tmp_path / "seeds" / "latin.txt").write_bytes(f"Grüsse aus Zürich. {LEDE}".encode("cp1252"))
    assert run_cli("ingest", cwd=tmp_path).returncode == 0
    (tmp_path / "seeds" / "latin2.txt").write_bytes(f"Grüsse aus Bern. {LEDE}".encode("cp1252"))
    assert run_cli("ingest", "--strict", cwd=tmp_path).returncode == 1


def test_a_broken_article_file_is_left_alone(tmp_path: Path) -> None:
    seed(tmp_path)
    run(tmp_path)
    path = only_article(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace("title: ", "title: [unclosed ", 1),
                    encoding="utf-8")
    before = articles(tmp_path)
    seed(tmp_path, text=f"{LEDE}\n\n{BODY}\nNachtrag.\n")
    report = run(tmp_path)
    assert any(str(path) in w for w in report.warnings)
    assert report.outcomes == {"001_neuland.txt": Outcome.FAILED}
    assert any("does not parse" in e for e in report.errors)
    assert articles(tmp_path) == before


def test_spacy_backend_from_site_yaml(tmp_path: Path) -> None:
    """`ner.backend: spacy` with a model the user installed (here a blank
    pipeline with an entity ruler, saved to disk: no download)."""
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("de")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "LOC", "pattern": "Neuland"}, {"label": "PER", "pattern": "Erika Muster"}])
    nlp.to_disk(tmp_path / "model")
    seed(tmp_path, text=f"{LEDE} Das sagte Erika Muster.\n\n{BODY}")
    (tmp_path / "site.yaml").write_text(f"ner:\n  backend: spacy\n  model: {tmp_path / 'model'}\n",
                                        encoding="utf-8")
    assert run(tmp_path).ok
    meta = frontmatter.split(only_article(tmp_path).read_text(encoding="utf-8"), Path("a.md")).meta
    assert meta["entities"]["people"] == ["Erika Muster"] and "Neuland" in meta["entities"]["places"]


def test_spacy_backend_needs_a_model(tmp_path: Path) -> None:
    seed(tmp_path)
    (tmp_path / "site.yaml").write_text("ner:\n  backend: spacy\n", encoding="utf-8")
    result = run_cli("ingest", cwd=tmp_path)
    assert result.returncode == 1 and "'ner.model' is required" in result.stderr
