"""`newsdigest publish` against a local bare repository as the remote: the
branch holds exactly site/ plus .nojekyll (and CNAME), an unchanged site
makes no commit, and each refusal leaves the remote untouched."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.publish import TRAILER_KEY, commit_message, foreign_commits
from tests.conftest import ROOT, run_cli
from tests.publish.helpers import SUBPATH_BASE, tree, write_project

IDENTITY = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
            "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org",
            "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, **IDENTITY}, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A project committed to git, with a bare repository as 'origin'."""
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    project = write_project(tmp_path / "project",
                            extra_yaml=f"base_url: {SUBPATH_BASE}\n")
    (project / ".gitignore").write_text("site/\n.cache/\n", encoding="utf-8")
    git(project, "init", "-q", "-b", "main")
    git(project, "remote", "add", "origin", str(remote))
    git(project, "add", ".")
    git(project, "commit", "-q", "-m", "content")
    return project


def publish(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli("publish", *args, cwd=project, env=IDENTITY)


def branch_files(repo: Path, ref: str) -> dict[str, bytes]:
    names = git(repo, "ls-tree", "-r", "--name-only", ref).splitlines()
    return {name: subprocess.run(["git", "show", f"{ref}:{name}"], cwd=repo, capture_output=True,
                                 check=True).stdout for name in names}


def remote_tip(project: Path) -> str:
    return git(project, "ls-remote", "origin", "refs/heads/gh-pages").split("\t")[0]


def test_publish_pushes_exactly_the_site(repo: Path) -> None:
    result = publish(repo)
    assert result.returncode == 0, result.stderr
    assert "Published" in result.stderr and "pushed to origin" in result.stderr
    remote = repo.parent / "remote.git"
    pushed = branch_files(remote, "gh-pages")
    expected = {**tree(repo / "site"), ".nojekyll": b""}
    assert pushed == expected
    assert "CNAME" not in pushed
    message = git(remote, "log", "-1", "--format=%B", "gh-pages")
    assert f"{TRAILER_KEY}: newsdigest" in message
    assert git(repo, "rev-parse", "HEAD") in message
    # the working tree, the index and the checked-out branch are untouched
    assert git(repo, "status", "--porcelain") == ""
    assert git(repo, "branch", "--show-current") == "main"


def test_a_second_publish_without_changes_makes_no_commit(repo: Path) -> None:
    assert publish(repo).returncode == 0
    first = remote_tip(repo)
    again = publish(repo)
    assert again.returncode == 0, again.stderr
    assert "Nothing changed" in again.stderr
    assert remote_tip(repo) == first
    assert git(repo, "rev-list", "--count", "gh-pages") == "1"


def test_a_new_story_is_a_new_commit_on_top(repo: Path) -> None:
    assert publish(repo).returncode == 0
    first = remote_tip(repo)
    shutil.rmtree(repo / "content")
    write_project(repo, order=(0, 1), extra_yaml=f"base_url: {SUBPATH_BASE}\n")
    git(repo, "commit", "-q", "-am", "drop a story")
    assert publish(repo).returncode == 0
    second = remote_tip(repo)
    assert second != first
    assert git(repo, "rev-parse", f"{second}^") == first
    assert "articles/bern-budget/index.html" not in branch_files(repo, second)


def test_cname_is_written_for_a_custom_domain(repo: Path) -> None:
    (repo / "site.yaml").write_text((repo / "site.yaml").read_text(encoding="utf-8")
                                    .replace(SUBPATH_BASE, "https://news.example.ch/")
                                    + "cname: news.example.ch\n", encoding="utf-8")
    result = publish(repo)
    assert result.returncode == 0, result.stderr
    pushed = branch_files(repo.parent / "remote.git", "gh-pages")
    assert pushed["CNAME"] == b"news.example.ch\n"
    assert pushed[".nojekyll"] == b""
    assert b'href="https://news.example.ch/"' in pushed["index.html"]


def test_uncommitted_content_is_refused(repo: Path) -> None:
    story = repo / "content" / "articles" / "zins-entscheid.md"
    story.write_text(story.read_text(encoding="utf-8") + "\nA late edit.\n", encoding="utf-8")
    result = publish(repo)
    assert result.returncode == 1
    assert "content/ has uncommitted changes (content/articles/zins-entscheid.md)" in result.stderr
    assert "(hint: commit them (git add content && git commit) or stash them)" in result.stderr
    assert remote_tip(repo) == ""


def test_an_untracked_story_is_refused_too(repo: Path) -> None:
    write_project(repo, order=(2,))
    (repo / "content" / "articles" / "new.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    result = publish(repo)
    assert result.returncode == 1
    assert "content/articles/new.md" in result.stderr


def test_a_branch_with_foreign_commits_is_refused(repo: Path, tmp_path: Path) -> None:
    assert publish(repo).returncode == 0
    other = tmp_path / "other"
    git(tmp_path, "clone", "-q", "--branch", "gh-pages", str(tmp_path / "remote.git"), str(other))
    (other / "index.html").write_text("hand edit", encoding="utf-8")
    git(other, "commit", "-q", "-am", "fix a typo on the live site")
    git(other, "push", "-q", "origin", "gh-pages")
    tip = remote_tip(repo)
    result = publish(repo)
    assert result.returncode == 1
    assert "branch gh-pages has 1 commit(s) not made by newsdigest publish" in result.stderr
    assert "fix a typo on the live site" in result.stderr
    assert remote_tip(repo) == tip


def test_an_existing_unrelated_branch_is_refused(repo: Path) -> None:
    git(repo, "checkout", "-q", "--orphan", "gh-pages")
    git(repo, "commit", "-q", "-m", "made by hand")
    git(repo, "checkout", "-q", "main")
    result = publish(repo, "--no-push")
    assert result.returncode == 1
    assert "not made by newsdigest publish" in result.stderr


def test_a_broken_site_is_not_published(repo: Path) -> None:
    templates = repo / "templates"
    templates.mkdir()
    (templates / "404.html").write_text('{% extends "base.html" %}{% block main %}'
                                        '<a href="/elsewhere/">x</a>{% endblock %}', encoding="utf-8")
    git(repo, "add", "templates")
    git(repo, "commit", "-q", "-m", "a bad template")
    result = publish(repo)
    assert result.returncode == 1
    assert "error: site/404.html: broken link /elsewhere/ (root-absolute link outside the base path /repo/)" \
        in result.stderr
    assert "not publishing a broken site" in result.stderr
    assert remote_tip(repo) == ""


def test_outside_a_git_repository(tmp_path: Path) -> None:
    write_project(tmp_path)
    result = run_cli("publish", cwd=tmp_path, env={"GIT_CEILING_DIRECTORIES": str(tmp_path.parent)})
    assert result.returncode == 1
    assert "not a git repository" in result.stderr


def test_a_bad_cname_is_refused(repo: Path) -> None:
    with (repo / "site.yaml").open("a", encoding="utf-8") as handle:
        handle.write("cname: https://news.example.ch/\n")
    result = publish(repo)
    assert result.returncode == 1
    assert "'cname': expected a bare host name" in result.stderr


def test_make_publish(repo: Path) -> None:
    """The Makefile target, with the venv and ingest steps stood in for."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    python = f"{os.sys.executable} -m generator"
    done = subprocess.run(["make", "-f", str(ROOT / "Makefile"), "publish", "-o", "install", "-o", "ingest",
                           f"ND={python}", "REMOTE=origin", "BRANCH=site"],
                          cwd=repo, capture_output=True, text=True, timeout=300,
                          env={**os.environ, **IDENTITY, "PYTHONPATH": str(ROOT)}, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No problems" in done.stderr            # make build ran the check
    assert branch_files(repo.parent / "remote.git", "site")[".nojekyll"] == b""


def test_commit_message_and_trailer_parsing() -> None:
    message = commit_message("a" * 40)
    assert message.splitlines()[0] == "Publish site from aaaaaaaaaaaa"
    assert message.endswith("Published-by: newsdigest\n")
    log = "abc Publish site\x1fnewsdigest\n\x1e\ndef fix typo\x1f\x1e\nghi other\x1fsomeone\n\x1e"
    assert foreign_commits(log) == ["def fix typo", "ghi other"]
