"""The hostile corpus (tests/hostile/corpus/, outcomes in EXPECTED.tsv): every
file gives its expected outcome, quickly, through ingest and build, and what
builds is inert (scan.py). The 5 MB single-line files are made here."""
from __future__ import annotations

import shutil
import time
from dataclasses import replace
from pathlib import Path

import pytest

from generator import config as config_module
from generator.build import build
from generator.errors import GeneratorError
from tests.hostile.scan import scan_site

CORPUS = Path(__file__).resolve().parent / "corpus"
HUGE = 5 * 1024 * 1024
SECONDS = 30.0      # per case, generous: this is not a benchmark


def expected() -> dict[str, str]:
    table = {}
    for line in (CORPUS / "EXPECTED.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, outcome = line.split("\t")
            table[name] = outcome
    return table


def _materialise(name: str, target: Path) -> None:
    if name == "seeds/huge-single-line.txt":
        target.write_bytes(b"Riesige Zeile\n\n" + b"Wort " * (HUGE // 5) + b".\n")
    elif name == "articles/huge-single-line.md":
        target.write_bytes(b"---\ntitle: Riesig\ndate: 2026-01-01\n---\n\n" + b"Wort *x* " * (HUGE // 9) + b"\n")
    else:
        shutil.copyfile(CORPUS / name, target)


def test_every_corpus_file_is_listed() -> None:
    listed = set(expected())
    present = {p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*") if p.is_file()
               and p.parent != CORPUS}
    assert present <= listed, present - listed


def _config(root: Path) -> config_module.SiteConfig:
    (root / "site.yaml").write_text("search: {enabled: false}\n", encoding="utf-8")
    return config_module.load(root / "site.yaml")


@pytest.mark.parametrize("name", [n for n in expected() if n.startswith("articles/")])
def test_article(tmp_path: Path, name: str) -> None:
    outcome = expected()[name]
    folder = tmp_path / "content" / "articles"
    folder.mkdir(parents=True)
    _materialise(name, folder / Path(name).name)
    config = _config(tmp_path)
    started = time.perf_counter()
    if outcome == "ok":
        report = build(config)
        assert report.articles == 1
        findings = scan_site(tmp_path / "site", forbidden=("PWNED",))
        assert not findings.problems, findings.problems[:10]
        page = next((tmp_path / "site" / "articles").glob("*/index.html")).read_text(encoding="utf-8")
        assert page.rstrip().endswith("</html>")
    else:
        with pytest.raises(GeneratorError) as caught:
            build(config)
        message = str(caught.value)
        assert outcome.removeprefix("error: ") in message and Path(name).name in message, message
        assert not (tmp_path / "site" / "articles").exists()
    assert time.perf_counter() - started < SECONDS


def _ingest(config: config_module.SiteConfig, seeds: list[Path]):  # type: ignore[no-untyped-def]
    from generator.ingest import ingest
    return ingest(config, only=seeds)


@pytest.mark.parametrize("name", [n for n in expected() if n.startswith("seeds/")])
def test_seed(tmp_path: Path, name: str) -> None:
    outcome = expected()[name]
    (tmp_path / "seeds").mkdir()
    seed = tmp_path / "seeds" / Path(name).name
    _materialise(name, seed)
    config = _config(tmp_path)
    started = time.perf_counter()
    report = _ingest(config, [seed])
    written = list((tmp_path / "content" / "articles").glob("*.md"))
    if outcome == "ok":
        assert report.ok, report.errors
        assert len(written) == 1
        text = written[0].read_text(encoding="utf-8")
        assert not any(c in text for c in "\x00\x01\x07\x1b\u200b\u00ad")
        build(replace(config))
        findings = scan_site(tmp_path / "site", forbidden=("PWNED",))
        assert not findings.problems, findings.problems[:10]
    else:
        assert not report.ok and not written
        assert any(outcome.removeprefix("error: ") in e and seed.name in e for e in report.errors), report.errors
    assert time.perf_counter() - started < SECONDS
