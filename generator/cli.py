"""Command line: argparse, lazy imports per command, errors → exit codes.
0 success, 1 user error, 2 usage error, 70 internal error (a bug)."""
from __future__ import annotations

import argparse
import errno
import logging
import sys
import traceback
from pathlib import Path
from typing import Any

from . import __version__
from .errors import GeneratorError

log = logging.getLogger("generator.cli")
EXIT_USER, EXIT_BUG = 1, 70
# What the machine, not newsdigest, got wrong: a full disk, a read-only or
# forbidden folder, too many open files. Said in one line, like bad input.
ENVIRONMENT_ERRNOS = frozenset(getattr(errno, name) for name in (
    "ENOSPC", "EDQUOT", "EROFS", "EACCES", "EPERM", "EIO", "EMFILE", "ENFILE", "ENAMETOOLONG")
    if hasattr(errno, name))


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, default=None, metavar="FILE",
                        help="site settings (default: ./site.yaml; defaults apply if absent)")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more output (-vv: debug)")
    parser.add_argument("-q", "--quiet", action="store_true", help="only warnings and errors")
    parser.add_argument("--debug", action="store_true", help="show tracebacks for every error")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsdigest", description=(
        "A static news-digest site generator: raw news text (seeds/) → Markdown articles "
        "(content/) → a browsable, searchable site (site/)."))
    parser.add_argument("--version", action="version", version=f"newsdigest {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    ingest = commands.add_parser("ingest", help="turn seeds/*.txt into content/articles/*.md",
                                 description="Turn raw seed texts into Markdown articles with front matter. "
                                 "Never overwrites a hand edit; --force regenerates (saving .md.bak).")
    _common(ingest)
    ingest.add_argument("seeds", nargs="*", type=Path, help="only these seed files (default: all in seeds/)")
    ingest.add_argument("--force", action="store_true", help="regenerate edited articles too (old file kept as .md.bak)")
    ingest.add_argument("--dry-run", action="store_true", help="print what would change, write nothing")
    ingest.add_argument("--strict", action="store_true", help="treat warnings as failures")

    build = commands.add_parser("build", help="render content/ into site/",
                                description="Render the site from content/ with the templates.")
    _common(build)
    build.add_argument("--base-url", default=None, help="override base_url (also NEWSDIGEST_BASE_URL)")
    build.add_argument("--clean", action="store_true", help="ignore the build cache: read every article and render every page again")
    build.add_argument("--strict", action="store_true", help="treat warnings as failures")

    serve = commands.add_parser("serve", help="build, serve site/ locally and rebuild on change",
                                description="Preview server with live reload. Binds 127.0.0.1 by default.")
    _common(serve)
    serve.add_argument("--host", default=None, help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=None, help="port (default 8000; 0 picks a free one)")
    serve.add_argument("--base-url", default=None, help="override base_url")
    serve.add_argument("--poll", action="store_true", help="poll for changes (Docker, network mounts)")
    serve.add_argument("--no-reload", action="store_true", help="do not inject the live-reload script")
    serve.add_argument("--open", action="store_true", help="open the site in a browser")

    check = commands.add_parser("check", help="check a built site/ for broken links and base-URL mistakes",
                                description="Check every internal link, anchor and asset of the built site, "
                                "sitemap.xml, feeds and search index against base_url. One line per "
                                "problem; exits 1 when there is any.")
    _common(check)
    check.add_argument("folder", nargs="?", type=Path, default=None,
                       help="the built site (default: output_dir from site.yaml)")
    check.add_argument("--base-url", default=None, help="the base_url it was built for (also NEWSDIGEST_BASE_URL)")

    publish = commands.add_parser("publish", help="build, check and commit site/ to the gh-pages branch, then push",
                                  description="Build and check the site, commit it with .nojekyll (and CNAME "
                                  "when 'cname' is set) to a branch only this command writes, and push it. "
                                  "Refuses when content/ has uncommitted changes.")
    _common(publish)
    publish.add_argument("--remote", default="origin", help="git remote to push to (default origin)")
    publish.add_argument("--branch", default="gh-pages", help="branch to publish to (default gh-pages)")
    publish.add_argument("--base-url", default=None, help="override base_url (also NEWSDIGEST_BASE_URL)")
    publish.add_argument("--no-push", action="store_true", help="commit the branch locally, do not push")

    tags = commands.add_parser("tags", help="list tags with counts and suggested merges",
                               description="Tags in content/ by use, and variants worth merging "
                               "in content/tags.yaml.")
    _common(tags)

    entities = commands.add_parser("entities", help="list named entities with counts and likely duplicates",
                                   description="People, places and organisations in content/ by use, "
                                   "likely duplicates and one-off names, to curate content/entities.yaml.")
    _common(entities)

    extract = commands.add_parser("extract", help="named entities of texts (JSON lines on stdin)",
                                  description="Read {\"id\", \"text\"} JSON lines on stdin, write "
                                  "{\"id\", \"entities\": [...]} lines with character offsets.")
    _common(extract)
    extract.add_argument("--jsonl", action="store_true", required=True, help="JSON lines in and out")
    extract.add_argument("--lang", default="de", help="language of the texts (default de)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    from .report import setup_logging
    counter = setup_logging(-1 if args.quiet else args.verbose)
    try:
        handler = {"ingest": _ingest, "build": _build, "serve": _serve, "check": _check,
                   "publish": _publish, "extract": _extract,
                   "tags": _tags, "entities": _entities}[args.command]
        code = handler(args)
        if getattr(args, "strict", False) and counter.warnings and code == 0:
            log.error(f"{counter.warnings} warning(s) and --strict is set")
            return EXIT_USER
        return code
    except GeneratorError as exc:
        if args.debug:
            traceback.print_exc()
        log.error(str(exc))
        return EXIT_USER
    except KeyboardInterrupt:
        return 130
    except OSError as exc:
        if exc.errno not in ENVIRONMENT_ERRNOS:
            return _bug()
        if args.debug:
            traceback.print_exc()
        log.error(f"{exc.filename}: {exc.strerror}" if exc.filename else str(exc))
        return EXIT_USER
    except Exception:  # noqa: BLE001 - the last line of defence: a bug
        return _bug()


def _bug() -> int:
    traceback.print_exc()
    log.error("this is a bug in newsdigest; please report it with the traceback above")
    return EXIT_BUG


def _config(args: argparse.Namespace) -> Any:
    from . import config
    return config.load(args.config, base_url=getattr(args, "base_url", None))


def _ingest(args: argparse.Namespace) -> int:
    from .ingest import Outcome, ingest
    cfg = _config(args)
    report = ingest(cfg, force=args.force, dry_run=args.dry_run,
                    strict=args.strict or cfg.ingest.strict, only=args.seeds or None)
    counts = ", ".join(f"{report.count(o)} {o.value}" for o in Outcome if report.count(o))
    log.info(f"Ingested {len(report.outcomes)} seed(s): {counts or 'none'}"
             + (f"; {len(report.orphans)} article(s) without a seed kept" if report.orphans else ""))
    return 0 if report.ok else EXIT_USER


def _build(args: argparse.Namespace) -> int:
    from .build import build
    cfg = _config(args)
    report = build(cfg, clean=args.clean)
    out = cfg.root / cfg.output_dir
    log.info(f"Built {report.pages} files ({report.written} written, {report.current} current, "
             f"{report.removed} removed) from {report.articles} articles, {report.tags} tags, "
             f"{report.entities} entities in {report.seconds:.2f} s → {out / 'index.html'}")
    for path in report.written_paths if args.verbose else ():
        log.info(f"U {path}")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from .serve import serve
    cfg = _config(args)
    return serve(cfg, host=args.host or cfg.serve.host,
                 port=cfg.serve.port if args.port is None else args.port,
                 poll=args.poll, live_reload=not args.no_reload, open_browser=args.open,
                 reload_config=lambda: _config(args), config_path=args.config)


def _check(args: argparse.Namespace) -> int:
    from .check import check_folder
    cfg = _config(args)
    folder = args.folder or cfg.root / cfg.output_dir
    shown = args.folder or cfg.output_dir   # name problems as the user knows the folder
    report = check_folder(folder, cfg.base_url)
    for problem in report.problems:
        print(f"{(shown / problem.path).as_posix()}: {problem.message}")
    (log.info if report.ok else log.error)(f"{report.summary()} (base_url {cfg.base_url})")
    return 0 if report.ok else EXIT_USER


def _publish(args: argparse.Namespace) -> int:
    from .publish import publish
    cfg = _config(args)
    result = publish(cfg, remote=args.remote, branch=args.branch, push=not args.no_push)
    log.info(result.summary())
    return 0


def _tags(args: argparse.Namespace) -> int:
    from .corpus import discover
    from .curate import format_counts, tag_report
    from .ingest import load_registries
    cfg = _config(args)
    rows, merges = tag_report(discover(cfg), load_registries(cfg)[1])
    print("\n".join(format_counts(rows)) or "no tags")
    if merges:
        print("\nsuggested merges (keep ← merge: why):")
        print("\n".join(f"  {keep} ← {merge}: {why}" for keep, merge, why in merges))
    return 0


def _entities(args: argparse.Namespace) -> int:
    from .corpus import discover
    from .curate import entity_report, format_counts
    from .ingest import load_registries
    cfg = _config(args)
    by_kind, duplicates, one_offs = entity_report(discover(cfg), load_registries(cfg)[0])
    for kind, rows in by_kind.items():
        print(f"{kind}:")
        print("\n".join("  " + line for line in format_counts(rows)) or "  none")
    if duplicates:
        print("\nlikely duplicates (first: suggested canonical name):")
        print("\n".join(f"  {d.type}: {' = '.join(d.names)} ({d.reason})" for d in duplicates))
    if one_offs:
        print("\nnamed once and not in the registry (check these):")
        print("\n".join(f"  {kind}: {name}" for kind, name in one_offs))
    return 0


def _extract(args: argparse.Namespace) -> int:
    from .ner import run_jsonl
    return run_jsonl(sys.stdin, sys.stdout, lang=args.lang)


if __name__ == "__main__":
    sys.exit(main())
