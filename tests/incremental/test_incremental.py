"""Incremental builds equal clean builds, byte for byte.

Each scenario builds a generated site of a few hundred articles, edits it,
builds again incrementally and compares site/ with a clean build of a copy
of the edited project. Search is off (Pagefind runs after the build and has
its own tests; it would triple the run time here)."""
from __future__ import annotations

import os
import random
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from generator import build as build_module
from generator import config as config_module
from generator import corpus, incremental, markup, parallel, plan, write
from generator import state as state_module
from tests.conftest import ROOT, write_article

N_ARTICLES = 240
SITE_YAML = "title: Inkrementell\nsearch:\n  enabled: false\n"
TAGS = [f"Thema {i}" for i in range(30)]
PEOPLE = [f"Person {i}" for i in range(40)]
PLACES = [f"Ort {i}" for i in range(25)]
ORGS = [f"Verband {i}" for i in range(20)]


def _make_project(folder: Path, n: int = N_ARTICLES) -> Path:
    rng = random.Random(7)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    for i in range(n):
        write_article(
            folder, f"{i:04d}-bericht-{i}", f"Bericht Nummer {i}",
            f"2025-{1 + i % 12:02d}-{1 + i % 27:02d}T{i % 24:02d}:{i % 60:02d}:00+01:00",
            body=f"Absatz eins von Bericht {i}.\n\nZweiter Absatz mit *Betonung* {i}.",
            summary=f"Zusammenfassung {i}.",
            tags=rng.sample(TAGS, 3), people=rng.sample(PEOPLE, 2),
            places=rng.sample(PLACES, 1), organisations=rng.sample(ORGS, 1))
    return folder


def _build(folder: Path, clean: bool = False, workers: int | None = None) -> build_module.BuildReport:
    return build_module.build(config_module.load(folder / "site.yaml"), clean=clean, workers=workers)


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and "pagefind" not in p.parts}


def _assert_equals_clean(project: Path, tmp_path: Path) -> None:
    reference = tmp_path / "reference"
    shutil.rmtree(reference, ignore_errors=True)
    shutil.copytree(project, reference, ignore=shutil.ignore_patterns("site", ".cache"))
    _build(reference, clean=True, workers=1)
    got, want = _tree(project / "site"), _tree(reference / "site")
    assert sorted(got) == sorted(want), f"extra {set(got) - set(want)}, missing {set(want) - set(got)}"
    differing = [path for path in want if got[path] != want[path]]
    assert not differing, f"{len(differing)} files differ, e.g. {differing[:5]}"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = _make_project(tmp_path / "project")
    report = _build(folder)
    assert report.written == report.pages > N_ARTICLES
    return folder


def _article(project: Path, i: int) -> Path:
    return next((project / "content" / "articles").glob(f"{i:04d}-*.md"))


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (old, path)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_second_build_writes_nothing(project: Path, tmp_path: Path) -> None:
    report = _build(project)
    assert report.written == 0 and report.removed == 0
    assert report.current == report.pages
    _assert_equals_clean(project, tmp_path)


def test_touch_without_change_writes_nothing(project: Path) -> None:
    _article(project, 3).touch()
    assert _build(project).written == 0


def test_a_change_behind_a_linked_folder_is_seen(project: Path, tmp_path: Path) -> None:
    """The scan follows a folder in content/ that is a symbolic link (each
    folder is listed through its own descriptor)."""
    elsewhere = tmp_path / "pages-elsewhere"
    elsewhere.mkdir()
    page = elsewhere / "ueber-uns.md"
    page.write_text("---\ntitle: Über uns\n---\n\nErste Fassung.\n", encoding="utf-8")
    (project / "content" / "pages").symlink_to(elsewhere, target_is_directory=True)
    assert "ueber-uns/index.html" in _build(project).written_paths
    assert _build(project).written == 0
    _edit(page, "Erste Fassung.", "Zweite Fassung.")
    assert "ueber-uns/index.html" in _build(project).written_paths
    _assert_equals_clean(project, tmp_path)


