"""README.md's Publish section, followed step by step: the `$` lines of its console
block run in a fresh project with a bare repository as 'origin'."""
from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT
from tests.publish.helpers import write_project
from tests.publish.test_publish_git import IDENTITY, branch_files, git

DOC = ROOT / "README.md"


def console_steps() -> list[str]:
    text = DOC.read_text(encoding="utf-8")
    block = re.search(r"<!-- tests/publish/test_publish_docs.py[^>]*-->\n```console\n(.*?)```", text, re.DOTALL)
    assert block, "the tested console block is missing from README.md"
    return [line[2:] for line in block.group(1).splitlines() if line.startswith("$ ")]


def test_the_documented_steps_publish_the_site(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q", "--bare", "remote.git")
    project = write_project(tmp_path / "project")
    git(project, "init", "-q", "-b", "main")
    git(project, "remote", "add", "origin", str(tmp_path / "remote.git"))
    (project / ".gitignore").write_text("site/\n.cache/\n", encoding="utf-8")
    env = {**os.environ, **IDENTITY, "PYTHONPATH": str(ROOT)}
    outputs = []
    for step in console_steps():
        argv = shlex.split(step)
        commands: list[list[str]] = []
        if "&&" in argv:                        # 'a && b': run each part
            cut = argv.index("&&")
            commands = [argv[:cut], argv[cut + 1:]]
        else:
            commands = [argv]
        for command in commands:
            if command[0] == "newsdigest":
                command = [sys.executable, "-m", "generator", *command[1:]]
            done = subprocess.run(command, cwd=project, capture_output=True, text=True, env=env, timeout=300,
                                  check=False)
            assert done.returncode == 0, f"{step}\n{done.stdout}{done.stderr}"
            outputs.append(done.stderr)
    assert "No problems" in outputs[-3]
    assert "Published" in outputs[-2]
    assert "Nothing changed" in outputs[-1]
    pushed = branch_files(tmp_path / "remote.git", "gh-pages")
    assert ".nojekyll" in pushed
    assert b'href="/repo/static/style.css"' in pushed["index.html"]
    assert git(project, "rev-list", "--count", "gh-pages") == "1"


def test_the_documented_check_output_matches_the_real_format() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert "site/articles/x/index.html: broken link /tags/ (root-absolute link outside the base path /repo/)" in text
    assert "make build NO_CHECK=1" in text and "make publish REMOTE=" in text
