#!/usr/bin/env python3
"""Build-speed benchmark: newsdigest on the shared synthetic corpus, and the
peers (Hugo) in the same run through the shared harness.

    bench/run.py                     # N = 1000 4000 10000, 3 runs, both sites, Hugo if installed
    bench/run.py --100k              # also N = 100000
    bench/run.py --sizes 1000 --runs 1 --no-peers
    bench/run.py --sites search      # the default site with its search index
    bench/run.py --like-peers        # = --sites like-peers (--no-search: --sites default)

Sites, each measured in our own modes and then side by side with Hugo in
its own run of the shared harness:
  like-peers  the pages and layouts the harness gives Hugo (one page per
              article and term, a home page of the newest 100, minimal
              layouts, no per-term feeds, editions or search): the
              comparison issue #8's goals are set on
  default     our default site, search off as the peers: full theme,
              pagination, per-term Atom and JSON feeds, editions
  search      the default site with its Pagefind index

Modes, each whole-process wall time and peak RSS (wait4 rusage, the
largest single process):
  cold      site/ and .cache/ removed first
  nochange  the same command again
  edit      one article's body changed, then build; the site is then
            compared byte for byte with a clean build of the same content

The code measured is a snapshot of generator/ and templates/ taken at the
start, so edits other people make meanwhile cannot invalidate the cache
halfway. The peers' harness (../shared/bench relative to the repo) must be
present: without it this exits 2. Results: BENCH_ROOT/results/newsdigest.md
and .json, and the table on stdout."""
from __future__ import annotations

import argparse
import compileall
import filecmp
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "bench"
PYTHON = REPO / ".venv" / "bin" / "python"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", nargs="*", type=int, default=[1000, 4000, 10000])
    parser.add_argument("--100k", dest="huge", action="store_true", help="add N=100000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-peers", action="store_true", help="skip the shared harness (Hugo)")
    parser.add_argument("--no-verify", action="store_true", help="skip the clean-build comparison")
    parser.add_argument("--sites", nargs="+", choices=list(SITES), default=None,
                        help="which sites to build (default: like-peers default)")
    parser.add_argument("--no-search", dest="sites", action="store_const", const=["default"],
                        help="= --sites default")
    parser.add_argument("--like-peers", dest="sites", action="store_const", const=["like-peers"],
                        help="= --sites like-peers")
    parser.add_argument("--bench-root", type=Path, default=Path(os.environ.get("BENCH_ROOT", "/tmp/bench")))
    args = parser.parse_args()
    if not (SHARED / "make_corpus.py").is_file():
        print(f"error: the shared benchmark harness is absent: {SHARED} (expected ../shared/bench "
              "beside the repository, with make_corpus.py and run_peers.sh)", file=sys.stderr)
        return 2
    sizes = args.sizes + ([100000] if args.huge else [])
    root = args.bench_root
    snapshot = _snapshot(root)
    sections = [(site, *_bench_site(site, root, sizes, snapshot, args)) for site in args.sites or DEFAULT_SITES]
    text = _report(sections, _file_system(root))
    out = root / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "newsdigest.md").write_text(text, encoding="utf-8")
    (out / "newsdigest.json").write_text(json.dumps({site: {"rows": rows, "peers": peers}
                                                     for site, rows, peers in sections}, indent=1),
                                         encoding="utf-8")
    print(text)
    return 0 if all(r["ok"] for _, rows, _ in sections for r in rows) else 1


def _bench_site(site: str, root: Path, sizes: list[int], snapshot: Path,
                args: argparse.Namespace) -> tuple[list[dict[str, object]], list[dict[str, str]]]:
    """Our own modes at every size, then the harness (Hugo and us) on the
    same corpora with the same site.yaml."""
    command = [str(PYTHON), "-m", "generator", "build", "-q"]
    env = {**os.environ, "PYTHONPATH": str(snapshot)}
    settings = SITES[site][1]
    rows: list[dict[str, object]] = []
    configs = []
    try:
        for n in sizes:
            project = _corpus(root, n)
            config = project / "site.yaml"
            config.unlink(missing_ok=True)
            if settings is not None:
                config.write_text(settings.format(layouts=snapshot / "peer_layouts"), encoding="utf-8")
                configs.append(config)
            print(f"{site}: N={n}", file=sys.stderr)
            rows += _measure(project, n, command, env, args.runs, verify=not args.no_verify)
        peers = [] if args.no_peers else _peers(root, sizes, snapshot, args.runs)
    finally:
        for config in configs:
            config.unlink(missing_ok=True)
    return rows, peers

