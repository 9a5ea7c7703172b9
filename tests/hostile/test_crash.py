"""`kill -9` at random moments never leaves a truncated or half-written file
in content/ or site/, and the next run completes with exactly what a clean
run gives (byte for byte; site/pagefind/ is rebuilt by Pagefind and left out,
and the crash build runs with search off to keep the loop fast).

Each loop kills `build` / `ingest` while it runs (randomly delayed, process
group and all), checks every file, edits a few inputs so the next run has work
again, and repeats; at least 50 kills in total across the two tests."""
from __future__ import annotations

import filecmp
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from datetime import timezone
from pathlib import Path

import pytest

from generator import frontmatter
from generator.write import STAGING
from tests.hostile.helpers import run_ingest
from tests.conftest import ROOT, run_cli, write_article

pytestmark = pytest.mark.slow
WORDS = ("Zürich Bern Rat Steuer Bahn Wetter Klima Wahl Schule Spital Armee Bank Post Gericht "
         "Polizei Gemeinde Kanton Budget Strasse Brücke Energie Wasser Markt Preis").split()
KILLS_PER_TEST = 25
DEADLINE = 45.0          # seconds per test; the loop stops early once it has its kills


def _start(command: list[str], cwd: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "generator", *command, "-q"], cwd=cwd,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait(timeout=30)


def _full_run_seconds(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    process = _start(command, cwd)
    _, err = process.communicate(timeout=300)
    assert process.returncode == 0, err.decode()
    return time.perf_counter() - started


def _kill_loop(command: list[str], cwd: Path, seconds: float, check, touch) -> int:  # type: ignore[no-untyped-def]
    """Start, kill after a random delay, check, edit; returns the number of
    kills that hit a running process."""
    rnd = random.Random(20260210)
    kills, deadline = 0, time.monotonic() + DEADLINE
    while kills < KILLS_PER_TEST and time.monotonic() < deadline:
        process = _start(command, cwd)
        # most kills land while it runs (a full run takes `seconds`)
        time.sleep(rnd.uniform(0.0, 0.8 * min(seconds, 3.0)))
        if process.poll() is None:
            _kill_group(process)
            kills += 1
        else:
            assert process.returncode == 0, process.stderr.read().decode() if process.stderr else ""
        check(cwd)
        touch(cwd, rnd)
    return kills


# --- checks ------------------------------------------------------------------

def check_site(root: Path) -> None:
    site = root / "site"
    for path in site.rglob("*") if site.is_dir() else ():
        name = path.relative_to(site).as_posix()
        if not path.is_file() or name.startswith(("pagefind/", ".pagefind")):
            continue
        if path.name.startswith(".") and path.name.endswith(".tmp"):
            continue        # a killed writer's temp file: never at an output path, removed next run
        if name.startswith(f"{STAGING}/"):
            continue        # a killed fresh build's staging folder: never published, removed next run
        data = path.read_bytes()
        if name.endswith(".html"):
            assert data.rstrip().endswith(b"</html>"), f"truncated page {name}"
        elif name.endswith(".xml"):
            ET.fromstring(data)
        elif name.endswith(".json"):
            import json
            json.loads(data)


def check_content(root: Path) -> None:
    articles = root / "content" / "articles"
    for path in articles.iterdir() if articles.is_dir() else ():
        if path.name.startswith(".") and path.name.endswith(".tmp"):
            continue
        assert path.name.endswith((".md", ".md.bak")), path.name
        frontmatter.parse(path.read_text(encoding="utf-8"), path, "de", timezone.utc)


def assert_same_tree(left: Path, right: Path, skip: tuple[str, ...] = ()) -> None:
    def files(folder: Path) -> set[str]:
        return {p.relative_to(folder).as_posix() for p in folder.rglob("*")
                if p.is_file() and not p.relative_to(folder).as_posix().startswith(skip)}
    ours, theirs = files(left), files(right)
    assert ours == theirs, (sorted(ours - theirs)[:10], sorted(theirs - ours)[:10])
    _, mismatch, errors = filecmp.cmpfiles(left, right, sorted(ours), shallow=False)
    assert not mismatch and not errors, (mismatch[:10], errors[:10])


# --- build -------------------------------------------------------------------

def make_articles(root: Path, count: int) -> None:
    rnd = random.Random(42)
    for i in range(count):
        tags = rnd.sample(WORDS, 3)
        body = "\n\n".join(" ".join(rnd.choice(WORDS) for _ in range(60)) + "." for _ in range(6))
        write_article(root, f"artikel-{i:04d}", title=f"Artikel {i}: {' '.join(tags)}",
                      date=f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}T{i % 24:02d}:00:00+01:00",
                      body=body, tags=tags, people=[rnd.choice(["Anna Muster", "Beat Beispiel"])],
                      places=[rnd.choice(WORDS)])


def edit_articles(root: Path, rnd: random.Random) -> None:
    articles = sorted((root / "content" / "articles").glob("*.md"))
    for path in rnd.sample(articles, 15):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.rstrip("\n") + f" {rnd.choice(WORDS)}.\n", encoding="utf-8")
    if rnd.random() < 0.3:      # a cold start now and then: everything to render again
        shutil.rmtree(root / ".cache", ignore_errors=True)
    if rnd.random() < 0.2:      # and a fresh site/, written in a staging folder
        shutil.rmtree(root / "site", ignore_errors=True)


