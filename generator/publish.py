"""Publish the built site to a branch GitHub Pages serves (gh-pages).

The commit is made with plumbing on a temporary index (hash-object,
update-index, write-tree, commit-tree), so the working tree, the real index
and the checked-out branch are never touched. Every commit carries the
trailer `Published-by: newsdigest`; a branch holding any other commit is
refused rather than overwritten. The same site gives the same tree, and an
unchanged tree makes no commit."""
from __future__ import annotations

import logging
import os
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .check import check_folder
from .config import SiteConfig
from .errors import BuildError

log = logging.getLogger(__name__)
TRAILER_KEY, TRAILER_VALUE = "Published-by", "newsdigest"
# used only when git has no identity configured (a fresh CI box, a container)
FALLBACK_IDENTITY = {"GIT_AUTHOR_NAME": "newsdigest", "GIT_AUTHOR_EMAIL": "newsdigest@localhost",
                     "GIT_COMMITTER_NAME": "newsdigest", "GIT_COMMITTER_EMAIL": "newsdigest@localhost"}


class PublishError(BuildError):
    """Publishing was refused or git failed; the message says which and why."""


@dataclass(frozen=True, slots=True)
class PublishResult:
    branch: str
    remote: str | None       # None: not pushed
    commit: str
    created: bool            # False: the site was unchanged, no commit made
    files: int

    def summary(self) -> str:
        what = (f"Published {self.files} files as {self.commit[:12]} on {self.branch}" if self.created
                else f"Nothing changed: {self.branch} already holds this site ({self.commit[:12]})")
        return what + (f", pushed to {self.remote}" if self.remote else ", not pushed")


# -- pure ------------------------------------------------------------------

def branch_extras(cname: str | None) -> dict[str, bytes]:
    """Files added beside site/: .nojekyll (no Jekyll: '_' paths served as
    they are), and CNAME for a custom domain (site.yaml wins over site/)."""
    extras = {".nojekyll": b""}
    if cname:
        extras["CNAME"] = f"{cname}\n".encode()
    return extras


def check_cname(cname: str | None) -> None:
    if cname is not None and ("/" in cname or ":" in cname or not cname.strip() or " " in cname):
        raise PublishError(f"'cname': expected a bare host name, got {cname!r}",
                           hint="e.g. news.example.org (no https://, no path)")


def commit_message(source: str | None) -> str:
    lines = ["Publish site" + (f" from {source[:12]}" if source else ""), ""]
    if source:
        lines.append(f"Source-commit: {source}")
    lines.append(f"{TRAILER_KEY}: {TRAILER_VALUE}")
    return "\n".join(lines) + "\n"


def foreign_commits(log_text: str) -> list[str]:
    """From `git log --format=%H %s%x1f<trailer values>%x1e`: commits not ours."""
    foreign = []
    for record in log_text.split("\x1e"):
        if not record.strip():
            continue
        head, _, trailers = record.strip("\n").partition("\x1f")
        if TRAILER_VALUE not in [t.strip() for t in trailers.splitlines()]:
            foreign.append(head.strip())
    return foreign


# -- git -------------------------------------------------------------------

class Git:
    def __init__(self, cwd: Path, env: Mapping[str, str] | None = None) -> None:
        self.cwd = cwd
        self.env = {**os.environ, **(env or {})}

    def __call__(self, *args: str, input: bytes | None = None, env: Mapping[str, str] | None = None,
                 check: bool = True) -> str:
        try:
            done = subprocess.run(["git", *args], cwd=self.cwd, input=input, capture_output=True,
                                  env={**self.env, **(env or {})}, timeout=600, check=False)
        except FileNotFoundError:
            raise PublishError("git is not installed") from None
        if check and done.returncode != 0:
            message = done.stderr.decode(errors="replace").strip() or f"exit {done.returncode}"
            raise PublishError(f"git {args[0]} failed: {message}")
        return done.stdout.decode(errors="replace").rstrip() if done.returncode == 0 else ""

    def ok(self, *args: str) -> bool:
        return subprocess.run(["git", *args], cwd=self.cwd, capture_output=True,
                              env=self.env, check=False).returncode == 0