NO_SEARCH = "search:\n  enabled: false\n"
# The harness gives Hugo one page per article and term, a home page with the
# newest 100 and minimal layouts, and turns off its feeds, sitemap and 404
# (make_corpus.py, HUGO_TOML). The same here, as far as settings go: we still
# write the site feeds, sitemap, archive, term indexes and 404.
LIKE_PEERS = NO_SEARCH + """page_size: 1000000
feeds:
  terms: false
editions:
  enabled: false
overrides_dir: {layouts}
"""
# name → (what it is, its site.yaml or None for none)
SITES = {
    "like-peers": (("the same pages as Hugo: the harness's page set and layouts (bench/peer_layouts), "
                    "search off; the comparison the goals are set on"), LIKE_PEERS),
    "default": (("our default site, search off as the peers: full theme, pagination, "
                 "per-term Atom and JSON feeds, editions"), NO_SEARCH),
    "search": ("our default site with its Pagefind search index", None),
}
DEFAULT_SITES = ["like-peers", "default"]
GOALS_SITE = "like-peers"      # issue #8's goals compare the same pages (the harness's README)


def _snapshot(root: Path) -> Path:
    target = root / "newsdigest-snapshot"
    shutil.rmtree(target, ignore_errors=True)
    for part in ("generator", "templates", "bench/peer_layouts"):
        shutil.copytree(REPO / part, target / Path(part).name, ignore=shutil.ignore_patterns("__pycache__"))
    # byte-compiled as an install is: with PYTHONDONTWRITEBYTECODE set, every
    # build would compile the whole package again (~0.1 s of a no-change build)
    compileall.compile_dir(str(target / "generator"), quiet=1)
    return target


def _corpus(root: Path, n: int) -> Path:
    folder = root / f"corpus-{n}"
    manifest = folder / "manifest.json"
    if not (manifest.is_file() and '"seed": 42,' in manifest.read_text() and (folder / "project").is_dir()):
        subprocess.run([sys.executable, str(SHARED / "make_corpus.py"), str(n), "--seed", "42", "--force",
                        "--out", str(folder)], check=True, stdout=subprocess.DEVNULL)
    return folder / "project"