def test_kill_build_at_random_moments(tmp_path: Path) -> None:
    root = tmp_path / "project"
    root.mkdir()
    (root / "site.yaml").write_text("search: {enabled: false}\n", encoding="utf-8")
    make_articles(root, 300)
    seconds = _full_run_seconds(["build"], root)
    shutil.rmtree(root / "site")
    shutil.rmtree(root / ".cache")
    kills = _kill_loop(["build"], root, seconds, check_site, edit_articles)
    assert kills >= KILLS_PER_TEST, f"only {kills} kills hit a running build in {DEADLINE} s"

    result = run_cli("build", cwd=root)
    assert result.returncode == 0, result.stderr
    check_site(root)
    assert not list((root / "site").rglob(".*.tmp")), "temp files survived a complete build"
    assert not (root / "site" / STAGING).exists(), "a staging folder survived a complete build"
    clean = tmp_path / "clean"
    clean.mkdir()
    shutil.copy(root / "site.yaml", clean / "site.yaml")
    shutil.copytree(root / "content", clean / "content")
    result = run_cli("build", cwd=clean)
    assert result.returncode == 0, result.stderr
    assert_same_tree(root / "site", clean / "site", skip=("pagefind/",))


# --- ingest ------------------------------------------------------------------

def seed_text(i: int, rnd: random.Random) -> str:
    paragraphs = "\n\n".join(" ".join(rnd.choice(WORDS) for _ in range(50)) + "." for _ in range(4))
    return (f"Meldung {i} aus {rnd.choice(WORDS)} zu {rnd.choice(WORDS)}\n\n"
            f"{1 + i % 28:02d}.{1 + i % 12:02d}.2025\n\n"
            f"Der Rat von {rnd.choice(WORDS)} hat am Mittwoch entschieden, die Vorlage {i} anzunehmen. "
            + paragraphs + "\n")


def edit_seeds(root: Path, rnd: random.Random) -> None:
    for path in rnd.sample(sorted((root / "seeds").glob("*.txt")), 20):
        with path.open("a", encoding="utf-8") as handle:
            handle.write(f"\nNachtrag {rnd.randrange(10**6)} zu {rnd.choice(WORDS)}.\n")


def test_kill_ingest_at_random_moments(tmp_path: Path) -> None:
    root = tmp_path / "project"
    (root / "seeds").mkdir(parents=True)
    rnd = random.Random(7)
    for i in range(200):
        (root / "seeds" / f"meldung-{i:04d}.txt").write_text(seed_text(i, rnd), encoding="utf-8")
    run_ingest("seeds/meldung-0000.txt", cwd=root)     # skips while ingest cannot import
    shutil.rmtree(root / "content")
    seconds = _full_run_seconds(["ingest"], root)
    shutil.rmtree(root / "content")
    kills = _kill_loop(["ingest"], root, seconds, check_content, edit_seeds)
    # --force regenerates all and saves .md.bak copies: kill that too
    for _ in range(3):
        process = _start(["ingest", "--force"], root)
        time.sleep(rnd.uniform(seconds * 0.2, seconds))
        if process.poll() is None:
            _kill_group(process)
            kills += 1
        check_content(root)
    assert kills >= KILLS_PER_TEST, f"only {kills} kills hit a running ingest in {DEADLINE} s"

    result = run_cli("ingest", cwd=root)
    assert result.returncode == 0, result.stderr
    check_content(root)
    for leftover in (root / "content" / "articles").glob("*.md.bak"):
        leftover.unlink()       # backups of earlier versions: checked above, not part of the result
    assert not list((root / "content").rglob(".*.tmp")), "temp files survived a complete ingest"
    clean = tmp_path / "clean"
    shutil.copytree(root / "seeds", clean / "seeds")
    result = run_cli("ingest", cwd=clean)
    assert result.returncode == 0, result.stderr
    assert_same_tree(root / "content", clean / "content")


def _index_text(site: Path) -> str:
    import gzip
    return "\n".join(gzip.decompress(p.read_bytes()).decode("utf-8", "replace")
                     for p in (site / "pagefind" / "fragment").glob("*.pf_fragment"))


def test_kill_during_search_indexing_is_repaired_by_next_build(tmp_path: Path) -> None:
    write_article(tmp_path, "one", title="Eins", date="2026-01-01", body="Alter Text.")
    write_article(tmp_path, "two", title="Zwei", date="2026-01-02", body="Noch ein Text.")
    assert run_cli("build", cwd=tmp_path).returncode == 0
    write_article(tmp_path, "one", title="Eins", date="2026-01-01", body="Quokkaneuigkeit im Text.")
    process = _start(["build"], tmp_path)
    deadline = time.monotonic() + 60
    while not (tmp_path / "site" / ".pagefind-next").exists() and process.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.002)
    _kill_group(process)
    result = run_cli("build", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Quokkaneuigkeit" in _index_text(tmp_path / "site")