def test_deleted_output_is_repaired(project: Path, tmp_path: Path) -> None:
    (project / "site" / "index.html").unlink()
    page = next((project / "site" / "articles").iterdir()) / "index.html"
    page.unlink()
    report = _build(project)
    assert report.written == 2
    _assert_equals_clean(project, tmp_path)


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The pid of every process forked during the test."""
    pids: list[int] = []
    fork = os.fork

    def recorded() -> int:
        pid = fork()
        if pid:
            pids.append(pid)
        return pid
    monkeypatch.setattr(os, "fork", recorded)
    return pids


@pytest.fixture
def forking(monkeypatch: pytest.MonkeyPatch) -> None:
    """The output check forks, however small the site and busy the session."""
    monkeypatch.setattr(incremental, "FORK_CHECK_FROM", 1)
    monkeypatch.setattr(parallel, "_can_fork", lambda: True)
    monkeypatch.setattr(parallel, "workers_wanted", lambda requested: 2)


def _assert_reaped(pids: list[int]) -> None:
    assert pids
    for pid in pids:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


@pytest.mark.usefixtures("forking")
@pytest.mark.parametrize("edit", [False, True])
def test_missing_output_found_by_the_forked_check(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   forks: list[int], edit: bool) -> None:
    """At 2,000 outputs or more, whether they are all there is worked out by
    a child forked before the scan (incremental.OutputsCheck); its answer
    sends a no-change or a body-edit build down the full path, and the
    child is reaped."""
    forked = []
    in_child = parallel.in_child

    def spy(test: Callable[[], bool], allowed: bool = True) -> Callable[[], bool]:
        if getattr(test, "func", None) is incremental.outputs_present:
            forked.append(test)
        return in_child(test, allowed)
    monkeypatch.setattr(parallel, "in_child", spy)
    if edit:
        _edit(_article(project, 5), "Absatz eins von Bericht 5.", "Neu.")
    else:
        assert _build(project).written == 0             # all there: the child says so
    (project / "site" / "tags" / "index.html").unlink()
    report = _build(project)
    assert "tags/index.html" in report.written_paths and len(forked) == 2 - edit
    _assert_reaped(forks)
    _assert_equals_clean(project, tmp_path)


@pytest.mark.usefixtures("forking")
def test_unasked_output_check_is_reaped(project: Path, forks: list[int]) -> None:
    """A change that takes the full path never asks the forked check; the
    build still waits for that child."""
    (project / "site.yaml").write_text(SITE_YAML.replace("Inkrementell", "Anders"), encoding="utf-8")
    assert _build(project).written > 0
    _assert_reaped(forks)


def test_edit_body(project: Path, tmp_path: Path) -> None:
    _edit(_article(project, 5), "Absatz eins von Bericht 5.", "Ein ganz neuer erster Absatz mit mehr Wörtern.")
    report = _build(project)
    assert 1 <= report.written <= 3, report.written_paths
    assert any(p.startswith("articles/") for p in report.written_paths)
    _assert_equals_clean(project, tmp_path)


def test_edit_title_changes_listings(project: Path, tmp_path: Path) -> None:
    _edit(_article(project, 7), "title: Bericht Nummer 7", "title: Ganz anderer Titel")
    report = _build(project)
    assert "index.html" in report.written_paths or any("tags/" in p for p in report.written_paths)
    _assert_equals_clean(project, tmp_path)


def test_add_and_remove_tag(project: Path, tmp_path: Path) -> None:
    path = _article(project, 11)
    _edit(path, "tags:\n", "tags:\n- Brandneu\n")
    write_article(project, "9998-zweiter", "Zweiter mit Brandneu", "2025-05-05T10:00:00+01:00",
                  summary="Z.", tags=["Brandneu"])
    _build(project)
    assert (project / "site" / "tags" / "brandneu" / "index.html").is_file()
    _assert_equals_clean(project, tmp_path)
    _edit(path, "- Brandneu\n", "")
    (project / "content" / "articles" / "9998-zweiter.md").unlink()
    report = _build(project)
    assert report.removed >= 1
    assert not (project / "site" / "tags" / "brandneu").exists()
    _assert_equals_clean(project, tmp_path)


def test_rename_entity(project: Path, tmp_path: Path) -> None:
    for path in (project / "content" / "articles").glob("*.md"):
        text = path.read_text(encoding="utf-8")
        if "Person 3\n" in text:
            path.write_text(text.replace("Person 3\n", "Person Drei\n"), encoding="utf-8")
    report = _build(project)
    assert report.removed >= 1
    _assert_equals_clean(project, tmp_path)


def test_entity_registry_file(project: Path, tmp_path: Path) -> None:
    registry = project / "content" / "entities.yaml"
    registry.write_text("entities:\n  - name: Person 4\n    type: person\n    description: Eine Testperson.\n",
                        encoding="utf-8")
    _build(project)
    _assert_equals_clean(project, tmp_path)
    registry.write_text("entities:\n  - name: Person 4\n    type: person\n    description: Jemand anderes.\n",
                        encoding="utf-8")
    _build(project)
    _assert_equals_clean(project, tmp_path)


def test_delete_article(project: Path, tmp_path: Path) -> None:
    _article(project, 20).unlink()
    report = _build(project)
    assert report.removed >= 1
    _assert_equals_clean(project, tmp_path)


def test_change_included_template(project: Path, tmp_path: Path) -> None:
    partial = project / "templates" / "partials" / "story.html"
    partial.parent.mkdir(parents=True)
    source = (ROOT / "templates" / "partials" / "story.html").read_text(encoding="utf-8")
    partial.write_text("<!-- local story -->\n" + source, encoding="utf-8")
    report = _build(project)
    assert "index.html" in report.written_paths
    assert report.written < report.pages
    _assert_equals_clean(project, tmp_path)


def test_change_site_yaml(project: Path, tmp_path: Path) -> None:
    (project / "site.yaml").write_text(SITE_YAML.replace("Inkrementell", "Neu benannt"), encoding="utf-8")
    report = _build(project)
    site = project / "site"
    every_page = {path.relative_to(site).as_posix() for path in site.rglob("*.html")}
    assert every_page <= set(report.written_paths)          # each shows the site's title
    assert report.written < report.pages - _static_count(project)    # robots.txt and the like did not change
    _assert_equals_clean(project, tmp_path)


def test_new_generator_code_reaches_every_page(project: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The state remembers the generator's own source (state.code_version):
    an upgrade that renders bodies differently reaches every article,
    though no input changed."""
    convert = markup.Markup.convert
    monkeypatch.setattr(markup.Markup, "convert", lambda self, text, lang: convert(self, text, lang) + "<p>v2</p>")
    for module in (build_module, state_module):
        monkeypatch.setattr(module, "code_version", lambda: "the next release")
    report = _build(project)
    assert sum(path.startswith("articles/") for path in report.written_paths) == N_ARTICLES
    _assert_equals_clean(project, tmp_path)