def publish(config: SiteConfig, *, remote: str = "origin", branch: str = "gh-pages",
            push: bool = True) -> PublishResult:
    """Build, check, commit site/ to `branch`, push it to `remote`."""
    check_cname(config.cname)
    git = Git(config.root)
    if not git.ok("rev-parse", "--git-dir"):
        raise PublishError("not a git repository", config.root, hint="run 'git init' and commit content/")
    _refuse_uncommitted_content(git, config)
    from .build import build  # here, not at the top: publish sits above build
    build(config)
    site = config.root / config.output_dir
    report = check_folder(site, config.base_url)
    for problem in report.problems:
        log.error(f"{(config.output_dir / problem.path).as_posix()}: {problem.message}")
    if not report.ok:
        raise PublishError(f"not publishing a broken site: {report.summary()}")
    tree, count = _write_tree(git, site, config.cname)
    parent = _branch_tip(git, remote, branch, push)
    if parent:
        _refuse_foreign(git, parent, branch)
    if parent and git("rev-parse", f"{parent}^{{tree}}") == tree:
        commit, created = parent, False
    else:
        source = git("rev-parse", "--verify", "-q", "HEAD", check=False) or None
        env = {} if git.ok("var", "GIT_COMMITTER_IDENT") and git.ok("var", "GIT_AUTHOR_IDENT") \
            else FALLBACK_IDENTITY
        commit = git("commit-tree", tree, *(["-p", parent] if parent else []),
                     input=commit_message(source).encode(), env=env)
        created = True
    old = git("rev-parse", "--verify", "-q", f"refs/heads/{branch}", check=False)
    if old != commit:
        git("update-ref", "-m", "newsdigest publish", f"refs/heads/{branch}", commit, old)
    if push:
        git("push", "--quiet", remote, f"{commit}:refs/heads/{branch}")
    return PublishResult(branch, remote if push else None, commit, created, count)


def _refuse_uncommitted_content(git: Git, config: SiteConfig) -> None:
    content = config.root / config.content_dir
    changes = git("status", "--porcelain", "--untracked-files=all", "--", str(content))
    if changes:
        listed = ", ".join(line[3:] for line in changes.splitlines()[:5])
        more = f" and {len(changes.splitlines()) - 5} more" if len(changes.splitlines()) > 5 else ""
        name = config.content_dir.as_posix()
        raise PublishError(f"{name}/ has uncommitted changes ({listed}{more}); the published site "
                           "must come from committed content",
                           hint=f"commit them (git add {name} && git commit) or stash them")


def _write_tree(git: Git, site: Path, cname: str | None) -> tuple[str, int]:
    """site/ plus extras → a tree object, through a throwaway index."""
    files = sorted(p for p in site.rglob("*") if p.is_file())
    names = [p.relative_to(site).as_posix() for p in files]
    if not files:
        raise PublishError("the built site is empty", site)
    if any("\n" in name for name in names):
        raise PublishError("a file name in the site contains a line break", site)
    # --no-filters: the exact bytes, whatever .gitattributes or autocrlf say
    blobs = git("hash-object", "-w", "--no-filters", "--stdin-paths",
                input="\n".join(str(p) for p in files).encode()).split()
    entries = dict(zip(names, blobs))
    for name, data in branch_extras(cname).items():
        entries[name] = git("hash-object", "-w", "--no-filters", "--stdin", input=data)
    records = b"".join(f"100644 {sha}\t{name}".encode() + b"\0" for name, sha in sorted(entries.items()))
    with tempfile.TemporaryDirectory(prefix="newsdigest-publish-") as tmp:
        env = {"GIT_INDEX_FILE": str(Path(tmp) / "index")}
        git("update-index", "-z", "--add", "--index-info", input=records, env=env)
        return git("write-tree", env=env), len(entries)


def _branch_tip(git: Git, remote: str, branch: str, push: bool) -> str | None:
    """The commit to build on: the remote branch, or a local one that is ahead of it."""
    local = git("rev-parse", "--verify", "-q", f"refs/heads/{branch}", check=False) or None
    if not push:
        return local
    if not git("ls-remote", "--heads", remote, f"refs/heads/{branch}"):
        return local
    tracking = f"refs/remotes/{remote}/{branch}"
    git("fetch", "--quiet", remote, f"+refs/heads/{branch}:{tracking}")
    theirs = git("rev-parse", tracking)
    if local is None or local == theirs or git.ok("merge-base", "--is-ancestor", local, theirs):
        return theirs
    if git.ok("merge-base", "--is-ancestor", theirs, local):
        return local
    raise PublishError(f"local {branch} and {remote}/{branch} have diverged",
                       hint=f"if the remote is right: git branch -f {branch} {tracking}")


def _refuse_foreign(git: Git, tip: str, branch: str) -> None:
    log_text = git("log", f"--format=%h %s%x1f%(trailers:key={TRAILER_KEY},valueonly)%x1e", tip)
    foreign = foreign_commits(log_text)
    if foreign:
        raise PublishError(f"branch {branch} has {len(foreign)} commit(s) not made by newsdigest "
                           f"publish (first: {foreign[0]}); refusing to publish over them",
                           hint="publish to another branch with --branch, or move those commits away")