def _run(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, float, int]:
    """wall s, CPU s, peak RSS MiB, exit code of one process tree."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, process.returncode


def _measure(project: Path, n: int, command: list[str], env: dict[str, str], runs: int,
             verify: bool) -> list[dict[str, object]]:
    rows = []
    article = sorted((project / "content" / "articles").glob("*.md"))[0]
    original = article.read_text(encoding="utf-8")
    results: dict[str, list[tuple[float, float, float, int]]] = {"cold": [], "nochange": [], "edit": []}
    try:
        for run in range(runs):
            for path in ("site", ".cache"):
                shutil.rmtree(project / path, ignore_errors=True)
            results["cold"].append(_run(command, project, env))
            results["nochange"].append(_run(command, project, env))
            article.write_text(original.rstrip("\n") + f"\n\nNachtrag {run}: eine neue Zeile.\n", encoding="utf-8")
            results["edit"].append(_run(command, project, env))
        identical = _same_as_clean(project, command, env) if verify else None
    finally:
        article.write_text(original, encoding="utf-8")
    pages = sum(1 for _ in (project / "site").rglob("*.html"))
    files = sum(1 for p in (project / "site").rglob("*") if p.is_file())
    for mode, measured in results.items():
        walls = [m[0] for m in measured]
        rows.append({"n": n, "mode": mode, "pages": pages, "files": files,
                     "median_s": round(statistics.median(walls), 3), "min_s": round(min(walls), 3),
                     "max_s": round(max(walls), 3), "cpu_s": round(statistics.median(m[1] for m in measured), 2),
                     "peak_rss_mib": round(max(m[2] for m in measured), 1), "runs": len(measured),
                     "ok": all(m[3] == 0 for m in measured) and identical is not False,
                     "identical_to_clean": identical if mode == "edit" else None})
        print(f"N={n} {mode}: {rows[-1]}", file=sys.stderr)
    return rows


def _same_as_clean(project: Path, command: list[str], env: dict[str, str]) -> bool:
    reference = project.parent / "project-clean"
    shutil.rmtree(reference, ignore_errors=True)
    shutil.copytree(project, reference, ignore=shutil.ignore_patterns("site", ".cache"))
    subprocess.run(command + ["--clean"], cwd=reference, env=env, check=True, stdout=subprocess.DEVNULL)
    same = _trees_equal(project / "site", reference / "site")
    shutil.rmtree(reference, ignore_errors=True)
    return same


def _trees_equal(left: Path, right: Path) -> bool:
    def files(folder: Path) -> list[str]:
        # pagefind/.pages.sha256 records the digests of the build state, which
        # include the project's folder: not site content
        return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                      if p.is_file() and p.name != ".pages.sha256")
    names = files(left)
    if names != files(right):
        return False
    _, mismatch, errors = filecmp.cmpfiles(left, right, names, shallow=False)
    return not mismatch and not errors


def _peers(root: Path, sizes: list[int], snapshot: Path, runs: int) -> list[dict[str, str]]:
    if shutil.which("hugo") is None or shutil.which("hyperfine") is None:
        print("note: hugo/hyperfine not installed; peers skipped "
              "(apt-get install -y hugo hyperfine time)", file=sys.stderr)
        return []
    env = {**os.environ, "BENCH_ROOT": str(root), "PEERS": "hugo", "SIZES": " ".join(map(str, sizes)),
           "RUNS": str(runs), "SKIP_INSTALL": "1", "PROJECT_NAME": "newsdigest", "PROJECT_OUT": "site",
           "PROJECT_CACHES": ".cache",
           "PROJECT_BUILD": f"PYTHONPATH={snapshot} {PYTHON} -m generator build -q"}
    subprocess.run(["bash", str(SHARED / "run_peers.sh")], env=env, check=False, stdout=subprocess.DEVNULL)
    csv_path = root / "results" / "results.csv"
    if not csv_path.is_file():
        return []
    import csv
    with csv_path.open() as handle:
        return list(csv.DictReader(handle))


def _file_system(path: Path) -> str:
    """The file system the corpora live on, and for ext4 whether it has a
    journal (the kernel lists journals in /proc/fs/jbd2): without one, new
    files right after a big delete are slow, which the cold figures show."""
    try:
        mounts = [line.split()[:3] for line in Path("/proc/mounts").read_text().splitlines()]
    except OSError:
        return "unknown"
    real = str(path.resolve())
    device, mount, kind = max((m for m in mounts if real == m[1] or real.startswith(m[1].rstrip("/") + "/")),
                              key=lambda m: len(m[1]), default=("?", "?", "unknown"))
    if kind != "ext4":
        return f"{kind} on {device}"
    journals = os.listdir("/proc/fs/jbd2") if os.path.isdir("/proc/fs/jbd2") else []
    journal = any(entry.rsplit("-", 1)[0] == Path(device).name for entry in journals)
    return f"ext4 on {device} ({mount}), {'with' if journal else 'without'} a journal"


def _report(sections: list[tuple[str, list[dict[str, object]], list[dict[str, str]]]],
            file_system: str = "unknown") -> str:
    lines = [f"# newsdigest build benchmark, {date.today().isoformat()}", "",
             f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
             f"{platform.system()} {platform.release()}, load average at the end "
             f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}; corpora on {file_system}"]
    for site, rows, peers in sections:
        lines += ["", f"## Site `{site}`: {SITES[site][0]}", ""] + _site_report(rows, peers, site == GOALS_SITE)
    return "\n".join(lines) + "\n"


def _site_report(rows: list[dict[str, object]], peers: list[dict[str, str]], goals: bool) -> list[str]:
    lines = ["Our own modes (bench/run.py):", "",
             "| N | mode | pages (.html) | files | median wall s | min-max s | CPU s | peak RSS MiB | runs | ok |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        same = " (= clean build)" if r["identical_to_clean"] else ""
        lines.append(f"| {r['n']} | {r['mode']}{same} | {r['pages']} | {r['files']} | {r['median_s']:.2f} | "
                     f"{r['min_s']:.2f}-{r['max_s']:.2f} | {r['cpu_s']} | {r['peak_rss_mib']} | {r['runs']} | "
                     f"{'yes' if r['ok'] else 'NO'} |")
    if not peers:
        return lines
    lines += ["", "Side by side with the peers (shared harness, one run):", "",
              "| mode | peer | N | pages | median wall s | min-max s | peak RSS MiB |", "|---|---|---|---|---|---|---|"]
    for p in peers:
        lines.append(f"| {p['mode']} | {p['peer']} | {p['n']} | {p['pages']} | {p['median_s']} | "
                     f"{p['min_s']}-{p['max_s']} | {p['peak_rss_mb']} |")
    hugo = {(p["mode"], int(p["n"])): p for p in peers if p["peer"] == "hugo"}
    # run_peers.sh names the PROJECT_BUILD entry "project"
    ours = {(p["mode"], int(p["n"])): p for p in peers if p["peer"] in ("newsdigest", "project")}
    edit = {(r["n"]): r for r in rows if r["mode"] == "edit"}
    goal = (lambda text: f" ({text})") if goals else (lambda text: "")
    lines += ["", f"| N | cold wall / Hugo{goal('goal <= 1.0')} | cold RSS / Hugo{goal('<= 0.5')} "
              f"| no-change / Hugo{goal('<= 0.1')} | touch / Hugo touch "
              f"| one edit (ours) / Hugo touch{goal('<= 0.05')} |", "|---|---|---|---|---|---|"]
    for n in sorted({int(p["n"]) for p in peers}):
        def ratio(mode: str, key: str = "median_s", n: int = n) -> str:
            a, b = ours.get((mode, n)), hugo.get((mode, n))
            return f"{float(a[key]) / float(b[key]):.2f}" if a and b and a[key] and b[key] else "–"
        touch = hugo.get(("touch", n))
        one = (f"{float(edit[n]['median_s']) / float(touch['median_s']):.2f}"
               if touch and n in edit else "–")
        lines.append(f"| {n} | {ratio('cold')} | {ratio('cold', 'peak_rss_mb')} | {ratio('nochange')} | "
                     f"{ratio('touch')} | {one} |")
    return lines

if __name__ == "__main__":
    sys.exit(main())