def _static_count(project: Path) -> int:
    return sum(1 for p in (project / "site" / "static").rglob("*") if p.is_file())


def test_markdown_of_many_files(project: Path, tmp_path: Path) -> None:
    for i in range(0, N_ARTICLES, 3):
        _edit(_article(project, i), "Zweiter Absatz", "## Zwischentitel\n\nZweiter Absatz")
    _build(project)
    _assert_equals_clean(project, tmp_path)


def test_parallel_equals_serial(tmp_path: Path) -> None:
    """Forked workers and a single process write the same site."""
    serial = _make_project(tmp_path / "serial", 500)
    forked = _make_project(tmp_path / "forked", 500)
    _build(serial, workers=1)
    report = _build(forked, workers=2)
    assert report.written == report.pages
    assert _tree(serial / "site") == _tree(forked / "site")


# --- a build into an empty site/ writes a staging folder, moved in when complete ---

@pytest.mark.parametrize("workers", [1, 2])
def test_failed_fresh_build_publishes_nothing(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              workers: int) -> None:
    shutil.rmtree(project / "site")
    render = build_module.PageRenderer.render
    calls = iter(range(10**6))

    def fail_later(self: build_module.PageRenderer, job: plan.Job) -> bytes:
        if next(calls) == 100:
            raise build_module.BuildError("a page failed")
        return render(self, job)
    with monkeypatch.context() as patch:
        patch.setattr(build_module.PageRenderer, "render", fail_later)
        with pytest.raises(build_module.BuildError):
            _build(project, workers=workers)
    assert list((project / "site").iterdir()) == []
    _build(project)
    _assert_equals_clean(project, tmp_path)


def test_killed_fresh_builds_staging_is_removed(project: Path, tmp_path: Path) -> None:
    shutil.rmtree(project / "site")
    leftover = project / "site" / write.STAGING / "articles" / "x"
    leftover.mkdir(parents=True)
    (leftover / "index.html").write_text("<p>half")
    _build(project)
    assert not (project / "site" / write.STAGING).exists()
    _assert_equals_clean(project, tmp_path)


# --- the body-edit path: only the edited article's page, without planning ---

def _no_planning(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the body-edit path must not plan the site")
    monkeypatch.setattr(plan, "plan", refuse)
    monkeypatch.setattr(corpus, "discover", refuse)


def _full_plan_writes_nothing(project: Path) -> None:
    """The digests the fast path stored equal those a full plan computes."""
    (project / ".cache" / "build.sqlite").parent.mkdir(exist_ok=True)
    state = build_module.State(project / ".cache" / "build.sqlite")
    state.set_meta({"inputs": "forced-full", "settings": "forced-full"})
    state.close()
    report = _build(project)
    assert report.written == 0, report.written_paths


def test_body_edit_renders_only_that_page(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _article(project, 5)
    _edit(path, "Absatz eins von Bericht 5.", "Ein ganz neuer erster Absatz mit " + "vielen Wörtern " * 300)
    with monkeypatch.context() as patch:
        _no_planning(patch)
        report = _build(project)
    assert len(report.written_paths) == 1 and report.written_paths[0].startswith("articles/")
    assert report.removed == 0 and report.pages == report.current + 1
    assert _build(project).written == 0
    _assert_equals_clean(project, tmp_path)     # reading time and word count changed too
    _full_plan_writes_nothing(project)


def test_word_count_follows_the_body_not_old_front_matter(project: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Ingest wrote `words:`/`reading_time:` up to version 2; a hand-edited
    body made them stale. The build counts the body, on either path."""
    path = _article(project, 9)
    _edit(path, "title: Bericht Nummer 9", "words: 5\nreading_time: 1\ntitle: Bericht Nummer 9")
    assert _build(project).written == 0                 # keys the build does not read
    _edit(path, "Absatz eins von Bericht 9.", "Absatz eins von Bericht 9. " + "Noch mehr Wörter hier. " * 150)
    with monkeypatch.context() as patch:
        _no_planning(patch)
        assert len(_build(project).written_paths) == 1
    page = next((project / "site" / "articles").glob("*-9/index.html")).read_text(encoding="utf-8")
    words = 5 + 4 * 150 + 5         # "Absatz eins von Bericht 9." … "Zweiter Absatz mit *Betonung* 9."
    assert f'"wordCount":{words}' in page and "3 Min. Lesezeit" in page
    _assert_equals_clean(project, tmp_path)


def test_whitespace_only_front_matter_edit_is_a_body_edit(project: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    path = _article(project, 9)
    _edit(path, "title: Bericht Nummer 9", "title:    Bericht Nummer 9   ")
    _edit(path, "Absatz eins von Bericht 9.", "Absatz eins, neu.")
    with monkeypatch.context() as patch:
        _no_planning(patch)
        report = _build(project)
    assert len(report.written_paths) == 1
    _assert_equals_clean(project, tmp_path)
    _full_plan_writes_nothing(project)


def test_whitespace_only_edit_of_front_matter_writes_nothing(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _edit(_article(project, 4), "title: Bericht Nummer 4", "title:  Bericht Nummer 4")
    with monkeypatch.context() as patch:
        _no_planning(patch)
        assert _build(project).written == 0


def test_body_edit_then_title_edit(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _article(project, 12)
    _edit(path, "Absatz eins von Bericht 12.", "Geänderter Text.")
    with monkeypatch.context() as patch:
        _no_planning(patch)
        assert len(_build(project).written_paths) == 1
    _assert_equals_clean(project, tmp_path)
    _edit(path, "title: Bericht Nummer 12", "title: Neuer Titel zwölf")
    report = _build(project)                    # the full path: listings show the title
    assert "index.html" in report.written_paths or len(report.written_paths) > 3
    _assert_equals_clean(project, tmp_path)
    _edit(path, "Geänderter Text.", "Noch einmal geändert.")
    with monkeypatch.context() as patch:
        _no_planning(patch)
        assert len(_build(project).written_paths) == 1
    _assert_equals_clean(project, tmp_path)
    _full_plan_writes_nothing(project)


def test_body_edits_of_several_articles(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for i in (1, 2, 3):
        _edit(_article(project, i), f"Absatz eins von Bericht {i}.", f"Neu {i}.")
    with monkeypatch.context() as patch:
        _no_planning(patch)
        assert len(_build(project).written_paths) == 3
    _assert_equals_clean(project, tmp_path)


def test_summary_taken_from_the_body_takes_the_full_path(project: Path, tmp_path: Path) -> None:
    """Without a summary: in its front matter, the first paragraph is the
    summary every listing shows, so a body edit is not body-only."""
    path = write_article(project, "0500-ohne", "Ohne Zusammenfassung", "2025-06-06T10:00:00+01:00",
                         body="Der erste Absatz ist die Zusammenfassung.", tags=["Thema 1"])
    _build(project)
    _edit(path, "Der erste Absatz ist die Zusammenfassung.", "Ein anderer erster Absatz.")
    report = _build(project)
    assert len(report.written_paths) > 1
    _assert_equals_clean(project, tmp_path)


def test_body_edit_with_another_change_takes_the_full_path(project: Path, tmp_path: Path) -> None:
    _edit(_article(project, 6), "Absatz eins von Bericht 6.", "Neu 6.")
    _article(project, 30).unlink()
    report = _build(project)
    assert report.removed >= 1
    _assert_equals_clean(project, tmp_path)


def test_broken_front_matter_then_fixed(project: Path, tmp_path: Path) -> None:
    path = _article(project, 8)
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("title: ", "title: [", 1), encoding="utf-8")
    with pytest.raises(Exception):
        _build(project)
    path.write_text(good.replace("Absatz eins", "Absatz EINS"), encoding="utf-8")
    _build(project)
    _assert_equals_clean(project, tmp_path)


def test_body_edit_with_deleted_output_is_repaired(project: Path, tmp_path: Path) -> None:
    _edit(_article(project, 5), "Absatz eins von Bericht 5.", "Neu.")
    (project / "site" / "archive" / "index.html").unlink()
    report = _build(project)
    assert "archive/index.html" in report.written_paths
    _assert_equals_clean(project, tmp_path)


def test_switching_term_feeds_and_editions_off_and_on(project: Path, tmp_path: Path) -> None:
    site = project / "site"
    assert (site / "tags" / "thema-0" / "feed.xml").is_file() and (site / "editions").is_dir()
    (project / "site.yaml").write_text(SITE_YAML + "feeds:\n  terms: false\neditions:\n  enabled: false\n",
                                       encoding="utf-8")
    report = _build(project)
    assert report.removed > 0
    assert not list(site.glob("tags/*/feed.*")) and not list(site.glob("entities/*/*/feed.*"))
    assert not (site / "editions").exists()
    _assert_equals_clean(project, tmp_path)
    (project / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    _build(project)
    assert (site / "tags" / "thema-0" / "feed.xml").is_file() and (site / "editions" / "day.xml").is_file()
    _assert_equals_clean(project, tmp_path)


def test_a_theme_that_starts_to_show_related_stories(project: Path, tmp_path: Path) -> None:
    """Planning left related stories out while article.html never showed
    them; once it does, every article page gets them, as in a clean build."""
    article = project / "templates" / "article.html"
    article.parent.mkdir(parents=True)
    article.write_text("<h1>{{ article.title }}</h1>\n{{ body_html }}\n", encoding="utf-8")
    _build(project)
    _assert_equals_clean(project, tmp_path)
    article.write_text(article.read_text(encoding="utf-8")
                       + "{% for story in related %}<a href=\"{{ url(story.url) }}\">{{ story.title }}</a>\n"
                         "{% endfor %}", encoding="utf-8")
    report = _build(project)
    assert report.written >= N_ARTICLES
    page = project / "site" / "articles" / _article(project, 5).stem / "index.html"
    assert "<a href=" in page.read_text(encoding="utf-8")
    _assert_equals_clean(project, tmp_path)


def _killed_before_saving(patch: pytest.MonkeyPatch) -> None:
    """The build dies after writing site/, before its records are saved (Ctrl-C, a kill)."""
    def killed(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt("killed")
    patch.setattr(state_module.State, "save", killed)


def test_a_build_killed_after_writing_then_undone(project: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The killed build wrote listings with the new title; the records still
    say the old one. Undoing the edit must not leave those pages as they are."""
    path = _article(project, 7)
    original = path.read_text(encoding="utf-8")
    _edit(path, "title: Bericht Nummer 7", "title: Bericht Nummer sieben")
    with monkeypatch.context() as patch:
        _killed_before_saving(patch)
        with pytest.raises(KeyboardInterrupt):
            _build(project)
    assert "Bericht Nummer sieben" in (project / "site" / "archive" / "index.html").read_text(encoding="utf-8")
    path.write_text(original, encoding="utf-8")
    _build(project)
    _assert_equals_clean(project, tmp_path)
    assert _build(project).written == 0


def test_a_page_a_killed_build_added_goes_when_undone(project: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    path = _article(project, 11)
    original = path.read_text(encoding="utf-8")
    for name in ("9998-eins", "9999-zwei"):
        write_article(project, name, f"Neu {name}", "2025-05-05T10:00:00+01:00", summary="Z.", tags=["Brandneu"])
    with monkeypatch.context() as patch:
        _killed_before_saving(patch)
        with pytest.raises(KeyboardInterrupt):
            _build(project)
    assert (project / "site" / "tags" / "brandneu" / "index.html").is_file()
    for name in ("9998-eins", "9999-zwei"):
        (project / "content" / "articles" / f"{name}.md").unlink()
    path.write_text(original, encoding="utf-8")
    _build(project)
    assert not (project / "site" / "tags" / "brandneu").exists()
    _assert_equals_clean(project, tmp_path)



def test_a_clean_build_keeps_the_records_true(project: Path, tmp_path: Path) -> None:
    """`build --clean` renders every page again; the next ordinary build
    must still know what each page was made from (here: the title undone)."""
    path = _article(project, 7)
    original = path.read_text(encoding="utf-8")
    _edit(path, "title: Bericht Nummer 7", "title: Bericht Nummer sieben")
    _build(project, clean=True)
    path.write_text(original, encoding="utf-8")
    _build(project)
    _assert_equals_clean(project, tmp_path)


def test_a_clean_build_removes_what_is_no_longer_made(project: Path, tmp_path: Path) -> None:
    page = project / "site" / "articles" / _article(project, 20).stem / "index.html"
    assert page.is_file()
    _article(project, 20).unlink()
    report = _build(project, clean=True)
    assert report.removed >= 1 and not page.exists()
    _assert_equals_clean(project, tmp_path)
    assert _build(project).written == 0
